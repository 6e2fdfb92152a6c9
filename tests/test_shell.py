"""Tests of dlint.shell: commands found in shell code, and their exact positions.

Instructions are built by hand (the real parser lives elsewhere) by the small
helpers below, which do what the Dockerfile parser does: join continuation
lines and map each logical offset back to its source line and column.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlint.model import Command, Heredoc, Instruction, Script, Span, TextMap, Word
from dlint.shell import SHELLS, parse_script, scripts_for

# ---------------------------------------------------------------- helpers


def logical(source: str, line: int = 1, column: int = 1) -> tuple[str, TextMap]:
    """Join ``\\``-continued source lines into one logical text, with its TextMap."""
    pieces: list[str] = []
    offsets: list[int] = []
    lines: list[int] = []
    columns: list[int] = []
    at = 0
    for k, raw in enumerate(source.split("\n")):
        text = raw[:-1] if raw.endswith("\\") else raw
        offsets.append(at)
        lines.append(line + k)
        columns.append(column if k == 0 else 1)
        pieces.append(text)
        at += len(text)
    return "".join(pieces), TextMap(tuple(offsets), tuple(lines), tuple(columns))


def heredoc(
    name: str, body_lines: Sequence[str], first_line: int, word_span: Span, strip_tabs: bool = False
) -> Heredoc:
    """A Heredoc whose body starts on ``first_line`` (one map segment per line)."""
    parts: list[str] = []
    offsets: list[int] = []
    lines: list[int] = []
    columns: list[int] = []
    at = 0
    for k, raw in enumerate(body_lines):
        text = raw.lstrip("\t") if strip_tabs else raw
        offsets.append(at)
        lines.append(first_line + k)
        columns.append(1 + len(raw) - len(text))
        parts.append(text + "\n")
        at += len(text) + 1
    end = first_line + len(body_lines) - 1
    return Heredoc(
        name=name,
        fd=None,
        strip_tabs=strip_tabs,
        quoted=False,
        body="".join(parts),
        line=first_line,
        end_line=end,
        terminator_line=end + 1,
        body_map=TextMap(tuple(offsets), tuple(lines), tuple(columns)),
        word_span=word_span,
    )


def inst(
    name: str,
    source: str,
    line: int = 1,
    *,
    index: int = 0,
    exec_form: tuple[str, ...] | None = None,
    heredocs: tuple[Heredoc, ...] = (),
    onbuild: Instruction | None = None,
    health_type: str | None = None,
) -> Instruction:
    """An instruction ``NAME source`` starting at ``line``; args start after ``NAME ``."""
    args, args_map = logical(source, line, len(name) + 2)
    raw = f"{name} {source}"
    return Instruction(
        keyword=name,
        name=name,
        span=Span(line, 1, line + source.count("\n"), 1 + len(raw.rsplit("\n", 1)[-1])),
        keyword_span=Span(line, 1, line, 1 + len(name)),
        raw=raw,
        args=args,
        args_map=args_map,
        exec_form=exec_form,
        heredocs=heredocs,
        index=index,
        onbuild=onbuild,
        health_type=health_type,
    )


def parse(text: str, line: int = 1, column: int = 5) -> Script:
    return parse_script(text, TextMap.single(line, column), instruction=0, source="run")


def names(script: Script) -> list[str]:
    return [c.name for c in script.commands]


def find(script: Script, name: str, nth: int = 0) -> Command:
    return [c for c in script.commands if c.name == name][nth]


def word(cmd: Command, value: str) -> Word:
    return next(w for w in cmd.words if w.value == value)


# ---------------------------------------------------------------- basics


def test_simple_command_words_and_span() -> None:
    s = parse("apt-get install -y curl")
    (c,) = s.commands
    assert c.name == "apt-get"
    assert c.arg_values == ["install", "-y", "curl"]
    assert c.span == Span(1, 5, 1, 28)
    assert c.words[3].span == Span(1, 24, 1, 28)
    assert c.index == 0 and c.joined_by == "" and not c.in_pipeline and not c.in_subshell
    assert s.source == "run" and s.dialect == "sh" and s.errors == ()


def test_word_values_quotes_escapes_and_literal() -> None:
    s = parse(
        """echo "a b" 'c $d' e\\ f "x\\"y\\$z" $HOME "${A}/b" a"b"'c' $'t\\tu' $"loc" `id` ~/x"""
    )
    c = s.commands[0]
    got = [(w.value, w.literal) for w in c.args]
    assert got == [
        ("a b", True),
        ("c $d", True),
        ("e f", True),
        ('x"y$z', True),
        ("$HOME", False),
        ("${A}/b", False),
        ("abc", True),
        ("t\tu", True),
        ("loc", True),
        ("`id`", False),
        ("~/x", True),
    ]
    assert c.args[0].text == '"a b"'


def test_command_substitution_value_kept_as_written() -> None:
    c = parse('curl -o "$(mktemp -d)/f" --x="$(id -u)"').commands[0]
    assert c.arg_values == ["-o", "$(mktemp -d)/f", "--x=$(id -u)"]
    assert not c.args[1].literal


def test_assignments_prefix() -> None:
    s = parse('DEBIAN_FRONTEND=noninteractive A="x y" apt-get install -y foo')
    c = s.commands[0]
    assert c.name == "apt-get"
    assert [a.value for a in c.assignments] == ["DEBIAN_FRONTEND=noninteractive", "A=x y"]
    assert c.assignments[1].text == 'A="x y"'
    assert c.span.column == 5  # the span starts with the assignments


def test_standalone_assignment_is_not_a_command() -> None:
    s = parse("A=1; B=$(uname -m) && echo $B")
    assert names(s) == ["uname", "echo"]
    assert find(s, "uname").in_subshell


def test_redirections_are_not_words() -> None:
    s = parse('apt-get update >/dev/null 2>&1 && grep -q x <<<"$y" -i && cmd >x arg')
    assert s.commands[0].arg_values == ["update"]
    assert s.commands[1].arg_values == ["-q", "x", "-i"]
    # tree-sitter-bash files ``arg`` under the redirection: it is an argument
    assert s.commands[2].arg_values == ["arg"]
    assert s.commands[2].span == Span(1, 63, 1, 73)


def test_has_flag_combined_short_flags() -> None:
    c = parse("apt-get install -qy --no-install-recommends foo -- -z").commands[0]
    assert c.has_flag("y")
    assert c.has_flag("q")
    assert c.has_flag("no-install-recommends")
    assert not c.has_flag("z")  # after --
    assert not c.has_flag("yes")


def test_declaration_commands() -> None:
    s = parse("export PATH=/x:$PATH && unset A")
    assert names(s) == ["export", "unset"]
    assert s.commands[0].arg_values == ["PATH=/x:$PATH"]


# ---------------------------------------------------------------- joins


def test_joins_and_lists() -> None:
    s = parse("a && b || c; d & e | f\ng")
    assert [(c.name, c.joined_by) for c in s.commands] == [
        ("a", ""),
        ("b", "&&"),
        ("c", "||"),
        ("d", ";"),
        ("e", "&"),
        ("f", "|"),
        ("g", "\n"),
    ]
    assert [c.in_pipeline for c in s.commands] == [False] * 4 + [True, True, False]
    assert s.has_pipeline
    assert [c.index for c in s.commands] == list(range(7))


def test_pipe_amp_counts_as_pipe() -> None:
    s = parse("make |& tee log")
    assert [(c.name, c.joined_by, c.in_pipeline) for c in s.commands] == [
        ("make", "", True),
        ("tee", "|", True),
    ]


def test_no_pipeline() -> None:
    s = parse("a && b || c")
    assert not s.has_pipeline
    assert not any(c.in_pipeline for c in s.commands)


# ---------------------------------------------------------------- nesting


def test_subshell_and_command_substitution() -> None:
    s = parse('cd /x && (cd /y; make) && echo $(ls `pwd`) "$(id -u)"')
    assert names(s) == ["cd", "cd", "make", "echo", "ls", "pwd", "id"]
    sub = {c.index: c.in_subshell for c in s.commands}
    assert sub == {0: False, 1: True, 2: True, 3: False, 4: True, 5: True, 6: True}
    assert s.commands[1].joined_by == "&&"
    assert s.commands[2].joined_by == ";"
    pwd = find(s, "pwd")
    assert pwd.span == Span(1, 42, 1, 45)


def test_process_substitution_and_expansions() -> None:
    s = parse("diff <(sort a) b; echo ${X:-$(date)} $((1 + $(nproc)))")
    assert names(s) == ["diff", "sort", "echo", "date", "nproc"]
    assert find(s, "sort").in_subshell


def test_compound_commands() -> None:
    text = (
        "if [ -f x ]; then apt-get update; elif true; then :; else yum -y install x; fi; "
        'for p in a b; do pip install "$p"; done; while read -r l; do echo "$l"; done < f; '
        'case "$1" in a|b) apk add x ;; *) exit 1 ;; esac; f() { npm ci; }; { gem install y; }; '
        '[[ -n "$(id)" ]] && ! grep -q x f'
    )
    s = parse(text)
    assert names(s) == [
        "apt-get",
        "true",
        ":",
        "yum",
        "pip",
        "read",
        "echo",
        "apk",
        "exit",
        "npm",
        "gem",
        "id",
        "grep",
    ]


def test_500_nested_substitutions() -> None:
    depth = 500
    text = "echo " + "$(echo " * depth + "x" + ")" * depth
    s = parse(text)
    assert len(s.commands) == depth + 1
    assert s.errors == ()
    assert s.commands[-1].arg_values == ["x"]
    assert s.commands[1].args[0].value.startswith("$(echo")
    # the same nesting inside double quotes
    text = "echo " + '"$(echo ' * depth + "x" + ')"' * depth
    assert len(parse(text).commands) == depth + 1


def test_error_recovery() -> None:
    s = parse("apt-get update && (echo hi; && ls; } && echo done")
    assert s.errors
    err = s.errors[0]
    assert err.span.line == 1 and err.span.column >= 5
    assert "apt-get" in names(s)
    # never raises on garbage
    for junk in ["((((", "if then fi", '"unterminated', "<<", "`", "$(", "case x in", ""]:
        parse(junk)


def test_error_positions_on_later_line() -> None:
    text, tmap = logical("echo a && \\\n    ( echo b")
    s = parse_script(text, tmap, instruction=0, source="run")
    assert s.errors
    assert s.errors[0].span.line == 2


def test_non_ascii_offsets() -> None:
    s = parse("echo 'héllo wörld' && ls ünïcode")
    ls = find(s, "ls")
    assert ls.span == Span(1, 5 + 22, 1, 5 + 32)
    assert ls.args[0].value == "ünïcode"


# ---------------------------------------------------------------- positions


def test_positions_on_continuation_lines() -> None:
    source = (
        "apt-get update \\\n"
        "    && apt-get install -y \\\n"
        "        curl \\\n"
        "        git \\\n"
        "    && rm -rf /var/lib/apt/lists/*"
    )
    i = inst("RUN", source, line=10)
    (s,) = scripts_for(i)
    assert names(s) == ["apt-get", "apt-get", "rm"]
    update, install, rm = s.commands
    assert update.span == Span(10, 5, 10, 19)
    assert install.words[0].span == Span(11, 8, 11, 15)
    assert install.joined_by == "&&"
    assert word(install, "curl").span == Span(12, 9, 12, 13)
    assert word(install, "git").span == Span(13, 9, 13, 12)
    assert install.span == Span(11, 8, 13, 12)
    assert rm.span == Span(14, 8, 14, 35)
    assert word(rm, "/var/lib/apt/lists/*").span == Span(14, 15, 14, 35)
    assert s.instruction == 0 and s.source == "run"


def test_continuation_inside_a_word() -> None:
    i = inst("RUN", "echo abc\\\ndef && ls", line=3)
    (s,) = scripts_for(i)
    echo = s.commands[0]
    assert echo.args[0].value == "abcdef"
    assert echo.args[0].span == Span(3, 10, 4, 4)


# ---------------------------------------------------------------- unwrapping


def test_sh_c_unwrapped_with_positions() -> None:
    s = parse("sh -c 'apt-get update && apt-get install -y foo'")
    assert names(s) == ["sh", "apt-get", "apt-get"]
    sh, update, install = s.commands
    assert sh.wrappers == ()
    assert update.wrappers == ("sh -c",) and install.wrappers == ("sh -c",)
    assert update.span == Span(1, 12, 1, 26)
    assert install.joined_by == "&&"
    assert word(install, "foo").span == Span(1, 49, 1, 52)


def test_bash_c_double_quoted_with_escapes() -> None:
    s = parse('bash -lc "echo \\"$HOME\\" && pip install --no-cache-dir x"')
    assert names(s) == ["bash", "echo", "pip"]
    echo, pip = s.commands[1:]
    assert echo.args[0].value == "$HOME"
    assert not echo.args[0].literal
    # exact even after the \" escapes
    assert word(pip, "--no-cache-dir").span == Span(1, 45, 1, 59)
    assert pip.wrappers == ("sh -c",)


def test_bash_c_on_continuation_lines() -> None:
    source = 'bash -c "\\\n  apt-get update && \\\n  apt-get install -y curl"'
    (s,) = scripts_for(inst("RUN", source, line=2))
    install = s.commands[2]
    assert install.name == "apt-get" and install.wrappers == ("sh -c",)
    assert install.words[0].span == Span(4, 3, 4, 10)
    assert word(install, "curl").span == Span(4, 22, 4, 26)


def test_nested_sh_c() -> None:
    s = parse("""sudo sh -c "bash -c 'pip install x'" """)
    pip = find(s, "pip")
    assert pip.wrappers == ("sudo", "sh -c", "sh -c")
    assert pip.span == Span(1, 26, 1, 39)


def test_sudo_keeps_itself_and_unwraps() -> None:
    s = parse("sudo -E -u root apt-get install -y x")
    assert names(s) == ["sudo", "apt-get"]
    assert s.commands[1].wrappers == ("sudo",)
    assert s.commands[1].arg_values == ["install", "-y", "x"]
    assert s.commands[1].span == Span(1, 21, 1, 41)
    assert names(parse("sudo -l")) == ["sudo"]


def test_env_wrapper_assignments() -> None:
    s = parse("A=1 env -i PATH=/bin B=2 pip install x")
    assert names(s) == ["env", "pip"]
    pip = s.commands[1]
    assert pip.wrappers == ("env",)
    assert [a.value for a in pip.assignments] == ["A=1", "PATH=/bin", "B=2"]


def test_wrapper_chain() -> None:
    s = parse("nohup nice -n 5 timeout -s KILL 10 time -p xargs -0 -I{} chroot /r cp {} /x")
    assert names(s) == ["nohup", "nice", "timeout", "time", "xargs", "chroot", "cp"]
    assert s.commands[-1].wrappers == ("nohup", "nice", "timeout", "time", "xargs", "chroot")
    assert s.commands[-1].arg_values == ["{}", "/x"]


def test_xargs_and_exec() -> None:
    s = parse("find . -name '*.pyc' | xargs -r rm -f && exec gosu app node server.js")
    assert names(s) == ["find", "xargs", "rm", "exec", "gosu", "node"]
    rm = find(s, "rm")
    assert rm.wrappers == ("xargs",) and rm.in_pipeline and rm.joined_by == "|"
    assert find(s, "node").wrappers == ("exec", "gosu")
    assert names(parse("ls | xargs")) == ["ls", "xargs"]


def test_su_c() -> None:
    s = parse("su -s /bin/bash app -c 'npm install'")
    assert names(s) == ["su", "npm"]
    assert s.commands[1].wrappers == ("su",)
    assert s.commands[1].span == Span(1, 29, 1, 40)


def test_busybox_and_command() -> None:
    s = parse("busybox sh -c 'wget -q x' && command -v curl && command pip list")
    assert names(s) == ["busybox", "sh", "wget", "command", "command", "pip"]
    assert find(s, "wget").wrappers == ("busybox", "sh -c")


# ---------------------------------------------------------------- pipefail


@pytest.mark.parametrize(
    "text",
    [
        "set -o pipefail && curl x | sh",
        "set -euo pipefail; curl x | sh",
        "set -eo pipefail\ncurl x | sh",
        "set -o errexit -o pipefail; curl x | sh",
        "set -ex -o pipefail; curl x | sh",
        "bash -o pipefail -c 'curl x | sh'",
        "bash -c 'set -o pipefail; curl x | sh'",
        "set -o pipefail",
    ],
)
def test_pipefail_detected(text: str) -> None:
    assert parse(text).pipefail


@pytest.mark.parametrize(
    "text",
    [
        "curl x | sh",
        "curl x | sh; set -o pipefail",
        "set -e; curl x | sh",
        "set -o pipefail; set +o pipefail; curl x | sh",
        # a nested shell does not inherit pipefail
        "set -o pipefail; bash -c 'curl x | sh'",
        "echo hi",
    ],
)
def test_pipefail_absent(text: str) -> None:
    assert not parse(text).pipefail


def test_pipefail_from_stage_shell() -> None:
    i = inst("RUN", "curl x | sh")
    (s,) = scripts_for(i, ("/bin/bash", "-o", "pipefail", "-c"))
    assert s.pipefail and s.has_pipeline and s.dialect == "bash"
    (s,) = scripts_for(i, ("/bin/bash", "-c"))
    assert not s.pipefail


# ---------------------------------------------------------------- scripts_for


def test_shell_dialects_and_non_posix_shells() -> None:
    i = inst("RUN", "echo hi")
    assert scripts_for(i)[0].dialect == "sh"
    assert scripts_for(i, ("/bin/ash", "-eo", "pipefail", "-c"))[0].dialect == "ash"
    assert scripts_for(i, ("/bin/ash", "-eo", "pipefail", "-c"))[0].pipefail
    assert scripts_for(i, ("/usr/local/bin/myshell", "-c"))[0].dialect == "sh"
    for shell in [
        ("powershell", "-Command"),
        ("pwsh", "-c"),
        ("cmd", "/S", "/C"),
        ("C:\\Windows\\System32\\cmd.exe", "/S", "/C"),
        ("C:\\Program Files\\PowerShell\\pwsh.exe", "-Command"),
    ]:
        assert scripts_for(i, shell) == []
        assert scripts_for(inst("CMD", "Write-Host hi"), shell) == []
    assert "busybox" in SHELLS


def test_exec_form_skipped_unless_sh_c() -> None:
    i = inst("RUN", '["apt-get", "update"]', exec_form=("apt-get", "update"))
    assert scripts_for(i) == []
    source = '["/bin/bash", "-c", "apt-get update && apt-get install -y \\"x\\""]'
    argv = ("/bin/bash", "-c", 'apt-get update && apt-get install -y "x"')
    i = inst("RUN", source, line=4, exec_form=argv)
    (s,) = scripts_for(i, ("powershell", "-Command"))  # exec form ignores SHELL
    assert names(s) == ["apt-get", "apt-get"]
    assert s.dialect == "bash"
    assert s.commands[0].wrappers == ()
    assert s.commands[0].span == Span(4, 26, 4, 40)
    assert s.commands[1].args[2].value == "x"
    assert s.commands[1].args[2].span.line == 4


def test_cmd_entrypoint_healthcheck_onbuild() -> None:
    (s,) = scripts_for(inst("CMD", "nginx -g 'daemon off;'", index=3))
    assert (s.source, s.instruction, names(s)) == ("cmd", 3, ["nginx"])
    (s,) = scripts_for(inst("ENTRYPOINT", "exec gunicorn app"))
    assert s.source == "entrypoint" and names(s) == ["exec", "gunicorn"]
    assert scripts_for(inst("CMD", '["nginx"]', exec_form=("nginx",))) == []
    hc = inst("HEALTHCHECK", "CMD curl -f http://localhost/ || exit 1", line=7, health_type="CMD")
    (s,) = scripts_for(hc)
    assert s.source == "healthcheck" and names(s) == ["curl", "exit"]
    assert s.commands[0].span == Span(7, 17, 7, 42)
    none = inst("HEALTHCHECK", "NONE", health_type="NONE")
    assert scripts_for(none) == []
    hc_exec = inst("HEALTHCHECK", 'CMD ["curl", "-f", "x"]', health_type="CMD")
    assert scripts_for(hc_exec) == []
    trigger = inst("RUN", "pip install x", line=9, index=0)
    ob = inst("ONBUILD", "RUN pip install x", line=9, index=5, onbuild=trigger)
    (s,) = scripts_for(ob)
    assert s.instruction == 5 and names(s) == ["pip"]
    assert scripts_for(inst("COPY", "a b")) == []


def test_empty_run() -> None:
    assert scripts_for(inst("RUN", "")) == []


def test_exec_form_entrypoint_sh_c_with_json_escapes() -> None:
    source = '["/bin/sh", "-c", "echo \\"a\\u00e9\\" && exec gosu app node x.js"]'
    argv = ("/bin/sh", "-c", 'echo "a\u00e9" && exec gosu app node x.js')
    (s,) = scripts_for(inst("ENTRYPOINT", source, line=3, exec_form=argv))
    assert s.source == "entrypoint"
    assert names(s) == ["echo", "exec", "gosu", "node"]
    assert s.commands[0].args[0].value == "a\u00e9"
    # positions stay exact after the \" and \u escapes of the JSON string
    assert word(s.commands[-1], "x.js").span == Span(3, 70, 3, 74)


def test_keyword_after_fi_recovered() -> None:
    source = (
        "for m in a b; do \\\n"
        '    if [ "$m" = a ]; then \\\n'
        "        echo base; \\\n"
        "    else \\\n"
        "        install $m; \\\n"
        "    fi \\\n"
        "done \\\n"
        "    && chmod -R 755 /opt"
    )
    (s,) = scripts_for(inst("RUN", source, line=1))
    assert s.errors == ()
    assert names(s) == ["echo", "install", "chmod"]
    assert find(s, "chmod").span == Span(8, 8, 8, 25)


def test_first_command_of_a_body_is_not_joined() -> None:
    s = parse("x && for i in 1; do a; b; done; if c; then d; fi")
    assert [(c.name, c.joined_by) for c in s.commands] == [
        ("x", ""),
        ("a", ""),
        ("b", ";"),
        ("c", ";"),
        ("d", ""),
    ]
    # a subshell or group keeps the operator that leads to it
    assert parse("x && (a; b)").commands[1].joined_by == "&&"


# ---------------------------------------------------------------- heredocs


def _heredoc_run(head: str, body: list[str], name: str = "EOF", line: int = 1) -> Instruction:
    """``RUN head`` on ``line``, then the body lines, then the terminator."""
    at = head.index("<<")
    word_len = len(re.match(r"<<-?[\"']?\w+[\"']?", head[at:]).group())  # type: ignore[union-attr]
    span = Span(line, 5 + at, line, 5 + at + word_len)
    h = heredoc(name, body, line + 1, span, strip_tabs=head[at:].startswith("<<-"))
    return inst("RUN", head, line=line, heredocs=(h,))


def test_heredoc_alone_runs_with_stage_shell() -> None:
    i = _heredoc_run("<<EOF", ["apt-get update", "apt-get install -y \\", "    curl"], line=5)
    (s,) = scripts_for(i)
    assert s.source == "heredoc" and s.dialect == "sh"
    assert names(s) == ["apt-get", "apt-get"]
    update, install = s.commands
    assert update.span == Span(6, 1, 6, 15)
    assert install.joined_by == "\n"
    assert word(install, "curl").span == Span(8, 5, 8, 9)
    (s,) = scripts_for(i, ("/bin/bash", "-o", "pipefail", "-c"))
    assert s.dialect == "bash" and s.pipefail
    assert scripts_for(i, ("pwsh", "-c")) == []


def test_heredoc_strip_tabs_positions() -> None:
    i = _heredoc_run("<<-EOF", ["\tset -eux", "\t\tpip install x"], line=2)
    (s,) = scripts_for(i)
    pip = find(s, "pip")
    assert pip.span == Span(4, 3, 4, 16)


def test_heredoc_with_shell_command() -> None:
    for head, dialect in [
        ("bash <<EOF", "bash"),
        ("sh -e <<EOF", "sh"),
        ("/bin/bash -x <<EOF", "bash"),
        ("bash -o pipefail <<'EOF'", "bash"),
        ('sudo -u app bash <<"EOF"', "bash"),
        ("<<EOF bash", "bash"),
        ("cd /x && bash -s <<EOF", "bash"),
    ]:
        i = _heredoc_run(head, ["[[ -d x ]] && echo $((1+2)) | cat"])
        scripts = scripts_for(i)
        assert [s.source for s in scripts] == ["run", "heredoc"], head
        assert scripts[1].dialect == dialect
        assert names(scripts[1]) == ["echo", "cat"]
        assert scripts[1].pipefail == ("pipefail" in head)
        assert scripts[1].commands[0].span == Span(2, 15, 2, 28)


def test_heredoc_not_shell() -> None:
    for head in [
        "python3 <<PY",
        "node <<PY",
        "cat <<PY > /etc/x",
        "cat > /etc/x <<PY",
        "tee /a <<PY",
        "bash -c 'cat' <<PY",
        "bash script.sh <<PY",
    ]:
        i = _heredoc_run(head, ["import os"], name="PY")
        scripts = scripts_for(i)
        assert [s.source for s in scripts] == ["run"], head
    (s,) = scripts_for(_heredoc_run("cat <<PY > /etc/x && chmod +x /etc/x", ["x"], name="PY"))
    assert names(s) == ["cat", "chmod"]
    cat = s.commands[0]
    assert cat.arg_values == []  # ``> /etc/x`` is a redirection
    assert s.commands[1].joined_by == "&&"
    assert s.commands[1].span == Span(1, 26, 1, 41)
    assert s.errors == ()


def test_heredoc_shebang() -> None:
    (s,) = scripts_for(_heredoc_run("<<EOF", ["#!/bin/bash", "set -o pipefail", "a | b"]))
    assert s.dialect == "bash" and s.pipefail and names(s) == ["set", "a", "b"]
    (s,) = scripts_for(_heredoc_run("<<EOF", ["#!/usr/bin/env bash", "ls"]))
    assert s.dialect == "bash"
    (s,) = scripts_for(_heredoc_run("<<EOF", ["#!/usr/bin/env -S zsh -e", "ls"]))
    assert s.dialect == "zsh"
    assert scripts_for(_heredoc_run("<<EOF", ["#!/usr/bin/env python3", "import os"])) == []
    assert scripts_for(_heredoc_run("<<EOF", ["#!/usr/bin/python3", "import os"])) == []
    # a shebang wins even over a non-POSIX SHELL
    (s,) = scripts_for(_heredoc_run("<<EOF", ["#!/bin/sh", "ls"]), ("pwsh", "-c"))
    assert names(s) == ["ls"]


def test_several_heredocs() -> None:
    h1 = heredoc("A", ["data"], 2, Span(1, 9, 1, 12))
    h2 = heredoc("B", ["echo hi"], 4, Span(1, 20, 1, 23))
    i = inst("RUN", "cat <<A >/x && sh <<B", heredocs=(h1, h2))
    scripts = scripts_for(i)
    assert [s.source for s in scripts] == ["run", "heredoc"]
    assert names(scripts[0]) == ["cat", "sh"]
    assert scripts[1].commands[0].span == Span(4, 1, 4, 8)
    # two heredoc words alone: BuildKit hands them to the shell, no command runs
    i = inst("RUN", "<<A <<B", heredocs=(h1, h2))
    scripts = scripts_for(i)
    assert [s.source for s in scripts] == ["run"]
    assert scripts[0].commands == ()


def test_heredoc_inside_heredoc_script() -> None:
    body = ["cat <<X > /etc/conf && echo done", "key=value", "X", "apt-get update"]
    (s,) = scripts_for(_heredoc_run("<<EOF", body))
    assert names(s) == ["cat", "echo", "apt-get"]
    assert find(s, "echo").joined_by == "&&"
    assert find(s, "apt-get").span == Span(5, 1, 5, 15)


# ---------------------------------------------------------------- speed


def test_speed_is_reasonable() -> None:
    text = " && ".join(
        f'apt-get install -y --no-install-recommends pkg{i}=1.{i} "$(echo {i})" | tee -a log'
        for i in range(40)
    )
    parse(text)  # warm up the parser
    t0 = time.perf_counter()
    for _ in range(20):
        s = parse(text)
    per_run = (time.perf_counter() - t0) / 20
    assert len(s.commands) == 120
    assert per_run < 0.05


# ---------------------------------------------------------------- robustness

_TOKENS = [
    "echo",
    "sudo",
    "sh",
    "-c",
    "bash",
    "'",
    '"',
    "$(",
    ")",
    "(",
    "`",
    "&&",
    "||",
    "|",
    ";",
    "\n",
    " ",
    "\\",
    "$x",
    "${",
    "}",
    "{",
    "<<",
    "EOF",
    "<<<",
    ">",
    "2>&1",
    "if",
    "then",
    "fi",
    "for",
    "do",
    "done",
    "case",
    "esac",
    "in",
    "=",
    "A=1",
    "é",
    "x",
    "-y",
    "env",
    "xargs",
    "$'",
    "[[",
    "]]",
    "#",
    "!",
    "&",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40))
def test_never_raises_and_spans_stay_in_text(tokens: list[str]) -> None:
    text = "".join(tokens)
    s = parse_script(text, TextMap.single(1, 1), instruction=0, source="run")
    lines = text.count("\n") + 1
    for c in s.commands:
        assert c.words
        for w in c.words:
            assert 1 <= w.span.line <= w.span.end_line <= lines
    for e in s.errors:
        assert 1 <= e.span.line <= lines


def test_non_ascii_words_keep_values_and_positions() -> None:
    """The parser sees non-ASCII as ASCII stand-ins; words and spans come from the text."""
    script = parse("echo héllo 'wörld' 😀x && grep -q café f")
    echo, grep = find(script, "echo"), find(script, "grep")
    assert [w.value for w in echo.words] == ["echo", "héllo", "wörld", "😀x"]
    assert word(echo, "😀x").span == Span(1, 24, 1, 26)
    assert [w.value for w in grep.words][-2:] == ["café", "f"]


def test_high_code_points_after_a_brace_do_not_crash_the_parser() -> None:
    """tree-sitter-bash crashed now and then on ``{`` + U+633C9 (C ctype on a big code point).

    Whether the crash shows depends on memory layout, so the test checks what prevents it
    (the parser is given ASCII only, at the same byte offsets) and then runs the inputs that
    crashed many times in a fresh process.
    """
    import subprocess
    import sys

    from dlint.shell import _ascii

    data = "{\U000633c9 héllo\n".encode()
    assert _ascii(data) == b"{xxxx hxxllo\n" and len(_ascii(data)) == len(data)

    code = (
        "from dlint.api import lint_string\n"
        "for text in ['{\\U000633c9', '{\\U0010FFFD ', 'x {\\U000E0100}']:\n"
        "    for _ in range(300):\n"
        "        lint_string('FROM a\\nRUN ' + text, select=['DL3003'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
