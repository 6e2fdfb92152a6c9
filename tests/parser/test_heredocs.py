"""Here-documents: detection as BuildKit does it, bodies attached, exact lines."""

from __future__ import annotations

from dlint.model import Span
from dlint.parser import parse


def test_run_heredoc_body_is_attached() -> None:
    df = parse("FROM a\nRUN <<EOF\napt-get update\nFROM evil\nEOF\nCMD x\n")
    assert [(i.name, i.span.line, i.span.end_line) for i in df.instructions] == [
        ("FROM", 1, 1),
        ("RUN", 2, 5),
        ("CMD", 6, 6),
    ]
    run = df.instructions[1]
    [doc] = run.heredocs
    assert (doc.name, doc.body, doc.quoted, doc.strip_tabs, doc.fd) == (
        "EOF",
        "apt-get update\nFROM evil\n",
        False,
        False,
        None,
    )
    assert (doc.line, doc.end_line, doc.terminator_line) == (3, 4, 5)
    assert doc.word_span == Span(2, 5, 2, 10)
    assert doc.body_map.position(doc.body.index("FROM")) == (4, 1)
    assert run.span == Span(2, 1, 5, 4)
    assert run.args == "<<EOF"


def test_quoted_words_and_interpreter_heredoc() -> None:
    text = (
        "RUN <<\"EOF\" cat > /x\n$HOME\nEOF\nRUN python3 <<PY\nprint(1)\nPY\nRUN <<'E' bash\nx\nE\n"
    )
    df = parse(text)
    assert [(h.name, h.quoted) for i in df.instructions for h in i.heredocs] == [
        ("EOF", True),
        ("PY", False),
        ("E", True),
    ]
    assert [(i.span.line, i.span.end_line) for i in df.instructions] == [(1, 3), (4, 6), (7, 9)]


def test_several_heredocs_on_one_line() -> None:
    df = parse("COPY <<a.txt <<b.txt /dest/\nA\na.txt\nB1\nB2\nb.txt\n")
    [copy] = df.instructions
    assert [(h.name, h.body, h.line, h.end_line, h.terminator_line) for h in copy.heredocs] == [
        ("a.txt", "A\n", 2, 2, 3),
        ("b.txt", "B1\nB2\n", 4, 5, 6),
    ]
    assert copy.span == Span(1, 1, 6, 6)
    assert [w.value for w in copy.words] == ["<<a.txt", "<<b.txt", "/dest/"]


def test_dash_strips_tabs_from_terminator_and_body() -> None:
    df = parse("RUN <<-EOF bash\n\techo hi\n\t\tindented\n\tEOF\n")
    [doc] = df.instructions[0].heredocs
    assert doc.strip_tabs
    assert doc.body == "echo hi\nindented\n"
    assert doc.body_map.position(0) == (2, 2)
    assert doc.terminator_line == 4
    assert df.instructions[0].span == Span(1, 1, 4, 5)


def test_heredoc_after_a_continuation_starts_after_the_logical_line() -> None:
    df = parse("RUN --mount=type=cache,target=/x \\\n    <<EOF\necho\nEOF\n")
    [run] = df.instructions
    [doc] = run.heredocs
    assert (doc.line, doc.terminator_line) == (3, 4)
    assert doc.word_span == Span(2, 5, 2, 10)


def test_heredoc_in_a_crlf_file_keeps_cr_in_the_body_only() -> None:
    df = parse("FROM a\r\nRUN <<EOF\r\necho hi\r\nEOF\r\n")
    [doc] = df.instructions[1].heredocs
    assert doc.body == "echo hi\r\n"
    assert df.instructions[1].span == Span(2, 1, 4, 4)


def test_onbuild_heredoc() -> None:
    df = parse("FROM a\nONBUILD RUN <<EOF\necho\nEOF\n")
    onbuild = df.instructions[1]
    assert (onbuild.span.line, onbuild.span.end_line) == (2, 4)
    assert [h.body for h in onbuild.heredocs] == ["echo\n"]
    assert onbuild.onbuild is not None
    assert [h.name for h in onbuild.onbuild.heredocs] == ["EOF"]
    assert onbuild.onbuild.span == Span(2, 9, 4, 4)


def test_no_heredoc_in_exec_form_or_other_instructions() -> None:
    df = parse('RUN ["cat", "<<EOF"]\nCMD cat <<EOF\nENV A=<<EOF\nEOF\n')
    assert all(not i.heredocs for i in df.instructions)
    assert [i.name for i in df.instructions] == ["RUN", "CMD", "ENV", "EOF"]


def test_words_that_are_not_heredocs() -> None:
    df = parse('RUN cat<<EOF\nRUN echo "<<EOF"\nRUN a <<EOF<<X\n')
    assert len(df.instructions) == 3
    assert all(not i.heredocs for i in df.instructions)


def test_space_after_the_arrows_and_a_file_descriptor() -> None:
    df = parse("RUN cat << EOF\nx\nEOF\nRUN cat 3<<X\ny\nX\n")
    first, second = df.instructions
    assert [(h.name, h.fd) for h in first.heredocs] == [("EOF", None)]
    assert [(h.name, h.fd) for h in second.heredocs] == [("X", 3)]


def test_unterminated_heredoc_is_an_error_at_its_word() -> None:
    df = parse("FROM a\nRUN <<EOF\necho\n")
    [error] = df.errors
    assert error.message == "unterminated heredoc"
    assert error.span == Span(2, 5, 2, 10)
    run = df.instructions[1]
    assert run.span == Span(2, 1, 3, 5)
    assert run.heredocs[0].body == "echo\n"


def test_empty_body() -> None:
    df = parse("RUN <<EOF\nEOF\n")
    [doc] = df.instructions[0].heredocs
    assert doc.body == ""
    assert (doc.line, doc.end_line, doc.terminator_line) == (2, 1, 2)
