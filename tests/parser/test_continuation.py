"""Line continuation, comment and blank lines inside it, and the line-level quirks."""

from __future__ import annotations

from dlint.model import Span
from dlint.parser import parse


def _lines(text: str) -> list[tuple[str, int, int]]:
    return [(i.name, i.span.line, i.span.end_line) for i in parse(text).instructions]


def test_continuation_keeps_leading_whitespace_of_continued_lines() -> None:
    df = parse("RUN apt-get update && \\\n    apt-get install -y curl\n")
    [run] = df.instructions
    assert run.args == "apt-get update &&     apt-get install -y curl"
    assert run.span == Span(1, 1, 2, 28)
    assert run.args_map.position(run.args.index("    apt")) == (2, 1)
    assert run.words[3].value == "apt-get" and run.words[3].span == Span(2, 5, 2, 12)


def test_comment_lines_inside_a_continuation_are_dropped() -> None:
    text = "RUN a \\\n# one\n   # two \\\n  b\n"
    [run] = parse(text).instructions
    assert run.args == "a   b"
    assert run.span == Span(1, 1, 4, 4)
    assert run.empty_continuation_lines == ()
    assert [c.line for c in parse(text).comments] == [2, 3]


def test_blank_lines_inside_a_continuation_are_skipped_and_recorded() -> None:
    text = "FROM a\nRUN apk add \\\n\n    curl \\\n  \t \n    git\nLABEL a=1 \\\n\n  b=2\n"
    df = parse(text)
    assert _lines(text) == [("FROM", 1, 1), ("RUN", 2, 6), ("LABEL", 7, 9)]
    run, label = df.instructions[1:]
    assert run.args == "apk add     curl     git"
    assert run.empty_continuation_lines == (3, 5)
    assert [(kv.key, kv.value) for kv in label.key_values] == [("a", "1"), ("b", "2")]
    assert label.empty_continuation_lines == (8,)


def test_escaped_backslash_at_end_of_line_does_not_continue() -> None:
    assert _lines("RUN echo foo\\\\\nRUN echo bar\n") == [("RUN", 1, 1), ("RUN", 2, 2)]
    assert parse("RUN echo foo\\\\\n").instructions[0].args == "echo foo\\\\"


def test_trailing_spaces_after_the_escape_still_continue() -> None:
    assert _lines("RUN echo a \\   \n  b\n") == [("RUN", 1, 2)]


def test_backslash_at_end_of_file_keeps_the_instruction() -> None:
    for text in ("FROM a\nRUN echo a \\", "FROM a\nRUN echo a \\\n"):
        df = parse(text)
        assert _lines(text) == [("FROM", 1, 1), ("RUN", 2, 2)]
        assert df.instructions[1].args == "echo a"
    assert _lines("FROM a\nRUN echo a \\\n\n# c\n") == [("FROM", 1, 1), ("RUN", 2, 4)]


def test_keyword_without_arguments_at_end_of_file() -> None:
    df = parse("FROM a\nRUN")
    assert _lines("FROM a\nRUN") == [("FROM", 1, 1), ("RUN", 2, 2)]
    assert df.instructions[1].args == ""
    assert df.instructions[1].span == Span(2, 1, 2, 4)


def test_crlf_never_leaks_into_args_words_or_spans() -> None:
    df = parse('FROM a\r\nRUN echo a \\\r\n  b\r\nCMD ["x"]\r\n')
    assert df.crlf
    run, cmd = df.instructions[1:]
    assert run.args == "echo a   b"
    assert run.span == Span(2, 1, 3, 4)
    assert all("\r" not in w.text for w in run.words)
    assert cmd.exec_form == ("x",)
    assert df.lines[1] == "RUN echo a \\"


def test_tabs_separate_keyword_and_words() -> None:
    [env] = parse("ENV\tA=1\tB=2\n").instructions
    assert env.args == "A=1\tB=2"
    assert [(kv.key, kv.value) for kv in env.key_values] == [("A", "1"), ("B", "2")]
    assert env.key_values[1].span == Span(1, 9, 1, 12)


def test_keyword_case_is_kept_and_name_upper_cased() -> None:
    df = parse("from a as b\nExPoSe 80\n")
    assert [(i.keyword, i.name) for i in df.instructions] == [
        ("from", "FROM"),
        ("ExPoSe", "EXPOSE"),
    ]
    assert df.instructions[0].stage_name == "b"


def test_indented_instruction_and_comment() -> None:
    df = parse("  FROM a\n\t# note\n\tRUN b\n")
    assert df.instructions[0].span == Span(1, 3, 1, 9)
    run = df.instructions[1]
    assert run.keyword_span == Span(3, 2, 3, 5)
    assert [c.text for c in run.comments] == ["note"]


def test_lone_escape_line_starts_the_instruction() -> None:
    df = parse("\\\nFROM a\n")
    [inst] = df.instructions
    assert inst.name == "FROM"
    assert (inst.span.line, inst.span.end_line) == (1, 2)
    assert inst.keyword_span == Span(2, 1, 2, 5)


def test_line_separators_other_than_lf_do_not_split_lines() -> None:
    df = parse("FROM a\nRUN echo a\u2028b\x0cc\n")
    assert len(df.lines) == 2
    assert df.instructions[1].args == "echo a\u2028b\x0cc"
