"""DL4000: MAINTAINER is deprecated; the author belongs in a label."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.facts.instructions("MAINTAINER"):
        who = inst.args.strip()
        yield Finding(
            inst.keyword_span,
            "MAINTAINER is deprecated; record the author in a label instead: "
            f"LABEL org.opencontainers.image.authors={_quoted(who)}.",
        )


def _quoted(text: str) -> str:
    if not text:
        return '"..."'
    if text[0] in "\"'":
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


RULE = Rule(
    code="DL4000",
    name="MaintainerDeprecated",
    severity=Severity.ERROR,
    summary="MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
    rationale=(
        "MAINTAINER was deprecated in Docker 1.13. It sets a field of the image\n"
        "configuration that tools no longer read, while a label is visible to\n"
        "`docker inspect`, registries and scanners. Use the OCI annotation key:\n"
        '`LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"`.\n'
        "Same check as BuildKit's MaintainerDeprecated."
    ),
    check=check,
    bad="FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n",
    good='FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
    tags=("deprecated",),
    buildkit_name="MaintainerDeprecated",
    hadolint=True,
)
