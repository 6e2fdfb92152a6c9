"""DL4006: a pipe in RUN hides the failure of every command but the last."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dlint.model import Command, Dockerfile, Instruction, Script, Span
from dlint.rule import Finding, Rule, RuleContext, Severity

#: Commands that only write their arguments (yes: forever): on the left of a pipe they cannot
#: fail, except by SIGPIPE when the reader stops, which pipefail would turn into a failed build.
QUIET_WRITERS = frozenset({"echo", "printf", "yes"})
#: Checks that fail when they read nothing: at the end of a pipe, a left side that fails
#: without output fails the RUN anyway (``locale -a | grep en_US.utf8``).
MATCHERS = frozenset({"grep", "egrep", "fgrep"})


#: Commands that print the environment or the shell's variables: with no operand (or
#: only ``-p``), they cannot fail.
_ENV_PRINTERS = frozenset({"printenv", "env", "set", "export", "declare", "typeset", "alias"})


def _prints_all(cmd: Command) -> bool:
    return all(v == "-p" for v in cmd.arg_values)


def _sets_pipefail(cmd: Command) -> bool:
    values = [w.value for w in cmd.words]
    return cmd.base == "set" and any(
        v == "pipefail" and k > 1 and values[k - 1].startswith("-") and "o" in values[k - 1]
        for k, v in enumerate(values)
    )


def _substitutions(script: Script) -> list[Span]:
    """``$(...)`` in the script text that no assignment takes (``[ "$(a | b)" = 2 ]``: the
    shell model has no command for a test, so its words cannot say it)."""
    text = script.text
    found = []
    start = text.find("$(")
    while start >= 0:
        depth, k, quote = 0, start + 1, ""
        while k < len(text):
            ch = text[k]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch == "'":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if not text[:start].rstrip('"').endswith("="):  # x=$(a | b): its status counts
            found.append(script.text_map.span(start, k + 1))
        start = text.find("$(", start + 2)
    return found


def _containers(script: Script) -> list[Span | None]:
    """For each command, the substitution (``$(...)``, backticks, ``<(...)``) it runs in."""
    commands = script.commands
    words = [
        w.span
        for c in commands
        for w in c.words
        if "$(" in w.text or "`" in w.text or "<(" in w.text or ">(" in w.text
    ]
    if "$(" in script.text and any(c.in_pipeline for c in commands):
        words += _substitutions(script)
    found: list[Span | None] = []
    for c in commands:
        around = [s for s in words if s != c.span and s.contains(c.span)]
        found.append(
            min(around, key=lambda s: (s.end_line - s.line, s.end_column - s.column))
            if around
            else None
        )
    return found


def _offending_pipe(script: Script) -> tuple[Command, Command] | None:
    """The first pipe (left and right command) whose status counts and runs without pipefail.

    A pipeline inside a substitution that is an argument (``cmd $(a | b)``) is left
    out: its status is lost whatever pipefail says.
    """
    commands = script.commands
    container = _containers(script)
    pipes = []
    for k, right in enumerate(commands):
        if not k or right.joined_by != "|" or container[k] is not None:
            continue
        left = next(
            (
                commands[j]
                for j in range(k - 1, -1, -1)
                if commands[j].in_pipeline and container[j] == container[k]
            ),
            commands[k - 1],
        )
        if left.base in QUIET_WRITERS and not left.wrappers:
            continue  # `echo "$sum *f" | sha256sum -c`, `yes | cmd`: nothing to catch
        if left.base in _ENV_PRINTERS and not left.wrappers and _prints_all(left):
            continue  # `printenv | sort`, `set | grep`: printing the environment cannot fail
        last = k + 1 == len(commands) or commands[k + 1].joined_by != "|"
        if last and right.base in MATCHERS and not right.has_flag("v", "invert-match"):
            continue  # `locale -a | grep en_US`: no output from a failed left side fails it
        pipes.append((left, right))
    for left, right in pipes:
        before = commands[: right.index]
        if not any(_sets_pipefail(c) and not c.wrappers for c in before):
            return left, right
    return pipes[0] if pipes else None


def _pipe_span(df: Dockerfile, left: Command, right: Command) -> Span:
    """The ``|`` between two commands in the source; the right command's name if not found."""
    line, column = left.span.end_line, left.span.end_column
    while line <= right.span.line and line <= len(df.lines):
        text = df.lines[line - 1]
        stop = right.span.column - 1 if line == right.span.line else len(text)
        at = text.find("|", column - 1, stop)
        if at >= 0:
            return Span(line, at + 1, line, at + 2)
        line, column = line + 1, 1
    return right.words[0].span


#: Shells with pipefail, by the name of their program.
_PIPEFAIL_SHELLS = frozenset({"bash", "zsh", "ksh", "mksh", "ash"})


def _shell_advice(ctx: RuleContext, inst: Instruction) -> str:
    """The SHELL to suggest: the stage's own with ``-o pipefail`` added when it has pipefail
    (``/usr/local/bin/bash`` in the bash image, ``--login`` kept), else bash, or BusyBox's
    sh (Alpine and BusyBox images have pipefail in ash, and no bash)."""
    argv = list(ctx.facts.shell_of(inst))
    if argv and argv[0].rsplit("/", 1)[-1] in _PIPEFAIL_SHELLS:
        at = argv.index("-c") if "-c" in argv else len(argv)
        argv[at:at] = ["-o", "pipefail"]
        return json.dumps(argv)
    stage = ctx.facts.stage_of(inst)
    root = ctx.facts.lineage(stage)[-1] if stage is not None else None
    if root is not None and (root.image or "").split(":", 1)[0] in (
        "bash",
        "docker.io/library/bash",
    ):
        program = "/usr/local/bin/bash"  # the bash image has no /bin/bash
    elif stage is not None and stage.busybox_sh:
        program = "/bin/sh"
    else:
        program = "/bin/bash"
    return json.dumps([program, "-o", "pipefail", "-c"])


def check(ctx: RuleContext) -> Iterator[Finding]:
    for inst in ctx.facts.instructions("RUN", "ONBUILD"):
        for script in ctx.facts.scripts_of(inst):
            if script.source not in ("run", "heredoc"):
                continue
            if not script.has_pipeline or script.pipefail:
                continue
            found = _offending_pipe(script)
            if found is None:
                continue
            left, right = found
            lead = (
                f"The pipe from `{left.base}` to `{right.base}` runs without pipefail, so if "
                f"`{left.base}` fails the RUN still succeeds; "
            )
            nested = next((w for w in left.wrappers if w.endswith(" -c")), None)
            if nested is not None:
                fix = (
                    "start the script the inner shell runs (its `-c` text) with `set -o pipefail;`"
                )
            elif script.source == "heredoc" and script.text.startswith("#!"):
                fix = "add `set -o pipefail` after the script's shebang line"
            else:
                inline = (
                    "add `set -o pipefail` at the top of the script"
                    if script.source == "heredoc"
                    else "start the RUN with `set -o pipefail &&`"
                )
                fix = (
                    f"set `SHELL {_shell_advice(ctx, inst)}` before it, or {inline} in a shell "
                    "that supports it"
                )
            yield Finding(_pipe_span(ctx.dockerfile, left, right), f"{lead}{fix}.")
            break


RULE = Rule(
    code="DL4006",
    name="PipefailMissing",
    severity=Severity.WARNING,
    summary="Set -o pipefail before a RUN with a pipe",
    rationale=(
        "The exit status of a pipeline is that of its last command, so in\n"
        "`RUN curl -fsSL https://example.com/install.sh | sh` a failed download still ends in\n"
        "a successful step (sh happily runs an empty script), and the build goes on with\n"
        "a broken image. With the `pipefail` option the pipeline fails when any of its\n"
        "commands does. Set it for every RUN with\n"
        '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, or in the RUN itself with\n'
        "`set -o pipefail`.\n\n"
        "Counted as pipefail: a SHELL started with `-o pipefail` (bash, zsh, ash, and also\n"
        "`/bin/sh` on BusyBox and other shells that accept it: a shell that does not fails\n"
        "the build at once, which is hard to miss); `set -o pipefail` (or `set -eo\n"
        "pipefail`) before the first pipe of the RUN or heredoc; a heredoc shebang such as\n"
        "`#!/bin/bash -o pipefail`. A pipe inside `bash -c '...'` needs pipefail in that\n"
        "shell. Stages whose SHELL is not a POSIX shell (PowerShell, cmd) are not checked.\n"
        "The finding points at the first pipe that runs without pipefail.\n\n"
        "A pipe fed by `echo`, `printf` or `yes` is not reported: they only write their\n"
        "arguments and cannot fail, except when the reader stops early and they get SIGPIPE,\n"
        "which pipefail would turn into a failed build (`yes | cmd` always fails with it).\n"
        '`echo "$SHA256 *file.tgz" | sha256sum -c -` is right as it is. Nor is a bare\n'
        "`printenv`, `env`, `set` or `export -p` (printing the environment cannot fail), or a\n"
        "pipe ending in `grep` (not `grep -v`): a left side that fails without output makes\n"
        "grep fail too (`locale -a | grep en_US`).\n\n"
        "Differences from hadolint: hadolint only accepts a SHELL naming bash, zsh or ash,\n"
        "does not see `set -o pipefail` in the RUN or a heredoc, does not check ONBUILD\n"
        "RUN (whose triggers run with this image's SHELL), and reports pipes fed by `echo`."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n",
    good=(
        'FROM debian:12-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN curl -fsSL https://example.com/install.sh | sh\n"
    ),
    tags=("correctness",),
    hadolint=True,
)
