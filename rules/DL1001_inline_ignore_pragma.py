"""DL1001 (opt-in): an inline suppression comment hides findings of one instruction."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.model import Comment, Span
from dlint.rule import Finding, Rule, RuleContext, Severity

#: An instruction-level ignore comment of hadolint or dlint (not ``global``/``stage``).
_INLINE = re.compile(r"^#\s*(?:hadolint\b|dlint:)\s*ignore\s*=\s*(?P<codes>[^#]*?)\s*(?:#.*)?$")


def _span(comment: Comment) -> Span:
    start = len(comment.raw) - len(comment.raw.lstrip()) + 1
    return Span(comment.line, start, comment.line, len(comment.raw.rstrip("\r\n")) + 1)


def check(ctx: RuleContext) -> Iterator[Finding]:
    found: list[tuple[Span, str]] = []
    for comment in ctx.dockerfile.comments:
        text = comment.raw.strip()
        m = _INLINE.match(text)
        if m is not None:
            found.append((_span(comment), text.split("=", 1)[0].strip() + "=" + m.group("codes")))
    if ctx.pragmas is not None:
        for pragma in ctx.pragmas.items:
            if pragma.tool == "check" and pragma.scope == "instruction":
                found.append((pragma.span, "# check=skip=" + ",".join(pragma.codes)))
    for span, form in sorted(found):
        yield Finding(
            span,
            f"Inline suppression `{form}` hides findings in the Dockerfile itself; fix the "
            "finding, or ignore the rule in the configuration (ignore, per-file-ignores) where "
            "exceptions are reviewed together.",
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
        "(`stage ignore=`) suppressions are not reported, as in hadolint. An ignore comment\n"
        "that is not right above an instruction is reported too, as hadolint does, although\n"
        "it suppresses nothing (DF010 says so)."
    ),
    check=check,
    bad="FROM alpine:3.20\n# hadolint ignore=DL3000\nWORKDIR app\n",
    good="FROM alpine:3.20\nWORKDIR /app\n",
    tags=("suppression",),
    enabled=False,
    hadolint=True,
)
