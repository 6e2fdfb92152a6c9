"""DL3030: yum asks for confirmation without -y."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import RPM_PROMPTING, calls, rpm_says_yes


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "yum"):
        if call.sub in RPM_PROMPTING and not rpm_says_yes(ctx.facts, call):
            yield Finding(
                call.span,
                f'`{call.label}` asks "Is this ok [y/N]", which fails a build that has no '
                "terminal; add -y (--assumeyes).",
            )


RULE = Rule(
    code="DL3030",
    name="YumYesMissing",
    severity=Severity.WARNING,
    summary="Use yum -y so that yum does not wait for a confirmation",
    rationale=(
        'yum asks "Is this ok [y/N]" before it changes packages. A build has no terminal\n'
        'to answer, so yum exits with "Exiting on user command" and the RUN fails. Pass\n'
        "`-y` (`--assumeyes`), `--setopt=assumeyes=1`, or write `assumeyes=1` to\n"
        "`/etc/yum.conf` in an earlier RUN of the stage.\n\n"
        "hadolint checks `install`, `groupinstall` and `localinstall`; dlint checks every\n"
        "subcommand that asks: also `update`/`upgrade`, `remove`/`erase`, `reinstall`,\n"
        "`downgrade`, `swap`, `distro-sync`, `autoremove`, and the `group` and `module` forms."
    ),
    check=check,
    bad="FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\n",
    good="FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    tags=("correctness",),
    hadolint=True,
)
