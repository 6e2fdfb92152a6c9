"""Parse errors: what BuildKit rejects is reported with a place, and parsing goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint.model import Span
from dlint.parser import parse

NEGATIVE = (
    Path(__file__).resolve().parents[3]
    / "shared/corpus/files/moby__buildkit/frontend/dockerfile/parser/testfiles-negative"
)


def _errors(text: str) -> list[tuple[str, Span]]:
    return [(e.message, e.span) for e in parse(text).errors]


def test_unknown_instruction_is_kept_with_an_error_at_the_keyword() -> None:
    df = parse("FROM a\n  foo bar\nRUN x\n")
    assert [i.name for i in df.instructions] == ["FROM", "FOO", "RUN"]
    assert _errors("FROM a\n  foo bar\nRUN x\n") == [("unknown instruction: foo", Span(2, 3, 2, 6))]


def test_missing_required_arguments() -> None:
    assert _errors("FROM\n") == [("FROM requires either one or three arguments", Span(1, 1, 1, 5))]
    assert _errors("FROM a b\n")[0][0] == "FROM requires either one or three arguments"
    assert _errors("FROM a\nCOPY x\n") == [
        (
            "COPY requires at least two arguments, but only one was provided. "
            "Destination could not be determined",
            Span(2, 6, 2, 7),
        )
    ]
    assert _errors("FROM a\nWORKDIR\n")[0][0] == "WORKDIR requires exactly one argument"
    assert _errors("FROM a\nEXPOSE\n")[0][0] == "EXPOSE requires at least one argument"
    assert _errors("FROM a\nVOLUME\n")[0][0] == "VOLUME requires at least one argument"
    assert _errors('FROM a\nVOLUME [""]\n')[0][0] == "VOLUME specified can not be an empty string"


def test_stage_name_must_be_valid() -> None:
    assert _errors("FROM a AS 1x\n") == [
        (
            'invalid name for build stage: "1x", name can\'t start with a number or contain symbols',
            Span(1, 6, 1, 13),
        )
    ]
    assert _errors("FROM a AS Build\n") == []


def test_healthcheck_errors() -> None:
    assert _errors("FROM a\nHEALTHCHECK\n")[0][0] == "HEALTHCHECK requires at least one argument"
    assert _errors("FROM a\nHEALTHCHECK CMD\n")[0][0] == "Missing command after HEALTHCHECK CMD"
    assert _errors("FROM a\nHEALTHCHECK NONE x\n")[0][0] == "HEALTHCHECK NONE takes no arguments"
    assert _errors("FROM a\nHEALTHCHECK CONNECT x\n")[0][0] == (
        'Unknown type "CONNECT" in HEALTHCHECK (try CMD)'
    )


def test_copy_heredoc_as_destination() -> None:
    text = "FROM a\nCOPY x <<EOF\nbody\nEOF\n"
    assert _errors(text)[0][0] == "COPY cannot accept a heredoc as a destination"


def test_file_with_no_instructions() -> None:
    assert _errors("") == [("file with no instructions", Span(1, 1, 1, 1))]
    assert _errors("# only\n# comments\n") == [("file with no instructions", Span(2, 1, 2, 1))]


def test_line_longer_than_buildkit_accepts() -> None:
    long = "RUN echo " + "x" * 70000
    df = parse("FROM a\n" + long + "\n")
    assert [(e.message, e.span) for e in df.errors] == [
        ("dockerfile line greater than max allowed size of 65535", Span(2, 1, 2, len(long) + 1))
    ]
    assert len(df.instructions) == 2


def test_one_error_per_instruction_and_errors_in_order() -> None:
    df = parse("FROM a\nCOPY --bogus x\nfoo\nRUN <<EOF\n")
    assert [(e.message, e.span.line) for e in df.errors] == [
        (
            "COPY requires at least two arguments, but only one was provided. "
            "Destination could not be determined",
            2,
        ),
        ("unknown instruction: foo", 3),
        ("unterminated heredoc", 4),
    ]


def _negative_files() -> list[Path]:
    return sorted(NEGATIVE.glob("*/Dockerfile")) if NEGATIVE.is_dir() else []


@pytest.mark.skipif(
    not _negative_files(), reason=f"BuildKit's negative test files not at {NEGATIVE}"
)
@pytest.mark.parametrize("path", _negative_files(), ids=lambda p: p.parent.name)
def test_buildkit_negative_test_files_give_errors(path: Path) -> None:
    df = parse(path.read_text(encoding="utf-8"))
    assert df.errors
    for error in df.errors:
        assert 1 <= error.span.line <= len(df.lines)
