"""DL3041: dnf or microdnf install without a pinned package version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import rpm_unpinned


def check(ctx: RuleContext) -> Iterator[Finding]:
    return rpm_unpinned(ctx, "dnf", "dnf5", "microdnf")


RULE = Rule(
    code="DL3041",
    name="DnfPackageUnpinned",
    severity=Severity.WARNING,
    summary="Pin the versions of the packages dnf or microdnf installs",
    rationale=(
        "`dnf install -y httpd` installs whatever version the repositories have that day,\n"
        "so two builds of the same Dockerfile can differ. Pin it: `httpd-2.4.62` or\n"
        "`httpd-2.4.62-1.fc41` (name, then version and release after dashes). A module\n"
        "needs a stream: `dnf module install nodejs:20`. Groups (`dnf group install`,\n"
        "`@group`) have no versions and are not checked.\n\n"
        "One finding per install command names every unpinned package. A version is recognised as a last\n"
        "`-` part starting with a digit, so `java-17-openjdk` is not pinned (hadolint\n"
        "thinks it is). `.rpm` files, paths, URLs and the values of options such as\n"
        "`--enablerepo` or `--setopt` are not packages. `$PKG` is judged on its value when an\n"
        "ARG or ENV gives it one and left alone when it cannot be known."
    ),
    check=check,
    bad="FROM fedora:41\nRUN dnf install -y httpd && dnf clean all\n",
    good="FROM fedora:41\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
    tags=("reproducibility",),
    hadolint=True,
)
