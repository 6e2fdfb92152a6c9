"""A line-level pre-pass that follows BuildKit's ``Parse`` loop.

It classifies every source line (comment, blank, instruction text, blank line
inside a continuation, heredoc body, heredoc terminator) and groups
instruction lines into blocks. dockerfile-parse cannot do this itself: it has no
heredocs, ends an instruction at a blank continuation line, continues after an
escaped escape character and drops an instruction left open at end of file.
The classification is what lets :mod:`dlint.parser.shadow` hide those cases
from it, and what the instruction builder reads afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from dlint.parser.heredocs import HeredocWord, heredoc_words
from dlint.parser.source import go_lstrip


class Kind(IntEnum):
    BLANK = 0
    COMMENT = 1
    DIRECTIVE = 2
    CODE = 3
    EMPTY_CONTINUATION = 4
    BODY = 5
    TERMINATOR = 6


@dataclass(frozen=True)
class Piece:
    """One source line's share of a logical line: 0-based line and column."""

    line: int
    column: int
    text: str


@dataclass(frozen=True)
class Body:
    """Where a heredoc's body lies: 0-based lines, ``terminator`` None when missing."""

    word: HeredocWord
    first: int
    last: int  # first - 1 for an empty body
    terminator: int | None


@dataclass
class Block:
    """The source lines of one instruction (0-based, ``end`` inclusive)."""

    start: int
    end: int = -1
    pieces: list[Piece] = field(default_factory=list)
    empty_lines: list[int] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    continued: bool = False  # the last line asked for a continuation

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def strip_continuation(line: str, escape: str) -> tuple[str, bool]:
    """BuildKit's ``trimContinuationCharacter``: the text without the escape, and whether it continues.

    A line continues when it ends with the escape token plus spaces or tabs,
    unless the token is itself escaped (``\\\\`` at end of line does not continue).
    """
    trimmed = line.rstrip(" \t")
    if trimmed.endswith(escape) and (len(trimmed) == 1 or trimmed[-2] != escape):
        return trimmed[:-1], True
    return line, False


@dataclass
class Scan:
    kinds: list[Kind]
    blocks: list[Block]


def scan_lines(lines: tuple[str, ...], directive_lines: set[int], escape: str) -> Scan:
    """Classify the lines and group them into instruction blocks."""
    kinds = [Kind.BLANK] * len(lines)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        stripped = go_lstrip(lines[i])
        if i in directive_lines:
            kinds[i] = Kind.DIRECTIVE
        elif stripped.startswith("#"):
            kinds[i] = Kind.COMMENT
        elif stripped:
            block = _read_block(lines, i, stripped, escape, kinds)
            blocks.append(block)
            i = block.end
        i += 1
    return Scan(kinds, blocks)


def _read_block(
    lines: tuple[str, ...], start: int, first: str, escape: str, kinds: list[Kind]
) -> Block:
    """One instruction: its logical line, then its heredoc bodies."""
    block = Block(start)
    text, cont = strip_continuation(first, escape)
    block.pieces.append(Piece(start, len(lines[start]) - len(first), text))
    kinds[start] = Kind.CODE
    i = start
    while cont and i + 1 < len(lines):
        i += 1
        stripped = go_lstrip(lines[i])
        if stripped.startswith("#"):
            kinds[i] = Kind.COMMENT
        elif not stripped:
            kinds[i] = Kind.EMPTY_CONTINUATION
            block.empty_lines.append(i)
        else:
            text, cont = strip_continuation(lines[i], escape)
            block.pieces.append(Piece(i, 0, text))
            kinds[i] = Kind.CODE
    block.continued = cont
    block.end = _read_bodies(lines, i, heredoc_words(block.text, escape), block, kinds)
    return block


def _read_bodies(
    lines: tuple[str, ...], last: int, words: list[HeredocWord], block: Block, kinds: list[Kind]
) -> int:
    """Attach the bodies that follow the logical line; returns the block's last line."""
    i = last + 1
    for word in words:
        first = i
        terminator = None
        while i < len(lines):
            candidate = lines[i].lstrip("\t") if word.chomp else lines[i]
            if candidate == word.name:
                terminator = i
                kinds[i] = Kind.TERMINATOR
                i += 1
                break
            kinds[i] = Kind.BODY
            i += 1
        body_last = terminator - 1 if terminator is not None else i - 1
        block.bodies.append(Body(word, first, body_last, terminator))
    return i - 1 if words else last
