"""DL3002: the image's last USER is root."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity

from ._instr import is_root_user, text_span
from ._users import suggestion


def check(ctx: RuleContext) -> Iterator[Finding]:
    """Judge the user the image runs as: the final stage's effective USER (maybe inherited)."""
    final = ctx.facts.final_stage
    if final is None or final.user is None or final.user_instruction is None:
        return
    if not is_root_user(final.user):
        return
    inst = final.user_instruction
    written = inst.args.strip()
    shown = written if written == final.user else f"{written} (= {final.user})"
    where = ""
    if inst.stage != final.index:
        owner = ctx.facts.stages[inst.stage]
        name = owner.name or f"#{owner.index}"
        where = f", set in stage {name} that the final stage is built FROM,"
    yield Finding(
        text_span(inst),
        f"USER {shown}{where} is the last USER of the final stage, so the container runs as "
        f"root; switch to a non-root user once the steps that need root are done: "
        f"{suggestion(ctx, final)}.",
    )


RULE = Rule(
    code="DL3002",
    name="LastUserRoot",
    severity=Severity.WARNING,
    summary="The last USER of the image should not be root",
    rationale=(
        "A container runs as the last USER its image sets. A process running as root inside a\n"
        "container can write anywhere in the image and is one kernel or runtime bug away from\n"
        "root on the host. Do the steps that need root first, then switch to an unprivileged\n"
        "user for the rest of the build and for run time.\n\n"
        "Root is `root` or uid `0`, with or without a group (`root:root`, `0:1000`); values\n"
        "from ARG and ENV are resolved (`ARG RUN_AS=root` then `USER $RUN_AS`).\n\n"
        "Only the user the image runs as is judged: the last USER of the final stage, or,\n"
        "when the final stage sets none, the one it inherits from the earlier stage it is built\n"
        "FROM. `USER root` in a builder stage whose files are only copied out does not change\n"
        "who the container runs as, so unlike hadolint, which checks every stage, dlint does\n"
        "not report it. A final stage that never sets USER is DF001's concern."
    ),
    check=check,
    bad=('FROM debian:12-slim\nRUN useradd -u 10001 app\nUSER root\nCMD ["sleep", "infinity"]\n'),
    good=(
        "FROM debian:12-slim\nUSER root\nRUN useradd -u 10001 app\nUSER 10001\n"
        'CMD ["sleep", "infinity"]\n'
    ),
    tags=("security",),
    security_severity=5.0,
    hadolint=True,
)
