"""DL3033: yum install without a pinned package version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import rpm_unpinned


def check(ctx: RuleContext) -> Iterator[Finding]:
    return rpm_unpinned(ctx, "yum")


RULE = Rule(
    code="DL3033",
    name="YumPackageUnpinned",
    severity=Severity.WARNING,
    summary="Pin the versions of the packages yum installs",
    rationale=(
        "`yum install -y httpd` installs whatever version the repositories have that day,\n"
        "so two builds of the same Dockerfile can differ. Pin it: `httpd-2.4.6` or\n"
        "`httpd-2.4.6-99.el7` (name, then version and release after dashes). A module needs\n"
        "a stream: `yum module install nodejs:18`.\n\n"
        "One finding per install command names every unpinned package. A version is recognised as a last\n"
        "`-` part starting with a digit, so `java-17-openjdk` is not pinned (hadolint\n"
        "thinks it is). `.rpm` files, paths, URLs, `@group` and `@module` names, and the\n"
        "values of options such as `--enablerepo` are not packages. `$PKG` is judged on its\n"
        "value when an ARG or ENV gives it one and left alone when it cannot be known."
    ),
    check=check,
    bad="FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
    good="FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    tags=("reproducibility",),
    hadolint=True,
)
