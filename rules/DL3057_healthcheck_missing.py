"""DL3057 (opt-in): the image has no HEALTHCHECK."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    final = ctx.facts.final_stage
    if final is None:
        return
    for stage in ctx.facts.lineage(final):
        if stage.instructions_named("HEALTHCHECK"):
            return
    base = final.image or "its base image"
    yield Finding(
        final.from_instruction.keyword_span,
        f"The final image (built from {base}) has no HEALTHCHECK, so nothing tells the "
        "runtime whether the container still works; add HEALTHCHECK CMD <probe>, or "
        "HEALTHCHECK NONE to say there is none on purpose.",
    )


RULE = Rule(
    code="DL3057",
    name="HealthcheckMissing",
    severity=Severity.INFO,
    summary="The final image has no HEALTHCHECK instruction",
    rationale=(
        "A HEALTHCHECK lets Docker (and Swarm, Compose and other orchestrators that read it)\n"
        "see that a running container has stopped doing its work, and restart or replace it.\n"
        "This opt-in rule reports the final stage when neither it nor an earlier stage it is\n"
        "built FROM has a HEALTHCHECK; `HEALTHCHECK NONE` counts, as a statement that there\n"
        "is none on purpose. Turn it on with `--extend-select DL3057`. A HEALTHCHECK in the\n"
        "external base image cannot be seen and does not count.\n\n"
        "hadolint reports every stage without one, builder stages included; only the final\n"
        "stage becomes the image, so dlint reports that one, once. A HEALTHCHECK under\n"
        "ONBUILD does not count: it applies to images built from this one."
    ),
    check=check,
    bad="FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n",
    good=(
        "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n"
        "HEALTHCHECK --interval=30s CMD curl -fsS http://localhost/ || exit 1\n"
    ),
    tags=("reliability",),
    enabled=False,
    hadolint=True,
)
