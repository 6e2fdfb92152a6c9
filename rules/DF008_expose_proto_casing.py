"""DF008: EXPOSE protocol not in lower case (BuildKit's ExposeProtoCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import expose_values, origin


def check(ctx: RuleContext) -> Iterator[Finding]:
    for word, part in expose_values(ctx.facts):
        port, slash, proto = part.partition("/")
        if slash and proto != proto.lower():
            yield Finding(
                word.span,
                f"EXPOSE {part}{origin(word)}: write the protocol in lower case "
                f"({port}/{proto.lower()}), as BuildKit's ExposeProtoCasing check asks.",
            )


RULE = Rule(
    code="DF008",
    name="ExposeProtoCasing",
    severity=Severity.STYLE,
    summary="Write the EXPOSE protocol in lower case (80/tcp)",
    rationale=(
        "EXPOSE accepts `/tcp`, `/udp` and `/sctp` after a port. Docker lower-cases the\n"
        "protocol, so `80/TCP` works, but tools that read the image configuration or the\n"
        "Dockerfile compare it as written, and BuildKit warns (ExposeProtoCasing)."
    ),
    check=check,
    bad="FROM nginx:1.27\nEXPOSE 80/TCP\n",
    good="FROM nginx:1.27\nEXPOSE 80/tcp\n",
    tags=("style",),
    buildkit_name="ExposeProtoCasing",
    precision="very-high",
)
