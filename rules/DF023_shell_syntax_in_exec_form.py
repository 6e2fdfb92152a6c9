"""DF023: shell syntax in the exec form of RUN, CMD, ENTRYPOINT or HEALTHCHECK: no shell reads it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from dlint.analysis import Facts, ScopeView
from dlint.model import Instruction, Span, Word
from dlint.rule import Finding, Rule, RuleContext, Severity
from dlint.shell import SHELLS

from ._instr import INIT_WRAPPERS

#: Programs that read shell code themselves, or hand their arguments to a shell (``su -c``,
#: ``watch``, ``ssh``): what follows them is theirs to expand.
_SHELL_PROGRAMS = SHELLS | {
    "cmd", "powershell", "pwsh", "fish", "nu", "su", "runuser", "flock", "watch", "ssh",
}  # fmt: skip

#: Options after which an argument is code for an interpreter (``python -c``, ``node -e``,
#: ``su -c``): the rest is that code and its arguments. Other programs' ``-c`` is theirs
#: (``gunicorn -c conf.py``).
_CODE_OPTIONS = frozenset({"-c", "-e", "--eval", "--command", "-lc", "-ec", "-xc", "-ic"})
_INTERPRETERS = re.compile(
    r"(?:python[\d.]*|pypy[\d.]*|node|nodejs|deno|bun|ruby|perl|php[\d.]*|r|rscript|lua[\d.]*"
    r"|luajit|julia|tclsh|osascript|psql|mysql|mariadb|sqlite3|su|runuser|flock|sudo)$"
)

#: Programs whose arguments use ``$`` in their own language (``awk '{print $1}'``,
#: ``envsubst '$HOST'``): a ``$NAME`` there is not meant for a shell.
_OWN_DOLLAR = frozenset(
    {
        "envsubst", "awk", "gawk", "mawk", "nawk", "perl", "sed", "jq", "yq",
        "r", "rscript", "ruby", "php", "node", "deno", "bun",
    }
)  # fmt: skip

#: Words a shell reads as operators that no program takes as an argument (``;`` ends
#: ``find -exec``, ``|`` is a ``cut -d`` value, ``<`` an ``expr`` operator: not these).
_OPERATORS = frozenset({"&&", "||", ">>", "2>&1", ">&2", "|&"})

#: Variables every container has, even when the Dockerfile declares none.
_RUNTIME = frozenset({"HOME", "PATH", "HOSTNAME", "PWD", "USER"})

_REF = re.compile(r"(?<![\w$\\])\$(\{)?([A-Za-z_][A-Za-z0-9_]*)")


def _base(word: str) -> str:
    """The program's name as a shell or Windows finds it: ``C:\\...\\PowerShell.exe`` ->
    ``powershell``."""
    name = word.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    return name[:-4] if name.endswith(".exe") else name


def _entrypoint(facts: Facts, inst: Instruction) -> Instruction | None:
    """The ENTRYPOINT in force when ``inst`` (a CMD) runs: the last one of its stage chain."""
    for stage in facts.lineage(facts.stage_of(inst)):
        found = [i for i in stage.instructions_named("ENTRYPOINT") if i.index < inst.index]
        if found:
            return found[-1]
    return None


def _runs_cmd_as_given(facts: Facts, inst: Instruction) -> bool:
    """A CMD's words are a command run without a shell: no ENTRYPOINT, or one that execs.

    Another ENTRYPOINT (a script) receives them as arguments and may give them to
    ``eval``, so they are not judged.
    """
    if inst.name != "CMD":
        return True
    entry = _entrypoint(facts, inst)
    if entry is None:
        return True
    argv = entry.exec_form
    if not argv:
        return False
    return _base(argv[0]) in INIT_WRAPPERS and all(a == "--" or a.startswith("-") for a in argv[1:])


def _position(word: Word, start: int, end: int) -> Span:
    """The span of ``value[start:end]`` when the JSON string has no escapes, else the word's."""
    span = word.span
    if word.text[1:-1] == word.value and span.line == span.end_line:
        return Span(span.line, span.column + 1 + start, span.line, span.column + 1 + end)
    return span


def _findings(words: Sequence[Word], scope: object) -> Iterator[tuple[Span, str, str]]:
    """(span, what, why) for each piece of shell syntax the exec form passes on as written."""
    java = bool(words) and _base(words[0].value) == "java"
    program = ""
    seen: set[Span] = set()
    for k, word in enumerate(words):
        value = word.value
        base = _base(value)
        nxt = words[k + 1].value if k + 1 < len(words) else ""
        # A program that reads the rest itself: first, or after a wrapper (`timeout 10 bash
        # -c ...`), where an option follows it; a package named ssh is not one.
        if (base in _SHELL_PROGRAMS or base in _OWN_DOLLAR) and (
            not k or nxt.startswith(("-", "/"))
        ):
            return
        if not program and not value.startswith("-") and _INTERPRETERS.match(base):
            program = base  # the interpreter, first or after a wrapper (`timeout 10 python3`)
        if k and program and words[k - 1].value in _CODE_OPTIONS:
            return  # code for the interpreter (`python -c`, `su -c`...)
        if k and words[k - 1].value.lower() in ("/c", "/s", "-command"):
            return  # cmd /S /C, powershell -Command
        if k and value in _OPERATORS:
            yield word.span, f"`{value}`", "operator"
            return  # what follows was meant for another command
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"" and k:
            yield word.span, f"the quotes around `{value}`", "quotes"
            continue
        for m in _REF.finditer(value):
            name, end = m.group(2), m.end()
            if m.group(1):  # ${NAME...}: up to the closing brace
                end = value.find("}", end) + 1
                if not end or (java and "=" in value[: m.start()]):
                    continue  # unclosed; or a placeholder Spring resolves (--port=${PORT})
            declared = isinstance(scope, ScopeView) and scope.sets(name)
            span = _position(word, m.start(), end)
            if (declared or name in _RUNTIME) and span not in seen:
                seen.add(span)
                yield span, f"`{value[m.start() : end]}`", "variable"


def check(ctx: RuleContext) -> Iterator[Finding]:
    facts = ctx.facts
    for inst in facts.instructions("RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"):
        if inst.exec_form is None or not inst.words or not _runs_cmd_as_given(facts, inst):
            continue
        prog = inst.words[0].value
        stage = facts.stage_of(inst)
        root = facts.lineage(stage)[-1] if stage is not None else None
        for span, what, why in _findings(inst.words, facts.scope(inst)):
            if why == "variable":
                if root is not None and root.windows:
                    fix = "write the value itself (cmd, the shell form's shell, reads %NAME%)"
                elif root is not None and (root.is_scratch or "distroless" in (root.image or "")):
                    fix = "write the value itself: the image has no shell to expand it"
                elif inst.name == "RUN":
                    fix = "use the shell form"
                else:
                    fix = f'let a shell expand it: ["sh", "-c", "exec {prog} ..."]'

                yield Finding(
                    span,
                    f"{what} reaches `{prog}` as written: the JSON form of {inst.name} runs it "
                    f"without a shell, so nothing expands variables; {fix}.",
                )
            elif why == "operator":
                yield Finding(
                    span,
                    f"{what} is passed to `{prog}` as an argument: the JSON form of "
                    f"{inst.name} runs no shell, so it does not chain, pipe or redirect; "
                    "use the shell form or a script.",
                )
            else:
                yield Finding(
                    span,
                    f"{what} reach `{prog}` as part of the argument: the JSON form of "
                    f"{inst.name} runs no shell to remove them; drop the inner quotes.",
                )


RULE = Rule(
    code="DF023",
    name="ShellSyntaxInExecForm",
    severity=Severity.WARNING,
    summary="The JSON form runs no shell: variables, operators and quotes stay as written",
    rationale=(
        "The JSON (exec) form of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD starts the program\n"
        "directly, with exactly the strings of the array as its arguments. No shell reads\n"
        'them, so shell syntax does nothing: `CMD ["java", "-jar", "$JAR_FILE"]` gives java\n'
        "the text `$JAR_FILE` itself, `&&` or `2>&1` is one more argument instead of chaining\n"
        "or redirecting, and `'daemon off;'` keeps its quotes. BuildKit does not expand\n"
        "variables in these instructions either: only a shell could.\n\n"
        "Reported: a variable that an ARG or ENV of the Dockerfile declares (or HOME, PATH,\n"
        "HOSTNAME, PWD, USER), `&&`, `||`, `>>` or `2>&1` as an element of its own (not `;`,\n"
        "`|` or `<`, which `find -exec`, `cut -d` and `expr` take), and an element wrapped\n"
        "whole in quotes. What follows a shell or a program that hands its arguments to one\n"
        "(`sh -c`, `cmd /c`, `pwsh`, `su -c`, `watch`, `ssh`), or an option that takes code\n"
        "(`python -c`, `node -e`), is that program's to read, and programs that give `$` their\n"
        "own meaning (awk, sed, perl, jq, envsubst...) are not judged, nor `${NAME}` in java's\n"
        "arguments (Spring resolves such placeholders itself). A CMD is judged only when it\n"
        "is the command itself: with an ENTRYPOINT script in front, its words are arguments\n"
        "the script may `eval`.\n\n"
        "Fix it with a shell that expands the value, with the shell form, or by writing the\n"
        'value itself: `CMD ["sh", "-c", "exec java -jar \\"$JAR_FILE\\""]`.'
    ),
    check=check,
    bad='FROM eclipse-temurin:21-jre\nENV JAR_FILE=app.jar\nCMD ["java", "-jar", "$JAR_FILE"]\n',
    good=(
        "FROM eclipse-temurin:21-jre\nENV JAR_FILE=app.jar\n"
        'CMD ["sh", "-c", "exec java -jar \\"$JAR_FILE\\""]\n'
    ),
    tags=("correctness",),
    precision="high",
)
