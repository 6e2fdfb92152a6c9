"""DL3063: a stage named ``scratch`` or ``context``, names that already mean something."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from dlint.model import Instruction, Span
from dlint.rule import Finding, Rule, RuleContext, Severity

RESERVED = ("scratch", "context")


def _name_span(inst: Instruction) -> Span:
    """The span of the stage name word after AS."""
    for before, word in itertools.pairwise(inst.words):
        if before.value.lower() == "as":
            return word.span
    return inst.keyword_span


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.facts.instructions("FROM"):
        name = inst.stage_name
        if name is not None and name.lower() in RESERVED:
            meaning = (
                "the empty base image"
                if name.lower() == "scratch"
                else "the build context in `--from` and `--mount from=`"
            )
            yield Finding(
                _name_span(inst),
                f"Stage name {name} is reserved: `{name.lower()}` already means {meaning}; "
                "choose another name.",
            )


RULE = Rule(
    code="DL3063",
    name="ReservedStageName",
    severity=Severity.WARNING,
    summary="Do not name a stage scratch or context: these names are reserved",
    rationale=(
        "`scratch` names the empty base image and `context` the build context (for\n"
        "example in `COPY --from=context` with named contexts). A stage with one of these\n"
        "names makes references to it ambiguous. Stage names are compared without regard to\n"
        "case, as BuildKit lower-cases them, so `AS Scratch` is reported too (hadolint\n"
        "compares case-sensitively). Same check as BuildKit's ReservedStageName."
    ),
    check=check,
    bad="FROM alpine:3.20 AS scratch\nRUN echo hi > /out\nFROM alpine:3.20\nCOPY --from=scratch /out /out\n",
    good="FROM alpine:3.20 AS build\nRUN echo hi > /out\nFROM alpine:3.20\nCOPY --from=build /out /out\n",
    tags=("correctness",),
    buildkit_name="ReservedStageName",
    hadolint=True,
)
