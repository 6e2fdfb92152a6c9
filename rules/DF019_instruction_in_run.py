"""DF019: a Dockerfile instruction written inside a RUN script."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command, Word
from dlint.parser.checks import KNOWN
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._lang import is_posix, split_run

#: Keywords that are also commands under Windows, whose command names ignore case: cmd's
#: `copy` (PowerShell's alias too), cmd.exe itself, and label.exe.
_WINDOWS_COMMANDS = frozenset({"COPY", "CMD", "LABEL"})


def _line_start(lines: tuple[str, ...], word: Word) -> bool:
    """True when the word is the first thing on its source line."""
    line = lines[word.span.line - 1] if word.span.line <= len(lines) else ""
    return line[: word.span.column - 1].strip() == ""


def _stray(
    cmd: Command, lines: tuple[str, ...], first_line: int, windows: bool = False
) -> Iterator[tuple[Word, bool]]:
    """Upper-case instruction keywords: as the command name, or opening a continuation line."""
    name = cmd.words[0].text if cmd.words else ""
    if name in KNOWN and not (windows and name in _WINDOWS_COMMANDS):
        yield cmd.words[0], True
    for w in cmd.args:
        if w.text in KNOWN and w.span.line > first_line and _line_start(lines, w):
            yield w, False


def _commands(ctx: RuleContext) -> Iterator[tuple[int, Command, bool]]:
    """(first line, command, under a Windows shell) for every command of every RUN: parsed
    scripts, and RUNs under cmd or PowerShell split at ``&&``, ``;`` and ``|``."""
    for inst, cmd in ctx.facts.all_commands():
        yield inst.line, cmd, False
    for inst in ctx.facts.instructions("RUN"):
        if inst.exec_form is None and not is_posix(ctx.facts.shell_of(inst)):
            for cmd in split_run(inst):
                yield inst.line, cmd, True


def check(ctx: RuleContext) -> Iterator[Finding]:
    lines = ctx.dockerfile.lines
    for first_line, cmd, windows in _commands(ctx):
        for word, is_command in _stray(cmd, lines, first_line, windows):
            kw = word.text
            if is_command:
                what = (
                    f"`{kw}` is run as a command, and there is no command named {kw}, so the "
                    "build fails"
                )
            else:
                what = (
                    f"`{kw}` opens a continued line, so it and the words after it are passed "
                    f"as arguments to `{cmd.words[0].text if windows else cmd.name}`"
                )
            fix = (
                "join the commands with && and drop the keyword"
                if kw == "RUN"
                else f"end the RUN before it, so that {kw} is an instruction of its own"
            )
            yield Finding(word.span, f"{what}; {fix}.")


RULE = Rule(
    code="DF019",
    name="InstructionInRun",
    severity=Severity.ERROR,
    summary="Do not write Dockerfile instructions inside a RUN",
    rationale=(
        "Inside RUN everything is shell: `RUN apt-get update && RUN apt-get install -y\n"
        "curl` runs a command named `RUN`, which does not exist, and the build fails after\n"
        "the first command has run. When a line ends with `\\` and the next line starts\n"
        "with an instruction, as in\n\n"
        "```dockerfile\n"
        "RUN echo building \\\n"
        "    COPY app.py /app/\n"
        "```\n\n"
        "the COPY never happens: its words become arguments of `echo`, and the build goes\n"
        "on without the file. hadolint users asked for this (hadolint#760).\n\n"
        "The rule reads the parsed commands of RUN scripts and heredoc scripts, and reports\n"
        "an upper-case instruction keyword (RUN, COPY, ENV...) that is a command name or\n"
        "the first word of a continued line. Lower-case words are commands and packages of\n"
        "their own (`env`, `su`...) and are not reported, nor are keywords inside quotes or\n"
        "heredoc files. Under a cmd or PowerShell SHELL, where command names ignore case,\n"
        "`COPY`, `CMD` and `LABEL` are real commands (cmd's `copy`, cmd.exe, label.exe) and\n"
        "are reported only where they open a continued line."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN apt-get update && RUN apt-get install -y --no-install-recommends curl\n",
    good="FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    tags=("correctness",),
    precision="very-high",
)
