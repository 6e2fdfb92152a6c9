"""Which non-root user to suggest, and what UID a user name has: advice shared by DF001,
DL3002 and DL3066, so that they never name a user the image does not have."""

from __future__ import annotations

import fnmatch

from dlint import words
from dlint.analysis import Stage
from dlint.imageref import ImageRef
from dlint.rule import RuleContext

#: users whose UID an image family fixes: (user, image glob or "" for any) -> UID
_FIXED: tuple[tuple[str, str, str], ...] = (
    ("nobody", "", "65534"),
    ("nginx", "docker.io/library/nginx", "101"),
    ("nginx", "docker.io/nginxinc/*", "101"),
    ("node", "docker.io/library/node", "1000"),
)


#: Options of useradd and adduser (shadow, Debian, BusyBox) that take a value.
_USER_OPTIONS = frozenset(
    {
        "u", "g", "G", "s", "d", "c", "k", "e", "f", "K", "p", "R", "P", "b", "Z", "h",
        "uid", "gid", "groups", "shell", "home", "home-dir", "comment", "gecos", "ingroup",
        "skel", "expiredate", "inactive", "key", "password", "root", "prefix", "base-dir",
        "selinux-user", "firstuid", "lastuid", "firstgid", "lastgid", "conf", "extrausers",
    }
)  # fmt: skip


#: Accounts made for a daemon's own use, never the user to run an image as.
_SERVICE_ACCOUNTS = frozenset({"dockremap"})


def _root_ref(ctx: RuleContext, stage: Stage) -> str:
    root = ctx.facts.lineage(stage)[-1]
    ref = root.image_ref
    return ref.name if isinstance(ref, ImageRef) else ""


def created_users(ctx: RuleContext, stage: Stage) -> list[tuple[str, str | None, str]]:
    """(name, UID or None, the command) of each user a ``useradd``/``adduser`` of the stage's
    chain creates, in file order. A UID from a variable counts when its value is known."""
    chain = {s.index for s in ctx.facts.lineage(stage)}
    found: list[tuple[str, str | None, str]] = []
    for inst, cmd in ctx.facts.commands("useradd", "adduser"):
        if inst.stage not in chain or not cmd.args:
            continue
        operands = [w.value for w in cmd.positionals(_USER_OPTIONS)]
        if len(operands) != 1:
            continue  # `adduser USER GROUP` adds a user to a group; it creates nothing
        name = operands[0]
        if "$" in name or name in _SERVICE_ACCOUNTS:
            continue
        value = cmd.flag_value("u", "uid")
        if value is not None and "$" in value:
            value = ctx.facts.expand(inst, value)
        uid = value if value is not None and words.is_number(value) else None
        found.append((name, uid, cmd.base))
    return found


def known_uid(ctx: RuleContext, stage: Stage, name: str) -> tuple[str, str] | None:
    """(UID, how it is known) for the user ``name`` of the stage's image, when certain."""
    for created, uid, _cmd in reversed(created_users(ctx, stage)):
        if created == name:
            return (uid, f"the UID the Dockerfile gives {name}") if uid else None
    image = _root_ref(ctx, stage)
    for user, glob, uid in _FIXED:
        if user == name and (not glob or fnmatch.fnmatch(image, glob)):
            return uid, f"{name}'s UID" if not glob else f"{name}'s UID in that image"
    if name == "www-data":
        root = ctx.facts.lineage(stage)[-1]
        if root.busybox_sh or "alpine" in image:
            return "82", "www-data's UID on Alpine"
        if root.sh == "dash":
            return "33", "www-data's UID on Debian and Ubuntu"
    return None


def _new_user(ctx: RuleContext, stage: Stage) -> str:
    """How to get a non-root user in an image whose Dockerfile creates none."""
    root = ctx.facts.lineage(stage)[-1]
    image = _root_ref(ctx, stage)
    if root.is_scratch:
        return "USER 65534 (nobody: a UID needs no user database, and scratch has none)"
    if fnmatch.fnmatch(image, "gcr.io/distroless/*"):
        return "use the image's `:nonroot` tag, or USER 65532 (its nonroot user)"
    if fnmatch.fnmatch(image, "mcr.microsoft.com/dotnet/*") and _major(root) >= 8:
        return "USER $APP_UID, the image's own non-root user (app, 1654)"
    if image == "docker.io/library/node":
        return "USER 1000, the image's own node user"
    if _busybox(ctx, stage):
        return "create one with a fixed UID (`adduser -D -u 10001 app`), then USER 10001"
    return "create one with a fixed UID (`useradd -u 10001 app`), then USER 10001"


def fixed_uid_hint(ctx: RuleContext, stage: Stage, name: str) -> str:
    """How to give ``name`` a fixed UID: in the command that creates it, or with the
    image's own tool (BusyBox has ``adduser`` only)."""
    for created, _uid, cmd in reversed(created_users(ctx, stage)):
        if created == name:
            return f"`-u 10001` in the `{cmd}` that creates {name}"
    if _busybox(ctx, stage):
        return f"`adduser -D -u 10001 {name}`"
    return f"`useradd -u 10001 {name}`"


#: Official images built on Alpine or BusyBox whose names do not say so: no useradd.
_BUSYBOX_IMAGES = frozenset(
    {"docker.io/library/bash", "docker.io/library/docker", "docker.io/library/busybox"}
)


def _busybox(ctx: RuleContext, stage: Stage) -> bool:
    """The stage's image has BusyBox's adduser and no useradd (Alpine, BusyBox, bash...)."""
    root = ctx.facts.lineage(stage)[-1]
    image = _root_ref(ctx, stage)
    return root.busybox_sh or "alpine" in image or image in _BUSYBOX_IMAGES


def _major(stage: Stage) -> int:
    """The major version a tag starts with (``8.0-alpine`` -> 8); 0 when it has none."""
    ref = stage.image_ref
    tag = ref.tag if isinstance(ref, ImageRef) else None
    head = (tag or "").split(".", 1)[0].split("-", 1)[0]
    return int(head) if head.isdigit() else 0


def suggestion(ctx: RuleContext, stage: Stage) -> str:
    """A non-root USER to suggest for the stage, always by UID (a name is DL3066's concern):
    one the Dockerfile creates, else the owner of the files it hands over, else a new one."""
    for name, uid, cmd in reversed(created_users(ctx, stage)):
        if name == "root" or uid == "0":
            continue
        if uid is not None:
            return f"USER {uid}, the UID the Dockerfile gives {name}"
        return (
            f"give {name}, the user the Dockerfile creates, a fixed UID (`-u 10001` in its "
            f"`{cmd}`), then USER 10001"
        )
    owner = _file_owner(ctx, stage)
    if owner is not None:
        why = "who owns the files the Dockerfile hands over"
        if words.is_number(owner):
            return f"USER {owner}, {why}"
        known = known_uid(ctx, stage, owner)
        if known is not None:
            return f"USER {known[0]} ({owner}, {why})"
        return f"USER with the UID of {owner}, {why} (`id -u {owner}` in the image)"
    return _new_user(ctx, stage)


def _file_owner(ctx: RuleContext, stage: Stage) -> str | None:
    """The last non-root owner the stage's chain gives files: `chown x`, `--chown=x`."""
    chain = {s.index for s in ctx.facts.lineage(stage)}
    owners: list[tuple[int, str]] = []
    for inst in ctx.facts.instructions("COPY", "ADD"):
        flag = inst.flag("chown") if inst.stage in chain else None
        if flag is not None and flag.value:
            owners.append((inst.line, flag.value))
    for inst, cmd in ctx.facts.commands("chown"):
        if inst.stage in chain:
            operands = [w.value for w in cmd.args if not w.value.startswith("-")]
            if len(operands) >= 2:
                owners.append((cmd.span.line, operands[0]))
    for _line, value in sorted(owners, reverse=True):
        user = value.split(":", 1)[0]
        if user and user not in ("root", "0") and "$" not in user:
            return user
    return None
