"""DL3036: zypper leaves its cache in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import calls, last_uncleaned, pkg_call, removes

CACHE = "/var/cache/zypp"
#: Subcommands that download metadata and packages into the cache.
FILLS_CACHE = frozenset(
    {
        "install",
        "in",
        "update",
        "up",
        "dist-upgrade",
        "dup",
        "patch",
        "source-install",
        "si",
        "install-new-recommends",
        "inr",
    }
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    found = [c for c in calls(ctx, "zypper") if c.sub in FILLS_CACHE]
    if not found:
        return
    inst = found[0].inst

    def cleans(cmd: Command) -> bool:
        call = pkg_call(inst, cmd)
        if call is not None:
            return call.tool == "zypper" and call.sub in ("clean", "cc")
        return removes(cmd, CACHE)

    for call in last_uncleaned(ctx.facts, iter(found), cleans, (CACHE,)):
        yield Finding(
            call.span,
            f"`{call.label}` leaves repository metadata in {CACHE} in this layer; run "
            "`zypper clean --all` later in the same RUN (or mount a cache there).",
        )


RULE = Rule(
    code="DL3036",
    name="ZypperCacheNotCleaned",
    severity=Severity.WARNING,
    summary="Run zypper clean in the RUN that installs packages",
    rationale=(
        "zypper keeps repository metadata, and packages of repositories that keep them, in\n"
        "`/var/cache/zypp`. A layer keeps what its RUN leaves behind, so clean up in the same\n"
        "RUN: `zypper -n install ... && zypper clean --all` (`zypper cc -a`), or remove the\n"
        "directory. A BuildKit cache or tmpfs mount on `/var/cache/zypp` keeps it out of the\n"
        "image as well.\n\n"
        "The cleanup must come after the last `install` (or `update`, `dist-upgrade`,\n"
        "`patch`, ...) of the RUN; hadolint checks `install` only and accepts a cleanup\n"
        "anywhere after the first one. One finding per RUN, at that last call."
    ),
    check=check,
    bad="FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl=8.6.0\n",
    good=(
        "FROM opensuse/leap:15.6\n"
        "RUN zypper --non-interactive install curl=8.6.0 && zypper clean --all\n"
    ),
    tags=("size",),
    hadolint=True,
)
