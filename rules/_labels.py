"""Helpers for the LABEL rules: label pairs as the build sees them, and value validators.

A label's key and value are read the way BuildKit reads them: quotes removed and
build arguments expanded through their defaults, so ``LABEL "version"=$VERSION``
is checked against the ARG default, and a value that is only known at build
time is left alone rather than reported.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dlint import words
from dlint.analysis import Facts
from dlint.model import Instruction, KeyValue, Span

#: A schema that uses every label type once. The docs' examples of the schema rules
#: assume it (with strict labels on), so a test can lint them with this schema.
EXAMPLE_SCHEMA: dict[str, str] = {
    "org.opencontainers.image.title": "text",
    "org.opencontainers.image.source": "url",
    "org.opencontainers.image.version": "semver",
    "org.opencontainers.image.revision": "hash",
    "org.opencontainers.image.created": "rfc3339",
    "org.opencontainers.image.licenses": "spdx",
    "org.opencontainers.image.authors": "email",
}

#: Text put in the rationale of every schema rule: how to turn the rule on.
SCHEMA_HOWTO = (
    "The rule does nothing until a label schema is configured: under `[tool.dlint]`,\n"
    '`label-schema = { "org.opencontainers.image.source" = "url", ... }` maps each\n'
    "required label to its type (text, url, semver, hash, rfc3339, spdx, email);\n"
    "`strict-labels = true` also forbids labels the schema does not name. The examples\n"
    "below assume a schema with the seven `org.opencontainers.image.*` labels title\n"
    "(text), source (url), version (semver), revision (hash), created (rfc3339),\n"
    "licenses (spdx) and authors (email), and strict labels."
)


@dataclass(frozen=True)
class LabelPair:
    """One ``key=value`` of a LABEL (or of an ``ONBUILD LABEL``).

    ``key`` and ``value`` are what the image gets: unquoted, variables
    expanded; None when that depends on a build argument without a default
    (or, under ONBUILD, on any variable: it expands in the child build).
    """

    inst: Instruction
    raw_key: str
    raw_value: str
    key: str | None
    value: str | None
    key_span: Span
    value_span: Span
    onbuild: bool

    @property
    def origin(self) -> str:
        """`` (from $X)`` when the value came through a variable, to explain a message."""
        return f" (from {self.raw_value.strip()})" if "$" in self.raw_value else ""


def _offset_at(inst: Instruction, line: int, column: int) -> int | None:
    """The offset in ``inst.args`` of the character at a source position."""
    tmap = inst.args_map
    total = len(inst.args)
    for i, start in enumerate(tmap.offsets):
        end = tmap.offsets[i + 1] if i + 1 < len(tmap.offsets) else total
        col = tmap.columns[i]
        if tmap.lines[i] == line and col <= column < col + (end - start):
            return start + column - col
    return None


def pair_spans(inst: Instruction, kv: KeyValue) -> tuple[Span, Span]:
    """Spans of the key and of the value of a pair; the pair's span when unknown."""
    raw_value = kv.raw_value or ""
    if kv.legacy:
        key_start: int | None = 0
        value_start = len(inst.args) - len(raw_value)
    else:
        key_start = _offset_at(inst, kv.span.line, kv.span.column)
        if key_start is None:
            return kv.span, kv.span
        value_start = key_start + len(kv.key) + 1
    if key_start is None:
        return kv.span, kv.span
    tmap = inst.args_map
    key_span = tmap.span(key_start, key_start + len(kv.key))
    value_span = tmap.span(value_start, value_start + len(raw_value)) if raw_value else key_span
    return key_span, value_span


def _resolve(facts: Facts, inst: Instruction, text: str, onbuild: bool) -> str | None:
    esc = facts.dockerfile.escape
    if onbuild:
        return None if words.references(text, esc) else words.expand(text, {}, esc)
    return facts.expand(inst, text)


def label_pairs(facts: Facts, onbuild: bool = True) -> Iterator[LabelPair]:
    """Every pair of every LABEL, in file order; ``ONBUILD LABEL`` too when ``onbuild``."""
    names = ("LABEL", "ONBUILD") if onbuild else ("LABEL",)
    for outer in facts.instructions(*names):
        inst = outer.onbuild if outer.name == "ONBUILD" else outer
        if inst is None or inst.name != "LABEL":
            continue
        trigger = inst is not outer
        for kv in inst.key_values:
            raw_value = kv.raw_value if kv.raw_value is not None else (kv.value or "")
            key_span, value_span = pair_spans(inst, kv)
            yield LabelPair(
                inst=inst,
                raw_key=kv.key,
                raw_value=raw_value,
                key=_resolve(facts, outer, kv.key, trigger),
                value=_resolve(facts, outer, raw_value, trigger),
                key_span=key_span,
                value_span=value_span,
                onbuild=trigger,
            )


def used_stages(facts: Facts) -> set[int]:
    """Stages that another stage builds on: its FROM, ``COPY --from`` or a ``--mount from=``."""
    used: set[int] = set()
    for stage in facts.stages:
        if stage.base_stage is not None:
            used.add(stage.base_stage)
        for inst in stage.instructions:
            refs: list[str] = []
            if inst.name in ("COPY", "ADD"):
                refs += [f.value for f in inst.flags_named("from") if f.value]
            if inst.name == "RUN":
                refs += [f.option("from") or "" for f in inst.flags_named("mount")]
            for ref in refs:
                name = facts.expand(inst, ref) if ref else None
                other = facts.stage_named(name) if name else None
                if other is not None and other.index != stage.index:
                    used.add(other.index)
    return used


# -- value validators: each returns None when the value is valid, else why not --------

_URI = re.compile(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):"
    r"(?P<rest>(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*)$"
)
_HOST_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "git", "ssh", "ws", "wss"})


def url_problem(value: str) -> str | None:
    """An absolute URI (RFC 3986); web-like schemes also need a host."""
    m = _URI.match(value)
    if m is None:
        if ":" not in value:
            return "has no scheme (such as https://)"
        return "has characters a URL cannot contain, or no valid scheme"
    scheme, rest = m.group("scheme").lower(), m.group("rest")
    if rest.count("#") > 1:
        return "has more than one '#'"
    if scheme in _HOST_SCHEMES:
        if not rest.startswith("//"):
            return f"has no host after {scheme}:"
        authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
        host = authority.rsplit("@", 1)[-1]
        if not host or host.startswith(":"):
            return f"has no host after {scheme}://"
    return None


_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$"
)


def rfc3339_problem(value: str) -> str | None:
    """A full RFC 3339 date-time: date, ``T``, time, and ``Z`` or a numeric offset."""
    m = _RFC3339.match(value)
    if m is None:
        return "is not a full date-time with a time zone"
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return "is not a real calendar date"
    if hour > 23 or minute > 59 or second > 60:
        return "has an impossible time of day"
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return "has an impossible time zone offset"
    return None


_HASH = re.compile(r"^[0-9a-f]+$")


def hash_problem(value: str) -> str | None:
    """A git commit id: lower-case hex, abbreviated (7 to 40 digits) or full SHA-1/SHA-256."""
    if not _HASH.match(value):
        return "is not lower-case hexadecimal"
    if not (7 <= len(value) <= 40 or len(value) == 64):
        return f"has {len(value)} digits (a commit id has 7 to 40, or 64)"
    return None


_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)


def semver_problem(value: str) -> str | None:
    """Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH, optional -pre-release and +build."""
    if _SEMVER.match(value):
        return None
    if value[:1] in ("v", "V") and _SEMVER.match(value[1:]):
        return "starts with 'v', which is not part of a semantic version"
    return "is not MAJOR.MINOR.PATCH with optional -pre-release and +build parts"


_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATEXT}(?:\.{_ATEXT})*"
_QUOTED = r'"(?:[^"\\\r\n]|\\.)*"'
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DOMAIN = rf"(?:{_LABEL}(?:\.{_LABEL})*|\[[^\[\]\\\s]+\])"
_ADDR_SPEC = rf"(?:{_DOT_ATOM}|{_QUOTED})@{_DOMAIN}"
_DISPLAY = rf'(?:[^<>@,"]|{_QUOTED})*'
_MAILBOX = re.compile(rf"^(?:{_ADDR_SPEC}|{_DISPLAY}<{_ADDR_SPEC}>)$")


def _split_mailboxes(value: str) -> list[str]:
    """Split a mailbox list on commas outside quotes and angle brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for ch in value:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "<":
            depth += 1
        elif not quoted and ch == ">":
            depth -= 1
        if ch == "," and not quoted and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts]


def email_problem(value: str) -> str | None:
    """RFC 5322 mailboxes: ``a@example.com`` or ``Name <a@example.com>``, comma-separated."""
    mailboxes = _split_mailboxes(value)
    for mailbox in mailboxes:
        if not mailbox:
            return "has an empty entry in its list"
        if not _MAILBOX.match(mailbox):
            if len(mailboxes) == 1:
                return "is not an address like name@example.com or Name <name@example.com>"
            return f"has {mailbox!r}, which is not an address like name@example.com"
    return None


_SPDX_TOKEN = re.compile(r"\s*(\(|\)|[^\s()]+)")
_SPDX_ID = re.compile(r"^(?:DocumentRef-[A-Za-z0-9.-]+:)?[A-Za-z0-9.-]+\+?$")
_OPERATORS = {"AND": "AND", "and": "AND", "OR": "OR", "or": "OR", "WITH": "WITH", "with": "WITH"}


class _SpdxParser:
    """Recursive descent over an SPDX license expression (SPDX 2.3, Annex D).

    expr := term (("AND" | "OR") term)* ; term := "(" expr ")" | id ["WITH" id].
    Only the syntax matters here, so AND and OR share one level. Operators may
    be upper or lower case.
    """

    def __init__(self, text: str):
        self.tokens: list[str] = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            m = _SPDX_TOKEN.match(text, pos)
            if m is None:
                break
            self.tokens.append(m.group(1))
            pos = m.end()
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def op(self) -> str | None:
        tok = self.peek()
        return _OPERATORS.get(tok) if tok is not None else None

    def parse(self) -> str | None:
        problem = self.expr()
        if problem is None and self.peek() is not None:
            return f"has {self.peek()!r} where an operator (AND, OR, WITH) or the end belongs"
        return problem

    def expr(self) -> str | None:
        problem = self.term()
        while problem is None and self.op() in ("AND", "OR"):
            self.i += 1
            problem = self.term()
        return problem

    def term(self) -> str | None:
        tok = self.peek()
        if tok is None:
            return "ends where a license identifier belongs"
        if tok == "(":
            self.i += 1
            problem = self.expr()
            if problem is None:
                if self.peek() != ")":
                    return "has an unclosed '('"
                self.i += 1
            return problem
        if tok == ")" or self.op() is not None:
            return f"has {tok!r} where a license identifier belongs"
        if not _SPDX_ID.match(tok):
            return f"has {tok!r}, which is not a license identifier"
        self.i += 1
        if self.op() == "WITH":
            self.i += 1
            exc = self.peek()
            if exc is None or exc in "()" or self.op() is not None or not _SPDX_ID.match(exc):
                return "has WITH without a license exception after it"
            self.i += 1
        return None


def spdx_problem(value: str) -> str | None:
    """A syntactically valid SPDX license expression (identifiers are not looked up)."""
    if not value.strip():
        return "is blank"
    return _SpdxParser(value).parse()
