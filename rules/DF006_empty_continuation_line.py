"""DF006: a blank line inside a continued instruction (BuildKit's NoEmptyContinuation)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Span
from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    lines = ctx.dockerfile.lines
    for inst in ctx.dockerfile.instructions:
        blank = inst.empty_continuation_lines  # the parser records them as it joins lines
        if not blank:
            continue
        more = f" (and {len(blank) - 1} more)" if len(blank) > 1 else ""
        yield Finding(
            Span(blank[0], 1, blank[0], len(lines[blank[0] - 1]) + 1),
            f"Blank line{more} inside the {inst.keyword} continued from line {inst.span.line}: "
            "BuildKit skips it with a NoEmptyContinuation warning and says it will become an "
            "error; remove it (a comment line may stay).",
        )


RULE = Rule(
    code="DF006",
    name="EmptyContinuationLine",
    severity=Severity.WARNING,
    summary="No blank lines inside an instruction continued with a backslash",
    rationale=(
        "A blank line in the middle of an instruction continued with the escape character\n"
        "is skipped: the instruction goes on after it. It reads as if the instruction ended\n"
        "there, so a later edit can break the build without anyone noticing. BuildKit warns\n"
        "(NoEmptyContinuation) and has announced that it will become an error; older\n"
        "parsers, hadolint's among them, end the instruction at the blank line instead.\n\n"
        "Comment lines inside a continuation are fine, and blank lines of heredoc bodies\n"
        "are content, not reported. One finding per instruction, on its first blank line."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "\n"
        "    && apt-get install -y --no-install-recommends curl\n"
    ),
    good=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    # curl for the health check\n"
        "    && apt-get install -y --no-install-recommends curl\n"
    ),
    tags=("correctness",),
    buildkit_name="NoEmptyContinuation",
    precision="very-high",
)
