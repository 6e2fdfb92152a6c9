"""DL3061: an instruction other than ARG comes before the first FROM."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.parser.checks import KNOWN
from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.dockerfile.instructions:
        if inst.name == "FROM":
            return
        if inst.name != "ARG" and inst.name in KNOWN:
            yield Finding(
                inst.keyword_span,
                f"{inst.name} comes before the first FROM, where only ARG (and comments or "
                "parser directives) may appear; move it below a FROM.",
            )


RULE = Rule(
    code="DL3061",
    name="InvalidInstructionOrder",
    severity=Severity.ERROR,
    summary="A Dockerfile must begin with FROM, ARG, a comment or a parser directive",
    rationale=(
        "Every build step runs in a stage, and a stage starts at FROM. Before the first\n"
        "FROM, only ARG may appear (its values serve the FROM lines), along with comments\n"
        "and parser directives such as `# syntax=`. BuildKit refuses anything else with\n"
        '"no build stage in current context". Each instruction before the first FROM is\n'
        "reported; a file with no FROM at all has every non-ARG instruction reported. An\n"
        "unknown keyword (a template placeholder, a typo) is a parse error (DL1000), not\n"
        "reported here."
    ),
    check=check,
    bad="LABEL org.opencontainers.image.title=demo\nFROM alpine:3.20\n",
    good="ARG ALPINE=3.20\nFROM alpine:${ALPINE}\nLABEL org.opencontainers.image.title=demo\n",
    tags=("correctness",),
    hadolint=True,
)
