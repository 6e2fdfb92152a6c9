"""DL3012: more than one HEALTHCHECK in a stage; only the last one counts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report each HEALTHCHECK that replaces an earlier one of the same stage."""
    for stage in ctx.facts.stages:
        checks = stage.instructions_named("HEALTHCHECK")
        for earlier, inst in itertools.pairwise(checks):
            yield Finding(
                inst.keyword_span,
                f"This HEALTHCHECK replaces the one on line {earlier.line}, which has no effect: "
                "a stage keeps only its last HEALTHCHECK; remove the one you do not want.",
            )


RULE = Rule(
    code="DL3012",
    name="MultipleHealthchecks",
    severity=Severity.ERROR,
    summary="A stage should have at most one HEALTHCHECK",
    rationale=(
        "An image has one health check: each HEALTHCHECK replaces the previous one, so all but\n"
        "the last are dead code that readers may take for the real check. Keep one per stage.\n\n"
        "Each HEALTHCHECK after the first of a stage is reported, pointing back at the one it\n"
        "replaces; stages are counted separately, and `HEALTHCHECK NONE` counts like any\n"
        "other. BuildKit's MultipleInstructionsDisallowed check reports the same mistake (at\n"
        "the earlier instruction), so `# check=skip=MultipleInstructionsDisallowed` also\n"
        "silences this rule."
    ),
    check=check,
    bad=(
        "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"
        "HEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1\n"
    ),
    good="FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
    tags=("correctness",),
    buildkit_name="MultipleInstructionsDisallowed",
    hadolint=True,
)
