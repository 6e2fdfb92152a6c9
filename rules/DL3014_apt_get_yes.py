"""DL3014: apt-get asks for confirmation without -y."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint import words
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import PkgCall, calls, commands_of, configured

#: Subcommands that change packages and so ask "Do you want to continue? [Y/n]".
PROMPTING = frozenset(
    {
        "install",
        "reinstall",
        "remove",
        "purge",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "autoremove",
        "autopurge",
        "build-dep",
        "satisfy",
    }
)

_ASSUME_YES = re.compile(r"APT::Get::Assume-Yes\s*=?\s*['\"]?(true|1|yes)", re.IGNORECASE)


def _says_yes(call: PkgCall) -> bool:
    if call.has("y", "yes", "assume-yes"):
        return True
    # Quiet level 2 (-qq, -q -q, -q=2) implies -y.
    quiet = sum(
        1 if o.value is None else _level(o.value) for o in call.opts if o.name in ("q", "quiet")
    )
    if quiet >= 2:
        return True
    return any(_ASSUME_YES.search(v) for v in call.values("o", "option"))


def _level(value: str) -> int:
    return int(value) if words.is_number(value) else 1


def _piped_yes(ctx: RuleContext, call: PkgCall) -> bool:
    """``yes | apt-get install ...`` answers the prompt."""
    if call.cmd.joined_by != "|":
        return False
    before = None
    for cmd in commands_of(ctx.facts, call.inst):
        if cmd is call.cmd:
            break
        before = cmd
    return before is not None and before.base == "yes"


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "apt-get"):
        if call.sub not in PROMPTING or _says_yes(call) or _piped_yes(ctx, call):
            continue
        if configured(ctx.facts, call.inst, _ASSUME_YES):
            continue
        yield Finding(
            call.span,
            f"`{call.label}` asks for confirmation, which fails a build that has no terminal; "
            "add -y (--yes).",
        )


RULE = Rule(
    code="DL3014",
    name="AptGetYesMissing",
    severity=Severity.WARNING,
    summary="Use apt-get -y so that apt-get does not wait for a confirmation",
    rationale=(
        'apt-get asks "Do you want to continue? [Y/n]" before it changes packages. A build\n'
        "has no terminal to answer it, so apt-get aborts and the RUN fails. `-y` (`--yes`,\n"
        "`--assume-yes`) answers yes; so do quiet level 2 (`-qq`, `-q -q`, `-q=2`),\n"
        '`-o APT::Get::Assume-Yes=true`, an `APT::Get::Assume-Yes "true";` setting written\n'
        "by an earlier RUN of the stage, and `yes | apt-get ...`.\n\n"
        "hadolint checks `install` only; dlint checks every subcommand that asks: `install`,\n"
        "`reinstall`, `remove`, `purge`, `upgrade`, `dist-upgrade`, `full-upgrade`,\n"
        "`autoremove`, `build-dep` and `satisfy`, wherever apt-get runs in the RUN."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install --no-install-recommends curl=7.88.1-10+deb12u8 \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    ),
    good=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    ),
    tags=("correctness",),
    hadolint=True,
)
