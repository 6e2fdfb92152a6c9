"""DL3019: apk add keeps its package index in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import PkgCall, calls, cleanup_follows, mount_covers, removes

CACHE = "/var/cache/apk"


def _cleans(cmd: Command) -> bool:
    """`rm -rf /var/cache/apk/*` (or the folder), `apk cache clean`."""
    if cmd.base == "apk":
        values = [w.value for w in cmd.args if not w.value.startswith("-")]
        return values[:2] in (["cache", "clean"], ["cache", "purge"])
    return removes(cmd, CACHE)


def check(ctx: RuleContext) -> Iterator[Finding]:
    updates: list[PkgCall] = []
    reported: set[int] = set()
    for call in calls(ctx, "apk"):
        if mount_covers(ctx.facts, call.inst, (CACHE, "/etc/apk/cache")):
            continue
        if call.sub == "update" and not call.has("no-cache"):
            updates.append(call)
        if call.sub != "add" or call.has("no-cache", "no-network"):
            continue
        reported.add(call.inst.index)
        yield Finding(
            call.span,
            f"`apk add` leaves the package index in {CACHE} in this layer; add --no-cache "
            f"(which also makes `apk update` and `rm -rf {CACHE}/*` unnecessary).",
        )
    for call in updates:
        # `apk update && apk add --no-cache x`: --no-cache does not remove what update fetched.
        if call.inst.index in reported or cleanup_follows(ctx.facts, call, _cleans):
            continue
        yield Finding(
            call.span,
            f"`apk update` leaves the package index in {CACHE} in this layer, which "
            f"`apk add --no-cache` does not remove; drop `apk update` (--no-cache fetches "
            f"fresh indexes itself), or run `rm -rf {CACHE}/*` later in the same RUN.",
        )


RULE = Rule(
    code="DL3019",
    name="ApkCacheKept",
    severity=Severity.INFO,
    summary="Use apk add --no-cache",
    rationale=(
        "Without `--no-cache`, apk keeps the repository indexes it downloads in\n"
        "`/var/cache/apk`, and the layer keeps them. `apk add --no-cache` fetches fresh\n"
        "indexes and throws them away, so no `apk update` before and no\n"
        "`rm -rf /var/cache/apk/*` after are needed. A BuildKit cache or tmpfs mount on\n"
        "`/var/cache/apk` (`RUN --mount=type=cache,target=/var/cache/apk apk add ...`) keeps the\n"
        "cache out of the image too, and is not reported. Neither is `apk add --no-network`,\n"
        "which downloads nothing (hadolint reports it).\n\n"
        "`apk update` fills the same folder, and `apk add --no-cache` does not empty it, so an\n"
        "`apk update` is reported too unless `rm -rf /var/cache/apk/*` (or `apk cache clean`)\n"
        "follows in the same RUN; hadolint does not look at it.\n\n"
        "Every `apk add` that a RUN executes is checked, including those in heredocs,\n"
        "`sh -c` strings and ONBUILD triggers; `--no-cache` may come before or after `add`."
    ),
    check=check,
    bad="FROM alpine:3.21\nRUN apk add curl=8.11.1-r0\n",
    good="FROM alpine:3.21\nRUN apk add --no-cache curl=8.11.1-r0\n",
    tags=("size",),
    hadolint=True,
)
