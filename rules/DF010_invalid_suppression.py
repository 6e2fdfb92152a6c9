"""DF010 and DF011: suppression comments that are malformed, or that suppress nothing."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check_malformed(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.pragmas is None or ctx.settings.disable_ignore_pragma:
        return
    for problem in ctx.pragmas.problems:
        yield Finding(problem.span, problem.message)


def check_unused(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.pragmas is None:
        return
    for k, pragma in enumerate(ctx.pragmas.items):
        if k in ctx.used_pragmas or pragma.codes == ("all",):
            continue
        if pragma.tool == "check" and pragma.scope == "file":
            continue  # the file directive is BuildKit's too: it may skip checks dlint lacks
        if not any(c.lower() in ctx.enabled_refs for c in pragma.codes):
            continue  # about rules not running now: nothing can be said
        codes = ", ".join(pragma.codes)
        yield Finding(
            pragma.span,
            f"This suppression ({codes}) suppresses nothing here; "
            "remove it, or move it above the instruction it is meant for.",
        )


RULES = [
    Rule(
        code="DF010",
        name="InvalidSuppression",
        severity=Severity.WARNING,
        summary="A suppression comment is malformed or names an unknown rule",
        rationale=(
            "hadolint silently drops a pragma it cannot read: a lower-case code, a typo or an\n"
            "unknown name voids the whole comment, and the finding it was meant to hide comes\n"
            "back with no explanation. dlint reports such comments instead: a `# dlint:` or\n"
            "`# hadolint` comment that is not `ignore=CODES` (with `global` or `stage`), a code\n"
            "or name no loaded rule has, an instruction pragma that is not right above an\n"
            "instruction, a stage pragma that is not above a FROM, and a `# check=skip=` name\n"
            "that is neither a BuildKit check nor a dlint rule (BuildKit's names are\n"
            "case-sensitive)."
        ),
        check=check_malformed,
        bad="FROM alpine:3.20\n# dlint: ignore=DL9999\nRUN echo hi\n",
        good=(
            "FROM python:3.12\n# dlint: ignore=DL3042 # wheels are cached by a later step\n"
            "RUN pip install flask==3.0.3\n"
        ),
        tags=("suppression",),
        precision="very-high",
    ),
    Rule(
        code="DF011",
        name="UnusedSuppression",
        severity=Severity.INFO,
        summary="A suppression comment suppresses nothing",
        rationale=(
            "Suppressions outlive the problems they hid: the instruction changes, the rule\n"
            "stops firing, and the comment stays, ready to hide the next real problem. This\n"
            "opt-in rule reports every `# dlint:`, `# hadolint` and per-instruction\n"
            "`# check=skip=` suppression that hid no finding in this run. Turn it on with\n"
            "`--extend-select DF011`. The file-wide `# check=skip=` directive is not reported:\n"
            "it also serves BuildKit's own checks."
        ),
        check=check_unused,
        bad="FROM alpine:3.20\n# dlint: ignore=DL3042\nRUN echo hi\n",
        good="FROM python:3.12\n# dlint: ignore=DL3042\nRUN pip install flask==3.0.3\n",
        tags=("suppression",),
        enabled=False,
        phase="review",
        precision="very-high",
    ),
]
