"""ONBUILD: the trigger is parsed as an instruction of its own, with exact spans."""

from __future__ import annotations

from dlint.model import Span
from dlint.parser import parse


def test_trigger_with_flags_and_exact_spans() -> None:
    df = parse("FROM a\nONBUILD COPY --from=build /a /b\n")
    onbuild = df.instructions[1]
    assert (onbuild.name, onbuild.args) == ("ONBUILD", "COPY --from=build /a /b")
    trigger = onbuild.onbuild
    assert trigger is not None
    assert (trigger.keyword, trigger.name, trigger.args) == ("COPY", "COPY", "/a /b")
    assert trigger.keyword_span == Span(2, 9, 2, 13)
    assert trigger.span == Span(2, 9, 2, 32)
    assert trigger.flags[0].span == Span(2, 14, 2, 26)
    assert [w.span for w in trigger.words] == [Span(2, 27, 2, 29), Span(2, 30, 2, 32)]
    assert trigger.raw == "COPY --from=build /a /b"
    assert (trigger.stage, trigger.index) == (0, 1)
    assert df.errors == ()


def test_lower_case_trigger_keeps_its_case() -> None:
    trigger = parse("FROM a\nonbuild add . /app\n").instructions[1].onbuild
    assert trigger is not None
    assert (trigger.keyword, trigger.name) == ("add", "ADD")


def test_trigger_over_continuation_lines() -> None:
    df = parse("FROM a\nONBUILD RUN apt-get update \\\n    && make\n")
    trigger = df.instructions[1].onbuild
    assert trigger is not None
    assert trigger.args == "apt-get update     && make"
    assert trigger.span == Span(2, 9, 3, 12)
    assert trigger.words[-1].span == Span(3, 8, 3, 12)


def test_trigger_exec_form_and_key_values() -> None:
    df = parse('FROM a\nONBUILD CMD ["a"]\nONBUILD ENV A=1\n')
    cmd, env = (i.onbuild for i in df.instructions[1:])
    assert cmd is not None and env is not None
    assert cmd.exec_form == ("a",)
    assert [(kv.key, kv.value) for kv in env.key_values] == [("A", "1")]


def test_forbidden_triggers_are_left_to_rules() -> None:
    df = parse("FROM a\nONBUILD ONBUILD RUN x\nONBUILD FROM b\nONBUILD MAINTAINER me\n")
    assert df.errors == ()
    nested = df.instructions[1].onbuild
    assert nested is not None and nested.name == "ONBUILD"
    assert nested.onbuild is not None and nested.onbuild.name == "RUN"


def test_trigger_line_parser_errors_are_reported() -> None:
    df = parse('FROM a\nONBUILD CMD ["a", 1]\n')
    assert df.errors[0].message.startswith("when using JSON array syntax")


def test_onbuild_without_trigger() -> None:
    df = parse("FROM a\nONBUILD\n")
    assert df.instructions[1].onbuild is None
    assert df.errors[0].message == "ONBUILD requires at least one argument"
