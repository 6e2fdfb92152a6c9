"""DL1001 (opt-in): an inline suppression comment hides findings of one instruction."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

_FORMS = {
    "hadolint": "# hadolint ignore=",
    "dlint": "# dlint: ignore=",
    "check": "# check=skip=",
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.pragmas is None:
        return
    for pragma in ctx.pragmas.items:
        if pragma.scope != "instruction":
            continue
        codes = ",".join(pragma.codes)
        yield Finding(
            pragma.span,
            f"Inline suppression `{_FORMS.get(pragma.tool, '')}{codes}` hides findings in the "
            "Dockerfile itself; fix the finding, or ignore the rule in the configuration "
            "(ignore, per-file-ignores) where exceptions are reviewed together.",
        )


RULE = Rule(
    code="DL1001",
    name="InlineIgnorePragma",
    severity=Severity.INFO,
    summary="Avoid inline suppression comments; fix the finding or configure the exception",
    rationale=(
        "Some teams want every exception to the lint rules in one reviewed place, the\n"
        "configuration, rather than scattered through Dockerfiles. This opt-in rule reports\n"
        "each comment that suppresses findings for the instruction below it. Turn it on\n"
        "with `--extend-select DL1001`.\n\n"
        "hadolint knows only its own `# hadolint ignore=` form. dlint reports every inline\n"
        "form it honours, since a policy against one would otherwise be dodged with another:\n"
        "`# hadolint ignore=`, `# dlint: ignore=` and BuildKit's `# check=skip=` above an\n"
        "instruction. File-wide (`global ignore=`, the `# check=` directive) and stage-wide\n"
        "(`stage ignore=`) suppressions are not reported, as in hadolint; nor is a\n"
        "malformed or misplaced comment, which suppresses nothing (DF010 reports those).\n"
        "With `disable-ignore-pragma` set, suppression comments are plain comments and this\n"
        "rule reports nothing."
    ),
    check=check,
    bad="FROM alpine:3.20\n# hadolint ignore=DL3000\nWORKDIR app\n",
    good="FROM alpine:3.20\nWORKDIR /app\n",
    tags=("suppression",),
    enabled=False,
    hadolint=True,
)
