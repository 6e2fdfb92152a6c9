"""Property tests: ``parse`` never raises and every position it reports lies inside the file.

Generated files mix random keywords, flags, quotes, continuations, heredocs,
comments, blank lines, directives, CRLF and a BOM; corpus files are mutated by
deleting, duplicating and corrupting lines. The split dockerfile-parse makes of
the shadow text must also match the pre-pass, which is what proves the shadow
hides every gap.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlint.model import Dockerfile, Instruction, Span
from dlint.parser import parse
from dlint.parser.directives import scan_directives
from dlint.parser.document import split_blocks
from dlint.parser.scan import scan_lines
from dlint.parser.source import split_source

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "files"

KEYWORDS = [
    "FROM",
    "RUN",
    "CMD",
    "COPY",
    "ADD",
    "ENV",
    "ARG",
    "LABEL",
    "ONBUILD",
    "HEALTHCHECK",
    "SHELL",
    "VOLUME",
    "EXPOSE",
    "WORKDIR",
    "USER",
    "run",
    "Copy",
    "foo",
    "",
]
PIECES = [
    " ",
    "\t",
    "a",
    "b=c",
    '"q w"',
    "'s'",
    "\\",
    "`",
    "\\\\",
    "--mount=type=cache,target=/x",
    "--from=b",
    "--link",
    "--",
    "<<EOF",
    "<<-EOF",
    "<<'E'",
    "2<<X",
    "<< EOF",
    "[",
    "]",
    '["a", "b"]',
    '["a", 1]',
    "{",
    "$V",
    "${V:-x}",
    "AS",
    "x",
    "#",
    "CMD",
    "NONE",
    "ü",
    "\u3000",
    "\r",
    "\x1c",
    "\f",
]
LINES = [
    "",
    "   ",
    "# comment",
    "# escape=`",
    "# escape=\\",
    "# syntax=x",
    "# check=skip=all",
    "#!/bin/sh",
    "EOF",
    "\tEOF",
    "E",
    "X",
    "\\",
    "`",
]


@st.composite
def instruction_lines(draw: st.DrawFn) -> str:
    keyword = draw(st.sampled_from(KEYWORDS))
    words = draw(st.lists(st.sampled_from(PIECES), max_size=6))
    end = draw(st.sampled_from(["", " \\", "\\", " `", "\\\\"]))
    return keyword + " " + " ".join(words) + end


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    lines = draw(
        st.lists(st.one_of(instruction_lines(), st.sampled_from(LINES)), min_size=0, max_size=14)
    )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def _inside(span: Span, df: Dockerfile) -> bool:
    lines = df.lines
    if not (1 <= span.line <= span.end_line <= len(lines)):
        return False
    if span.line == span.end_line and span.column > span.end_column:
        return False
    return (
        1 <= span.column <= len(lines[span.line - 1]) + 1
        and 1 <= span.end_column <= len(lines[span.end_line - 1]) + 1
    )


def _instruction_spans(inst: Instruction) -> list[Span]:
    spans = [inst.span, inst.keyword_span]
    spans += [f.span for f in inst.flags]
    spans += [w.span for w in inst.words]
    spans += [kv.span for kv in inst.key_values]
    spans += [h.word_span for h in inst.heredocs]
    if inst.onbuild is not None:
        spans += _instruction_spans(inst.onbuild)
    return spans


def check_invariants(text: str) -> Dockerfile:
    df = parse(text)
    assert isinstance(df, Dockerfile)
    assert not any(e.message.startswith("internal parser error") for e in df.errors), df.errors
    for error in df.errors:
        assert _inside(error.span, df), (error, df.lines)
    for inst in df.instructions:
        for span in _instruction_spans(inst):
            assert _inside(span, df), (inst.keyword, span, df.lines)
        assert "\r" not in inst.args or "\r" in inst.raw.replace("\r\n", "")
        for heredoc in inst.heredocs:
            assert 1 <= heredoc.line <= len(df.lines)
            assert heredoc.line - 1 <= heredoc.end_line <= len(df.lines)
            assert heredoc.end_line < heredoc.terminator_line or heredoc.terminator_line == len(
                df.lines
            )
    _check_split(text)
    return df


def _check_split(text: str) -> None:
    """dockerfile-parse on the shadow gives exactly the pre-pass's blocks."""
    source = split_source(text)
    directives = scan_directives(source.lines)
    scan = scan_lines(source.lines, directives.lines, directives.escape)
    blocks = split_blocks(source.lines, scan, directives)
    assert [(b.start, b.end) for b in blocks] == [(b.start, b.end) for b in scan.blocks]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles())
def test_generated_files_parse_inside_the_file(text: str) -> None:
    check_invariants(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("RUN <-\"'\\`#[]{}$=\n\r\t EOF")), max_size=80))
def test_arbitrary_text_never_raises(text: str) -> None:
    check_invariants(text)


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())[:400]


CORPUS_FILES = _corpus_files()


@st.composite
def mutated_corpus_files(draw: st.DrawFn) -> str:
    path = draw(st.sampled_from(CORPUS_FILES))
    data = bytearray(path.read_bytes()[:20000])
    for _ in range(draw(st.integers(0, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    lines = data.decode("utf-8", errors="replace").split("\n")
    for _ in range(draw(st.integers(0, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            del lines[i]
        else:
            lines.insert(i, lines[i])
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_corpus_files_parse_inside_the_file(data: st.DataObject) -> None:
    if not CORPUS_FILES:
        return
    check_invariants(data.draw(mutated_corpus_files()))
