"""Parser directives: syntax, escape and check, at the top of the file only."""

from __future__ import annotations

from dlint.model import Span
from dlint.parser import parse


def test_syntax_escape_and_check_are_read_with_their_lines() -> None:
    df = parse("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all // note\nFROM a\n")
    assert [(d.name, d.value, d.line) for d in df.directives] == [
        ("syntax", "docker/dockerfile:1", 1),
        ("escape", "`", 2),
        ("check", "skip=all // note", 3),
    ]
    assert df.escape == "`"
    assert df.directives[2].span == Span(3, 1, 3, 25)
    assert df.directive("check") is df.directives[2]
    assert df.comments == ()
    assert df.instructions[0].comments == ()


def test_escape_after_check_is_honoured_as_newest_buildkit_does() -> None:
    df = parse("# syntax=x\n# check=skip=all\n# escape=`\nRUN dir c:\\ `\n  b\n")
    assert df.escape == "`"
    [run] = df.instructions
    assert (run.span.line, run.span.end_line) == (4, 5)
    assert run.args == "dir c:\\   b"
    assert [w.value for w in run.words] == ["dir", "c:\\", "b"]


def test_backtick_escape_changes_word_escaping() -> None:
    df = parse("# escape=`\nFROM a\nRUN echo `$HOME c:\\dir\n")
    run = df.instructions[1]
    assert [w.value for w in run.words] == ["echo", "$HOME", "c:\\dir"]
    assert run.words[1].text == "`$HOME"


def test_indented_upper_case_spaced_directive() -> None:
    df = parse("  #   ESCAPE  =  `\nRUN a `\n b\n")
    assert df.escape == "`"
    assert df.directives[0].name == "escape"
    assert len(df.instructions) == 1


def test_directive_after_a_blank_line_or_comment_is_a_comment() -> None:
    for text in ("\n# escape=`\nRUN a `\nRUN b\n", "# hello\n# escape=`\nRUN a `\nRUN b\n"):
        df = parse(text)
        assert df.directives == ()
        assert df.escape == "\\"
        assert [i.span.line for i in df.instructions] == [3, 4]
        assert df.instructions[0].comments[-1].text == "escape=`"


def test_duplicate_directive_is_an_error_at_the_second_one() -> None:
    df = parse("# escape=`\n# escape=\\\nFROM a\n")
    assert [(e.message, e.span) for e in df.errors] == [
        ("only one escape parser directive can be used", Span(2, 1, 2, 11))
    ]
    assert df.escape == "`"


def test_invalid_escape_token_is_an_error() -> None:
    df = parse("# escape=x\nFROM a\n")
    assert df.errors[0].message == "invalid escape token 'x' does not match ` or \\"
    assert df.escape == "\\"


def test_shebang_is_skipped_for_syntax_and_check_but_not_for_escape() -> None:
    df = parse(
        "#!/usr/bin/env dockerfile\n# syntax=x\n# check=error=true\n# escape=`\nRUN a `\nRUN b\n"
    )
    assert [d.name for d in df.directives] == ["syntax", "check"]
    assert df.escape == "\\"
    assert [i.span.line for i in df.instructions] == [5, 6]


def test_unknown_directive_ends_the_search() -> None:
    df = parse("# foo=bar\n# escape=`\nRUN a `\nRUN b\n")
    assert df.directives == ()
    assert len(df.instructions) == 2


def test_bom_is_stripped_and_columns_do_not_count_it() -> None:
    df = parse("\ufeff# escape=`\nFROM alpine:3\n")
    assert df.bom and df.escape == "`"
    df = parse("\ufeffFROM alpine:3\n")
    [inst] = df.instructions
    assert inst.keyword == "FROM" and inst.image == "alpine:3"
    assert inst.keyword_span == Span(1, 1, 1, 5)
    assert df.text == "FROM alpine:3\n"


def test_check_skip_comment_above_an_instruction_is_kept() -> None:
    df = parse("FROM a\n# check=skip=JSONArgsRecommended // why\nCMD run\n")
    cmd = df.instructions[1]
    assert [(c.line, c.text) for c in cmd.comments] == [
        (2, "check=skip=JSONArgsRecommended // why")
    ]
    assert df.directives == ()
