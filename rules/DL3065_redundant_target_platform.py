"""DL3065: FROM --platform=$TARGETPLATFORM only restates the default."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

#: ``$TARGETPLATFORM``, ``${TARGETPLATFORM}`` and defaults that never apply (it is always set).
_REDUNDANT = re.compile(r"^\$(TARGETPLATFORM|\{TARGETPLATFORM(:?[-?][^}]*)?\})$")


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Report FROM lines whose --platform is exactly the target platform."""
    for stage in ctx.facts.stages:
        inst = stage.from_instruction
        flag = inst.flag("platform")
        if flag is None or not flag.value or not _REDUNDANT.match(flag.value.strip()):
            continue
        yield Finding(
            flag.span,
            f"FROM --platform={flag.value} asks for the target platform, which FROM uses "
            "anyway; remove the flag.",
        )


RULE = Rule(
    code="DL3065",
    name="RedundantTargetPlatform",
    severity=Severity.WARNING,
    summary="FROM --platform=$TARGETPLATFORM is redundant",
    rationale=(
        "A stage is built for the target platform unless `--platform` says otherwise, so\n"
        "`--platform=$TARGETPLATFORM` changes nothing and only suggests to a reader that\n"
        "something special happens. `$TARGETPLATFORM` and `${TARGETPLATFORM}` (quoted or not,\n"
        "and with a `:-` default, which never applies) are reported; values that combine it\n"
        "with other text are not. The same check as BuildKit's RedundantTargetPlatform."
    ),
    check=check,
    bad="FROM --platform=$TARGETPLATFORM alpine:3.20\nRUN uname -m\n",
    good="FROM alpine:3.20\nRUN uname -m\n",
    tags=("style",),
    buildkit_name="RedundantTargetPlatform",
    hadolint=True,
)
