"""DL3009: apt package lists left in the image after apt-get update."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import shipped_stages
from ._pkg import PkgCall, calls, cleanup_follows, mount_covers, removes

LISTS = "/var/lib/apt/lists"


def _cleans_lists(cmd: Command) -> bool:
    if removes(cmd, LISTS):
        return True
    # apt 2.7 and later: `apt-get distclean` removes the lists as well.
    return cmd.base in ("apt-get", "apt") and any(
        w.value in ("distclean", "dist-clean") for w in cmd.args
    )


def _exempt(ctx: RuleContext, call: PkgCall) -> bool:
    if mount_covers(ctx.facts, call.inst, (LISTS,)):
        return True
    return cleanup_follows(ctx.facts, call, _cleans_lists)


def check(ctx: RuleContext) -> Iterator[Finding]:
    shipped = shipped_stages(ctx.facts)
    last: dict[int, PkgCall] = {}
    for call in calls(ctx, "apt-get", "apt", "aptitude"):
        if call.sub != "update":
            continue
        stage = ctx.facts.stage_of(call.inst)
        if call.inst.name != "ONBUILD" and stage is not None and stage.index not in shipped:
            continue
        last[call.inst.index] = call
    for call in last.values():
        if _exempt(ctx, call):
            continue
        yield Finding(
            call.span,
            f"`{call.label}` leaves the package lists in {LISTS} in this layer; delete them "
            f"later in the same RUN (rm -rf {LISTS}/*) or mount a cache on {LISTS}.",
        )


RULE = Rule(
    code="DL3009",
    name="AptListsNotDeleted",
    severity=Severity.INFO,
    summary="Delete the apt package lists in the RUN that downloads them",
    rationale=(
        "`apt-get update` downloads the package lists of every configured repository into\n"
        "`/var/lib/apt/lists`, often tens of megabytes. A layer keeps what its RUN leaves\n"
        "behind, and a later `rm` only hides the files, so remove them in the same RUN:\n"
        "`apt-get update && apt-get install ... && rm -rf /var/lib/apt/lists/*`. They are\n"
        "stale by the next build anyway. `apt-get distclean` (apt 2.7 and later) removes them\n"
        "too, and a BuildKit cache or tmpfs mount on `/var/lib/apt/lists` or a parent such as\n"
        "`/var/lib/apt` keeps them out of the image.\n\n"
        "The removal has to come after the last `update` of the RUN (anywhere in its scripts,\n"
        "`sh -c` strings and heredocs included); one finding per RUN points at that `update`.\n"
        "Only the stages that end up in the image are checked: the last stage and the stages\n"
        "it is built FROM. A builder stage whose files are copied out selectively does not\n"
        "ship its lists. ONBUILD triggers are always checked: they run in someone's image.\n\n"
        "Differences from hadolint: hadolint also checks a stage that only other builder\n"
        "stages are built FROM; it accepts any `rm -rf` (even of `/tmp/*`) anywhere in the\n"
        "RUN, but not `rm -f /var/lib/apt/lists/*_*` or `apt-get distclean`; and with a mount\n"
        "on `/var/lib/apt` it also wants one on `/var/cache/apt`."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n"
    ),
    good=(
        "FROM debian:12-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    ),
    tags=("size",),
    hadolint=True,
)
