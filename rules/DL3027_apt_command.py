"""DL3027: apt, the interactive front end, used in a RUN."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import calls


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "apt"):
        sub = call.sub or "..."
        replacement = (
            "apt-cache" if call.sub in ("search", "show", "policy", "depends") else "apt-get"
        )
        yield Finding(
            call.cmd.words[0].span,
            f"`apt {sub}` is meant for people at a terminal and its behaviour and output may "
            f"change between releases; use {replacement} in scripts.",
        )


RULE = Rule(
    code="DL3027",
    name="AptCommandUsed",
    severity=Severity.WARNING,
    summary="Use apt-get or apt-cache instead of apt in a Dockerfile",
    rationale=(
        "`apt` is the front end for people: progress bars, colours, and a command line that\n"
        'Debian may change from release to release. It even warns "apt does not have a\n'
        'stable CLI interface. Use with caution in scripts." `apt-get` and `apt-cache` are\n'
        "the stable interfaces meant for scripts, so a Dockerfile should use them.\n\n"
        "Every `apt` command a RUN executes is reported, at the command name."
    ),
    check=check,
    bad="FROM ubuntu:24.04\nRUN apt update && apt install -y curl\n",
    good=(
        "FROM ubuntu:24.04\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    ),
    tags=("maintainability",),
    hadolint=True,
)
