"""DL3015: apt-get install pulls in recommended packages."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import PkgCall, calls, configured

_NO_RECOMMENDS = re.compile(r"APT::Install-Recommends\s*=?\s*['\"]?(false|0|no|off)", re.IGNORECASE)


def _off(call: PkgCall) -> bool:
    if call.has("no-install-recommends"):
        return True
    if any(v.lower() in ("false", "0", "no", "off") for v in call.values("install-recommends")):
        return True
    return any(_NO_RECOMMENDS.search(v) for v in call.values("o", "option"))


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "apt-get"):
        if call.sub != "install" or _off(call):
            continue
        if configured(ctx.facts, call.inst, _NO_RECOMMENDS):
            continue
        yield Finding(
            call.span,
            f"`{call.label}` also installs the packages recommended by the ones you name; "
            "add --no-install-recommends to keep the image small.",
        )


RULE = Rule(
    code="DL3015",
    name="AptInstallsRecommends",
    severity=Severity.INFO,
    summary="Use apt-get install --no-install-recommends",
    rationale=(
        "By default apt-get also installs every package the requested ones *recommend*:\n"
        "documentation, optional helpers, sometimes a whole X11 stack. A container needs\n"
        "only the dependencies. `--no-install-recommends` can halve an image and removes\n"
        "software that only adds attack surface; add the few recommended packages you\n"
        "really need by name.\n\n"
        "Also accepted: `-o APT::Install-Recommends=false` (or `0`), and an\n"
        '`APT::Install-Recommends "false";` setting written to `/etc/apt/apt.conf.d` by an\n'
        "earlier RUN of the stage or of the stage it is built FROM (hadolint does not see\n"
        "that one)."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y curl=7.88.1-10+deb12u8 \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    ),
    good=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    ),
    tags=("size",),
    hadolint=True,
)
