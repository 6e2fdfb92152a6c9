"""DF019: a Dockerfile instruction written inside a RUN script."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command, Word
from dlint.parser.checks import KNOWN
from dlint.rule import Finding, Rule, RuleContext, Severity


def _line_start(lines: tuple[str, ...], word: Word) -> bool:
    """True when the word is the first thing on its source line."""
    line = lines[word.span.line - 1] if word.span.line <= len(lines) else ""
    return line[: word.span.column - 1].strip() == ""


def _stray(cmd: Command, lines: tuple[str, ...], first_line: int) -> Iterator[tuple[Word, bool]]:
    """Upper-case instruction keywords: as the command name, or opening a continuation line."""
    if cmd.words and cmd.words[0].text in KNOWN:
        yield cmd.words[0], True
    for w in cmd.args:
        if w.text in KNOWN and w.span.line > first_line and _line_start(lines, w):
            yield w, False


def check(ctx: RuleContext) -> Iterator[Finding]:
    lines = ctx.dockerfile.lines
    for inst, cmd in ctx.facts.all_commands():
        for word, is_command in _stray(cmd, lines, inst.line):
            kw = word.text
            if is_command:
                what = (
                    f"`{kw}` is run as a command, and there is no command named {kw}, so the "
                    "build fails"
                )
            else:
                what = (
                    f"`{kw}` opens a continued line, so it and the words after it are passed "
                    f"as arguments to `{cmd.name}`"
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
        "heredoc files."
    ),
    check=check,
    bad="FROM debian:12-slim\nRUN apt-get update && RUN apt-get install -y --no-install-recommends curl\n",
    good="FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    tags=("correctness",),
    precision="very-high",
)
