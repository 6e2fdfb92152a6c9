"""DL3046: useradd with a large UID and without -l fills the image with a sparse lastlog."""

from __future__ import annotations

from collections.abc import Iterator

from dlint import words
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import parse_args, span_of

#: useradd options whose value may be the next word.
USERADD_SHORT = "bcdefgGkKpRPsuU"
USERADD_LONG = frozenset(
    {
        "base-dir",
        "comment",
        "home-dir",
        "expiredate",
        "inactive",
        "gid",
        "groups",
        "skel",
        "key",
        "password",
        "root",
        "prefix",
        "shell",
        "uid",
        "selinux-user",
        "selinux-range",
        "btrfs-subvolume-home",
    }
)
#: above this, lastlog and faillog (indexed by UID) become large sparse files.
MAX_UID = 99999


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst, cmd in ctx.facts.commands("useradd"):
        args = parse_args(cmd.words[1:], USERADD_SHORT, USERADD_LONG)
        if args.has("l", "no-log-init"):
            continue
        uid = args.last("u", "uid")
        if uid is None or uid.value is None:
            continue
        value = ctx.facts.expand(inst, uid.value) if "$" in uid.value else uid.value
        if value is None or not words.is_number(value.strip()) or int(value) <= MAX_UID:
            continue
        held = [uid.word] + ([uid.value_word] if uid.value_word is not None else [])
        yield Finding(
            span_of(held),
            f"`useradd` with UID {value.strip()} and without `-l` (--no-log-init) writes "
            "lastlog and faillog records at an offset of that UID, which can add gigabytes "
            "to the layer; add `-l`.",
        )


RULE = Rule(
    code="DL3046",
    name="UseraddLargeUid",
    severity=Severity.WARNING,
    summary="Use useradd -l (--no-log-init) with a large UID",
    rationale=(
        "`useradd` records each new user in `/var/log/lastlog` and `/var/log/faillog`, files\n"
        "indexed by UID. With a large UID (such as 1000000, common when matching a host or\n"
        "CI user) the record lands far into the file. The file is sparse on disk, but image\n"
        "layers are tar archives and many tools store the holes as real zeros, so the layer\n"
        "can grow by gigabytes and the build can run out of disk. `-l` / `--no-log-init`\n"
        "skips these records.\n\n"
        "Reported when the UID (`-u`, `--uid`, `-u1000000`, `--uid=...`, or a variable with a\n"
        "known ARG or ENV value) is above 99999 and `-l` is not given, also in combined\n"
        "flags (`-lu 1000000`). A UID whose value cannot be known is not reported (hadolint\n"
        "reports any `-u $UID`, since it only measures the text)."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN useradd -u 1000000 app\nUSER app\n",
    good="FROM debian:12-slim\nRUN useradd -l -u 1000000 app\nUSER app\n",
    tags=("performance", "size"),
    hadolint=True,
)
