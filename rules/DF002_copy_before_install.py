"""DF002: the whole build context is copied before the dependency install."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dlint.model import Command, Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._common import pip_call, words_span

BROAD_SOURCES = frozenset({".", "./", "*", "./*", "./.", "/", ""})
#: npm's install commands and aliases (ci is also clean-install, ic, install-clean).
_NPM_INSTALLS = frozenset({"ci", "clean-install", "ic", "install-clean", "install", "i", "add"})


@dataclass(frozen=True)
class Install:
    """A dependency install: its ecosystem and the manifests it reads."""

    ecosystem: str
    manifests: tuple[str, ...]
    #: what to run between copying the manifests and copying the rest
    step: str = "install"


def _sub(cmd: Command, takes_value: frozenset[str] = frozenset()) -> list[str]:
    return [w.value for w in cmd.positionals(takes_value)]


def _pip(cmd: Command) -> Install | None:
    call = pip_call(cmd)
    if call is None or call[1] not in ("install", "sync"):
        return None
    args = [w.value for w in cmd.words[call[0] + 1 :]]
    reqs = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-r", "--requirement")]
    reqs += [a.split("=", 1)[1] for a in args if a.startswith("--requirement=")]
    reqs += [a[2:] for a in args if a.startswith("-r") and len(a) > 2]
    if call[1] == "sync":
        reqs += [a for a in args if not a.startswith("-")]
    if reqs:
        return Install("pip", tuple(dict.fromkeys(reqs)))
    local = [a for a in args if a in (".", "./", ".[dev]") or a.startswith((".[", "./["))]
    if local or ("-e" in args and "." in args):
        return Install("pip", ("pyproject.toml", "setup.py or setup.cfg"))
    return None


def detect(cmd: Command) -> Install | None:
    """The install a command performs, if it reads a dependency manifest."""
    base = cmd.base
    sub = _sub(cmd)
    first = sub[0] if sub else ""
    if base == "uv" and first == "sync":
        return Install("uv", ("pyproject.toml", "uv.lock"))
    pip = _pip(cmd)
    if pip is not None:
        return pip
    if base == "poetry" and first in ("install", "sync"):
        return Install("poetry", ("pyproject.toml", "poetry.lock"))
    if base == "pipenv" and first in ("install", "sync"):
        return Install("pipenv", ("Pipfile", "Pipfile.lock"))
    if base == "npm" and first in _NPM_INSTALLS and len(sub) == 1:
        if cmd.has_flag("no-package-lock") or "--package-lock=false" in cmd.arg_values:
            return Install("npm", ("package.json",))
        return Install("npm", ("package.json", "package-lock.json"))
    if base == "yarn" and (not sub or first == "install"):
        return Install("yarn", ("package.json", "yarn.lock"))
    if base == "pnpm" and first in ("install", "i") and len(sub) == 1:
        return Install("pnpm", ("package.json", "pnpm-lock.yaml"))
    if base == "go" and sub[:2] == ["mod", "download"]:
        return Install("go", ("go.mod", "go.sum"), "run `go mod download`")
    if base == "bundle" and first in ("install", ""):
        return Install("bundler", ("Gemfile", "Gemfile.lock"))
    if base == "composer" and first in ("install", "i"):
        return Install("composer", ("composer.json", "composer.lock"))
    chef = (base == "cargo" and sub[:2] == ["chef", "cook"]) or (
        base == "cargo-chef" and first == "cook"
    )
    if chef or (base == "cargo" and first in ("build", "fetch", "b")):
        return Install(
            "cargo",
            ("Cargo.toml", "Cargo.lock"),
            "build the dependencies (against a stub src/main.rs, or with cargo-chef)",
        )
    if base in ("mvn", "mvnw", "./mvnw") and any(
        s
        in (
            "dependency:go-offline",
            "dependency:resolve",
            "package",
            "install",
            "verify",
            "compile",
        )
        for s in sub
    ):
        if base == "mvn":
            return Install("maven", ("pom.xml",), "run `mvn dependency:go-offline`")
        return Install(
            "maven",
            ("mvnw", ".mvn/", "pom.xml"),
            "run `./mvnw dependency:go-offline`",
        )
    if base == "gradle" and sub:
        return Install(
            "gradle",
            ("build.gradle (or build.gradle.kts)", "settings.gradle"),
            "run `gradle dependencies`",
        )
    if base == "gradlew" and sub:
        return Install(
            "gradle",
            ("gradlew", "gradle/", "build.gradle (or build.gradle.kts)", "settings.gradle"),
            "run `./gradlew dependencies`",
        )
    if base in ("dart", "flutter") and sub[:2] == ["pub", "get"]:
        return Install(base, ("pubspec.yaml", "pubspec.lock"), "run `dart pub get`")
    if base == "mix" and first == "deps.get":
        return Install("mix", ("mix.exs", "mix.lock"), "run `mix deps.get`")
    if base == "dotnet" and first == "restore":
        return Install("dotnet", ("*.csproj (or the .sln)",), "run `dotnet restore`")
    return None


def is_broad_copy(inst: Instruction) -> bool:
    """COPY/ADD of the whole build context (``.``, ``./``, ``*``) from the context."""
    if inst.name not in ("COPY", "ADD") or inst.flag("from") is not None or inst.heredocs:
        return False
    sources = list(inst.exec_form[:-1]) if inst.exec_form else [w.value for w in inst.words[:-1]]
    return any(
        s.strip().rstrip("/") in BROAD_SOURCES or s.strip() in BROAD_SOURCES for s in sources
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    installs: dict[int, list[tuple[Command, Install]]] = {}
    for inst, cmd in ctx.facts.all_commands():
        found = detect(cmd)
        if found is not None:
            installs.setdefault(inst.index, []).append((cmd, found))
    if not installs:
        return
    for stage in ctx.facts.stages:
        done_before: set[str] = set()  # ecosystems installed before the broad COPY
        broad: Instruction | None = None
        reported = False
        for inst in stage.instructions:
            if broad is None and is_broad_copy(inst):
                broad = inst
                continue
            for cmd, install in installs.get(inst.index, ()):
                if broad is None:
                    done_before.add(install.ecosystem)
                elif install.ecosystem not in done_before and not reported:
                    reported = True
                    what = " ".join(w.value for w in cmd.words[:4])
                    *head, last = install.manifests
                    manifests = f"{', '.join(head)} and {last}" if head else last
                    yield Finding(
                        broad.span
                        if broad.span.line == broad.span.end_line
                        else words_span(broad.words)
                        if broad.words
                        else broad.span,
                        f"{broad.keyword} {broad.args.strip()} copies the whole build context "
                        f"before `{what}` (line {cmd.span.line}), so every source change "
                        f"invalidates that step and runs it again; copy {manifests} first, "
                        f"{install.step}, then copy the rest.",
                    )


RULE = Rule(
    code="DF002",
    name="CopyContextBeforeInstall",
    severity=Severity.INFO,
    summary="Copy dependency manifests and install them before copying the whole build context",
    rationale=(
        "Docker caches layers in order, and a layer is rebuilt when anything it depends on\n"
        "changes. `COPY . .` depends on every file of the build context, so when it comes\n"
        "before `pip install -r requirements.txt` (or `npm ci`, `go mod download`...), any\n"
        "change to any source file invalidates the install layer and every dependency is\n"
        "downloaded and built again. Copy only the manifests first, install, and copy the\n"
        "rest afterwards: the install layer is then reused until the manifests change.\n\n"
        "Known installs: pip (`-r`, `.`, `-e .`), `uv sync`, `uv pip`, poetry, pipenv, npm\n"
        "ci/install, yarn, pnpm, `go mod download`, `bundle install`, `composer install`,\n"
        "`cargo build`/`fetch`, Maven, Gradle, `dotnet restore`, `dart pub get` and\n"
        "`mix deps.get`. A stage that already ran the same kind of install before its broad\n"
        "COPY is not reported (a second install after copying the source, such as\n"
        "`pip install -e .`, is then expected). Reported once per stage, on the COPY."
    ),
    check=check,
    bad=(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
    ),
    good=(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
    ),
    tags=("performance", "cache"),
    precision="high",
)
