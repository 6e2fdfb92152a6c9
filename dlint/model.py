"""The Dockerfile model: plain, frozen data that every rule and formatter reads.

Positions are 1-based lines and 1-based columns counted in Unicode code points.
An ``end_column`` is *exclusive*: a span covering ``RUN`` on line 3 is
``Span(3, 1, 3, 4)``. This is what SARIF and editors expect, and it makes the
length of a one-line span ``end_column - column``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True, order=True)
class Span:
    """A region of the source file: start inclusive, end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, int]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies within this span (its ends included)."""
        return (self.line, self.column) <= (other.line, other.column) and (
            other.end_line,
            other.end_column,
        ) <= (self.end_line, self.end_column)


@dataclass(frozen=True)
class TextMap:
    """Maps offsets in a derived (logical) text back to source positions.

    A logical text is made by joining pieces of source lines (continuations
    removed, comment lines dropped). Each piece is recorded as a segment: its
    offset in the logical text and the source line and column where it starts.
    Characters inside a segment are contiguous in the source.
    """

    offsets: tuple[int, ...]
    lines: tuple[int, ...]
    columns: tuple[int, ...]

    @staticmethod
    def single(line: int, column: int) -> TextMap:
        return TextMap((0,), (line,), (column,))

    def position(self, offset: int) -> tuple[int, int]:
        """Source (line, column) of the character at ``offset``."""
        if not self.offsets:
            return (1, 1)
        i = bisect.bisect_right(self.offsets, offset) - 1
        if i < 0:
            i = 0
        return self.lines[i], self.columns[i] + (offset - self.offsets[i])

    def span(self, start: int, end: int) -> Span:
        """Span of the logical characters ``[start, end)``."""
        line, column = self.position(start)
        if end <= start:
            return Span(line, column, line, column)
        end_line, end_col = self.position(end - 1)
        return Span(line, column, end_line, end_col + 1)

    def shifted(self, delta: int) -> TextMap:
        """The same map for a text that starts ``delta`` characters later.

        ``shifted(k).position(0) == position(k)``: used when a sub-string of a
        logical text (for example the body of ``sh -c '...'``) is parsed again.
        """
        if delta == 0:
            return self
        i = max(bisect.bisect_right(self.offsets, delta) - 1, 0)
        offsets = [0]
        lines = [self.lines[i]]
        columns = [self.columns[i] + (delta - self.offsets[i])]
        for j in range(i + 1, len(self.offsets)):
            offsets.append(self.offsets[j] - delta)
            lines.append(self.lines[j])
            columns.append(self.columns[j])
        return TextMap(tuple(offsets), tuple(lines), tuple(columns))


@dataclass(frozen=True)
class Word:
    """One word of an instruction or of a shell command.

    ``text`` is the word as written (quotes and escapes kept). ``value`` is the
    word with quotes removed and escapes applied, variable references kept as
    written (``$HOME`` stays ``$HOME``). ``literal`` is True when the word has no
    variable reference or command substitution, so ``value`` is exactly what the
    program will receive.
    """

    text: str
    value: str
    span: Span
    literal: bool = True


@dataclass(frozen=True)
class Comment:
    """A comment line: ``text`` is what follows ``#``, stripped."""

    line: int
    text: str
    raw: str


@dataclass(frozen=True)
class Directive:
    """A parser directive at the top of the file (``# syntax=``, ``# escape=``, ``# check=``)."""

    name: str  # lower-case: syntax, escape, check
    value: str
    line: int
    span: Span


@dataclass(frozen=True)
class Flag:
    """A ``--name[=value]`` flag right after the keyword.

    ``options`` holds the comma-separated ``key=value`` pairs of flags that
    have them (``--mount``): ``(("type", "cache"), ("target", "/root/.cache"))``.
    A bare key (``ro``) has the value ``""``.
    """

    name: str
    value: str | None
    span: Span
    options: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        """The flag as BuildKit lists it: ``--name`` or ``--name=value``."""
        return f"--{self.name}" if self.value is None else f"--{self.name}={self.value}"

    def option(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.options:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class Heredoc:
    """A here-document attached to RUN, COPY or ADD.

    ``body`` is the content as BuildKit passes it (lines joined with their line
    endings; leading tabs removed when ``strip_tabs``). ``body_map`` maps offsets
    in ``body`` to source positions. ``line``/``end_line`` are the body's first
    and last source lines (``end_line < line`` for an empty body);
    ``terminator_line`` is the line holding the closing word.
    """

    name: str  # the delimiter word, unquoted
    fd: int | None
    strip_tabs: bool  # <<-
    quoted: bool  # <<"EOF" or <<'EOF': no expansion
    body: str
    line: int
    end_line: int
    terminator_line: int
    body_map: TextMap
    word_span: Span  # the ``<<EOF`` word in the instruction


@dataclass(frozen=True)
class KeyValue:
    """A ``key=value`` pair of ENV, LABEL or ARG (``value`` None: ARG without default)."""

    key: str
    value: str | None
    span: Span
    legacy: bool = False  # ``ENV key value`` form
    raw_value: str | None = None  # the value as written, quotes kept


@dataclass(frozen=True)
class ParseError:
    """A place where the Dockerfile cannot be parsed as BuildKit would."""

    message: str
    span: Span


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction, with everything known without context.

    ``keyword`` is as written (``run``); ``name`` is upper-case (``RUN``).
    ``args`` is the logical text after the keyword and the flags (continuations
    joined, comment and blank lines inside removed), ``args_map`` maps it back
    to the source. ``words`` are the argument words split as BuildKit does.
    ``exec_form`` is the JSON array when the instruction is in exec form;
    ``json_fallback`` is True when the text starts with ``[`` but is not a
    valid JSON array of strings, so BuildKit runs it in shell form.
    """

    keyword: str
    name: str
    span: Span
    keyword_span: Span
    raw: str
    args: str
    args_map: TextMap
    words: tuple[Word, ...] = ()
    flags: tuple[Flag, ...] = ()
    comments: tuple[Comment, ...] = ()
    exec_form: tuple[str, ...] | None = None
    json_fallback: bool = False
    heredocs: tuple[Heredoc, ...] = ()
    key_values: tuple[KeyValue, ...] = ()
    stage: int = -1  # index of the stage; -1 before the first FROM
    index: int = 0  # position in Dockerfile.instructions
    onbuild: Instruction | None = None  # the trigger of ONBUILD
    empty_continuation_lines: tuple[int, ...] = ()
    # FROM only
    image: str | None = None
    stage_name: str | None = None
    platform: str | None = None
    # HEALTHCHECK only: "CMD" or "NONE"
    health_type: str | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def end_line(self) -> int:
        return self.span.end_line

    def flag(self, name: str) -> Flag | None:
        """The last flag called ``name`` (BuildKit keeps the last one)."""
        found = None
        for f in self.flags:
            if f.name == name:
                found = f
        return found

    def flags_named(self, name: str) -> Iterator[Flag]:
        return (f for f in self.flags if f.name == name)

    @property
    def is_shell_form(self) -> bool:
        return self.exec_form is None


@dataclass(frozen=True)
class Dockerfile:
    """A parsed Dockerfile.

    ``instructions`` are in file order; ONBUILD triggers are reachable through
    ``Instruction.onbuild`` only. ``errors`` are parse errors with positions: a
    file with errors still has every instruction that could be read.
    """

    path: str
    text: str
    lines: tuple[str, ...]
    instructions: tuple[Instruction, ...]
    directives: tuple[Directive, ...] = ()
    comments: tuple[Comment, ...] = ()
    errors: tuple[ParseError, ...] = ()
    escape: str = "\\"
    bom: bool = False
    crlf: bool = False

    def directive(self, name: str) -> Directive | None:
        for d in self.directives:
            if d.name == name:
                return d
        return None


@dataclass(frozen=True)
class Command:
    """A simple shell command found in a RUN script (or shell-form CMD/ENTRYPOINT).

    ``words`` is the whole argv, name first. ``joined_by`` is the operator that
    joins this command to the one before it in its list (``""`` for the first,
    ``"&&"``, ``"||"``, ``";"``, ``"&"``, ``"|"``, or ``"\\n"`` for a new line).
    ``wrappers`` names what it was unwrapped from, outermost first (``"sudo"``,
    ``"sh -c"``, ``"env"``, ``"xargs"``...). ``assignments`` are ``NAME=value``
    prefixes (``DEBIAN_FRONTEND=noninteractive apt-get ...``).
    """

    words: tuple[Word, ...]
    span: Span
    assignments: tuple[Word, ...] = ()
    joined_by: str = ""
    in_pipeline: bool = False
    in_subshell: bool = False
    wrappers: tuple[str, ...] = ()
    index: int = 0  # position in Script.commands

    @property
    def name(self) -> str:
        """The command name as the shell sees it (``/usr/bin/pip`` stays a path)."""
        return self.words[0].value if self.words else ""

    @cached_property
    def base(self) -> str:
        """The basename of the command name: ``/usr/bin/pip3`` -> ``pip3``.

        Cached: every rule that looks for a program asks each command for it.
        """
        return self.name.rsplit("/", 1)[-1]

    @property
    def args(self) -> tuple[Word, ...]:
        return self.words[1:]

    @property
    def arg_values(self) -> list[str]:
        return [w.value for w in self.words[1:]]

    def has_flag(self, *names: str) -> bool:
        """True when any of the flags is given.

        One-letter names match short flags, also combined (``-qy`` has ``y``);
        longer names match ``--name`` and ``--name=value``. Arguments after a
        bare ``--`` are not flags.
        """
        return any(True for _ in self.flag_words(*names))

    def flag_words(self, *names: str) -> Iterator[Word]:
        shorts = {n for n in names if len(n) == 1}
        longs = {n for n in names if len(n) > 1}
        for w in self.words[1:]:
            v = w.value
            if v == "--":
                return
            if v.startswith("--"):
                if v[2:].split("=", 1)[0] in longs:
                    yield w
            elif v.startswith("-") and len(v) > 1 and shorts and any(c in shorts for c in v[1:]):
                yield w

    def flag_value(self, *names: str) -> str | None:
        """The value of the last of the flags: ``--name=v``, ``--name v``, ``-n v`` or ``-nv``."""
        found: str | None = None
        for _, value in self.flag_values(*names):
            found = value
        return found

    def flag_values(self, *names: str) -> Iterator[tuple[Word, str]]:
        """Each value given to one of the flags, with the word that holds it (the flag's
        own word for ``--name=v`` and ``-nv``, the next word for ``--name v`` and ``-n v``)."""
        shorts = {n for n in names if len(n) == 1}
        longs = {n for n in names if len(n) > 1}
        words = self.words[1:]
        i = 0
        while i < len(words):
            w = words[i]
            v = w.value
            if v == "--":
                break
            nxt = words[i + 1] if i + 1 < len(words) else None
            if v.startswith("--"):
                key, eq, val = v[2:].partition("=")
                if key in longs:
                    if eq:
                        yield w, val
                    elif nxt is not None:
                        yield nxt, nxt.value
                        i += 1
            elif v.startswith("-") and len(v) > 1:
                # A cluster like -qr: the first letter that takes a value ends it, and the
                # value is the rest of the word, or the next word.
                for k in range(1, len(v)):
                    if v[k] in shorts:
                        rest = v[k + 1 :].lstrip("=")
                        if rest:
                            yield w, rest
                        elif nxt is not None:
                            yield nxt, nxt.value
                            i += 1
                        break
            i += 1

    def positionals(self, takes_value: frozenset[str] | set[str] = frozenset()) -> list[Word]:
        """Arguments that are not flags, skipping the values of flags in ``takes_value``.

        ``takes_value`` names flags (without dashes) whose value may be the next
        word: ``{"t", "target-release"}``. ``-tfoo`` and ``--target-release=foo``
        carry their value in the same word.
        """
        out: list[Word] = []
        words = self.words[1:]
        i = 0
        rest = False
        while i < len(words):
            w = words[i]
            v = w.value
            if rest or not v.startswith("-") or v == "-":
                out.append(w)
            elif v == "--":
                rest = True
            elif v.startswith("--"):
                if "=" not in v and v[2:] in takes_value:
                    i += 1
            else:
                # -qr FILE: a letter that takes a value with nothing after it takes the next word
                for k in range(1, len(v)):
                    if v[k] in takes_value:
                        if k == len(v) - 1:
                            i += 1
                        break
            i += 1
        return out


@dataclass(frozen=True)
class Script:
    """Shell code run by one instruction, parsed into simple commands.

    ``source`` says where it comes from: ``"run"`` (shell-form RUN text),
    ``"heredoc"`` (a heredoc body run as a script), ``"cmd"``,
    ``"entrypoint"``, ``"healthcheck"``. ``dialect`` is the shell
    (``sh``, ``bash``, ``ash``, ``dash``, ``zsh``, ``ksh``).
    ``pipefail`` is True when ``set -o pipefail`` (or ``set -eo pipefail``...)
    runs before the first pipeline, or the shell itself was started with it.
    """

    instruction: int  # index into Dockerfile.instructions (ONBUILD: the ONBUILD's index)
    source: str
    text: str
    text_map: TextMap
    dialect: str
    commands: tuple[Command, ...]
    pipefail: bool = False
    has_pipeline: bool = False
    errors: tuple[ParseError, ...] = ()
    #: the alternatives of each ``case`` and ``if``/``elif``/``else``: one runs, never two
    branches: tuple[tuple[Span, ...], ...] = ()
    #: the top-level statements, in order (a shell without ``set -e`` runs each one
    #: whatever the one before returned); function definitions left out
    statements: tuple[Span, ...] = ()

    def exclusive(self, a: Command, b: Command) -> bool:
        """True when ``a`` and ``b`` sit in different alternatives of one case or if."""
        for group in self.branches:
            ia = next((i for i, r in enumerate(group) if r.contains(a.span)), None)
            if ia is None:
                continue
            ib = next((i for i, r in enumerate(group) if r.contains(b.span)), None)
            if ib is not None and ib != ia:
                return True
        return False
