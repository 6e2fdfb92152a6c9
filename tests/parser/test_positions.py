"""Spans, raw text, comments above, stages and indices."""

from __future__ import annotations

from dlint.model import Span
from dlint.parser import parse

TEXT = """\
# syntax=docker/dockerfile:1
ARG BASE=alpine

# build stage
# second line
FROM ${BASE} AS build
WORKDIR /src@@
RUN make \\
      all
#
# after an empty comment
FROM scratch
COPY --from=build /src/out /out
""".replace("@@", "   ")


def test_instruction_spans_keyword_spans_and_raw() -> None:
    df = parse(TEXT)
    arg, from_, workdir, run, _, copy = df.instructions
    assert arg.span == Span(2, 1, 2, 16)
    assert from_.keyword_span == Span(6, 1, 6, 5)
    assert workdir.span == Span(7, 1, 7, 13)
    assert workdir.args == "/src"
    assert run.span == Span(8, 1, 9, 10)
    assert run.raw == "RUN make \\\n      all"
    assert copy.span == Span(13, 1, 13, 32)


def test_stage_and_index() -> None:
    df = parse(TEXT)
    assert [(i.stage, i.index) for i in df.instructions] == [
        (-1, 0),
        (0, 1),
        (0, 2),
        (0, 3),
        (1, 4),
        (1, 5),
    ]
    assert (df.instructions[1].image, df.instructions[1].stage_name) == ("${BASE}", "build")


def test_comments_directly_above() -> None:
    df = parse(TEXT)
    arg, from_, _, _, scratch, _ = df.instructions
    assert arg.comments == ()
    assert [(c.line, c.text) for c in from_.comments] == [(4, "build stage"), (5, "second line")]
    assert from_.comments[0].raw == "# build stage"
    assert [c.text for c in scratch.comments] == ["after an empty comment"]
    assert [c.line for c in df.comments] == [4, 5, 10, 11]


def test_blank_line_separates_comments_from_the_instruction() -> None:
    df = parse("FROM a\n# far\n\nRUN x\n")
    assert df.instructions[1].comments == ()


def test_columns_count_code_points() -> None:
    df = parse('FROM a\nLABEL titel="Grüße" x=1\n')
    label = df.instructions[1]
    assert label.key_values[1].span == Span(2, 21, 2, 24)
    assert label.span == Span(2, 1, 2, 24)


def test_args_map_maps_every_character() -> None:
    df = parse("RUN a \\\n  # c\n    b \\\n\n  c\n")
    [run] = df.instructions
    assert run.args == "a     b   c"
    where = [run.args_map.position(i) for i in range(len(run.args))]
    assert where[0] == (1, 5)
    assert where[run.args.index("b")] == (3, 5)
    assert where[run.args.index("c")] == (5, 3)
    assert run.empty_continuation_lines == (4,)


def test_words_spans() -> None:
    df = parse('FROM a\nRUN echo "a b" \\\n  c\n')
    assert [(w.text, w.value, w.span) for w in df.instructions[1].words] == [
        ("echo", "echo", Span(2, 5, 2, 9)),
        ('"a b"', "a b", Span(2, 10, 2, 15)),
        ("c", "c", Span(3, 3, 3, 4)),
    ]


def test_copy_add_volume_expose_words_are_blank_fields() -> None:
    """As BuildKit: these split at blanks first, so quotes do not join `"a b"` into one path."""
    df = parse('FROM alpine\nCOPY "a b" /dst/\nEXPOSE 80 "443"\nRUN echo "a b"\n')
    copy, expose, run = df.instructions[1:]
    assert [(w.value, w.span.column, w.span.end_column) for w in copy.words] == [
        ("a", 6, 8),
        ("b", 9, 11),
        ("/dst/", 12, 17),
    ]
    assert [w.value for w in expose.words] == ["80", "443"]
    assert [w.value for w in run.words] == ["echo", "a b"]
