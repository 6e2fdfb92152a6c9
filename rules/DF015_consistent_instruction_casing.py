"""DF015: keywords in mixed or inconsistent case (BuildKit's ConsistentInstructionCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.parser.checks import KNOWN
from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    instructions = [*ctx.dockerfile.instructions]
    instructions += [i.onbuild for i in ctx.dockerfile.instructions if i.onbuild is not None]
    # Unknown keywords (templates, typos) are parse errors, not a casing question.
    instructions = [i for i in instructions if i.name in KNOWN]
    upper = sum(1 for i in instructions if i.keyword.isupper())
    lower = sum(1 for i in instructions if i.keyword.islower())
    majority_upper = upper >= lower
    for inst in sorted(instructions, key=lambda i: (i.keyword_span.line, i.keyword_span.column)):
        keyword = inst.keyword
        if keyword.isupper() if majority_upper else keyword.islower():
            continue
        want = keyword.upper() if majority_upper else keyword.lower()
        case = "upper" if majority_upper else "lower"
        yield Finding(
            inst.keyword_span,
            f"`{keyword}`: write `{want}`, in the {case} case most instructions of this file use "
            "(BuildKit's ConsistentInstructionCasing check).",
        )


RULE = Rule(
    code="DF015",
    name="ConsistentInstructionCasing",
    severity=Severity.STYLE,
    summary="Write every instruction keyword in the same case",
    rationale=(
        "Keywords are case-insensitive, so `run` works as well as `RUN`, but a file that\n"
        "mixes them (or writes `Run`) is harder to scan and search. BuildKit warns\n"
        "(ConsistentInstructionCasing). The case most of the file's instructions use wins;\n"
        "upper case on a tie."
    ),
    check=check,
    bad='FROM debian:12-slim\nrun echo hello\nCMD ["bash"]\n',
    good='FROM debian:12-slim\nRUN echo hello\nCMD ["bash"]\n',
    tags=("style",),
    buildkit_name="ConsistentInstructionCasing",
    precision="very-high",
)
