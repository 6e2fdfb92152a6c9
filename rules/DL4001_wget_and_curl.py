"""DL4001: a stage uses both wget and curl."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command, Instruction, Script
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import is_onbuild

TOOLS = ("curl", "wget")


def _never_together(ctx: RuleContext, group: list[tuple[Instruction, list[Command]]]) -> bool:
    """True when every curl and every wget of the group sit in different alternatives of a
    case or if in one RUN (`case $arch in amd64) wget ...;; *) curl ...;; esac`)."""
    scripts: dict[int, Script] = {}
    for inst, _cmds in group:
        for script in ctx.facts.scripts_of(inst):
            for cmd in script.commands:
                scripts[id(cmd)] = script
    calls = [(inst, cmd) for inst, cmds in group for cmd in cmds]
    for inst, a in calls:
        for other, b in calls:
            if a.base != "curl" or b.base != "wget":
                continue
            found = scripts.get(id(a))
            if inst is not other or found is None or found is not scripts.get(id(b)):
                return False
            if not found.exclusive(a, b):
                return False
    return True


def check(ctx: RuleContext) -> Iterator[Finding]:
    # ONBUILD triggers run in another build, so they form a group of their own.
    runs: dict[tuple[int, bool], list[tuple[Instruction, list[Command]]]] = {}
    for inst, cmd in ctx.facts.commands(*TOOLS):
        group = runs.setdefault((inst.stage, is_onbuild(inst)), [])
        if not group or group[-1][0].index != inst.index:
            group.append((inst, []))
        group[-1][1].append(cmd)
    for group in runs.values():
        if _never_together(ctx, group):
            continue
        first_line: dict[str, int] = {}
        for _inst, cmds in group:
            for cmd in cmds:
                first_line.setdefault(cmd.base, cmd.span.line)
            if len(first_line) < 2:
                continue
            cmd = cmds[0]
            other = "wget" if cmd.base == "curl" else "curl"
            yield Finding(
                cmd.words[0].span,
                f"This stage uses both `{cmd.base}` and `{other}` (line {first_line[other]}); "
                "use one of them for every download, so the image needs only one.",
            )


RULE = Rule(
    code="DL4001",
    name="WgetAndCurl",
    severity=Severity.WARNING,
    summary="Use either wget or curl in a stage, not both",
    rationale=(
        "curl and wget do the same job. Using both in one stage means both must be installed,\n"
        "which makes the image bigger and gives it two tools to keep patched, and it makes\n"
        "the download steps inconsistent (different flags for retries, redirects and\n"
        "failures). Pick one.\n\n"
        "Like hadolint, dlint reports each RUN that uses either tool once both have been used\n"
        "in the stage, at its first curl or wget; each stage is judged on its own, and\n"
        "ONBUILD RUN triggers (which run in another build) separately from the stage's RUNs.\n"
        "Only commands count, not package names (`apt-get install curl wget`) nor\n"
        "HEALTHCHECK or CMD. A curl and a wget in different alternatives of one `case`\n"
        "(or of an `if` with `elif`/`else`) in the same RUN never run together, as in the\n"
        "official images' per-architecture downloads, and are not reported."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\nRUN wget -q -O /tmp/a.tgz https://example.com/a-1.0.tgz\n"
        "RUN curl -fsSL -o /tmp/b.tgz https://example.com/b-1.0.tgz\n"
    ),
    good=(
        "FROM debian:12-slim\nRUN curl -fsSL -o /tmp/a.tgz https://example.com/a-1.0.tgz "
        "&& curl -fsSL -o /tmp/b.tgz https://example.com/b-1.0.tgz\n"
    ),
    tags=("size", "maintainability"),
    hadolint=True,
)
