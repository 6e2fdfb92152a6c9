"""DL3038: dnf asks for confirmation without -y (microdnf never asks)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import RPM_PROMPTING, calls, rpm_says_yes


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "dnf", "dnf5"):
        if call.sub in RPM_PROMPTING and not rpm_says_yes(ctx.facts, call):
            yield Finding(
                call.span,
                f'`{call.label}` asks "Is this ok [y/N]", which fails a build that has no '
                "terminal; add -y (--assumeyes).",
            )


RULE = Rule(
    code="DL3038",
    name="DnfYesMissing",
    severity=Severity.WARNING,
    summary="Use dnf -y so that it does not wait for a confirmation",
    rationale=(
        'dnf asks "Is this ok [y/N]" before it changes packages. A build has\n'
        "no terminal to answer, so the command gives up and the RUN fails. Pass `-y`\n"
        "(`--assumeyes`), `--setopt=assumeyes=1`, or write `assumeyes=1` to `/etc/dnf/dnf.conf`\n"
        "in an earlier RUN of the stage.\n\n"
        "hadolint checks `install`, `groupinstall` and `localinstall`; dlint checks every\n"
        "subcommand that asks: also `upgrade`/`update`, `remove`, `reinstall`, `downgrade`,\n"
        "`swap`, `distro-sync`, `autoremove`, and the `group` and `module` forms. `dnf5` is\n"
        "checked like `dnf`.\n\n"
        "`microdnf` is not reported (hadolint reports it): it never asks, and its `-y` is\n"
        "accepted only for compatibility with dnf and does nothing."
    ),
    check=check,
    bad="FROM fedora:41\nRUN dnf install httpd-2.4.62 && dnf clean all\n",
    good="FROM fedora:41\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
    tags=("correctness",),
    hadolint=True,
)
