"""Parser directives (``# syntax=``, ``# escape=``, ``# check=``) at the top of the file.

Follows newest BuildKit (``frontend/dockerfile/parser/directives.go``): the
search stops at the first line that is not a known directive, a repeated
directive is an error, and ``check`` is a directive (the v0.12 parser that
dockerfile-parse mirrors stops at it). A ``#!`` first line is skipped when
``syntax`` and ``check`` are looked up, but BuildKit's main parser does not
skip it, so an ``escape`` after a shebang has no effect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dlint.model import Directive, ParseError, Span
from dlint.parser.source import go_lstrip

KNOWN = frozenset({"syntax", "escape", "check"})

# Go RE2's \s is [\t\n\f\r ]; the value is trimmed of those only.
_DIRECTIVE = re.compile(r"([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z", re.S)


@dataclass
class DirectiveScan:
    """What the directive search found: the directives, their lines, and the escape token."""

    directives: list[Directive] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)  # 0-based indices of directive lines
    escape: str = "\\"
    shebang: bool = False


def _match(line: str) -> re.Match[str] | None:
    """The directive regex match for a line, or None when the line is no directive."""
    stripped = go_lstrip(line)
    if not stripped.startswith("#"):
        return None
    match = _DIRECTIVE.match(go_lstrip(stripped[1:]))
    if match is None or match.group(1).lower() not in KNOWN:
        return None
    return match


def _span(index: int, line: str) -> Span:
    start = len(line) - len(go_lstrip(line)) + 1
    return Span(index + 1, start, index + 1, max(len(line.rstrip()) + 1, start))


def scan_directives(lines: tuple[str, ...]) -> DirectiveScan:
    """Read the directives at the top of the file, as BuildKit does."""
    scan = DirectiveScan(shebang=bool(lines) and lines[0].startswith("#!"))
    for index in range(1 if scan.shebang else 0, len(lines)):
        line = lines[index]
        match = _match(line)
        if match is None:
            break
        scan.lines.add(index)
        _record(scan, index, line, match.group(1).lower(), match.group(2))
    return scan


def _record(scan: DirectiveScan, index: int, line: str, name: str, value: str) -> None:
    """Keep one directive, or an error when it repeats or has a bad value."""
    span = _span(index, line)
    if any(d.name == name for d in scan.directives):
        scan.errors.append(ParseError(f"only one {name} parser directive can be used", span))
        return
    if name == "escape" and scan.shebang:
        # BuildKit's line parser stops looking for directives at the shebang.
        return
    scan.directives.append(Directive(name, value, index + 1, span))
    if name != "escape":
        return
    if value in ("\\", "`"):
        scan.escape = value
    else:
        scan.errors.append(
            ParseError(f"invalid escape token '{value}' does not match ` or \\", span)
        )
