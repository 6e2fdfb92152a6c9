"""DL3032: yum leaves its cache in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import RPM_FILLS_CACHE, calls, clean_all, last_uncleaned, removes

#: yum keeps its cache in /var/cache/yum; where yum is dnf (EL8 and later), in /var/cache/dnf.
CACHE_DIRS = ("/var/cache/yum", "/var/cache/dnf")
_CLEANERS = frozenset({"yum", "dnf", "dnf5"})


def _cleans(cmd: Command) -> bool:
    return clean_all(cmd, _CLEANERS) or removes(cmd, *CACHE_DIRS)


def check(ctx: RuleContext) -> Iterator[Finding]:
    found = (c for c in calls(ctx, "yum") if c.sub in RPM_FILLS_CACHE)
    for call in last_uncleaned(ctx.facts, found, _cleans, CACHE_DIRS):
        yield Finding(
            call.span,
            f"`{call.label}` leaves repository metadata and packages in /var/cache/yum in this "
            "layer; run `yum clean all` later in the same RUN (or mount a cache there).",
        )


RULE = Rule(
    code="DL3032",
    name="YumCacheNotCleaned",
    severity=Severity.WARNING,
    summary="Run yum clean all in the RUN that installs packages",
    rationale=(
        "yum keeps the repository metadata it downloads, often over 100 MB, in\n"
        "`/var/cache/yum` (`/var/cache/dnf` where yum is dnf). A layer keeps what its RUN\n"
        "leaves behind, so clean up in the same RUN: `yum install -y ... && yum clean all`,\n"
        "or `rm -rf /var/cache/yum`. A BuildKit cache or tmpfs mount on the cache directory\n"
        "keeps it out of the image as well.\n\n"
        "The cleanup must come after the last `install` (or `update`, `reinstall`, `group\n"
        "install`, ...) of the RUN; hadolint accepts a `yum clean all` anywhere after the\n"
        "first one, and any `yum clean`, and it has no cache-mount exemption for yum. One\n"
        "finding per RUN, at that last call."
    ),
    check=check,
    bad="FROM centos:7\nRUN yum install -y httpd-2.4.6\n",
    good="FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    tags=("size",),
    hadolint=True,
)
