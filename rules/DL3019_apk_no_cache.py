"""DL3019: apk add keeps its package index in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._pkg import calls, mount_covers

CACHE = "/var/cache/apk"


def check(ctx: RuleContext) -> Iterator[Finding]:
    for call in calls(ctx, "apk"):
        if call.sub != "add" or call.has("no-cache", "no-network"):
            continue
        if mount_covers(ctx.facts, call.inst, (CACHE, "/etc/apk/cache")):
            continue
        yield Finding(
            call.span,
            f"`apk add` leaves the package index in {CACHE} in this layer; add --no-cache "
            f"(which also makes `apk update` and `rm -rf {CACHE}/*` unnecessary).",
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
        "Every `apk add` that a RUN executes is checked, including those in heredocs,\n"
        "`sh -c` strings and ONBUILD triggers; `--no-cache` may come before or after `add`."
    ),
    check=check,
    bad="FROM alpine:3.21\nRUN apk add curl=8.11.1-r0\n",
    good="FROM alpine:3.21\nRUN apk add --no-cache curl=8.11.1-r0\n",
    tags=("size",),
    hadolint=True,
)
