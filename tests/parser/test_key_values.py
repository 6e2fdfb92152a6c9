"""ENV, LABEL and ARG pairs: both ENV forms, quoting, raw values and spans."""

from __future__ import annotations

from dlint.model import Span
from dlint.parser import parse


def _pairs(text: str, index: int = 1) -> list[tuple[str, object, object, bool]]:
    inst = parse("FROM a\n" + text).instructions[index]
    return [(kv.key, kv.value, kv.raw_value, kv.legacy) for kv in inst.key_values]


def test_env_key_value_form_with_quotes_and_escapes() -> None:
    assert _pairs("ENV A=1 B=\"two words\" C='$X' D=a\\ b E=\n") == [
        ("A", "1", "1", False),
        ("B", "two words", '"two words"', False),
        ("C", "$X", "'$X'", False),
        ("D", "a b", "a\\ b", False),
        ("E", "", "", False),
    ]


def test_env_legacy_form_takes_the_rest_of_the_line() -> None:
    assert _pairs('ENV PATH  /usr/bin:"$PATH"   x\n') == [
        ("PATH", "/usr/bin:$PATH   x", '/usr/bin:"$PATH"   x', True),
    ]
    env = parse("FROM a\nENV A b c\n").instructions[1]
    assert env.key_values[0].span == Span(2, 5, 2, 10)


def test_label_pairs_and_spans() -> None:
    df = parse('FROM a\nLABEL org.opencontainers.image.title="My app" \\\n      version=1\n')
    label = df.instructions[1]
    assert [(kv.key, kv.value) for kv in label.key_values] == [
        ("org.opencontainers.image.title", "My app"),
        ("version", "1"),
    ]
    assert label.key_values[0].span == Span(2, 7, 2, 46)
    assert label.key_values[1].span == Span(3, 7, 3, 16)


def test_arg_with_and_without_default() -> None:
    assert _pairs('ARG A B=2 C="x y"\n') == [
        ("A", None, None, False),
        ("B", "2", "2", False),
        ("C", "x y", '"x y"', False),
    ]
    df = parse("ARG V=1\nFROM a:$V\n")
    assert df.instructions[0].stage == -1
    assert df.instructions[0].key_values[0].value == "1"


def test_backtick_escape_keeps_backslashes_literal() -> None:
    df = parse("# escape=`\nFROM a\nENV P=c:\\dir\\sub Q=a` b\n")
    assert [(kv.key, kv.value) for kv in df.instructions[1].key_values] == [
        ("P", "c:\\dir\\sub"),
        ("Q", "a b"),
    ]


def test_value_keeps_variable_references() -> None:
    assert _pairs("ENV A=${B:-x} C=$D\n") == [
        ("A", "${B:-x}", "${B:-x}", False),
        ("C", "$D", "$D", False),
    ]


def test_key_value_errors() -> None:
    df = parse("FROM a\nENV A=1 B\n")
    assert df.errors[0].message == (
        'Syntax error - can\'t find = in "B". Must be of the form: name=value'
    )
    assert df.errors[0].span == Span(2, 9, 2, 10)
    assert parse("FROM a\nENV A\n").errors[0].message == "ENV must have two arguments"
    assert parse("FROM a\nLABEL\n").errors[0].message == "LABEL requires at least one argument"
    assert parse("FROM a\nARG =x\n").errors[0].message == "ARG names can not be blank"
    assert parse("FROM a\nENV =x\n").errors[0].message == "ENV names can not be blank"
