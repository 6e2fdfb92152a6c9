"""DL3003: cd in a RUN instead of WORKDIR."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.rule import Finding, Rule, RuleContext, Severity


def check(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[int] = set()
    for inst, cmd in ctx.facts.commands("cd"):
        if inst.index in seen:
            continue  # one finding per RUN: the fix is the same for all its cds
        seen.add(inst.index)
        target = cmd.words[1].value if len(cmd.words) > 1 else "~"
        yield Finding(
            cmd.words[0].span,
            f"`cd {target}` changes directory inside this RUN only; set the directory with "
            f"WORKDIR, which every later instruction uses and which creates it if needed.",
        )


RULE = Rule(
    code="DL3003",
    name="CdInsteadOfWorkdir",
    severity=Severity.WARNING,
    summary="Use WORKDIR to switch to a directory, not cd",
    rationale=(
        "A `cd` in a RUN lasts until the end of that RUN: the next instruction starts in the\n"
        "WORKDIR again, which makes the directory each command runs in hard to follow and\n"
        "invites `cd` chains repeated in every RUN. WORKDIR sets the directory for all later\n"
        "RUN, CMD, ENTRYPOINT, COPY and ADD instructions, and creates it when missing.\n\n"
        "Reported once per RUN, at its first `cd`, wherever it runs (after `&&`, in `sh -c`,\n"
        "in heredocs and subshells, in ONBUILD RUN). A `cd` kept in a subshell\n"
        "(`(cd src && make)`) is still reported: WORKDIR expresses the same without the\n"
        "subshell. Suppress the finding where a RUN really needs a temporary directory."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN cd /usr/src/app && ./configure\n",
    good="FROM debian:12-slim\nWORKDIR /usr/src/app\nRUN ./configure\n",
    tags=("maintainability",),
    hadolint=True,
)
