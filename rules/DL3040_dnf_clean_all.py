"""DL3040: dnf or microdnf leaves its cache in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import RPM_FILLS_CACHE, PkgCall, calls, clean_all, last_uncleaned, removes

#: dnf 4 caches in /var/cache/dnf, dnf 5 in /var/cache/libdnf5, microdnf in /var/cache/yum.
CACHE_DIRS = ("/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum")
_FAMILY = {
    "dnf": frozenset({"dnf", "dnf5", "yum"}),
    "dnf5": frozenset({"dnf", "dnf5", "yum"}),
    "microdnf": frozenset({"microdnf"}),
}


def _uncleaned(ctx: RuleContext, tool: str) -> Iterator[PkgCall]:
    tools = _FAMILY[tool]

    def cleans(cmd: Command) -> bool:
        return clean_all(cmd, tools) or removes(cmd, *CACHE_DIRS)

    found = (c for c in calls(ctx, tool) if c.sub in RPM_FILLS_CACHE)
    return last_uncleaned(ctx.facts, found, cleans, CACHE_DIRS, ".cache/libdnf5")


def check(ctx: RuleContext) -> Iterator[Finding]:
    found = [c for tool in ("dnf", "dnf5", "microdnf") for c in _uncleaned(ctx, tool)]
    found.sort(key=lambda c: (c.inst.index, c.cmd.span))
    for call in found:
        yield Finding(
            call.span,
            f"`{call.label}` leaves repository metadata and packages in the dnf cache in this "
            f"layer; run `{call.tool} clean all` later in the same RUN (or mount a cache on "
            "/var/cache/dnf or /var/cache/libdnf5).",
        )


RULE = Rule(
    code="DL3040",
    name="DnfCacheNotCleaned",
    severity=Severity.WARNING,
    summary="Run dnf clean all (or microdnf clean all) in the RUN that installs packages",
    rationale=(
        "dnf and microdnf keep the repository metadata they download, often over 100 MB, in\n"
        "their cache (`/var/cache/dnf`, `/var/cache/libdnf5` for dnf5, `/var/cache/yum` for\n"
        "microdnf). A layer keeps what its RUN leaves behind, so clean up in the same RUN:\n"
        "`dnf install -y ... && dnf clean all`, or remove the cache directory. A BuildKit\n"
        "cache or tmpfs mount on the cache directory keeps it out of the image as well.\n\n"
        "The cleanup must come after the last `install` (or `upgrade`, `update`, `reinstall`,\n"
        "`group install`, ...) of the RUN and be done by the same tool: `microdnf clean all`\n"
        "does not clean up after `dnf`. hadolint does not treat `dnf update` as filling the\n"
        "cache, and accepts a cleanup anywhere after the first install. One finding per RUN\n"
        "and tool, at the last call."
    ),
    check=check,
    bad="FROM fedora:41\nRUN dnf install -y httpd-2.4.62\n",
    good="FROM fedora:41\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
    tags=("size",),
    hadolint=True,
)
