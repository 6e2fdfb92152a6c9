"""DL3004: sudo in a RUN."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[int] = set()
    for inst, cmd in ctx.facts.commands("sudo", "doas"):
        if inst.index in seen:
            continue  # one finding per RUN: the fix is the same for all of them
        seen.add(inst.index)
        yield Finding(
            cmd.words[0].span,
            f"`{cmd.base}` in a RUN depends on the image's sudo configuration and keeps root "
            "powers a user could abuse; switch with `USER root` around the commands that need "
            "it (or use gosu/su-exec in an entrypoint).",
        )


RULE = Rule(
    code="DL3004",
    name="SudoInRun",
    severity=Severity.ERROR,
    summary="Do not use sudo in RUN; switch users with USER",
    rationale=(
        "`sudo` exists for interactive logins: it reads a sudoers policy, may ask for a\n"
        "password or want a terminal, changes the environment and its behaviour differs\n"
        "between distributions, so a build that uses it is fragile. It also means the image\n"
        "grants a user the right to become root, which an attacker in the container can use\n"
        "too. A Dockerfile does not need it: `USER root` before the commands that need root\n"
        "and `USER app` after them do the same, and at run time tools such as gosu or\n"
        "su-exec drop privileges without a sudoers file.\n\n"
        "Reported once per RUN, at its first `sudo` (or `doas`), wherever it runs (after\n"
        "`&&`, in `sh -c`, in heredocs, in ONBUILD RUN). Installing the sudo package is not\n"
        "reported. hadolint does not check `doas`."
    ),
    check=check,
    bad="FROM debian:12-slim\nUSER app\nRUN sudo mkdir -p /opt/app\n",
    good=(
        "FROM debian:12-slim\nUSER root\nRUN mkdir -p /opt/app && chown app /opt/app\nUSER app\n"
    ),
    tags=("security", "maintainability"),
    security_severity=4.0,
    hadolint=True,
)
