"""Helpers for the language package manager and shell-command rules.

Package managers read their command lines in their own ways (combined short
flags, ``--opt=value``, options whose value is the next word, Go's single-dash
long options); rules that look for "the packages" of a command need to skip
option values the same way the tool does, or an index URL becomes a package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dlint.analysis import Facts, Stage
from dlint.model import Command, Instruction, Span, Word


@dataclass(frozen=True)
class Option:
    """One option as the tool sees it: ``name`` without dashes, ``value`` if it took one."""

    name: str
    value: str | None
    word: Word


@dataclass(frozen=True)
class Args:
    """A command line split into options and operands (positional arguments)."""

    options: tuple[Option, ...]
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

    def option_words(self, *names: str) -> list[Word]:
        return [o.word for o in self.options if o.name in names]


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
    options: list[Option] = []
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
                options.append(Option(name, value, w))
            elif name in longs and i < n:
                options.append(Option(name, items[i].value, w))
                i += 1
            else:
                options.append(Option(name, None, w))
            continue
        cluster = v[1:]
        for k, ch in enumerate(cluster):
            if ch in short_values:
                rest = cluster[k + 1 :]
                if rest:
                    options.append(Option(ch, rest.removeprefix("="), w))
                elif i < n:
                    options.append(Option(ch, items[i].value, w))
                    i += 1
                else:
                    options.append(Option(ch, None, w))
                break
            options.append(Option(ch, None, w))
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
    return expanded.split()


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
    final = facts.final_stage
    shipped: set[int] = set()
    stage: Stage | None = final
    while stage is not None and stage.index not in shipped:
        shipped.add(stage.index)
        stage = facts.stages[stage.base_stage] if stage.base_stage is not None else None
    return shipped


def commands_named(
    facts: Facts, *names: str, onbuild: bool = True
) -> Iterator[tuple[Instruction, Command]]:
    """Commands RUN executes with one of these basenames (ONBUILD RUN too unless told)."""
    for inst, cmd in facts.commands(*names):
        if onbuild or not is_onbuild(inst):
            yield inst, cmd


def under(path: str, roots: Iterable[str]) -> bool:
    """True when ``path`` is one of ``roots`` or inside one of them."""
    p = path.rstrip("/")
    for root in roots:
        r = root.rstrip("/")
        if r and (p == r or p.startswith(r + "/")):
            return True
    return False


def unpinned_message(tool: str, package: str, how: str, why: str = "has no version") -> str:
    """The shared wording of the pinning rules."""
    return (
        f"`{tool}` installs `{package}`, which {why}, so every build may get a different "
        f"release; pin it ({how})."
    )
