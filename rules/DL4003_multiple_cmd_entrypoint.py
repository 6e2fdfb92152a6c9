"""DL4003 and DL4004: more than one CMD, or ENTRYPOINT, in a stage: only the last counts."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from dlint.model import Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity


def _repeated(name: str) -> Callable[[RuleContext], Iterator[Finding]]:
    """A check that reports every ``name`` after the first in the same stage."""

    def check(ctx: RuleContext) -> Iterator[Finding]:
        by_stage: dict[int, list[Instruction]] = {}
        for inst in ctx.facts.instructions(name):
            by_stage.setdefault(inst.stage, []).append(inst)
        for found in by_stage.values():
            for earlier, inst in itertools.pairwise(found):
                where = "This stage already has" if inst.stage >= 0 else "Before any FROM, there is"
                yield Finding(
                    inst.keyword_span,
                    f"{where} a {name} on line {earlier.line}, and only the last "
                    f"{name} of a stage takes effect; keep one {name} and remove the others.",
                )

    return check


_WHY = (
    "A stage's image has one {name}: each {name} replaces the one before, so all but the\n"
    "last are dead code that misleads the reader. Each {name} after the first in a stage is\n"
    "reported (as hadolint does; BuildKit's MultipleInstructionsDisallowed reports the\n"
    "earlier, ignored ones instead). A {name} in a stage built FROM another stage\n"
    "overrides the inherited one on purpose and is not reported; nor is `ONBUILD {name}`."
)

RULES = [
    Rule(
        code="DL4003",
        name="MultipleCmd",
        severity=Severity.WARNING,
        summary="Multiple CMD instructions in a stage: only the last takes effect",
        rationale=_WHY.format(name="CMD"),
        check=_repeated("CMD"),
        bad='FROM python:3.12-slim\nCMD ["python", "-V"]\nCMD ["python", "app.py"]\n',
        good='FROM python:3.12-slim\nCMD ["python", "app.py"]\n',
        tags=("correctness",),
        buildkit_name="MultipleInstructionsDisallowed",
        hadolint=True,
    ),
    Rule(
        code="DL4004",
        name="MultipleEntrypoint",
        severity=Severity.ERROR,
        summary="Multiple ENTRYPOINT instructions in a stage: only the last takes effect",
        rationale=_WHY.format(name="ENTRYPOINT"),
        check=_repeated("ENTRYPOINT"),
        bad=('FROM python:3.12-slim\nENTRYPOINT ["python"]\nENTRYPOINT ["python", "-m", "app"]\n'),
        good='FROM python:3.12-slim\nENTRYPOINT ["python", "-m", "app"]\n',
        tags=("correctness",),
        buildkit_name="MultipleInstructionsDisallowed",
        hadolint=True,
    ),
]
