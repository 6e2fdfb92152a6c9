"""DL3003: cd in a RUN instead of WORKDIR."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.model import Command, Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

#: Where scratch work happens: a directory WORKDIR would keep in the image, or cannot name.
_TEMP_ROOTS = ("/tmp", "/var/tmp")
_REF = re.compile(r"^[\"']?\$\{?(\w+)\}?[\"']?$")


def _made_by_mktemp(name: str, texts: list[str]) -> bool:
    pattern = re.compile(rf"(?<![\w$]){re.escape(name)}=[\"']?\$\(\s*mktemp\b")
    return any(pattern.search(t) for t in texts)


def _temporary(target: str, texts: list[str]) -> bool:
    """A temporary directory: under /tmp, or made by mktemp in this RUN."""
    if "mktemp" in target:
        return True
    path = target.strip("\"'")
    if any(path == root or path.startswith(root + "/") for root in _TEMP_ROOTS):
        return True
    m = _REF.match(target)
    return m is not None and _made_by_mktemp(m.group(1), texts)


def _reported_cd(ctx: RuleContext, cmds: list[Command], texts: list[str]) -> Command | None:
    """The first cd of a RUN that WORKDIR could replace. A cd into a temporary directory
    is not one, nor are the cds that move around inside it or leave it (``cd ..``, ``cd /``)."""
    in_temp = False
    for cmd in cmds:
        target = cmd.words[1].text if len(cmd.words) > 1 else "~"
        if _temporary(target, texts):
            in_temp = True
            continue
        path = target.strip("\"'")
        if in_temp and (not path.startswith("/") or path == "/" or path in ("-", "~")):
            continue
        return cmd
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    by_run: dict[int, tuple[Instruction, list[Command]]] = {}
    for inst, cmd in ctx.facts.commands("cd"):
        by_run.setdefault(inst.index, (inst, []))[1].append(cmd)
    for inst, cmds in by_run.values():
        texts = [s.text for s in ctx.facts.scripts_of(inst)]
        first = _reported_cd(ctx, cmds, texts)
        if first is None:
            continue  # one finding per RUN: the fix is the same for all its cds
        target = first.words[1].text if len(first.words) > 1 else "~"
        yield Finding(
            first.words[0].span,
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
        "subshell. A `cd` into a temporary directory is not reported: one under /tmp or\n"
        '/var/tmp, or made by `mktemp -d` in the same RUN (`tempDir="$(mktemp -d)"; cd\n'
        '"$tempDir"`), nor the `cd`s that move inside it or leave it. That is scratch work\n'
        "the RUN cleans up; WORKDIR would keep the directory in the image, or cannot name it."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN cd /usr/src/app && ./configure\n",
    good="FROM debian:12-slim\nWORKDIR /usr/src/app\nRUN ./configure\n",
    tags=("maintainability",),
    hadolint=True,
)
