"""The shadow text handed to dockerfile-parse, and the split it gives back.

dockerfile-parse splits instructions with per-line regular expressions that
predate several BuildKit rules. The shadow has exactly the lines of the file,
rewritten where dockerfile-parse would go wrong, so that its
``(instruction, startline, endline)`` list is BuildKit's:

- directive lines become ``# syntax=x`` (and ``# escape=`` for the escape in
  force), other comment lines become ``#``: dockerfile-parse stops directive
  detection at ``# check=`` and would honour an escape BuildKit ignores;
- heredoc bodies and terminators become comments, and the line before them gets
  a continuation character, so the bodies stay inside their instruction;
- blank lines inside a continuation become comments (dockerfile-parse ends the
  instruction at a blank line, BuildKit skips it);
- a line BuildKit does not continue but dockerfile-parse would (``\\\\`` at end
  of line, an escape followed by a form feed) gets a ``.`` appended;
- the last line of an instruction still open at end of file is closed the
  same way (dockerfile-parse drops such an instruction);
- characters outside ASCII, and the separators U+001C..U+001F that Python's
  regular expressions count as blanks but Go does not, become ``x``.
"""

from __future__ import annotations

import io
import re

from dockerfile_parse import DockerfileParser

from dlint.parser.scan import Block, Kind, Scan

_UNSAFE = re.compile(r"[^\x00-\x1b\x20-\x7e]")

_COMMENT_KINDS = frozenset(
    {Kind.COMMENT, Kind.EMPTY_CONTINUATION, Kind.BODY, Kind.TERMINATOR, Kind.DIRECTIVE}
)


def build_shadow(lines: tuple[str, ...], scan: Scan, escape: str, escape_line: int) -> list[str]:
    """One shadow line per source line, without line endings."""
    shadow = [
        "#" if kind in _COMMENT_KINDS else (_UNSAFE.sub("x", line) if kind == Kind.CODE else "")
        for line, kind in zip(lines, scan.kinds)
    ]
    for index, kind in enumerate(scan.kinds):
        if kind == Kind.DIRECTIVE:
            shadow[index] = f"# escape={escape}" if index == escape_line else "# syntax=x"
    for block in scan.blocks:
        _fix_block(shadow, block, escape)
    return shadow


def _continues(line: str, escape: str) -> bool:
    """dockerfile-parse's ``^.*\\\\\\s*$`` test on an ASCII line."""
    return line.rstrip().endswith(escape)


def _fix_block(shadow: list[str], block: Block, escape: str) -> None:
    """Make dockerfile-parse see the block as one instruction ending at ``block.end``."""
    last_code = block.pieces[-1].line
    for piece in block.pieces[:-1]:
        if not _continues(shadow[piece.line], escape):
            shadow[piece.line] += escape
    if block.end == last_code:
        if _continues(shadow[last_code], escape):
            shadow[last_code] += "."
        return
    if not _continues(shadow[last_code], escape):
        shadow[last_code] += escape
    shadow[block.end] = "."


def split_shadow(shadow: list[str]) -> list[tuple[str, int, int]]:
    """dockerfile-parse's instruction list on the shadow: (keyword, first line, last line), 0-based."""
    data = ("\n".join(shadow) + "\n").encode("ascii")
    parser = DockerfileParser(fileobj=io.BytesIO(data))
    return [
        (entry["instruction"], entry["startline"], entry["endline"])
        for entry in parser.structure
        if not shadow[entry["startline"]].startswith("#")
    ]
