"""DF024: a RUN heredoc script without ``set -e``: a failing command does not stop the build."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dlint.model import Command, Script
from dlint.rule import Finding, Rule, RuleContext, Severity
from dlint.shell import SHELLS

#: Commands that do not fail in practice, or that only set up the shell: a script that
#: starts with them and then runs one real command stops where that command fails.
_HARMLESS = frozenset(
    {
        "set", "export", "echo", "printf", "true", ":", "umask", "shopt", "alias", "unset",
        "readonly", "local", "declare", "typeset", "trap", "ulimit", "hash", "exit",
    }
)  # fmt: skip


def _errexit_options(args: Sequence[str]) -> bool:
    """``-e``, ``-ex``, ``-euxo pipefail`` or ``-o errexit`` among a shell's or set's options."""
    for k, arg in enumerate(args):
        if arg == "-o" and k + 1 < len(args) and args[k + 1] == "errexit":
            return True
        if arg.startswith("-") and not arg.startswith("--") and "e" in arg[1:]:
            return True
    return False


def _sets_errexit(cmd: Command) -> bool:
    return (
        cmd.base == "set"
        and not cmd.wrappers
        and not cmd.in_subshell
        and _errexit_options(cmd.arg_values)
    )


def _shebang_errexit(script: Script) -> bool:
    """``#!/bin/sh -e``, ``#!/usr/bin/env -S bash -e``: the interpreter starts with errexit."""
    first = script.text.split("\n", 1)[0]
    return first.startswith("#!") and _errexit_options(first[2:].split()[1:])


def _stdin_shell_errexit(run: Script | None) -> bool:
    """``RUN bash -e <<EOF``: the shell that reads the heredoc was started with errexit."""
    if run is None:
        return False
    return any(c.base in SHELLS and _errexit_options(c.arg_values) for c in run.commands if c.words)


def _first_unchecked(script: Script) -> Command | None:
    """The first command whose failure the script would ignore: in a top-level statement
    that is not the last, before any ``set -e``. A script that says ``set +e`` means it."""
    statements = script.statements
    commands = [c for c in script.commands if c.words]
    if any(c.base == "set" and "+e" in c.arg_values for c in commands):
        return None
    for statement in statements[:-1]:
        inside = [c for c in commands if statement.contains(c.span)]
        if any(_sets_errexit(c) for c in inside):
            return None
        first = inside[0].span if inside else None
        if first is None or (first.line, first.column) != (statement.line, statement.column):
            continue  # if, for, while, case, ( ): their conditions may fail on purpose
        if any(c.joined_by == "||" for c in inside):
            continue  # `cmd || true`, `cmd || exit 1`: the failure is handled
        after = next((c for c in commands if c.index > inside[-1].index), None)
        if after is not None and after.joined_by == "&":
            continue  # `daemon &`: a background job's status is never seen
        # `set -e` stops on the statement's own status: that of its last command (the end
        # of an `&&` chain or of a pipe), not on a test earlier in it.
        last = [c for c in inside if not c.wrappers and not c.in_subshell]
        if last and last[-1].base not in _HARMLESS:
            return last[-1]
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    facts = ctx.facts
    for inst in facts.instructions("RUN"):
        if not inst.heredocs or inst.exec_form is not None:
            continue
        if _errexit_options(facts.shell_of(inst)[1:]):
            continue  # SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
        scripts = facts.scripts_of(inst)
        run = next((s for s in scripts if s.source == "run"), None)
        if _stdin_shell_errexit(run):
            continue
        for script in scripts:
            if script.source != "heredoc" or _shebang_errexit(script):
                continue
            cmd = _first_unchecked(script)
            if cmd is None:
                continue
            yield Finding(
                cmd.words[0].span,
                f"This heredoc script runs without `set -e`, so if `{cmd.base}` fails the "
                "script goes on and the RUN succeeds when its last command does; add "
                "`set -e` (or `set -eux`) as its first line.",
            )


RULE = Rule(
    code="DF024",
    name="HeredocWithoutErrexit",
    severity=Severity.WARNING,
    summary="A RUN heredoc script needs `set -e`, or its failures are ignored",
    rationale=(
        "BuildKit runs a RUN heredoc as a script: the shell reads it line by line and the\n"
        "step's status is that of the last command. Without `set -e`, a download or an\n"
        "install that fails in the middle is ignored and the build goes on with a broken\n"
        "image, where the same commands joined with `&&` in a shell-form RUN would have\n"
        "stopped it. Start the script with `set -e` (`set -eux` also prints each command,\n"
        "`set -euo pipefail` in bash also catches pipes).\n\n"
        "Not reported: a script whose only command that can fail is its last; a statement\n"
        "that handles its failure (`cmd || true`); a script that says `set +e`; an `if`,\n"
        "`for`, `while` or `case` (whose conditions may fail on purpose); a `set -e`\n"
        "(or `set -o errexit`) before the first command that can fail; a shebang or a\n"
        "shell started with `-e` (`#!/bin/sh -e`, `RUN bash -e <<EOF`, a SHELL such as\n"
        '`["/bin/bash", "-eo", "pipefail", "-c"]`). Heredocs given to another program\n'
        "(`python3 <<EOF`) or written to a file (`cat <<EOF > f`) are not shell scripts the\n"
        "RUN runs, and are not checked. The finding points at the first command whose\n"
        "failure would be ignored."
    ),
    check=check,
    bad=(
        "FROM debian:12-slim\nRUN <<EOF\napt-get update\n"
        "apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n"
        "rm -rf /var/lib/apt/lists/*\nEOF\n"
    ),
    good=(
        "FROM debian:12-slim\nRUN <<EOF\nset -eux\napt-get update\n"
        "apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n"
        "rm -rf /var/lib/apt/lists/*\nEOF\n"
    ),
    tags=("correctness",),
    precision="high",
)
