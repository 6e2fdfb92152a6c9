"""Shell analysis: shell code in a Dockerfile -> the flat list of simple commands.

Rules ask questions of ``Script.commands`` ("every ``apt-get install`` and its
flags"), never of raw strings, so this module does the one hard job of reading
shell: it parses with tree-sitter-bash (error tolerant, fast, knows ``case``,
``[[ ]]`` and ``$(( ))``), walks the tree iteratively, and returns every simple
command -- also those inside compound commands, subshells and command
substitutions -- with each word's exact Dockerfile position. Commands run
through ``sudo``, ``env``, ``xargs``, ``sh -c '...'``... are unwrapped so rules
see the real program.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dlint.model import Command, Heredoc, Instruction, ParseError, Script, Span, TextMap, Word

if TYPE_CHECKING:
    from tree_sitter import Language, Node, Parser

__all__ = ["SHELLS", "parse_script", "scripts_for"]

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"})

# Shells that take ``-c CODE`` themselves (busybox needs its applet name first).
_C_SHELLS = SHELLS - {"busybox"}
# Programs a SHELL instruction may name that do not speak POSIX shell.
_NOT_POSIX = ("powershell", "pwsh", "cmd", "fish", "nu", "python", "node", "perl", "ruby")

# --------------------------------------------------------------------------
# The parser: built once per process (per thread: a Parser is not shareable).

_LANGUAGE: Language | None = None
_LOCAL = threading.local()


def _parser() -> Parser:
    """The tree-sitter-bash parser, built lazily: importing it costs startup time."""
    parser: Parser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        global _LANGUAGE
        import tree_sitter_bash
        from tree_sitter import Language, Parser

        if _LANGUAGE is None:
            _LANGUAGE = Language(tree_sitter_bash.language())
        parser = Parser(_LANGUAGE)
        _LOCAL.parser = parser
    return parser


# --------------------------------------------------------------------------
# Node classes of the bash grammar, as the walk needs them.

_JOIN = {
    "&&": "&&",
    "||": "||",
    ";": ";",
    "&": "&",
    "|": "|",
    "|&": "|",
    ";;": ";",
    ";&": ";",
    ";;&": ";",
}
# Nodes that are statements in a list: they take the pending operator as joiner.
_STATEMENTS = frozenset(
    {
        "command",
        "declaration_command",
        "unset_command",
        "test_command",
        "list",
        "pipeline",
        "subshell",
        "compound_statement",
        "if_statement",
        "elif_clause",
        "else_clause",
        "while_statement",
        "for_statement",
        "c_style_for_statement",
        "case_statement",
        "case_item",
        "do_group",
        "function_definition",
        "negated_command",
        "redirected_statement",
        "variable_assignment",
        "variable_assignments",
        "ERROR",
    }
)
# Nodes that can never hold a command: the walk does not enter them.
_LEAVES = frozenset(
    {
        "word",
        "number",
        "variable_name",
        "raw_string",
        "string_content",
        "ansi_c_string",
        "heredoc_start",
        "heredoc_end",
        "heredoc_content",
        "file_descriptor",
        "comment",
        "special_variable_name",
        "test_operator",
        "regex",
        "extglob_pattern",
        "simple_expansion",
    }
)
# Word parts whose value is kept as written (the shell expands them at run time).
_RAW = frozenset(
    {
        "simple_expansion",
        "expansion",
        "command_substitution",
        "process_substitution",
        "arithmetic_expansion",
    }
)
_REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_SUBSTITUTIONS = frozenset({"command_substitution", "process_substitution"})
_OPENERS = frozenset({"then", "do", "else", "elif", ")", "in"})
_SIMPLE = frozenset({"command", "declaration_command", "unset_command"})
_NO_TAIL: tuple[list[Node], int] = ([], 0)

_KEYWORD_GAP = re.compile(
    r"(?<![\w$-])(fi|done|esac|\})([ \t]+)(?=(?:fi|done|esac|else|elif)\b|\})"
)
_MAX_NESTED_SHELLS = 8  # sh -c 'sh -c "..."' depth we still unwrap
_MAX_ERRORS = 20

# --------------------------------------------------------------------------
# Word decoding: quotes removed, escapes applied, expansions kept as written.

_SPECIAL = re.compile(r"[\\'\"$`]")
_DQ_SPECIAL = re.compile(r'[\\"$`]')
_SCAN = re.compile(r"[()'\"\\`{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ASSIGN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")
_ANSI = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def _skip_balanced(s: str, i: int, open_: str, close: str) -> int:
    """End (exclusive) of the group opened at ``s[i]``; quote-aware and iterative.

    Used to keep ``$(...)``/``${...}`` as written: must not recurse, since
    hostile input nests hundreds deep.
    """
    n = len(s)
    depth = 0
    j = i
    while True:
        m = _SCAN.search(s, j)
        if m is None:
            return n
        k = m.start()
        c = s[k]
        if c == "\\":
            j = k + 2
        elif c == "'":
            e = s.find("'", k + 1)
            j = n if e < 0 else e + 1
        elif c == '"':
            j = _skip_dq(s, k)
        elif c == "`":
            j = _skip_backtick(s, k)
        elif c == open_:
            depth += 1
            j = k + 1
        elif c == close:
            depth -= 1
            j = k + 1
            if depth <= 0:
                return j
        else:
            j = k + 1
        if j >= n:
            return n


def _skip_quoted(s: str, i: int, close: str) -> int:
    """End (exclusive) of the text opened at ``s[i]`` and closed by ``close``, where a
    backslash escapes the next character (double quotes, backticks)."""
    n = len(s)
    j = i + 1
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
        elif c == close:
            return j + 1
        else:
            j += 1
    return n


def _skip_dq(s: str, i: int) -> int:
    """End (exclusive) of the double-quoted string starting at ``s[i]``."""
    return _skip_quoted(s, i, '"')


def _skip_backtick(s: str, i: int) -> int:
    """End (exclusive) of the backtick substitution starting at ``s[i]``."""
    return _skip_quoted(s, i, "`")


def _skip_dollar(s: str, i: int) -> int:
    """End of the expansion starting with ``$`` at ``s[i]``; ``i + 1`` when it is a plain ``$``."""
    n = len(s)
    if i + 1 >= n:
        return i + 1
    c = s[i + 1]
    if c == "(":
        return _skip_balanced(s, i + 1, "(", ")")
    if c == "{":
        return _skip_balanced(s, i + 1, "{", "}")
    if c.isdigit() or c in "@*#?$!-":
        return i + 2
    m = _NAME.match(s, i + 1)
    return m.end() if m else i + 1


def _ansi_c(s: str) -> str:
    """Decode the body of ``$'...'`` (the escapes bash knows)."""
    if "\\" not in s:
        return s
    out: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        if e in _ANSI:
            out.append(_ANSI[e])
            i += 2
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            m = re.match(f"[0-9A-Fa-f]{{1,{width}}}", s[i + 2 :])
            if m:
                out.append(chr(min(int(m.group(), 16), 0x10FFFF)))
                i += 2 + m.end()
            else:
                out.append(s[i : i + 2])
                i += 2
        elif e in "01234567":
            m = re.match(r"[0-7]{1,3}", s[i + 1 :])
            assert m is not None
            out.append(chr(int(m.group(), 8) & 0xFF))
            i += 1 + m.end()
        elif e == "c" and i + 2 < n:
            out.append(chr(ord(s[i + 2]) & 0x1F))
            i += 3
        else:
            out.append(s[i : i + 2])
            i += 2
    return "".join(out)


def _unescape_dq(s: str) -> str:
    """Apply the escapes a double-quoted string honours (``\\$ \\` \\" \\\\`` and line joins)."""
    if "\\" not in s:
        return s
    out: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        j = s.find("\\", i)
        if j < 0:
            out.append(s[i:])
            break
        out.append(s[i:j])
        if j + 1 < n and s[j + 1] in '$`"\\\n':
            if s[j + 1] != "\n":
                out.append(s[j + 1])
            i = j + 2
        else:
            out.append("\\")
            i = j + 1
    return "".join(out)


def _decode(s: str, offs: list[int] | None = None) -> tuple[str, bool]:
    """Value of a raw shell word and whether it is literal.

    With ``offs``, also records for each value character its index in ``s``:
    that is how positions inside ``sh -c "..."`` are mapped back.
    """
    if _SPECIAL.search(s) is None:
        if offs is not None:
            offs.extend(range(len(s)))
        return s, True
    out: list[str] = []
    literal = True
    n = len(s)
    i = 0

    def put(chunk: str, at: int, exact: bool = True) -> None:
        out.append(chunk)
        if offs is not None:
            if exact:
                offs.extend(range(at, at + len(chunk)))
            else:
                offs.extend([at] * len(chunk))

    while i < n:
        c = s[i]
        if c == "\\":
            if i + 1 < n:
                if s[i + 1] != "\n":
                    put(s[i + 1], i + 1)
                i += 2
            else:
                put(c, i)
                i += 1
        elif c == "'":
            e = s.find("'", i + 1)
            e = n if e < 0 else e
            put(s[i + 1 : e], i + 1)
            i = e + 1
        elif c == '"':
            i += 1
            while i < n and s[i] != '"':
                m = _DQ_SPECIAL.search(s, i)
                j = n if m is None else m.start()
                if j > i:
                    put(s[i:j], i)
                    i = j
                    continue
                d = s[i]
                if d == '"':
                    break
                if d == "\\":
                    if i + 1 < n and s[i + 1] in '$`"\\\n':
                        if s[i + 1] != "\n":
                            put(s[i + 1], i + 1)
                        i += 2
                    else:
                        put(d, i)
                        i += 1
                else:
                    e = _skip_backtick(s, i) if d == "`" else _skip_dollar(s, i)
                    if e > i + 1:
                        literal = False
                    put(s[i:e], i)
                    i = e
            i += 1
        elif c == "$":
            nxt = s[i + 1] if i + 1 < n else ""
            if nxt == "'":
                e = i + 2
                while e < n and s[e] != "'":
                    e += 2 if s[e] == "\\" else 1
                put(_ansi_c(s[i + 2 : min(e, n)]), i + 2, exact=False)
                i = e + 1
            elif nxt == '"':
                i += 1
            else:
                e = _skip_dollar(s, i)
                if e > i + 1:
                    literal = False
                put(s[i:e], i)
                i = e
        elif c == "`":
            e = _skip_backtick(s, i)
            literal = False
            put(s[i:e], i)
            i = e
        else:
            m = _SPECIAL.search(s, i)
            j = n if m is None else m.start()
            put(s[i:j], i)
            i = j
    return "".join(out), literal


def _compose(text_map: TextMap, base: int, offs: Sequence[int]) -> TextMap:
    """Map for a decoded string whose character k came from offset ``base + offs[k]``."""
    if not offs:
        return text_map.shifted(base)
    if offs[-1] - offs[0] == len(offs) - 1:
        return text_map.shifted(base + offs[0])
    bounds = set(text_map.offsets)
    seg_offsets: list[int] = []
    lines: list[int] = []
    columns: list[int] = []
    prev = -2
    for k, o in enumerate(offs):
        a = base + o
        if a != prev + 1 or a in bounds:
            line, column = text_map.position(a)
            seg_offsets.append(k)
            lines.append(line)
            columns.append(column)
        prev = a
    return TextMap(tuple(seg_offsets), tuple(lines), tuple(columns))


# --------------------------------------------------------------------------
# Option parsing of shells and wrappers.


def _basename(path: str) -> str:
    """``/usr/bin/env`` -> ``env``; Windows paths too (``C:\\...\\cmd.exe`` -> ``cmd.exe``)."""
    return path.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


def _shell_args(args: Sequence[str]) -> tuple[bool, int, bool | None, bool]:
    """Read a shell's options: (``-c`` given, index of first operand or -1, pipefail, ``-s``).

    pipefail is None when the options do not mention it.
    """
    has_c = False
    stdin = False
    pipefail: bool | None = None
    i = 0
    n = len(args)
    while i < n:
        a = args[i]
        if a in ("--", "-"):
            i += 1
            break
        if a.startswith("--"):
            i += 2 if a in ("--rcfile", "--init-file") else 1
            continue
        if len(a) < 2 or a[0] not in "-+":
            break
        i += 1
        for ch in a[1:]:
            if ch == "c":
                has_c = True
            elif ch == "s":
                stdin = True
            elif ch in "oO" and i < n:
                if ch == "o" and args[i] == "pipefail":
                    pipefail = a[0] == "-"
                i += 1
    return has_c, (i if i < n else -1), pipefail, stdin


def _set_pipefail(args: Sequence[str]) -> bool | None:
    """What ``set ARGS`` does to pipefail: True, False, or None when untouched."""
    result: bool | None = None
    i = 0
    n = len(args)
    while i < n:
        a = args[i]
        if len(a) < 2 or a[0] not in "-+" or a == "--":
            break
        i += 1
        for ch in a[1:]:
            if ch == "o" and i < n:
                if args[i] == "pipefail":
                    result = a[0] == "-"
                i += 1
    return result


def _skip_options(
    vals: Sequence[str],
    i: int,
    short: str = "",
    long: frozenset[str] = frozenset(),
    optional: str = "",
) -> int:
    """Index of the first operand after the options starting at ``vals[i]``.

    ``short``/``long`` name the options whose value may be the next word;
    ``optional`` short options take their value only attached (``xargs -i{}``).
    """
    n = len(vals)
    while i < n:
        v = vals[i]
        if v == "--":
            return i + 1
        if len(v) < 2 or v[0] != "-":
            return i
        i += 1
        if v.startswith("--"):
            if "=" not in v and v[2:] in long:
                i += 1
            continue
        last = len(v) - 1
        for k in range(1, len(v)):
            ch = v[k]
            if ch in optional:
                break
            if ch in short:
                if k == last:
                    i += 1
                break
    return i


def _short_flags(vals: Sequence[str], end: int) -> str:
    """All short option letters in ``vals[:end]`` (to spot ``sudo -l`` and friends)."""
    return "".join(v[1:] for v in vals[:end] if v.startswith("-") and not v.startswith("--"))


# A wrapper: short options with a value, long options with a value, optional-value
# shorts, operands before the command (timeout DURATION, chroot DIR, gosu USER).
_WRAPPERS: dict[str, tuple[str, frozenset[str], str, int]] = {
    "sudo": (
        "ughpCDrtTUR",
        frozenset(
            {
                "user",
                "group",
                "host",
                "prompt",
                "close-from",
                "chdir",
                "role",
                "type",
                "command-timeout",
                "other-user",
                "chroot",
            }
        ),
        "",
        0,
    ),
    "doas": ("Cu", frozenset(), "", 0),
    "env": ("uCS", frozenset({"unset", "chdir", "split-string"}), "", 0),
    "nice": ("n", frozenset({"adjustment"}), "", 0),
    "nohup": ("", frozenset(), "", 0),
    "time": ("fo", frozenset({"format", "output"}), "", 0),
    "exec": ("a", frozenset(), "", 0),
    "xargs": (
        "adEILnPs",
        frozenset(
            {"arg-file", "delimiter", "max-args", "max-procs", "max-chars", "process-slot-var"}
        ),
        "eil",
        0,
    ),
    "timeout": ("sk", frozenset({"signal", "kill-after"}), "", 1),
    "chroot": ("", frozenset({"userspec", "groups"}), "", 1),
    "gosu": ("", frozenset(), "", 1),
    "su-exec": ("", frozenset(), "", 1),
    "busybox": ("", frozenset(), "", 0),
    "command": ("", frozenset(), "", 0),
}
# Wrappers that keep the caller's environment prefix (sudo and su reset it).
_KEEPS_ENV = frozenset({"env", "nice", "nohup", "time", "exec", "xargs", "timeout", "chroot"})


def _unwrap_argv(name: str, vals: Sequence[str]) -> tuple[int, list[int]] | None:
    """Where the wrapped command starts in ``vals`` (and which words are ``NAME=value``)."""
    short, long, optional, operands = _WRAPPERS[name]
    i = _skip_options(vals, 1, short, long, optional)
    flags = _short_flags(vals, i)
    if name == "sudo" and (
        any(c in flags for c in "lveK")
        or any(v in ("--list", "--validate", "--edit") for v in vals[1:i])
    ):
        return None
    if name == "env" and ("S" in flags or any(v.startswith("--split-string") for v in vals[1:i])):
        return None
    if name == "command" and ("v" in flags or "V" in flags):
        return None
    assigns: list[int] = []
    if name in ("sudo", "env", "doas"):
        while i < len(vals) and (_ASSIGN.match(vals[i]) or (name == "env" and vals[i] == "-")):
            if vals[i] != "-":
                assigns.append(i)
            i += 1
    i += operands
    if i >= len(vals):
        return None
    return i, assigns


def _su_code(vals: Sequence[str]) -> tuple[int, int, str] | None:
    """The ``-c CODE`` of ``su``: (word index, characters to drop from its value, shell)."""
    code: tuple[int, int] | None = None
    shell = "sh"
    i = 1
    n = len(vals)
    while i < n:
        v = vals[i]
        if v in ("-c", "--command", "--session-command"):
            if i + 1 < n:
                code = (i + 1, 0)
            i += 2
            continue
        if v.startswith(("--command=", "--session-command=")):
            code = (i, v.index("=") + 1)
        elif v in ("-s", "--shell") and i + 1 < n:
            shell = _basename(vals[i + 1])
            i += 2
            continue
        elif v.startswith("--shell="):
            shell = _basename(v[8:])
        elif v.startswith("-c") and len(v) > 2:
            code = (i, 2)
        i += 1
    if code is None:
        return None
    return code[0], code[1], shell if shell in SHELLS else "sh"


# --------------------------------------------------------------------------
# The walk.


class _Rec:
    """A command found, before it becomes a frozen ``Command`` (its index is not known yet)."""

    __slots__ = (
        "assigns",
        "end",
        "joined",
        "pipe",
        "root",
        "span",
        "start",
        "starts",
        "sub",
        "words",
        "wrappers",
    )

    def __init__(
        self,
        words: list[Word],
        starts: list[int],
        assigns: list[Word],
        span: Span,
        joined: str,
        pipe: bool,
        sub: bool,
        wrappers: tuple[str, ...],
        root: int,
        start: int,
        end: int,
    ) -> None:
        self.words = words
        self.starts = starts  # offset of each word in the parsed text (-1: unknown)
        self.assigns = assigns
        self.span = span
        self.joined = joined
        self.pipe = pipe
        self.sub = sub
        self.wrappers = wrappers
        self.root = root  # index of the command this one was unwrapped from (itself if none)
        self.start = start  # offsets of the whole statement, redirections included
        self.end = end


_Item = tuple["Node", str, bool, bool]


class _Walk:
    """One parse of one text; nested ``sh -c`` code gets its own walk sharing the output."""

    def __init__(
        self,
        text: str,
        text_map: TextMap,
        out: list[_Rec],
        errors: list[ParseError],
        pipefail: bool,
        level: int,
        report_errors: bool = True,
    ) -> None:
        self.text = text
        self.map = text_map
        self.m_offsets = text_map.offsets
        self.m_lines = text_map.lines
        self.m_columns = text_map.columns
        self.data = text.encode("utf-8", "surrogatepass")
        self.b2c: list[int] | None = None
        if len(self.data) != len(text):
            self.b2c = _byte_offsets(text, len(self.data))
        self.out = out
        self.errors = errors
        self.level = level
        self.report_errors = report_errors
        self.pf_now = pipefail
        self.pf_first: bool | None = None  # pipefail state at the first pipeline
        self.pf_inner = True  # every nested shell with a pipeline had pipefail
        self.own_pipe = False  # a pipeline in this shell
        self.inner_pipe = False  # a pipeline in a nested shell
        # redirections tree-sitter put on a list, by the start of the list's last command
        self.tails: dict[int, tuple[list[Node], int]] = {}
        # the branches of each case and if/else, of which one runs (shared with nested walks)
        self.branches: list[tuple[Span, ...]] = []
        # the spans of the script's top-level statements, in order
        self.statements: list[Span] = []

    # -- positions ---------------------------------------------------------

    def _c(self, b: int) -> int:
        """Character offset of byte offset ``b``."""
        return b if self.b2c is None else self.b2c[b]

    def _span(self, start: int, end: int) -> Span:
        """``TextMap.span`` inlined: it runs once per word, so its call overhead shows."""
        offsets = self.m_offsets
        if end <= start or not offsets:
            return self.map.span(start, end)
        i = bisect_right(offsets, start) - 1
        if i < 0:
            i = 0
        last = end - 1
        if i + 1 == len(offsets) or last < offsets[i + 1]:
            line = self.m_lines[i]
            column = self.m_columns[i] - offsets[i]
            return Span(line, column + start, line, column + end)
        k = bisect_right(offsets, last) - 1
        return Span(
            self.m_lines[i],
            self.m_columns[i] + start - offsets[i],
            self.m_lines[k],
            self.m_columns[k] + last - offsets[k] + 1,
        )

    def _raw(self, sb: int, eb: int) -> str:
        if self.b2c is None:
            return self.text[sb:eb]
        return self.text[self.b2c[sb] : self.b2c[eb]]

    # -- entry -------------------------------------------------------------

    def run(self, joined: str = "", pipe: bool = False, sub: bool = False) -> None:
        """Parse and collect every command, in source order (outer before inner)."""
        parser = _parser()
        tree = parser.parse(_ascii(self.data))
        root = tree.root_node
        if root.has_error and _KEYWORD_GAP.search(self.text):
            # ``fi done`` (common after joining ``fi \`` and ``done``) is valid shell
            # that tree-sitter-bash rejects; ``fi;done`` has the same offsets.
            patched = _KEYWORD_GAP.sub(lambda m: m.group(1) + ";" + m.group(2)[1:], self.text)
            retry = parser.parse(_ascii(patched.encode("utf-8", "surrogatepass")))
            if not retry.root_node.has_error:
                self.text, self.data = patched, patched.encode("utf-8", "surrogatepass")
                tree, root = retry, retry.root_node
        if root.has_error and self.report_errors:
            self._collect_errors(root)
        self.statements = [
            self._span(self._c(c.start_byte), self._c(c.end_byte))
            for c in root.children
            if c.type in _STATEMENTS and c.type not in ("function_definition", "ERROR")
        ]
        stack: list[_Item] = [(root, joined, pipe, sub)]
        while stack:
            node, j, p, s = stack.pop()
            t = node.type
            if t in _SIMPLE:
                extra, end = self.tails.pop(node.start_byte, _NO_TAIL) if self.tails else _NO_TAIL
                items = self._command(node, extra, j, p, s, node.start_byte, end or node.end_byte)
            elif t == "redirected_statement":
                items = self._redirected(node, j, p, s)
            else:
                items = self._container(node, t, j, p, s)
            if items:
                items.reverse()
                stack.extend(items)

    def _collect_errors(self, root: Node) -> None:
        """ERROR and MISSING nodes become ParseErrors with positions (no descent below them)."""
        stack = [root]
        while stack and len(self.errors) < _MAX_ERRORS:
            node = stack.pop()
            if node.is_error:
                start, end = self._c(node.start_byte), self._c(node.end_byte)
                snippet = self.text[start:end].strip().split("\n", 1)[0][:30]
                self.errors.append(
                    ParseError(f"shell syntax error near {snippet!r}", self.map.span(start, end))
                )
                continue
            if node.is_missing:
                if node.type == ";":
                    # recovery for ``fi done`` / ``fi fi``, which real shells accept
                    continue
                at = self._c(node.start_byte)
                self.errors.append(
                    ParseError(f"shell syntax error: missing {node.type!r}", self.map.span(at, at))
                )
                continue
            stack.extend(reversed([c for c in node.children if c.has_error]))

    # -- structure ---------------------------------------------------------

    def _container(self, node: Node, t: str, j: str, p: bool, s: bool) -> list[_Item]:
        """Children of a list-like node, each with the operator that joins it."""
        if t in _SUBSTITUTIONS:
            j, p, s = "", False, True
        elif t == "subshell":
            s = True
        elif t == "pipeline":
            p = True
            self.own_pipe = True
            if self.pf_first is None:
                self.pf_first = self.pf_now
        elif t == "case_statement" or t == "if_statement":
            self._branches(node, t)
        items: list[_Item] = []
        pending = j
        prev_end = -1
        data = self.data
        for c in node.children:
            ct = c.type
            if not c.is_named:
                op = _JOIN.get(ct)
                if op is not None:
                    pending = op
                elif ct in _OPENERS:
                    pending = ""  # ``then``/``do`` start a new list: the ``;`` before is syntax
                continue
            if ct in _LEAVES or c.is_missing:
                continue
            if ct in _STATEMENTS:
                if not pending and prev_end >= 0 and data.find(b"\n", prev_end, c.start_byte) >= 0:
                    pending = "\n"
                items.append((c, pending, p, s))
                pending = ""
                prev_end = c.end_byte
            else:
                items.append((c, "", p, s))
        return items

    def _branches(self, node: Node, t: str) -> None:
        """Record the alternatives of a case (its items) or an if with elif/else (the
        ``then`` body, each elif, the else): one of them runs, never two."""
        ranges: list[tuple[int, int]] = []
        if t == "case_statement":
            ranges = [(c.start_byte, c.end_byte) for c in node.children if c.type == "case_item"]
        else:
            then_start = -1
            for c in node.children:
                if c.type == "then" and then_start < 0:
                    then_start = c.end_byte
                elif c.type in ("elif_clause", "else_clause", "fi") and then_start >= 0:
                    if not ranges:
                        ranges.append((then_start, c.start_byte))
                    if c.type != "fi":
                        ranges.append((c.start_byte, c.end_byte))
        if len(ranges) > 1:
            self.branches.append(
                tuple(self._span(self._c(a), self._c(b)) for a, b in ranges if b > a)
            )

    def _redirected(self, node: Node, j: str, p: bool, s: bool) -> list[_Item]:
        """A statement with redirections; words tree-sitter hangs on a redirection are argv."""
        body: Node | None = None
        extra: list[Node] = []
        redirects: list[_Item] = []
        for c in node.children:
            ct = c.type
            if body is None and ct in _STATEMENTS:
                body = c
                continue
            if ct == "file_redirect":
                extra.extend(_redirect_extras(c))
            elif ct == "heredoc_redirect" and any(g.type == "pipeline" for g in c.children):
                p = True  # ``cat <<EOF | sh``: the pipe hides inside the redirection
            if c.is_named and ct not in _LEAVES:
                redirects.append((c, "", p, s))
        if body is None:
            return redirects
        if body.type in _SIMPLE:
            items = self._command(body, extra, j, p, s, node.start_byte, node.end_byte)
            return items + redirects
        # tree-sitter-bash hangs ``a && b >x`` on the whole list: the redirection is b's.
        tail = body
        while tail.type in ("list", "pipeline", "negated_command"):
            parts = [c for c in tail.children if c.type in _STATEMENTS]
            if not parts:
                break
            tail = parts[-1]
        if tail.type in _SIMPLE:
            self.tails[tail.start_byte] = (extra, node.end_byte)
        return [(body, j, p, s), *redirects]

    def _command(
        self,
        node: Node,
        extra: list[Node],
        j: str,
        p: bool,
        s: bool,
        stmt_start: int,
        stmt_end: int,
    ) -> list[_Item]:
        """Record one simple command; return its parts that may hold substitutions."""
        groups: list[list[Node]] = []
        assigns: list[Node] = []
        inner: list[_Item] = []
        seen_name = node.type != "command"
        last_end = -1
        data = self.data
        sb, eb = node.start_byte, node.end_byte
        nested = (
            data.find(b"$(", sb, eb) >= 0
            or data.find(b"`", sb, eb) >= 0
            or data.find(b"<(", sb, eb) >= 0
            or data.find(b">(", sb, eb) >= 0
        )
        for c in node.children:
            ct = c.type
            if ct == "comment" or c.is_missing:
                continue
            if ct in _REDIRECTS:
                if ct == "file_redirect":
                    for x in _redirect_extras(c):
                        groups.append([x])
                        last_end = x.end_byte
                if nested or ct == "heredoc_redirect":
                    inner.append((c, "", p, s))
                continue
            if not seen_name and ct == "variable_assignment":
                assigns.append(c)
            else:
                if ct == "command_name":
                    seen_name = True
                if c.start_byte == last_end and groups:
                    groups[-1].append(c)  # ``$"x"`` comes as two adjacent nodes: one word
                else:
                    groups.append([c])
                last_end = c.end_byte
            if nested and ct not in _LEAVES:
                inner.append((c, "", p, s))
        for x in extra:
            groups.append([x])
        if not groups:
            return inner
        words: list[Word] = []
        starts: list[int] = []
        for g in groups:
            word, start = self._word(g)
            words.append(word)
            starts.append(start)
        assign_words = [self._word([a])[0] for a in assigns]
        cs = self._c(sb)
        ce = max(self._c(eb), self._c(groups[-1][-1].end_byte))
        rec = _Rec(
            words,
            starts,
            assign_words,
            self._span(cs, ce),
            j,
            p,
            s,
            (),
            len(self.out),
            self._c(stmt_start),
            max(ce, self._c(stmt_end)),
        )
        self.out.append(rec)
        self._after(rec)
        return inner

    # -- words -------------------------------------------------------------

    def _word(self, nodes: list[Node]) -> tuple[Word, int]:
        """A Word from adjacent nodes, and its offset in the text."""
        start = self._c(nodes[0].start_byte)
        end = self._c(nodes[-1].end_byte)
        raw = self.text[start:end]
        if len(nodes) == 1 and nodes[0].type in _RAW:
            value, literal = raw, False
        elif _SPECIAL.search(raw) is None:
            value, literal = raw, True
        elif len(nodes) == 1:
            value, literal = self._value(nodes[0], 0)
        else:
            # ``$"text"`` (locale string) arrives as ``$`` + string: the ``$`` is not a value.
            parts = [
                self._value(n, 0)
                for k, n in enumerate(nodes)
                if not (n.type == "$" and k + 1 < len(nodes) and nodes[k + 1].type == "string")
            ]
            value = "".join(v for v, _ in parts)
            literal = all(lit for _, lit in parts)
        return Word(raw, value, self._span(start, end), literal), start

    def _value(self, node: Node, depth: int) -> tuple[str, bool]:
        """Value of a word node, using the tree so ``$(...)`` is never rescanned."""
        t = node.type
        sb, eb = node.start_byte, node.end_byte
        raw = self._raw(sb, eb)
        if t in _RAW:
            return raw, False
        if t == "raw_string":
            return (raw[1:-1] if len(raw) >= 2 and raw.endswith("'") else raw[1:]), True
        if t == "ansi_c_string":
            body = raw[2:-1] if len(raw) >= 3 and raw.endswith("'") else raw[2:]
            return _ansi_c(body), True
        if t == "string":
            lo = sb + 1
            hi = eb - 1 if len(raw) >= 2 and raw.endswith('"') else eb
            parts: list[str] = []
            literal = True
            cursor = lo
            for c in node.children:
                if not c.is_named:
                    continue
                if c.start_byte > cursor:
                    parts.append(_unescape_dq(self._raw(cursor, c.start_byte)))
                ct = c.type
                if ct in _RAW:
                    parts.append(self._raw(c.start_byte, c.end_byte))
                    literal = False
                else:
                    parts.append(_unescape_dq(self._raw(c.start_byte, c.end_byte)))
                cursor = c.end_byte
            if hi > cursor:
                parts.append(_unescape_dq(self._raw(cursor, hi)))
            return "".join(parts), literal
        if node.child_count == 0 or depth > 16:
            return _decode(raw)
        parts = []
        literal = True
        cursor = sb
        for c in node.children:
            if c.start_byte > cursor:
                v, lit = _decode(self._raw(cursor, c.start_byte))
                parts.append(v)
                literal = literal and lit
            v, lit = self._value(c, depth + 1)
            parts.append(v)
            literal = literal and lit
            cursor = c.end_byte
        if eb > cursor:
            v, lit = _decode(self._raw(cursor, eb))
            parts.append(v)
            literal = literal and lit
        return "".join(parts), literal

    # -- after a command: pipefail, unwrapping -----------------------------

    def _after(self, rec: _Rec) -> None:
        """Note ``set -o pipefail`` and add the commands this one runs (sudo X, sh -c '...')."""
        cur = rec
        for _ in range(16):
            vals = [w.value for w in cur.words]
            name = _basename(vals[0])
            if name == "set":
                state = _set_pipefail(vals[1:])
                if state is not None:
                    self.pf_now = state
                return
            if name in _C_SHELLS:
                has_c, operand, pf, _ = _shell_args(vals[1:])
                if has_c and operand >= 0:
                    self._nested(cur, operand + 1, 0, name, bool(pf), "sh -c")
                return
            if name == "su":
                code = _su_code(vals)
                if code is not None:
                    self._nested(cur, code[0], code[1], code[2], False, "su")
                return
            if name not in _WRAPPERS:
                return
            found = _unwrap_argv(name, vals)
            if found is None:
                return
            at, assign_at = found
            assigns = list(cur.assigns) if name in _KEEPS_ENV else []
            assigns.extend(cur.words[k] for k in assign_at)
            words = cur.words[at:]
            first, last = words[0].span, cur.span
            nxt = _Rec(
                words,
                cur.starts[at:],
                assigns,
                Span(first.line, first.column, last.end_line, last.end_column),
                cur.joined,
                cur.pipe,
                cur.sub,
                (*cur.wrappers, name),
                cur.root,
                cur.start,
                cur.end,
            )
            self.out.append(nxt)
            cur = nxt

    def _nested(self, cur: _Rec, k: int, drop: int, dialect: str, pf: bool, wrapper: str) -> None:
        """Parse the code string ``cur.words[k]`` (minus ``drop`` leading characters) again."""
        if self.level >= _MAX_NESTED_SHELLS:
            return
        word = cur.words[k]
        offs: list[int] = []
        code, literal = _decode(word.text, offs)
        code, offs = code[drop:], offs[drop:]
        if not code.strip():
            return
        start = cur.starts[k]
        if start >= 0:
            code_map = _compose(self.map, start, offs)
        else:
            code_map = TextMap.single(word.span.line, word.span.column)
        report = self.report_errors and literal
        walk = _Walk(code, code_map, self.out, self.errors, pf, self.level + 1, report)
        walk.branches = self.branches
        first = len(self.out)
        walk.run(cur.joined, cur.pipe, cur.sub)
        prefix = (*cur.wrappers, wrapper)
        for r in self.out[first:]:
            r.wrappers = prefix + r.wrappers
        if walk.has_pipe:
            self.inner_pipe = True
            self.pf_inner = self.pf_inner and walk.pipefail_ok

    @property
    def has_pipe(self) -> bool:
        return self.own_pipe or self.inner_pipe

    @property
    def pipefail_ok(self) -> bool:
        """pipefail was on at the first pipeline of this shell and of every nested shell.

        A nested ``bash -c`` does not inherit pipefail, so its pipelines count on
        their own. Without any pipeline: whether ``set -o pipefail`` ran.
        """
        if self.own_pipe:
            own = bool(self.pf_first)
        else:
            own = self.inner_pipe or self.pf_now
        return own and self.pf_inner


def _redirect_extras(node: Node) -> list[Node]:
    """Words after a redirection target: tree-sitter-bash hangs ``cmd >x arg``'s ``arg`` there."""
    dests = [c for c in node.children if c.is_named and c.type != "file_descriptor"]
    return dests[1:]


#: tree-sitter-bash's scanner hands code points to C's ctype functions, which is undefined
#: for non-ASCII values: ``{`` followed by U+633C9 crashes the process now and then. The
#: parser gets every non-ASCII byte as ``x`` (a word character, like the letters it stands
#: for, at the same byte offsets); all text is still read from the original.
_TO_ASCII = bytes(range(128)) + b"x" * 128


def _ascii(data: bytes) -> bytes:
    return data.translate(_TO_ASCII)


def _byte_offsets(text: str, size: int) -> list[int]:
    """Character offset of every UTF-8 byte offset (tree-sitter counts bytes)."""
    out = [0] * (size + 1)
    b = 0
    for ci, ch in enumerate(text):
        o = ord(ch)
        width = 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
        for k in range(width):
            out[b + k] = ci
        b += width
    out[size] = len(text)
    return out


# --------------------------------------------------------------------------
# Public API.


def _parse(
    text: str,
    text_map: TextMap,
    instruction: int,
    source: str,
    dialect: str,
    pipefail: bool,
    original: str | None = None,
) -> tuple[Script, list[_Rec]]:
    """Parse and build the Script; the records are kept for heredoc ownership."""
    out: list[_Rec] = []
    errors: list[ParseError] = []
    walk = _Walk(text, text_map, out, errors, pipefail, 0)
    walk.run()
    commands = tuple(
        Command(
            words=tuple(r.words),
            span=r.span,
            assignments=tuple(r.assigns),
            joined_by=r.joined,
            in_pipeline=r.pipe,
            in_subshell=r.sub,
            wrappers=r.wrappers,
            index=i,
        )
        for i, r in enumerate(out)
    )
    script = Script(
        instruction=instruction,
        source=source,
        text=text if original is None else original,
        text_map=text_map,
        dialect=dialect,
        commands=commands,
        pipefail=walk.pipefail_ok,
        has_pipeline=walk.has_pipe,
        errors=tuple(errors),
        branches=tuple(walk.branches),
        statements=tuple(walk.statements),
    )
    return script, out


def parse_script(
    text: str,
    text_map: TextMap,
    *,
    instruction: int,
    source: str,
    dialect: str = "sh",
    pipefail: bool = False,
) -> Script:
    """Parse shell code. text_map maps offsets in `text` to Dockerfile (line, column).

    Never raises; tree-sitter ERROR nodes become Script.errors entries with
    positions, and commands outside them are still returned. ``pipefail`` says
    the shell was started with ``-o pipefail``.
    """
    return _parse(text, text_map, instruction, source, dialect, pipefail)[0]


def _stage_shell(shell: Sequence[str]) -> tuple[str, bool] | None:
    """(dialect, pipefail) of a SHELL, or None when it is not a POSIX-like shell."""
    if not shell:
        return "sh", False
    prog = _basename(shell[0]).lower()
    args = list(shell[1:])
    if prog == "env" and args:
        k = _skip_options(args, 0)
        while k < len(args) and _ASSIGN.match(args[k]):
            k += 1
        if k < len(args):
            prog, args = _basename(args[k]).lower(), args[k + 1 :]
    if prog.endswith(".exe"):
        prog = prog[:-4]
    if prog.startswith(_NOT_POSIX):
        return None
    if prog == "busybox" and args and args[0] in SHELLS:
        args = args[1:]
    return (prog if prog in SHELLS else "sh"), bool(_shell_args(args)[2])


def _shebang(body: str) -> tuple[str | None, bool] | None:
    """None without ``#!``; else (dialect or None when not a shell, pipefail)."""
    if not body.startswith("#!"):
        return None
    parts = body[2:].split("\n", 1)[0].split()
    if not parts:
        return None, False
    prog, args = _basename(parts[0]), parts[1:]
    if prog == "env":
        k = 0
        while k < len(args) and (args[k].startswith("-") or _ASSIGN.match(args[k])):
            k += 1
        if k >= len(args):
            return None, False
        prog, args = _basename(args[k]), args[k + 1 :]
    if prog not in SHELLS:
        return None, False
    if prog == "busybox" and args and args[0] in SHELLS:
        args = args[1:]
    return prog, bool(_shell_args(args)[2])


_HEREDOC_WORD = re.compile(r"""(?<![<\w])\d*<<-?(?:"([^"\n]*)"|'([^'\n]*)'|([^\s<>&|;()'"]+))""")


def _heredoc_words(
    text: str, text_map: TextMap, heredocs: Sequence[Heredoc]
) -> list[tuple[int, int] | None]:
    """Where each heredoc's ``<<WORD`` is in the RUN text (None when not found)."""
    found = [
        (m.start(), m.end(), m.group(1) if m.group(1) is not None else m.group(2) or m.group(3))
        for m in _HEREDOC_WORD.finditer(text)
    ]
    used: set[int] = set()
    result: list[tuple[int, int] | None] = []
    after = -1
    for h in heredocs:
        cands = [f for f in found if f[2] == h.name and f[0] not in used]
        want = (h.word_span.line, h.word_span.column)
        pick = next((f for f in cands if text_map.position(f[0]) == want), None)
        if pick is None:
            pick = next((f for f in cands if f[0] > after), None)
        if pick is None:
            result.append(None)
            continue
        used.add(pick[0])
        after = pick[0]
        result.append((pick[0], pick[1]))
    return result


def _owner(recs: list[_Rec], text: str, start: int, end: int) -> _Rec | None:
    """The command whose stdin the heredoc at ``[start, end)`` feeds (``sudo bash``: bash)."""
    root = -1
    for i, r in enumerate(recs):
        if r.root == i and r.start <= start and (start < r.end or not text[r.end : start].strip()):
            root = i
    if root < 0:
        for i, r in enumerate(recs):
            if r.root == i and r.start >= end and not text[end : r.start].strip():
                root = i
                break
    if root < 0:
        return None
    owner = recs[root]
    for r in recs[root + 1 :]:
        if r.root == root:
            owner = r
    return owner


def _stdin_shell(rec: _Rec) -> tuple[str, bool] | None:
    """(dialect, pipefail) when the command is a shell reading its script from stdin."""
    vals = [w.value for w in rec.words]
    name = _basename(vals[0])
    if name not in _C_SHELLS:
        return None
    has_c, operand, pf, stdin = _shell_args(vals[1:])
    if has_c or (operand >= 0 and not stdin):
        return None
    return name, bool(pf)


def _json_strings(text: str) -> list[tuple[int, str, list[int]]] | None:
    """The strings of a JSON array: (offset of the opening quote, value, offsets of its chars)."""
    n = len(text)
    i = text.find("[")
    if i < 0 or text[:i].strip():
        return None
    i += 1
    out: list[tuple[int, str, list[int]]] = []
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == "]" and not out:
            return out
        if i >= n or text[i] != '"':
            return None
        start = i
        i += 1
        chars: list[str] = []
        offs: list[int] = []
        while i < n and text[i] != '"':
            c = text[i]
            if c == "\\" and i + 1 < n:
                e = text[i + 1]
                if e == "u" and _HEX4.fullmatch(text, i + 2, i + 6):
                    at = i
                    cp = int(text[i + 2 : i + 6], 16)
                    i += 6
                    pair = 0xD800 <= cp < 0xDC00 and text.startswith("\\u", i)
                    if pair and _HEX4.fullmatch(text, i + 2, i + 6):
                        low = int(text[i + 2 : i + 6], 16)
                        if 0xDC00 <= low < 0xE000:
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                    chars.append(chr(cp))
                    offs.append(at)
                    continue
                chars.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(e, e))
                offs.append(i)
                i += 2
                continue
            chars.append(c)
            offs.append(i)
            i += 1
        if i >= n:
            return None
        i += 1
        out.append((start, "".join(chars), offs))
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == ",":
            i += 1
            continue
        if i < n and text[i] == "]":
            return out
        return None


def _exec_script(
    argv: Sequence[str], text: str, text_map: TextMap, index: int, source: str
) -> Script | None:
    """``["sh", "-c", "CODE"]``: the CODE, positioned through the JSON string when found."""
    if not argv:
        return None
    skip = 1
    prog = _basename(argv[0])
    if prog == "busybox" and len(argv) > 1 and argv[1] in _C_SHELLS:
        prog, skip = argv[1], 2
    if prog not in _C_SHELLS:
        return None
    has_c, operand, pf, _ = _shell_args(argv[skip:])
    if not has_c or operand < 0:
        return None
    k = operand + skip
    code = argv[k]
    elements = _json_strings(text)
    if elements is not None and len(elements) == len(argv) and elements[k][1] == code:
        start, _, offs = elements[k]
        code_map = _compose(text_map, 0, offs) if offs else text_map.shifted(start)
    elif elements is not None and k < len(elements):
        line, column = text_map.position(elements[k][0])
        code_map = TextMap.single(line, column)
    else:
        line, column = text_map.position(0)
        code_map = TextMap.single(line, column)
    return _parse(code, code_map, index, source, prog, bool(pf))[0]


_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_HEALTH_CMD = re.compile(r"\s*CMD(?:\s+|$)", re.IGNORECASE)


def _scripts(inst: Instruction, stage: tuple[str, bool] | None, index: int) -> list[Script]:
    """scripts_for, with the instruction index to report (ONBUILD keeps its own)."""
    name = inst.name
    if inst.onbuild is not None:
        return _scripts(inst.onbuild, stage, index)
    if name == "RUN":
        return _run_scripts(inst, stage, index)
    if name in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
        source = name.lower()
        text, text_map = inst.args, inst.args_map
        exec_form = inst.exec_form
        if name == "HEALTHCHECK":
            if inst.health_type is not None and inst.health_type.upper() != "CMD":
                return []
            m = _HEALTH_CMD.match(text)
            if m is not None:
                text, text_map = text[m.end() :], text_map.shifted(m.end())
            elif text.strip().upper() == "NONE":
                return []
            if exec_form is None and text.lstrip().startswith("["):
                strings = _json_strings(text.strip())
                if strings is not None and strings:
                    exec_form = tuple(v for _, v, _ in strings)
        if exec_form is not None:
            script = _exec_script(exec_form, text, text_map, index, source)
            return [script] if script is not None else []
        if stage is None or not text.strip():
            return []
        return [_parse(text, text_map, index, source, stage[0], stage[1])[0]]
    return []


def _run_scripts(inst: Instruction, stage: tuple[str, bool] | None, index: int) -> list[Script]:
    """The RUN text and the heredoc bodies the shell runs as scripts."""
    if inst.exec_form is not None:
        script = _exec_script(inst.exec_form, inst.args, inst.args_map, index, "run")
        return [script] if script is not None else []
    text = inst.args
    heredocs = inst.heredocs
    if not heredocs:
        if stage is None or not text.strip():
            return []
        return [_parse(text, inst.args_map, index, "run", stage[0], stage[1])[0]]
    where = _heredoc_words(text, inst.args_map, heredocs)
    first = where[0]
    if len(heredocs) == 1 and first is not None and text.strip() == text[first[0] : first[1]]:
        # BuildKit runs a lone heredoc as the script: by its shebang, else with SHELL.
        h = heredocs[0]
        bang = _shebang(h.body)
        if bang is not None:
            if bang[0] is None:
                return []
            stage = (bang[0], bang[1])
        if stage is None:
            return []
        return [_parse(h.body, h.body_map, index, "heredoc", stage[0], stage[1])[0]]
    if stage is None:
        return []
    chars = list(text)
    for span in where:
        if span is not None:
            chars[span[0] : span[1]] = " " * (span[1] - span[0])
    blanked = "".join(chars)
    script, recs = _parse(blanked, inst.args_map, index, "run", stage[0], stage[1], original=text)
    scripts = [script]
    for h, span in zip(heredocs, where, strict=True):
        if span is None:
            continue
        owner = _owner(recs, blanked, span[0], span[1])
        if owner is None:
            continue
        shell = _stdin_shell(owner)
        if shell is not None:
            scripts.append(_parse(h.body, h.body_map, index, "heredoc", shell[0], shell[1])[0])
    return scripts


def scripts_for(inst: Instruction, shell: tuple[str, ...] = ("/bin/sh", "-c")) -> list[Script]:
    """Every script an instruction runs, positioned in the Dockerfile.

    Shell-form RUN text; the heredoc bodies of RUN that a shell runs as a script
    (``RUN <<EOF`` with SHELL or its shebang, ``RUN bash <<EOF``; not
    ``RUN python3 <<EOF`` nor ``RUN cat <<EOF >file``); shell-form CMD,
    ENTRYPOINT and HEALTHCHECK CMD; exec forms ``["sh", "-c", "CODE"]``; the
    trigger of ONBUILD (reported at the ONBUILD's index). ``shell`` is the
    stage's SHELL: a non-POSIX one (powershell, cmd...) yields no shell-form
    scripts; ``-o pipefail`` in it sets ``Script.pipefail``.
    """
    return _scripts(inst, _stage_shell(shell), inst.index)
