"""DL3059: consecutive RUN instructions that each run one command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from dlint.analysis import Facts
from dlint.model import Command, Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import is_posix, split_run


def _leaves(commands: tuple[Command, ...] | list[Command]) -> int:
    """Commands that are not wrappers of others: ``sudo x`` and ``sh -c 'x'`` are one."""
    return sum(
        1
        for c in commands
        if not any(len(d.wrappers) > len(c.wrappers) and c.span.contains(d.span) for d in commands)
    )


def _single_command(facts: Facts, inst: Instruction) -> bool:
    """A plain shell-form RUN whose script is one simple command."""
    if inst.name != "RUN" or inst.exec_form is not None or inst.heredocs:
        return False
    if not is_posix(facts.shell_of(inst)):
        return len(split_run(inst)) == 1
    scripts = facts.scripts_of(inst)
    return len(scripts) == 1 and _leaves(scripts[0].commands) == 1


#: A test command (``[ -f x ]``, ``[[ ... ]]``, ``test -d x``), which is not counted.
_TEST = re.compile(r"(?:^|[\s;&|(!])(?:\[\[?|test)\s")


def _flags(inst: Instruction) -> tuple[tuple[str, str], ...]:
    # A flag without a value (`--mount` alone, a parse error) compares as "".
    return tuple(sorted((f.name, f.value or "") for f in inst.flags))


def check(ctx: RuleContext) -> Iterator[Finding]:
    insts = ctx.dockerfile.instructions
    for prev, inst in pairwise(insts):
        if prev.stage != inst.stage or _flags(prev) != _flags(inst):
            continue
        if not (_single_command(ctx.facts, prev) and _single_command(ctx.facts, inst)):
            continue
        shell = ctx.facts.shell_of(inst)
        if is_posix(shell):
            tests = any(_TEST.search(i.args) for i in (prev, inst))
            detail, joiner = " (tests such as `[ -f x ]` aside)" if tests else "", "&&"
        else:
            name = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower() if shell else ""
            detail, joiner = "", "&&" if name.startswith("cmd") else "`;`"
        yield Finding(
            inst.keyword_span,
            f"This RUN and the one on line {prev.line} each run one command{detail}; merge "
            f"them into one RUN (joined with {joiner}) to save a layer and a build step.",
        )


RULE = Rule(
    code="DL3059",
    name="ConsecutiveRun",
    severity=Severity.INFO,
    summary="Merge consecutive RUN instructions that each run a single command",
    rationale=(
        "Each RUN creates a layer and a build step. Two RUNs in a row that each run one\n"
        "command (`RUN apt-get update` then `RUN apt-get install ...`) are usually one step\n"
        "split by accident: merged with `&&`, the image has one layer less, files deleted by\n"
        "the second command do not linger in the first layer, and the two commands are\n"
        "cached together (a cached `apt-get update` followed by a fresh install is a classic\n"
        "source of stale-package failures).\n\n"
        "To keep the noise low, only the clear cases are reported: two RUN instructions that\n"
        "follow each other in the same stage (comments between them do not count), both in\n"
        "shell form, without heredocs, with the same flags (`--mount`, `--network`...), and\n"
        "each running exactly one simple command (`sudo x` and `sh -c 'x'` are one command;\n"
        "under a Windows SHELL, a RUN without `&&`, `;` or `|`). A RUN that already chains\n"
        "commands (`&&`, `;`, a pipe, `$(...)`) was split on purpose, often for the layer\n"
        "cache, and is left alone. Tests (`[ -f x ]`, `[[ ... ]]`) are not counted as\n"
        "commands, as in hadolint: `RUN [ -f x ] && make` and `RUN if [ ... ]; then make;\n"
        "fi` each run one. The finding is on the second RUN.\n\n"
        "This is what hadolint does in practice (its documentation promises more: it counts\n"
        "every command twice, so any RUN with two commands already stops it); dlint states it\n"
        "and also leaves heredoc and exec-form RUNs alone."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN mkdir -p /opt/app\nRUN chown nobody /opt/app\n",
    good="FROM debian:12-slim\nRUN mkdir -p /opt/app && chown nobody /opt/app\n",
    tags=("performance", "size"),
    hadolint=True,
)
