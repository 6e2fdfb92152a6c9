"""Putting a whole file together: directives, the split, heredoc bodies, comments, stages.

The order of work: read the directives (they set the escape token), classify
the lines (:mod:`scan`), let dockerfile-parse split the shadow text
(:mod:`shadow`), then build each instruction from the original lines.
"""

from __future__ import annotations

from dataclasses import replace

from dlint.model import Comment, Dockerfile, Heredoc, Instruction, ParseError, Span, TextMap
from dlint.parser.directives import DirectiveScan, scan_directives
from dlint.parser.instruction import Where, build_instruction
from dlint.parser.logical import logical_line
from dlint.parser.scan import Block, Body, Kind, Piece, Scan, scan_lines, strip_continuation
from dlint.parser.shadow import build_shadow, split_shadow
from dlint.parser.source import SourceLines, go_lstrip, split_source, too_long


def parse_document(text: str, path: str) -> Dockerfile:
    """Parse a whole file; problems become errors, never exceptions."""
    source = split_source(text)
    lines = source.lines
    directives = scan_directives(lines)
    scan = scan_lines(lines, directives.lines, directives.escape)
    blocks = split_blocks(lines, scan, directives)
    errors: list[ParseError] = list(directives.errors)
    errors.extend(_long_lines(lines))
    instructions = _instructions(source, scan, blocks, directives.escape, errors)
    if not instructions:
        last = len(lines)
        errors.append(ParseError("file with no instructions", Span(last, 1, last, 1)))
    return Dockerfile(
        path=path,
        text=source.text,
        lines=lines,
        instructions=tuple(instructions),
        directives=tuple(directives.directives),
        comments=_all_comments(lines, scan),
        errors=tuple(sorted(errors, key=lambda e: e.span)),
        escape=directives.escape,
        bom=source.bom,
        crlf=source.crlf,
    )


def split_blocks(lines: tuple[str, ...], scan: Scan, directives: DirectiveScan) -> list[Block]:
    """The instruction blocks, with their boundaries as dockerfile-parse reports them."""
    escape_line = next((d.line - 1 for d in directives.directives if d.name == "escape"), -1)
    shadow = build_shadow(lines, scan, directives.escape, escape_line)
    by_start = {block.start: block for block in scan.blocks}
    blocks = []
    for _keyword, start, end in split_shadow(shadow):
        block = by_start.get(start)
        if block is None or block.end != end:
            block = _plain_block(lines, scan.kinds, start, end, directives.escape)
        blocks.append(block)
    return blocks


def _plain_block(
    lines: tuple[str, ...], kinds: list[Kind], start: int, end: int, escape: str
) -> Block:
    """A block rebuilt from a range alone.

    Only used if dockerfile-parse and the pre-pass ever disagree (the tests
    assert they never do on the corpus and on generated files): the range
    from dockerfile-parse wins, its instruction lines joined, no heredocs.
    """
    block = Block(start, end)
    for i in range(start, end + 1):
        if kinds[i] == Kind.CODE or i == start:
            column = len(lines[i]) - len(go_lstrip(lines[i])) if i == start else 0
            text, _ = strip_continuation(lines[i][column:], escape)
            block.pieces.append(Piece(i, column, text))
    return block


def _long_lines(lines: tuple[str, ...]) -> list[ParseError]:
    """Lines past bufio's token limit, on which BuildKit stops with an error."""
    return [
        ParseError(
            "dockerfile line greater than max allowed size of 65535",
            Span(i + 1, 1, i + 1, len(line) + 1),
        )
        for i, line in enumerate(lines)
        if too_long(line)
    ]


def _instructions(
    source: SourceLines, scan: Scan, blocks: list[Block], escape: str, errors: list[ParseError]
) -> list[Instruction]:
    """Build every instruction in order, numbering stages as FROMs appear."""
    out: list[Instruction] = []
    stage = -1
    for block in blocks:
        text, tmap = logical_line(block.pieces)
        heredocs = _heredocs(source, block, tmap, errors)
        where = _where(source.lines, scan, block, heredocs, stage, len(out))
        inst, problems = build_instruction(text, tmap, where, escape, source.lines)
        if inst.name == "FROM":
            stage += 1
            inst = _with_stage(inst, stage)
        out.append(inst)
        errors.extend(problems)
    return out


def _with_stage(inst: Instruction, stage: int) -> Instruction:
    """A FROM opens the next stage; the stage index is known once the keyword is read."""
    return replace(inst, stage=stage)


def _where(
    lines: tuple[str, ...],
    scan: Scan,
    block: Block,
    heredocs: tuple[Heredoc, ...],
    stage: int,
    index: int,
) -> Where:
    """Span end, raw text, comments above and the rest that comes from the block's place."""
    last = lines[block.end]
    return Where(
        end_line=block.end + 1,
        end_column=len(last.rstrip()) + 1,
        raw="\n".join(lines[block.start : block.end + 1]),
        comments=_comments_above(lines, scan.kinds, block.start),
        stage=stage,
        index=index,
        empty_lines=tuple(i + 1 for i in block.empty_lines),
        heredocs=heredocs,
        start=(block.start + 1, block.pieces[0].column + 1),
    )


def _comment(lines: tuple[str, ...], index: int) -> Comment:
    """BuildKit's comment text: what follows ``#``, trimmed."""
    raw = lines[index]
    return Comment(index + 1, go_lstrip(raw)[1:].strip(), raw)


def _comments_above(lines: tuple[str, ...], kinds: list[Kind], start: int) -> tuple[Comment, ...]:
    """The comment lines directly above, up to a blank line, a directive or an empty ``#``."""
    found = []
    i = start - 1
    while i >= 0 and kinds[i] == Kind.COMMENT:
        comment = _comment(lines, i)
        if not comment.text:
            break
        found.append(comment)
        i -= 1
    return tuple(reversed(found))


def _all_comments(lines: tuple[str, ...], scan: Scan) -> tuple[Comment, ...]:
    """Every comment line outside heredoc bodies (inside continuations too), directives aside."""
    return tuple(_comment(lines, i) for i, kind in enumerate(scan.kinds) if kind == Kind.COMMENT)


def _heredocs(
    source: SourceLines, block: Block, tmap: TextMap, errors: list[ParseError]
) -> tuple[Heredoc, ...]:
    """Model heredocs for a block; the first unterminated one is an error at its word."""
    out = []
    reported = False
    for body in block.bodies:
        heredoc = _heredoc(source, body, tmap)
        if body.terminator is None and not reported:
            errors.append(ParseError("unterminated heredoc", heredoc.word_span))
            reported = True
        out.append(heredoc)
    return tuple(out)


def _heredoc(source: SourceLines, body: Body, tmap: TextMap) -> Heredoc:
    """The body as BuildKit passes it (tabs stripped for ``<<-``), mapped to the source."""
    lines, endings = source.lines, source.endings
    parts: list[str] = []
    offsets: list[int] = []
    rows: list[int] = []
    columns: list[int] = []
    offset = 0
    for i in range(body.first, body.last + 1):
        line = lines[i]
        cut = len(line) - len(line.lstrip("\t")) if body.word.chomp else 0
        piece = line[cut:] + endings[i]
        offsets.append(offset)
        rows.append(i + 1)
        columns.append(cut + 1)
        parts.append(piece)
        offset += len(piece)
    first = min(body.first + 1, len(lines))
    end_line = body.last + 1 if body.last >= body.first else first - 1
    terminator = body.terminator + 1 if body.terminator is not None else len(lines)
    word = body.word
    return Heredoc(
        name=word.name,
        fd=word.fd,
        strip_tabs=word.chomp,
        quoted=word.quoted,
        body="".join(parts),
        line=first,
        end_line=end_line,
        terminator_line=terminator,
        body_map=TextMap(tuple(offsets), tuple(rows), tuple(columns)),
        word_span=tmap.span(word.start, word.end),
    )
