"""Exec (JSON) form: valid arrays of strings only; anything else is shell form or an error."""

from __future__ import annotations

from dlint.model import Instruction, Span
from dlint.parser import parse


def _one(text: str) -> Instruction:
    return parse("FROM a\n" + text).instructions[1]


def test_json_with_free_spacing_tabs_and_continuations() -> None:
    assert _one('CMD [ "a" , "b"  ]\n').exec_form == ("a", "b")
    assert _one('ENTRYPOINT\t["a",\t"b"]\n').exec_form == ("a", "b")
    inst = _one('CMD ["a", \\\n     "b"]\n')
    assert inst.exec_form == ("a", "b")
    assert inst.words[1].span == Span(3, 6, 3, 9)
    assert inst.is_shell_form is False


def test_exec_words_have_spans_and_values() -> None:
    inst = _one('RUN ["sh", "-c", "echo \\"$X\\""]\n')
    assert inst.exec_form == ("sh", "-c", 'echo "$X"')
    assert [w.text for w in inst.words] == ['"sh"', '"-c"', '"echo \\"$X\\""']
    assert inst.words[2].span == Span(2, 18, 2, 31)
    assert all(w.literal for w in inst.words)


def test_invalid_json_falls_back_to_shell_form() -> None:
    for args in ("['single', 'quotes']", '["trailing", "comma",]', '["missing"', '["a"] b'):
        inst = _one(f"CMD {args}\n")
        assert inst.exec_form is None, args
        assert inst.json_fallback, args
        assert inst.args == args


def test_non_string_element_is_an_error() -> None:
    df = parse('FROM a\nCMD ["a", 1]\n')
    [error] = df.errors
    assert error.message == "when using JSON array syntax, arrays must be comprised of strings only"
    assert error.span == Span(2, 5, 2, 13)
    assert df.instructions[1].exec_form is None
    assert "JSON" in parse('FROM a\nCMD [ "echo", [ "nested json" ] ]\n').errors[0].message


def test_empty_array_is_a_valid_exec_form() -> None:
    assert _one("CMD []\n").exec_form == ()


def test_shell_form_is_not_json() -> None:
    inst = _one("CMD echo [x]\n")
    assert inst.exec_form is None and not inst.json_fallback


def test_copy_add_volume_accept_json_lists() -> None:
    assert _one('COPY ["a b", "/dst/"]\n').exec_form == ("a b", "/dst/")
    assert _one('ADD ["x", "/y"]\n').exec_form == ("x", "/y")
    volume = _one('VOLUME ["/data", "$HOME/x"]\n')
    assert volume.exec_form == ("/data", "$HOME/x")
    assert [w.literal for w in volume.words] == [True, False]
    assert _one("VOLUME /a /b\n").exec_form is None


def test_healthcheck_cmd_json_and_shell() -> None:
    inst = _one('HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x/"]\n')
    assert (inst.health_type, inst.exec_form) == ("CMD", ("curl", "-f", "http://x/"))
    assert inst.args == '["curl", "-f", "http://x/"]'
    assert inst.args_map.position(0) == (2, 31)
    inst = _one("HEALTHCHECK CMD curl -f http://x/ || exit 1\n")
    assert (inst.health_type, inst.exec_form) == ("CMD", None)
    assert inst.args == "curl -f http://x/ || exit 1"
    assert inst.words[0].span == Span(2, 17, 2, 21)
    none = _one("HEALTHCHECK NONE\n")
    assert (none.health_type, none.args) == ("NONE", "")


def test_shell_instruction_requires_json() -> None:
    assert _one('SHELL ["powershell", "-command"]\n').exec_form == ("powershell", "-command")
    df = parse("FROM a\nSHELL powershell -command\n")
    assert df.errors[0].message == "SHELL requires the arguments to be in JSON form"
