"""DL3003: cd in a RUN instead of WORKDIR."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.analysis import Facts
from dlint.model import Command, Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

#: Where scratch work happens: a directory WORKDIR would keep in the image, or cannot name.
_TEMP_ROOTS = ("/tmp", "/var/tmp")
_REF = re.compile(r"^[\"']?\$\{?(\w+)\}?[\"']?$")


def _made_by_mktemp(name: str, texts: list[str]) -> bool:
    pattern = re.compile(rf"(?<![\w$]){re.escape(name)}=[\"']?\$\(\s*mktemp\b")
    return any(pattern.search(t) for t in texts)


def _norm(path: str) -> str:
    return path.strip("\"'").rstrip("/") or "/"


def _removed(facts: Facts, inst: Instruction) -> list[str]:
    """Directories the RUN deletes with ``rm -r`` (normalised, as written)."""
    out = []
    for other, cmd in facts.commands("rm"):
        if other is inst and cmd.has_flag("r", "R", "recursive"):
            out += [_norm(w.text) for w in cmd.args if not w.value.startswith("-")]
    return out


def _temporary(target: str, texts: list[str], removed: list[str]) -> bool:
    """A temporary directory: under /tmp, made by mktemp, or deleted later by this RUN."""
    if "mktemp" in target:
        return True
    path = _norm(target)
    if any(path == root or path.startswith(root + "/") for root in _TEMP_ROOTS):
        return True
    if any(path == r or (r != "/" and path.startswith(r + "/")) for r in removed):
        return True
    m = _REF.match(target)
    return m is not None and _made_by_mktemp(m.group(1), texts)


def temporary_cd(facts: Facts, inst: Instruction) -> Command | None:
    """The first cd of a RUN that WORKDIR could replace, or None. A cd into a temporary
    directory is not one, nor are the cds that move inside it or leave it (``cd ..``,
    ``cd /``)."""
    cmds = [c for i, c in facts.commands("cd") if i is inst]
    texts = [s.text for s in facts.scripts_of(inst)]
    removed = _removed(facts, inst) if cmds else []
    in_temp = False
    for cmd in cmds:
        target = cmd.words[1].text if len(cmd.words) > 1 else "~"
        if _temporary(target, texts, removed):
            in_temp = True
            continue
        path = _norm(target)
        if in_temp and (not path.startswith("/") or path == "/" or path in ("-", "~")):
            continue
        return cmd
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    runs = {inst.index: inst for inst, _ in ctx.facts.commands("cd")}
    for inst in runs.values():
        first = temporary_cd(ctx.facts, inst)
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
        '/var/tmp, one made by `mktemp -d` in the same RUN (`tempDir="$(mktemp -d)"; cd\n'
        '"$tempDir"`), or one the same RUN deletes with `rm -r` (`cd /usr/src/php; make;\n'
        "...; rm -rf /usr/src/php`), nor the `cd`s that move inside it or leave it. That is\n"
        "scratch work the RUN cleans up; WORKDIR would keep the directory in the image, or\n"
        "cannot name it."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN cd /usr/src/app && ./configure\n",
    good="FROM debian:12-slim\nWORKDIR /usr/src/app\nRUN ./configure\n",
    tags=("maintainability",),
    hadolint=True,
)
