"""DL3062: go install, go get and go run of remote packages without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import Unpinned, commands_named, parse_args, unpinned_findings, values_of

#: go build flags (single dash) whose value may be the next word.
GO_VALUES = frozenset(
    {
        "C",
        "p",
        "tags",
        "ldflags",
        "gcflags",
        "asmflags",
        "gccgoflags",
        "mod",
        "modfile",
        "o",
        "pkgdir",
        "toolexec",
        "overlay",
        "pgo",
        "covermode",
        "coverpkg",
        "buildmode",
        "compiler",
        "installsuffix",
        "exec",
        "toolchain",
    }
)
#: version queries that move: they name no fixed version.
MOVING = frozenset({"latest", "upgrade", "patch", "master", "main", "head"})
#: package patterns that are not remote modules.
META = frozenset({"all", "std", "cmd", "tool", "."})


def problem(spec: str, sub: str = "get") -> str | None:
    """How the package ``spec`` of ``go <sub>`` is unpinned, or None when it is pinned or
    local."""
    path, at, version = spec.partition("@")
    if at:
        if version.lower() in MOVING:
            return "at a version query that moves"
        return None
    if sub in ("install", "run"):
        # Without a version these build the main module's requirement: go.mod (and go.sum)
        # decide, or the build fails outside a module; only `go get` upgrades.
        return None
    if path in META or path.startswith((".", "/", "$")) or path.endswith(".go"):
        return None
    if "." not in path.split("/", 1)[0]:
        return None  # standard library or the main module: no download, go.mod decides
    return "without a version"


def _packages(words: tuple[Word, ...]) -> list[Word]:
    """The package operands of ``go install|get|run`` (only the first for ``go run``)."""
    if len(words) < 2 or words[1].value not in ("install", "get", "run"):
        return []
    run = words[1].value == "run"
    args = parse_args(words[2:], "", GO_VALUES, single_dash_long=True, stop_at_operand=run)
    return list(args.operands[:1] if run else args.operands)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst, cmd in commands_named(ctx.facts, "go"):
        sub = cmd.words[1].value if len(cmd.words) > 1 else ""
        items = []
        for word in _packages(cmd.words):
            for value in values_of(ctx.facts, inst, word) or ():
                why = problem(value, sub)
                if why is not None:
                    path = value.partition("@")[0]
                    shown = value if "@" in value else path
                    items.append(
                        Unpinned(word, shown, why, f"{path}@<version>", "<path>@<version>")
                    )
        tail = ""
        if sub == "get":
            # Outside a module `go get` fails from Go 1.22 on; a tool is installed with
            # go install, which takes a version anywhere.
            pin = items[0].pin if len(items) == 1 else "<path>@<version>"
            tail = f"; outside a module, use `go install {pin}` instead"
        yield from unpinned_findings(f"`go {sub}` fetches", items, tail)


RULE = Rule(
    code="DL3062",
    name="GoVersionUnpinned",
    severity=Severity.WARNING,
    summary="Pin versions in go install, go get and go run (`package@version`)",
    rationale=(
        "`go install example.com/tool@latest` and `go get example.com/tool` fetch whatever\n"
        "release is newest on the day of the build, so two builds of the same Dockerfile can\n"
        "produce different binaries. Pin the version: `go install example.com/tool@v1.4.2`.\n"
        "The same holds for `go run example.com/tool@latest`.\n\n"
        "Reported: a remote package (its first path element has a dot, as module paths do)\n"
        "with a moving query (`@latest`, `@upgrade`, `@patch`, `@master`, `@main`, `@HEAD`),\n"
        "and one without `@version` in `go get` (which upgrades it); one finding per command\n"
        "names every such package. `go install` and `go run` without a version are not\n"
        "reported: they build the version the main module's go.mod requires (with go.sum's\n"
        "checksum), and fail outside a module, so nothing moves.\n"
        "Not reported: local paths and patterns (`.`, `./...`,\n"
        "`/src/cmd`), `.go` files, the standard library and main-module packages, `tool`,\n"
        "`all`. Only the package of `go run` is checked, not the program's arguments after\n"
        "it. Variables are resolved from ARG and ENV; `@$VERSION` is a version.\n\n"
        "Differences from hadolint: `go install`/`go run` without a version and `@none`\n"
        "(which removes a dependency) are not reported;\n"
        "`go run main.go` is local; go flags that take a value (`-tags netgo`) are skipped;\n"
        "and a RUN with both `go run` and `go install` has both checked."
    ),
    check=check,
    bad="FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@latest\n",
    good="FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@v0.26.0\n",
    tags=("reproducibility",),
    hadolint=True,
)
