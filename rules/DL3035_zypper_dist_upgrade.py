"""DL3035: zypper dist-upgrade in a Dockerfile."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import calls


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "zypper"):
        if call.sub in ("dist-upgrade", "dup"):
            yield Finding(
                call.span,
                f"`{call.label}` upgrades the whole distribution, so the image depends on the "
                "day it was built; use a newer base image, or update only the packages you need.",
            )


RULE = Rule(
    code="DL3035",
    name="ZypperDistUpgrade",
    severity=Severity.WARNING,
    summary="Do not run zypper dist-upgrade in a Dockerfile",
    rationale=(
        "`zypper dist-upgrade` (`dup`) moves every package to whatever the repositories hold\n"
        "at build time, possibly across a distribution release. The result depends on the\n"
        "day of the build and can change the base image under your feet. Pick the base image\n"
        "release you want instead, and update single packages (`zypper update <package>`)\n"
        "when you need a fix sooner."
    ),
    check=check,
    bad="FROM opensuse/tumbleweed\nRUN zypper --non-interactive dist-upgrade && zypper clean\n",
    good="FROM opensuse/leap:15.6\nRUN zypper --non-interactive update curl && zypper clean\n",
    tags=("reproducibility",),
    hadolint=True,
)
