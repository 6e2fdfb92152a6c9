"""ShellCheck through the command line: every finding, real positions, selection, suppression."""

from __future__ import annotations

import json

import pytest
from helpers import dlint

from dlint.shellcheck import find_shellcheck

pytestmark = pytest.mark.skipif(
    find_shellcheck() is None, reason="shellcheck is not installed (pip install dlint[shellcheck])"
)

TEXT = (
    "FROM debian:12\nARG VERSION=1\n"
    "RUN echo $VERSION && \\\n"
    "    cd /x; echo $undefined_thing\n"
    "RUN <<EOF bash\n[[ -n $a ]] && echo ok\nEOF\n"
)


def found(*args: str, text: str = TEXT) -> list[tuple[str, int, int]]:
    run = dlint(["--isolated", "-f", "json", *args, "-"], stdin=text)
    assert run.code in (0, 1), run.err
    return [
        (v["code"], v["line"], v["column"])
        for v in json.loads(run.out)
        if v["code"].startswith("SC")
    ]


def test_every_finding_at_its_position() -> None:
    codes = found()
    assert ("SC2164", 4, 5) in codes  # on the continuation line, at the cd
    assert ("SC2154", 4, 17) in codes
    assert ("SC2154", 6, 7) in codes  # inside the bash heredoc
    assert not any(c == "SC3010" for c, _, _ in codes)  # [[ ]] is fine in bash
    assert not any(c == "SC2154" and line == 3 for c, line, _ in codes)  # ARG VERSION declared


def test_select_ignore_and_turning_it_off() -> None:
    assert {c for c, _, _ in found("--select", "SC2164")} == {"SC2164"}
    assert "SC2154" not in {c for c, _, _ in found("--ignore", "SC2154")}
    assert found("--no-shellcheck") == []
    assert found("--select", "DL3003") == []
    assert found("--ignore", "shellcheck") == []


def test_suppression_comments_apply() -> None:
    text = TEXT.replace("RUN echo", "# hadolint ignore=SC2154,SC2164\nRUN echo")
    codes = {(c, line) for c, line, _ in found(text=text)}
    assert ("SC2154", 5) not in codes and ("SC2164", 5) not in codes
    assert ("SC2154", 7) in codes


def test_sarif_describes_the_codes() -> None:
    run = dlint(["--isolated", "-f", "sarif", "-"], stdin=TEXT)
    rules = {r["id"]: r for r in json.loads(run.out)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["SC2164"]["helpUri"] == "https://www.shellcheck.net/wiki/SC2164"


def test_powershell_is_not_checked() -> None:
    text = (
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        'SHELL ["powershell", "-Command"]\nRUN $x = Get-Item C:\\ ; echo $x\n'
    )
    assert found(text=text) == []


def test_alpine_sh_is_busybox_ash() -> None:
    script = "RUN x=abc && echo ${x//a/b}\n"
    alpine = found(text="FROM alpine:3.20\n" + script)
    debian = found(text="FROM debian:12\n" + script)
    assert not any(c == "SC3060" for c, _, _ in alpine)
    assert any(c == "SC3060" for c, _, _ in debian)
