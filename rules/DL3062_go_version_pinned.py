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


def problem(spec: str) -> str | None:
    """How the package ``spec`` is unpinned, or None when it is pinned or local."""
    path, at, version = spec.partition("@")
    if at:
        if version.lower() in MOVING:
            return "at a version query that moves"
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
                why = problem(value)
                if why is not None:
                    path = value.partition("@")[0]
                    shown = value if "@" in value else path
                    items.append(
                        Unpinned(word, shown, why, f"{path}@<version>", "<path>@<version>")
                    )
        yield from unpinned_findings(f"`go {sub}` fetches", items)


RULE = Rule(
    code="DL3062",
    name="GoVersionUnpinned",
    severity=Severity.WARNING,
    summary="Pin versions in go install, go get and go run (`package@version`)",
    rationale=(
        "`go install example.com/tool` (outside a module) and `go install\n"
        "example.com/tool@latest` fetch whatever release is newest on the day of the build,\n"
        "so two builds of the same Dockerfile can produce different binaries. Pin the\n"
        "version: `go install example.com/tool@v1.4.2`. The same holds for `go get` and for\n"
        "`go run example.com/tool@...`.\n\n"
        "Reported: a remote package (its first path element has a dot, as module paths do)\n"
        "without `@version`, or with a moving query (`@latest`, `@upgrade`, `@patch`,\n"
        "`@master`, `@main`, `@HEAD`); one finding per command names every such package.\n"
        "Not reported: local paths and patterns (`.`, `./...`,\n"
        "`/src/cmd`), `.go` files, the standard library and main-module packages, `tool`,\n"
        "`all`. Only the package of `go run` is checked, not the program's arguments after\n"
        "it. Variables are resolved from ARG and ENV; `@$VERSION` is a version.\n\n"
        "Differences from hadolint: `@none` (which removes a dependency) is not reported;\n"
        "`go run main.go` is local; go flags that take a value (`-tags netgo`) are skipped;\n"
        "and a RUN with both `go run` and `go install` has both checked."
    ),
    check=check,
    bad="FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@latest\n",
    good="FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@v0.26.0\n",
    tags=("reproducibility",),
    hadolint=True,
)
