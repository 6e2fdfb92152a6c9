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


def _root_ref(ctx: RuleContext, stage: Stage) -> str:
    root = ctx.facts.lineage(stage)[-1]
    ref = root.image_ref
    return ref.name if isinstance(ref, ImageRef) else ""


def created_users(ctx: RuleContext, stage: Stage) -> list[tuple[str, str | None]]:
    """(name, UID or None) of each user a ``useradd``/``adduser`` of the stage's chain
    creates, in file order."""
    chain = {s.index for s in ctx.facts.lineage(stage)}
    found: list[tuple[str, str | None]] = []
    for inst, cmd in ctx.facts.commands("useradd", "adduser"):
        if inst.stage not in chain or not cmd.args:
            continue
        name = cmd.args[-1].value
        if name.startswith("-") or "$" in name:
            continue
        value = cmd.flag_value("u", "uid")
        found.append((name, value if value is not None and words.is_number(value) else None))
    return found


def known_uid(ctx: RuleContext, stage: Stage, name: str) -> tuple[str, str] | None:
    """(UID, how it is known) for the user ``name`` of the stage's image, when certain."""
    for created, uid in reversed(created_users(ctx, stage)):
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


def suggestion(ctx: RuleContext, stage: Stage, numeric: bool = False) -> str:
    """A non-root USER to suggest for the stage: one the Dockerfile creates, else the owner
    of the files it hands over, else a new one. ``numeric``: a UID, not a name."""
    for name, uid in reversed(created_users(ctx, stage)):
        if name == "root" or uid == "0":
            continue
        if uid is not None:
            return f"USER {uid}, the UID the Dockerfile gives {name}"
        if numeric:
            return f"the UID of {name}, the user the Dockerfile creates (`id -u {name}`)"
        return f"USER {name}, the user the Dockerfile creates"
    owner = _file_owner(ctx, stage)
    if owner is not None:
        why = "who owns the files the Dockerfile hands over"
        if words.is_number(owner):
            return f"USER {owner}, {why}"
        known = known_uid(ctx, stage, owner)
        if known is not None:
            return f"USER {known[0]} ({owner}, {why})"
        if numeric:
            return f"the UID of {owner} (`id -u {owner}`), {why}"
        return f"USER {owner}, {why}"
    return "create one with a fixed UID (`useradd -u 10001 app`), then USER 10001"


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
