"""Helpers for the language package manager and shell-command rules.

Package managers read their command lines in their own ways (combined short
flags, ``--opt=value``, options whose value is the next word, Go's single-dash
long options); rules that look for "the packages" of a command need to skip
option values the same way the tool does, or an index URL becomes a package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dlint.analysis import Facts
from dlint.model import Command, Instruction, Span, Word
from dlint.rule import Finding

from ._common import name_list


@dataclass(frozen=True)
class CliOption:
    """One option as the tool sees it: ``name`` without dashes, ``value`` if it took one."""

    name: str
    value: str | None
    word: Word
    value_word: Word | None = None  # the next word, when the value was not attached


@dataclass(frozen=True)
class Args:
    """A command line split into options and operands (positional arguments)."""

    options: tuple[CliOption, ...]
    operands: tuple[Word, ...]

    def has(self, *names: str) -> bool:
        return any(o.name in names for o in self.options)

    def value(self, *names: str) -> str | None:
        """The value of the last of these options (the tools keep the last one)."""
        found = None
        for o in self.options:
            if o.name in names and o.value is not None:
                found = o.value
        return found

    def last(self, *names: str) -> CliOption | None:
        found = None
        for o in self.options:
            if o.name in names:
                found = o
        return found


def parse_args(
    words: Iterable[Word],
    short_values: str = "",
    long_values: Iterable[str] = (),
    *,
    single_dash_long: bool = False,
    stop_at_operand: bool = False,
) -> Args:
    """Split ``words`` as a getopt-style tool would.

    ``short_values`` are the letters whose option takes a value (attached, as in
    ``-rfile``, or the next word); ``long_values`` the long names that do
    (``--name=v`` or ``--name v``). With ``single_dash_long`` (Go) ``-name`` is a
    long option. ``stop_at_operand`` ends option parsing at the first operand
    (``go run pkg -flag``: the rest belongs to the program). A bare ``--`` ends
    options; the words after it are operands.
    """
    longs = frozenset(long_values)
    items = list(words)
    options: list[CliOption] = []
    operands: list[Word] = []
    i = 0
    n = len(items)
    while i < n:
        w = items[i]
        v = w.value
        i += 1
        if v == "--":
            operands.extend(items[i:])
            break
        if not v.startswith("-") or v == "-":
            operands.append(w)
            if stop_at_operand:
                operands.extend(items[i:])
                break
            continue
        if v.startswith("--") or single_dash_long:
            name, eq, value = v.lstrip("-").partition("=")
            if eq:
                options.append(CliOption(name, value, w))
            elif name in longs and i < n:
                options.append(CliOption(name, items[i].value, w, items[i]))
                i += 1
            else:
                options.append(CliOption(name, None, w))
            continue
        cluster = v[1:]
        for k, ch in enumerate(cluster):
            if ch in short_values:
                rest = cluster[k + 1 :]
                if rest:
                    options.append(CliOption(ch, rest.removeprefix("="), w))
                elif i < n:
                    options.append(CliOption(ch, items[i].value, w, items[i]))
                    i += 1
                else:
                    options.append(CliOption(ch, None, w))
                break
            options.append(CliOption(ch, None, w))
    return Args(tuple(options), tuple(operands))


def subcommand(cmd: Command, short_values: str = "", long_values: Iterable[str] = ()) -> int | None:
    """Index in ``cmd.words`` of the first operand after the global options, if any."""
    longs = frozenset(long_values)
    words = cmd.words
    i = 1
    while i < len(words):
        v = words[i].value
        if v == "--":
            return i + 1 if i + 1 < len(words) else None
        if not v.startswith("-") or v == "-":
            return i
        if v.startswith("--"):
            if "=" not in v and v[2:] in longs:
                i += 1
        elif len(v) == 2 and v[1] in short_values:
            i += 1
        i += 1
    return None


def values_of(facts: Facts, inst: Instruction, word: Word) -> list[str] | None:
    """What the program receives for ``word``, split on blanks; None when it cannot be known.

    Variables are resolved from ARG and ENV in scope (``pip install "$PKG"`` with
    ``ARG PKG=flask==3.0`` is pinned); a command substitution or a variable
    without a known value gives None, so rules stay silent rather than guess.
    """
    if word.literal:
        return [word.value]
    if "$(" in word.value or "`" in word.value:
        return None
    expanded = facts.expand(inst, word.value)
    if expanded is None:
        return None
    if "'" in word.text or '"' in word.text:
        return [expanded]  # quoted: one argument, spaces and all
    return expanded.split()


SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})


def _program_word(word: Word) -> Word:
    """``C:\\Python\\pip.exe`` -> ``pip``: the name Windows runs, for matching."""
    name = word.value.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name.endswith(".exe"):
        name = name[:-4]
    return Word(word.text, name, word.span, word.literal)


def _split_words(words: tuple[Word, ...]) -> Iterator[list[Word]]:
    """Words split into commands at ``&&``, ``;``, ``|`` (also a ``;`` ending a word)."""
    current: list[Word] = []
    for w in words:
        if w.value in SEPARATORS:
            if current:
                yield current
            current = []
            continue
        if w.value.endswith(";") and len(w.value) > 1:
            span = Span(w.span.line, w.span.column, w.span.end_line, w.span.end_column - 1)
            current.append(Word(w.text[:-1], w.value[:-1], span, w.literal))
            yield current
            current = []
            continue
        current.append(w)
    if current:
        yield current


def split_run(run: Instruction) -> list[Command]:
    """A RUN's words split into commands at ``&&``, ``;`` and ``|``, names normalised.

    For shells the shell parser does not read (cmd, PowerShell): a package manager or
    tar is called the same way there, so this is enough to find ``pip install x``.
    """
    found = []
    for words in _split_words(run.words):
        first = _program_word(words[0])
        found.append(Command((first, *words[1:]), span_of(words)))
    return found


def is_posix(shell: tuple[str, ...]) -> bool:
    """False for the Windows shells (cmd, PowerShell), whose scripts are not parsed."""
    name = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower() if shell else "sh"
    return not name.startswith(("cmd", "powershell", "pwsh"))


def exec_command(run: Instruction) -> Command | None:
    """The program an exec-form RUN starts directly (``RUN ["pip", "install", "x"]``)."""
    if run.exec_form is None or not run.words:
        return None
    return Command((_program_word(run.words[0]), *run.words[1:]), span_of(run.words))


def foreign_commands(facts: Facts) -> Iterator[tuple[Instruction, Command]]:
    """Commands the shell parser does not give: exec-form RUNs that start a program
    directly, and shell-form RUNs (and ONBUILD RUNs) in stages with a Windows SHELL."""
    for inst in facts.instructions("RUN", "ONBUILD"):
        run = inst.onbuild if inst.onbuild is not None else inst
        if run.name != "RUN" or run.heredocs or facts.scripts_of(inst):
            continue
        if run.exec_form is not None:
            cmd = exec_command(run)
            if cmd is not None:
                yield inst, cmd
        elif not is_posix(facts.shell_of(inst)):
            yield from ((inst, cmd) for cmd in split_run(run))


def commands_named(facts: Facts, *names: str) -> Iterator[tuple[Instruction, Command]]:
    """Commands RUN executes with one of these basenames, including foreign_commands."""
    yield from facts.commands(*names)
    for inst, cmd in foreign_commands(facts):
        if cmd.base in names:
            yield inst, cmd


def span_of(words: list[Word] | tuple[Word, ...]) -> Span:
    """The span from the first to the last of ``words``."""
    first, last = words[0].span, words[-1].span
    return Span(first.line, first.column, last.end_line, last.end_column)


def is_onbuild(inst: Instruction) -> bool:
    return inst.name == "ONBUILD"


def shipped_stages(facts: Facts) -> set[int]:
    """Indexes of the stages whose files end up in the final image.

    The final stage and, transitively, the stages it is built ``FROM``. Files
    left in other stages only reach the image through an explicit
    ``COPY --from``, so caches there cost build disk, not image size.
    """
    return {s.index for s in facts.lineage(facts.final_stage)}


def under(path: str, roots: Iterable[str]) -> bool:
    """True when ``path`` is one of ``roots`` or inside one of them."""
    p = path.rstrip("/")
    for root in roots:
        r = root.rstrip("/")
        if r and (p == r or p.startswith(r + "/")):
            return True
    return False


# -- one finding per install command -------------------------------------------------


@dataclass(frozen=True)
class Unpinned:
    """One package an install command names without a fixed version."""

    word: Word  # the word that names it (a ``$VAR`` word for a package from a variable)
    name: str  # the package as the message shows it
    why: str  # what is wrong: "without a version", "at `@latest`, which moves", ...
    pin: str  # how to pin this package: "flask==<version>"
    pattern: str  # how to pin any package of this kind: "<name>==<version>"


def unpinned_findings(lead: str, items: list[Unpinned], tail: str = "") -> Iterator[Finding]:
    """One finding for every unpinned package of one install command (none without any).

    ``lead`` is the start of the message (``"`pip` installs"``) and ``tail`` what may
    follow the pinning advice (``", or list {it} in package.json"``: ``{it}`` becomes
    "it" or "them"). The span runs from the first package to the last, and the message
    names every package: a 30-package install is one finding, not thirty, as for the OS
    package rules.
    """
    if not items:
        return
    if len(items) == 1:
        one = items[0]
        yield Finding(
            one.word.span,
            f"{lead} `{one.name}` {one.why}, so each build may get a different release; "
            f"pin it (`{one.pin}`){tail.format(it='it')}.",
        )
        return
    by_why: dict[str, list[str]] = {}
    for item in items:
        names = by_why.setdefault(item.why, [])
        if item.name not in names:
            names.append(item.name)
    clauses = [f"{name_list([f'`{n}`' for n in names])} {why}" for why, names in by_why.items()]
    listed = clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + ", and " + clauses[-1]
    pins = " or ".join(dict.fromkeys(f"`{item.pattern}`" for item in items))
    first, last = items[0].word.span, items[-1].word.span
    yield Finding(
        Span(first.line, first.column, last.end_line, last.end_column),
        f"{lead} {listed}, so each build may get different releases; "
        f"pin each ({pins}){tail.format(it='them')}.",
    )
