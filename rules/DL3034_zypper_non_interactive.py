"""DL3034: zypper asks for confirmation without --non-interactive."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import calls

#: Subcommands (and their short aliases) that change packages and so ask first.
PROMPTING = frozenset(
    {
        "install",
        "in",
        "remove",
        "rm",
        "source-install",
        "si",
        "patch",
        "update",
        "up",
        "dist-upgrade",
        "dup",
        "install-new-recommends",
        "inr",
        "verify",
        "ve",
    }
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "zypper"):
        if call.sub in PROMPTING and not call.has("n", "non-interactive", "y", "no-confirm"):
            yield Finding(
                call.span,
                f"`{call.label}` asks for confirmation, which fails a build that has no "
                "terminal; add --non-interactive (zypper -n) or -y.",
            )


RULE = Rule(
    code="DL3034",
    name="ZypperInteractive",
    severity=Severity.WARNING,
    summary="Use zypper --non-interactive (or -y) so that zypper does not wait for input",
    rationale=(
        "zypper asks before it changes packages, and a build has no terminal to answer, so\n"
        "the RUN fails or hangs. `zypper --non-interactive install ...` (`-n`) answers every\n"
        "question with its default; `zypper install -y` (`--no-confirm`) confirms the\n"
        "transaction.\n\n"
        "hadolint checks `install`, `remove`, `source-install` and `patch`; dlint also checks\n"
        "`update`, `dist-upgrade`, `install-new-recommends` and `verify`, with their short\n"
        "aliases (`in`, `rm`, `si`, `up`, `dup`, `inr`, `ve`)."
    ),
    check=check,
    bad="FROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0 && zypper clean\n",
    good="FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl=8.6.0 && zypper clean\n",
    tags=("correctness",),
    hadolint=True,
)
