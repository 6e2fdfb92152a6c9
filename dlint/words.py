"""BuildKit's builder-side word lexer: quotes, escapes and ``$VAR`` expansion.

This reproduces the behaviour of BuildKit's ``frontend/dockerfile/shell/lex.go``
(``ProcessWord`` / ``ProcessWords``), the code that expands variables in ADD,
COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR and ARG
defaults. A linter has to compute the *same* value the build will see, quirks
included, so every rule below was checked against BuildKit's own test tables
and against the Go code run side by side. Behaviour worth knowing:

* Quotes: ``'...'`` is verbatim; ``"..."`` expands ``$`` and lets the escape
  character escape only ``"``, ``$`` and itself (otherwise it stays literal).
* The escape character is ``\\`` or, under ``# escape=`````, a backtick; then a
  backslash is an ordinary character (``c:\\dir`` stays as written).
* ``$`` followed by anything that is not a name, a digit or one of
  ``@*#?-$!0`` is a literal ``$``. ``$1``, ``$@`` and friends are looked up
  like any name (they are never set in a Dockerfile, so they expand to '').
* Modifier words are expanded *eagerly*, whatever the variable's value:
  ``${A:-${B:?}}`` fails when B is unset even though A is set.
* ``#``, ``%`` and ``/`` patterns support ``*`` and ``?`` only. Brackets are
  literal characters (BuildKit escapes them), and ``*``/``?`` do not match a
  newline (Go's ``.``). ``${V//pat/rep}`` passes ``rep`` through Go's
  ``Regexp.Expand``: ``$$`` becomes ``$``, ``$0`` the matched text, and any
  other ``$name`` the empty string.
* ``ProcessWords`` splits the result of an *unquoted* expansion on whitespace,
  drops words that end up empty (``""`` gives no word), and keeps ``<<``
  together with the blanks after it (``<< EOF`` is one word, for heredocs).
  Since BuildKit v0.15 a modifier form (``${V:-x}``, ``${V#x}``, ...) also
  discards the word built so far: ``ProcessWords("a${X:-b}c")`` is ``["bc"]``
  (a shared buffer is reset by the nested parse). We reproduce that, because
  it is what the build does.

Unknown values: an ``Env`` maps a name to its value, to ``None`` when the name
is declared but its value is not known statically (a build arg without a
default, say), and leaves out names that are unset. Expansion returns ``None``
whenever the result depends on an unknown value, and only then.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

__all__ = [
    "Env",
    "ExpansionError",
    "RawWord",
    "expand",
    "expand_strict",
    "expand_words",
    "expand_words_strict",
    "references",
    "split_words",
    "substitution_error",
]

Env = Mapping[str, str | None]

# Go's unicode.IsSpace: Latin-1 blanks plus the Unicode White_Space set.
_SPACES = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Blanks that may follow ``<<`` inside the same word (lex.go isWhitespace).
_HEREDOC_BLANKS = frozenset(" \t\r")
_SPECIAL_PARAMS = frozenset("@*#?-$!0")
_BOM = "\ufeff"


class ExpansionError(ValueError):
    """Raised by the strict functions where BuildKit would fail the build."""


class RawWord(NamedTuple):
    """One word of an instruction, as written and with quotes/escapes applied."""

    text: str
    value: str
    start: int
    end: int
    literal: bool


def is_number(text: str) -> bool:
    """ASCII digits only, as BuildKit and the shell read numbers (``str.isdigit`` also
    accepts ``¹`` and other digits that ``int()`` refuses)."""
    return text.isascii() and text.isdigit()


def _is_name_char(ch: str) -> bool:
    """Letters, decimal digits and '_' (Go unicode.IsLetter/IsDigit)."""
    return ch == "_" or ch.isalpha() or ch.isdecimal()


def _name_end(s: str, i: int) -> int:
    """End of the variable name starting at ``i`` (``i`` when there is none).

    A name is a run of digits (positional parameter), a single special
    parameter character, or letters/digits/underscores.
    """
    n = len(s)
    if i >= n:
        return i
    ch = s[i]
    if ch.isdecimal():
        while i < n and s[i].isdecimal():
            i += 1
        return i
    if ch in _SPECIAL_PARAMS:
        return i + 1
    while i < n and _is_name_char(s[i]):
        i += 1
    return i


def _start(s: str) -> int:
    """Go's text/scanner skips a byte-order mark at the very start."""
    return 1 if s.startswith(_BOM) else 0


# --------------------------------------------------------------------------
# Shell patterns (the ``#``, ``%`` and ``/`` modifiers)
# --------------------------------------------------------------------------

_STAR = -1
_ANY = -2
_DEAD = 1 << 62  # "no thread here"; real thread starts are offsets, always smaller


def _compile_pattern(pattern: str) -> list[int | str]:
    """Tokenise a pattern as BuildKit's convertShellPatternToRegex reads it.

    Only ``\\*``, ``\\?`` and ``\\\\`` are valid escapes; ``\\}`` and ``\\/``
    drop the backslash (they were needed to write the pattern inside ``${}``).
    """
    toks: list[int | str] = []
    i = _start(pattern)
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        i += 1
        if ch == "*":
            toks.append(_STAR)
        elif ch == "?":
            toks.append(_ANY)
        elif ch == "\\":
            if i < n and pattern[i] in "}/":
                continue
            nxt = pattern[i] if i < n else "EOF"
            if nxt not in ("*", "?", "\\"):
                raise ExpansionError(
                    f"invalid pattern ({pattern}) in substitution: invalid escape '\\{nxt}'"
                )
            toks.append(nxt)
            i += 1
        else:
            toks.append(ch)
    return toks


def _close(toks: list[int | str], live: list[int]) -> None:
    """A star may match nothing: its thread also stands at the next token."""
    for k, tok in enumerate(toks):
        if tok == _STAR and live[k] < live[k + 1]:
            live[k + 1] = live[k]


def _step(toks: list[int | str], live: list[int], ch: str) -> list[int]:
    """Advance every thread over ``ch``; a state keeps its leftmost start."""
    out = [_DEAD] * len(live)
    for k, tok in enumerate(toks):
        st = live[k]
        if st == _DEAD:
            continue
        if tok == _STAR:
            if ch != "\n" and st < out[k]:
                out[k] = st
        elif ((tok == _ANY and ch != "\n") or tok == ch) and st < out[k + 1]:
            out[k + 1] = st
    _close(toks, out)
    return out


def _match_prefix(toks: list[int | str], value: str, longest: bool) -> int | None:
    """End of the shortest (or longest) prefix of ``value`` the pattern matches.

    For ``*``/``?``/literal patterns Go's leftmost-first order with lazy (or
    greedy) stars picks exactly the shortest (or longest) match, so a plain
    NFA simulation gives the same answer in O(len(value) * len(pattern)).
    """
    m = len(toks)
    live = [_DEAD] * (m + 1)
    live[0] = 0
    _close(toks, live)
    best: int | None = None
    pos = 0
    while True:
        if live[m] != _DEAD:
            best = pos
            if not longest:
                return best
        if pos == len(value) or min(live) == _DEAD:
            return best
        live = _step(toks, live, value[pos])
        pos += 1


def _search(toks: list[int | str], value: str, frm: int) -> tuple[int, int] | None:
    """Leftmost match at or after ``frm``, the longest from that start (greedy stars)."""
    m = len(toks)
    live = [_DEAD] * (m + 1)
    best: tuple[int, int] | None = None
    pos = frm
    while True:
        if best is None and pos < live[0]:
            live[0] = pos
            _close(toks, live)
        if live[m] != _DEAD and (best is None or live[m] <= best[0]):
            best = (live[m], pos)
        if best is not None:
            # Threads that started after the best start can no longer win.
            live = [st if st <= best[0] else _DEAD for st in live]
            if min(live) == _DEAD:
                return best
        if pos == len(value):
            return best
        live = _step(toks, live, value[pos])
        pos += 1


def _go_expand(template: str, matched: str) -> str:
    """Go's Regexp.Expand for a pattern without groups: only ``$0`` is defined."""
    out: list[str] = []
    i = 0
    n = len(template)
    while True:
        j = template.find("$", i)
        if j < 0:
            out.append(template[i:])
            return "".join(out)
        out.append(template[i:j])
        i = j + 1
        if i < n and template[i] == "$":
            out.append("$")
            i += 1
            continue
        brace = i < n and template[i] == "{"
        k = i + 1 if brace else i
        e = k
        while e < n and _is_name_char(template[e]):
            e += 1
        if e == k or (brace and (e >= n or template[e] != "}")):
            out.append("$")  # malformed: the '$' stays as text
            continue
        if template[k:e] == "0":
            out.append(matched)
        i = e + 1 if brace else e


def _replace(toks: list[int | str], value: str, repl: str | None, every: bool) -> str | None:
    """``${V/pat/rep}`` and ``${V//pat/rep}``, with Go's ReplaceAllString rules."""
    if not every:
        hit = _search(toks, value, 0)
        if hit is None:
            return value
        if repl is None:
            return None
        return value[: hit[0]] + repl + value[hit[1] :]
    out: list[str] = []
    last_end = 0
    pos = 0
    n = len(value)
    while pos <= n:
        hit = _search(toks, value, pos)
        if hit is None:
            break
        a, b = hit
        out.append(value[last_end:a])
        # No replacement for an empty match right after the previous match.
        if b > last_end or a == 0:
            if repl is None:
                return None
            out.append(_go_expand(repl, value[a:b]))
        last_end = b
        pos = pos + 1 if pos + 1 > b else b
    out.append(value[last_end:])
    return "".join(out)


def _reverse_pattern(pattern: str) -> str:
    """Reverse a pattern, keeping each backslash pair in order (``a\\*c`` -> ``c\\*a``)."""
    units: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        if pattern[i] == "\\" and i + 1 < n:
            units.append(pattern[i : i + 2])
            i += 2
        else:
            units.append(pattern[i])
            i += 1
    return "".join(reversed(units))


def _trim(pattern: str, value: str | None, longest: bool, suffix: bool) -> str | None:
    """``#``/``##`` (prefix) and ``%``/``%%`` (suffix, done on reversed strings)."""
    if suffix:
        toks = _compile_pattern(_reverse_pattern(pattern))
    else:
        toks = _compile_pattern(pattern)
    if value is None:
        return None
    subject = value[::-1] if suffix else value
    end = _match_prefix(toks, subject, longest)
    if end is not None:
        subject = subject[end:]
    return subject[::-1] if suffix else subject


# --------------------------------------------------------------------------
# Expansion (ProcessWord / ProcessWords)
# --------------------------------------------------------------------------


class _Words:
    """The word splitter of ProcessWords; ``buf`` is shared between nesting levels."""

    def __init__(self, buf: list[str]) -> None:
        self.buf = buf
        self.words: list[str] = []
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if ch in _SPACES:
            if self.in_word and any(self.buf):
                self.words.append("".join(self.buf))
                self.buf.clear()
                self.in_word = False
        else:
            self.buf.append(ch)
            self.in_word = True

    def add_string(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def add_raw(self, text: str) -> None:
        self.buf.append(text)
        self.in_word = True

    def finish(self) -> list[str]:
        if any(self.buf):
            self.words.append("".join(self.buf))
            self.buf.clear()
            self.in_word = False
        return self.words


class _Expander:
    """One run of ProcessWord over ``text``; values are ``None`` when unknown."""

    def __init__(self, text: str, env: Env, escape: str) -> None:
        self.s = text
        self.n = len(text)
        self.i = _start(text)
        self.env = env
        self.esc = escape
        self.raw_escapes = False
        self.buf: list[str] = []
        self.words_unknown = False
        # Set when an unknown value could make BuildKit fail (``${V:?}`` with V
        # unknown, a pattern built from an unknown value). Modifier words are
        # evaluated even when their value is not used, so this taints the
        # whole result, not just the part it appears in.
        self.may_fail = False

    def run(self) -> tuple[str | None, list[str] | None]:
        result, words = self.until(None, False)
        if self.may_fail or result is None:
            return None, None
        return result, (None if self.words_unknown else words)

    def lookup(self, name: str) -> tuple[str | None, bool]:
        if name in self.env:
            return self.env[name], True
        return "", False

    def until(self, stop: str | None, raw_escapes: bool) -> tuple[str | None, list[str]]:
        """processStopOn: read up to ``stop`` (consumed) or the end of the text."""
        s, n = self.s, self.n
        parts: list[str] = []
        unknown = False
        self.buf.clear()  # BuildKit shares this buffer with the enclosing level
        words = _Words(self.buf)
        top = stop is None
        saved, self.raw_escapes = self.raw_escapes, raw_escapes
        try:
            while self.i < n:
                ch = s[self.i]
                if stop is not None and ch == stop:
                    self.i += 1
                    return (None if unknown else "".join(parts)), words.finish()
                piece: str | None
                if ch == "$":
                    piece = self.dollar()
                    if piece is None:
                        unknown = True
                        if top:
                            self.words_unknown = True
                    else:
                        parts.append(piece)
                        words.add_string(piece)
                    continue
                if ch in "<'\"":
                    if ch == "<":
                        piece = self.angle()
                    elif ch == "'":
                        piece = self.single_quoted()
                    else:
                        piece = self.double_quoted()
                    if piece is None:
                        unknown = True
                        if top:
                            self.words_unknown = True
                    else:
                        parts.append(piece)
                        words.add_raw(piece)
                    continue
                self.i += 1
                if ch == self.esc:
                    if self.raw_escapes:
                        words.add_raw(ch)
                        parts.append(ch)
                    if self.i >= n:
                        break
                    ch = s[self.i]
                    self.i += 1
                    words.add_raw(ch)
                else:
                    words.add_char(ch)
                parts.append(ch)
            if stop is not None:
                raise ExpansionError(
                    f"unexpected end of statement while looking for matching {stop}"
                )
            return (None if unknown else "".join(parts)), words.finish()
        finally:
            self.raw_escapes = saved

    def angle(self) -> str:
        """``<<`` keeps the blanks after it (heredoc words such as ``<< EOF``)."""
        s, n = self.s, self.n
        self.i += 1
        if self.i >= n or s[self.i] != "<":
            return "<"
        self.i += 1
        j = self.i
        while self.i < n and s[self.i] in _HEREDOC_BLANKS:
            self.i += 1
        return "<<" + s[j : self.i]

    def single_quoted(self) -> str:
        j = self.s.find("'", self.i + 1)
        if j < 0:
            raise ExpansionError(
                "unexpected end of statement while looking for matching single-quote"
            )
        text = self.s[self.i + 1 : j]
        self.i = j + 1
        return text

    def double_quoted(self) -> str | None:
        s, n, esc = self.s, self.n, self.esc
        self.i += 1
        parts: list[str] = []
        unknown = False
        while True:
            if self.i >= n:
                raise ExpansionError(
                    "unexpected end of statement while looking for matching double-quote"
                )
            ch = s[self.i]
            if ch == '"':
                self.i += 1
                return None if unknown else "".join(parts)
            if ch == "$":
                piece = self.dollar()
                if piece is None:
                    unknown = True
                else:
                    parts.append(piece)
                continue
            self.i += 1
            if ch == esc:
                if self.raw_escapes:
                    parts.append(ch)
                if self.i >= n:
                    continue
                if s[self.i] in ('"', "$", esc):
                    ch = s[self.i]
                    self.i += 1
            parts.append(ch)

    def nested(self, stop: str, raw_escapes: bool, missing: str) -> str | None:
        try:
            value, _ = self.until(stop, raw_escapes)
        except ExpansionError as err:
            if self.i >= self.n:
                raise ExpansionError(missing) from err
            raise
        return value

    def dollar(self) -> str | None:
        """processDollar: ``$name``, ``${name}`` and every ``${name<op>word}``."""
        s, n = self.s, self.n
        self.i += 1
        if self.i >= n or s[self.i] != "{":
            j = _name_end(s, self.i)
            if j == self.i:
                return "$"
            name = s[self.i : j]
            self.i = j
            return self.lookup(name)[0]
        self.i += 1
        if self.i >= n:
            raise ExpansionError("syntax error: missing '}'")
        if s[self.i] in "{}:":
            raise ExpansionError("syntax error: bad substitution")
        j = _name_end(s, self.i)
        name = s[self.i : j]
        self.i = j
        if self.i >= n:
            raise ExpansionError("syntax error: missing '}'")
        op = s[self.i]
        self.i += 1
        if op == "}":
            return self.lookup(name)[0]
        if op == "/":
            return self.replace(name)
        null_is_unset = False
        shown = op
        if op == ":":
            null_is_unset = True
            op = s[self.i] if self.i < n else ""
            self.i = min(self.i + 1, n)
            shown += op
        elif op not in "+-?#%":
            raise ExpansionError(f"unsupported modifier ({shown}) in substitution")
        is_pattern = op in ("#", "%")
        if null_is_unset and is_pattern:
            raise ExpansionError(f"unsupported modifier ({shown}) in substitution")
        word = self.nested("}", is_pattern, "syntax error: missing '}'")
        value, is_set = self.lookup(name)
        if op == "-":
            if not is_set:
                return word
            if null_is_unset:
                if value is None:
                    return None
                if value == "":
                    return word
            return value
        if op == "+":
            if not is_set:
                return ""
            if null_is_unset:
                if value is None:
                    return "" if word == "" else None
                if value == "":
                    return ""
            return word
        if op == "?":
            if not is_set:
                raise ExpansionError(f"{name}: {word or 'is not allowed to be unset'}")
            if null_is_unset:
                if value is None:
                    self.may_fail = True
                    return None
                if value == "":
                    raise ExpansionError(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        if is_pattern:
            if word is None:
                self.may_fail = True
                return None
            longest = word.startswith(op)
            if longest:
                word = word[1:]
            return _trim(word, value, longest, suffix=op == "%")
        raise ExpansionError(f"unsupported modifier ({shown}) in substitution")

    def replace(self, name: str) -> str | None:
        every = self.i < self.n and self.s[self.i] == "/"
        if every:
            self.i += 1
        pattern = self.nested("/", True, "syntax error: missing '/' in ${}")
        repl = self.nested("}", True, "syntax error: missing '}'")
        value, _ = self.lookup(name)
        if pattern is None:
            self.may_fail = True
            return None
        toks = _compile_pattern(pattern)
        if value is None:
            return None
        return _replace(toks, value, repl, every)


def expand_strict(text: str, env: Env, escape: str = "\\") -> str | None:
    """ProcessWord, raising ExpansionError where BuildKit fails the build.

    Returns None when the result depends on a value that is not known.
    """
    return _Expander(text, env, escape).run()[0]


def expand_words_strict(text: str, env: Env, escape: str = "\\") -> list[str] | None:
    """ProcessWords, raising ExpansionError where BuildKit fails the build."""
    return _Expander(text, env, escape).run()[1]


def expand(text: str, env: Env, escape: str = "\\") -> str | None:
    """Process one word as BuildKit's ProcessWord: quotes, escapes, variables.

    Returns None when the result depends on a variable whose value is unknown
    (env value None), and also wherever BuildKit would stop with an error:
    ``${V:?msg}`` with V unset (or empty), an unterminated quote, ``${}``, a
    bad pattern. ``expand_strict`` tells those errors apart. An unset
    variable expands to '' (as in BuildKit), except where a modifier decides.
    """
    try:
        return expand_strict(text, env, escape)
    except ExpansionError:
        return None


def expand_words(text: str, env: Env, escape: str = "\\") -> list[str] | None:
    """Like ProcessWords: expand, then split into words the way BuildKit does.

    Unquoted expansions *are* re-split on whitespace (lex.go feeds them to the
    splitter character by character); quoted parts and escaped characters are
    not. None when unknown or when BuildKit would fail (see ``expand``).
    """
    try:
        return expand_words_strict(text, env, escape)
    except ExpansionError:
        return None


class _AllUnknown(Mapping[str, str | None]):
    """An environment in which every name is declared with an unknown value."""

    def __getitem__(self, key: str) -> str | None:
        return None

    def __contains__(self, key: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def substitution_error(text: str, escape: str = "\\") -> str | None:
    """The error BuildKit reports for ``text`` whatever the variables hold, or None.

    Catches syntax errors (``${}``, ``${V:=x}``, an unterminated quote or
    ``${``, a bad ``#``/``%``/``/`` pattern) without knowing any value.
    """
    try:
        _Expander(text, _AllUnknown(), escape).run()
    except ExpansionError as err:
        return str(err)
    return None


# --------------------------------------------------------------------------
# Lexical scanning: word boundaries and references, without any values
# --------------------------------------------------------------------------


class _Scanner:
    """Walks the same grammar as _Expander but never fails and keeps offsets.

    With ``cut`` set, unquoted whitespace ends the current word even inside
    ``${...}``: BuildKit's word splitters split there too (``ENV A=${B:-x y}``
    is an error in BuildKit for that reason).
    """

    def __init__(self, text: str, escape: str) -> None:
        self.s = text
        self.n = len(text)
        self.esc = escape
        self.refs: list[tuple[str, int, int]] = []

    def until(self, i: int, stop: str | None, cut: bool) -> tuple[int, bool]:
        """Scan a (nested) word from ``i``; returns (position, stop char found)."""
        s, n, esc = self.s, self.n, self.esc
        while i < n:
            ch = s[i]
            if cut and ch in _SPACES:
                return i, False
            if ch == stop:
                return i + 1, True
            if ch == "$":
                i = self.dollar(i, cut)[0]
            elif ch == "'":
                j = s.find("'", i + 1)
                i = n if j < 0 else j + 1
            elif ch == '"':
                i = self.double(i, None)[0]
            elif ch == esc:
                i = min(i + 2, n)
            else:
                i += 1
        return n, False

    def double(self, i: int, out: list[str] | None) -> tuple[int, bool]:
        """Scan ``"..."`` from its opening quote; append its value to ``out``."""
        s, n, esc = self.s, self.n, self.esc
        i += 1
        has_ref = False
        while i < n:
            ch = s[i]
            if ch == '"':
                return i + 1, has_ref
            if ch == "$":
                j, is_ref = self.dollar(i, False)
                has_ref = has_ref or is_ref
                if out is not None:
                    out.append(s[i:j])
                i = j
                continue
            i += 1
            if ch == esc:
                if i >= n:
                    break
                if s[i] in ('"', "$", esc):
                    ch = s[i]
                    i += 1
            if out is not None:
                out.append(ch)
        return n, has_ref

    def dollar(self, i: int, cut: bool) -> tuple[int, bool]:
        """Scan a ``$`` form; returns (end, whether it is an expansion)."""
        s, n = self.s, self.n
        start = i
        i += 1
        if i >= n or s[i] != "{":
            j = _name_end(s, i)
            if j == i:
                return i, False
            self.refs.append((s[i:j], start, j))
            return j, True
        i += 1
        if i >= n or s[i] in "{}:":
            return i, True  # "${" at the end, "${}", "${:..." : BuildKit errors
        j = _name_end(s, i)
        name = s[i:j]
        i = j
        if i < n and cut and s[i] in _SPACES:
            end = i
        elif i >= n or s[i] == "}":
            end = min(i + 1, n)
        elif s[i] == "/":
            i += 1
            if i < n and s[i] == "/":
                i += 1
            end, found = self.until(i, "/", cut)
            if found:
                end, _ = self.until(end, "}", cut)
        else:
            if s[i] == ":":
                i += 1
            if i < n and cut and s[i] in _SPACES:
                end = i
            else:
                end, _ = self.until(min(i + 1, n), "}", cut)
        if name:
            self.refs.append((name, start, end))
        return end, True


def references(text: str, escape: str = "\\") -> list[tuple[str, int, int]]:
    """Every variable reference as (name, start, end) offsets, in source order.

    Covers ``$V`` and whole ``${...}`` forms outside single quotes and not
    escaped, including those nested in modifier words (``${A:-$B}`` gives A
    and then B). Positional and special parameters (``$1``, ``$@``) count.
    """
    sc = _Scanner(text, escape)
    sc.until(_start(text), None, False)
    return sorted(sc.refs, key=lambda r: (r[1], -r[2]))


def split_words(text: str, escape: str = "\\") -> list[RawWord]:
    """Split on unquoted, unescaped whitespace as BuildKit's ProcessWords does.

    Quotes group, the escape character escapes the next character, ``<<``
    keeps the blanks after it (``<< EOF`` is one word, as for heredocs), and
    ``${...}`` does not protect whitespace. A word's ``value`` has quotes
    removed and escapes applied, with references kept as written. Never
    raises: an unterminated quote or ``${`` runs to the end of the text.
    """
    s, n, esc = text, len(text), escape
    sc = _Scanner(text, escape)
    out: list[RawWord] = []
    i = _start(text)
    start = -1
    value: list[str] = []
    literal = True

    def flush(end: int) -> None:
        nonlocal start, literal
        if start >= 0:
            out.append(RawWord(s[start:end], "".join(value), start, end, literal))
        start = -1
        value.clear()
        literal = True

    while i < n:
        ch = s[i]
        if ch in _SPACES:
            flush(i)
            i += 1
            continue
        if start < 0:
            start = i
        if ch == esc:
            if i + 1 < n:
                value.append(s[i + 1])
            i += 2
        elif ch == "'":
            j = s.find("'", i + 1)
            j = n if j < 0 else j
            value.append(s[i + 1 : j])
            i = j + 1
        elif ch == '"':
            i, has_ref = sc.double(i, value)
            literal = literal and not has_ref
        elif ch == "$":
            j, is_ref = sc.dollar(i, True)
            value.append(s[i:j])
            literal = literal and not is_ref
            i = j
        elif ch == "<" and s.startswith("<<", i):
            j = i + 2
            while j < n and s[j] in _HEREDOC_BLANKS:
                j += 1
            value.append(s[i:j])
            i = j
        else:
            value.append(ch)
            i += 1
    flush(min(i, n))
    return out


# BuildKit's parseStringsWhitespaceDelimited: the fields of ADD, COPY, VOLUME, EXPOSE and FROM.
_FIELD = re.compile(r"[^\t\v\f\r ]+")


def split_fields(text: str, escape: str = "\\", heredocs: bool = False) -> list[RawWord]:
    """Words as BuildKit reads the shell form of ADD, COPY, VOLUME, EXPOSE and FROM.

    Its parser splits those arguments at blanks *before* quotes mean anything, and each
    field is then read alone (quotes removed, escapes applied): ``COPY "a b" /x/`` has the
    three fields ``"a``, ``b"`` and ``/x/``, and the build fails on the unmatched quotes
    (``unclosed_quote`` finds them). With ``heredocs`` (COPY and ADD), text with a
    ``<<`` keeps ``split_words``, whose words keep ``<< EOF`` whole.
    """
    if heredocs and "<<" in text:
        return split_words(text, escape)
    out: list[RawWord] = []
    for m in _FIELD.finditer(text):
        for w in split_words(m.group(), escape):
            out.append(w._replace(start=m.start() + w.start, end=m.start() + w.end))
    return out


def unclosed_quote(field: str, escape: str = "\\") -> bool:
    """True when a quote in ``field`` is never closed (BuildKit fails to expand it)."""
    i, n = 0, len(field)
    while i < n:
        ch = field[i]
        if ch == escape:
            i += 2
        elif ch == "'":
            j = field.find("'", i + 1)
            if j < 0:
                return True
            i = j + 1
        elif ch == '"':
            j = i + 1
            while j < n and field[j] != '"':
                j += 2 if field[j] == escape else 1
            if j >= n:
                return True
            i = j + 1
        else:
            i += 1
    return False
