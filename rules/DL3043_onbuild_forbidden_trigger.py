"""DL3043: ONBUILD with ONBUILD, FROM or MAINTAINER, which Docker refuses."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

_WHY = {
    "ONBUILD": "triggers cannot be chained",
    "FROM": "a trigger runs inside the child's stage and cannot start a new one",
    "MAINTAINER": "MAINTAINER is deprecated metadata, not a build step",
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report ONBUILD triggers that Docker does not allow."""
    for inst in ctx.facts.instructions("ONBUILD"):
        trigger = inst.onbuild
        if trigger is None or trigger.name not in _WHY:
            continue
        yield Finding(
            trigger.keyword_span,
            f"ONBUILD {trigger.name} is not allowed ({_WHY[trigger.name]}): Docker refuses "
            "it; remove it, or move the instruction out of ONBUILD.",
        )


RULE = Rule(
    code="DL3043",
    name="OnbuildForbiddenTrigger",
    severity=Severity.ERROR,
    summary="ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER",
    rationale=(
        "ONBUILD stores an instruction that runs when another Dockerfile builds FROM this\n"
        "image. Docker forbids three triggers: `ONBUILD ONBUILD` (no chains), `ONBUILD FROM`\n"
        "(a trigger runs inside the child's stage) and `ONBUILD MAINTAINER`. The image build\n"
        "fails on them, or, with older builders, the child build does. Keywords are matched\n"
        "in any case (`onbuild from`)."
    ),
    check=check,
    bad="FROM python:3.12-slim\nONBUILD FROM python:3.12-slim\n",
    good="FROM python:3.12-slim\nONBUILD COPY requirements.txt /app/\n",
    tags=("correctness",),
    hadolint=True,
)
