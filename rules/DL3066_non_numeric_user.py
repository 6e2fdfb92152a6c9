"""DL3066: the image's user is a name, not a numeric UID."""

from __future__ import annotations

from collections.abc import Iterator

from dlint import words
from dlint.analysis import Stage
from dlint.model import Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._users import fixed_uid_hint, known_uid, suggestion


def _uid_text(inst: Instruction) -> str:
    """The user part of ``USER user[:group]`` as written."""
    return inst.args.strip().split(":", 1)[0]


def _from_build_arg(ctx: RuleContext, stage: Stage, text: str) -> bool:
    """True when the user comes from a variable that is not a fixed ENV value."""
    esc = ctx.dockerfile.escape
    return any(name not in stage.env for name, _, _ in words.references(text, esc))


def check(ctx: RuleContext) -> Iterator[Finding]:
    final = ctx.facts.final_stage
    if final is None or final.user_instruction is None:
        return
    if ctx.facts.lineage(final)[-1].windows or ctx.dockerfile.escape == "`":
        return  # Windows users (ContainerUser) have no numeric form
    inst = final.user_instruction
    text = _uid_text(inst)
    if not text or _from_build_arg(ctx, final, text):
        return
    uid = ctx.facts.expand(inst, text)
    if uid is None or words.is_number(uid):
        return
    span = inst.words[0].span if inst.words else inst.span
    via = f" (from {text})" if "$" in text else ""
    if uid == "root":
        message = (
            f"The image runs as the user name 'root'{via}; a platform checks numeric UIDs "
            "(Kubernetes runAsNonRoot refuses a name), so end with a non-root numeric UID: "
            f"{suggestion(ctx, final)}."
        )
    else:
        name, _, group = uid.partition(":")
        known = known_uid(ctx, final, name)
        if known is not None:
            fix = f"USER {known[0]}{':' + group if group else ''}, {known[1]}"
        else:
            fix = (
                f"which `id -u {name}` prints in the image (or give {name} a fixed one, "
                f"{fixed_uid_hint(ctx, final, name)}, and use that)"
            )
        message = (
            f"The image runs as the user name {uid!r}{via}, not a numeric UID, so a platform "
            f"cannot tell whether it is root (Kubernetes runAsNonRoot refuses it); use the "
            f"numeric UID, {fix}."
        )
    yield Finding(span, message)


RULE = Rule(
    code="DL3066",
    name="NonNumericUser",
    severity=Severity.INFO,
    summary="The image's USER should be a numeric UID, not a user name",
    rationale=(
        "A user name means something only inside the image's `/etc/passwd`. Tools outside\n"
        "the container cannot resolve it: Kubernetes with `runAsNonRoot: true` refuses to\n"
        "start an image whose user is a name, because it cannot verify that the user is not\n"
        "root. A numeric UID (optionally with a numeric GID, `USER 10001:10001`) needs no\n"
        "lookup.\n\n"
        "Only the user the image runs as matters: the last USER of the final stage\n"
        "(inherited from an earlier stage it is built FROM, if it sets none). Switching to\n"
        "`root` or a named user in a builder stage, or in the middle of the final stage, is\n"
        "fine. This follows hadolint after its PR #1239; hadolint 2.15.1 reports every USER\n"
        "of every stage. A user that comes from a build argument (`USER ${APP_UID}`) is not\n"
        "reported, as in hadolint; one from an ENV is expanded and checked. Windows images\n"
        "are not reported: their users (`ContainerUser`) have no numeric form."
    ),
    check=check,
    bad="FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER app\n",
    good="FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER 10001\n",
    tags=("security", "portability"),
    security_severity=3.0,
    hadolint=True,
)
