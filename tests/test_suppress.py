"""Suppression comments: dlint's, hadolint's and BuildKit's forms."""

from __future__ import annotations

import pytest
from helpers import dlint

from dlint.analysis import Facts
from dlint.api import lint_string
from dlint.parser import parse


def found(text: str, *extra: str) -> list[tuple[str, int]]:
    return [(v.code, v.span.line) for v in lint_string(text, extend_select=list(extra))]


BASE = "FROM python:3.12\nUSER 1000\n"


@pytest.mark.parametrize(
    "pragma",
    [
        "# dlint: ignore=DL3042",
        "# dlint: ignore=PipNoCacheDir",
        "# dlint: ignore = DL3042 , DL3000",
        "# dlint: ignore=DL3042 # the cache is removed in the next layer",
        "# hadolint ignore=DL3042",
        "# hadolint ignore=DL3042 # reason",
        "# check=skip=DL3042",
    ],
)
def test_instruction_pragma_covers_every_line(pragma: str) -> None:
    text = BASE + f"# a comment first\n{pragma}\nRUN apt-get update \\\n    && pip install flask\n"
    assert ("DL3042", 6) not in found(text)
    assert ("DL3042", 4) in found(BASE + "RUN apt-get update \\\n    && pip install flask\n")


def test_pragma_separated_by_a_blank_line_does_not_apply() -> None:
    text = BASE + "# dlint: ignore=DL3042\n\nRUN pip install flask\n"
    result = found(text)
    assert ("DL3042", 5) in result
    assert ("DF010", 3) in result  # and the stray pragma is reported


def test_pragma_applies_to_the_next_instruction_only() -> None:
    text = BASE + "# dlint: ignore=DL3042\nRUN pip install flask\nRUN pip install requests\n"
    assert found(text).count(("DL3042", 5)) == 1 and ("DL3042", 4) not in found(text)


@pytest.mark.parametrize(
    "pragma",
    ["# dlint: global ignore=DL3042", "# hadolint global ignore=DL3042", "# check=skip=DL3042"],
)
def test_file_wide_forms(pragma: str) -> None:
    text = f"{pragma}\n" + BASE + "RUN pip install a\nFROM python:3.12\nUSER 1\nRUN pip install b\n"
    assert not [c for c, _ in found(text) if c == "DL3042"]


def test_global_pragma_anywhere_in_the_file() -> None:
    text = BASE + "RUN pip install a\n# hadolint global ignore=DL3042\nRUN echo\n"
    assert not [c for c, _ in found(text) if c == "DL3042"]


@pytest.mark.parametrize("tool", ["dlint:", "hadolint"])
def test_stage_form_covers_the_stage_and_its_from_line(tool: str) -> None:
    text = (
        f"# {tool} stage ignore=DL3042,DL3006\n"
        "FROM python AS build\nRUN pip install a\n"
        "FROM python:3.12\nUSER 1\nRUN pip install b\n"
    )
    result = found(text)
    assert ("DL3006", 2) not in result and ("DL3042", 3) not in result
    assert ("DL3042", 6) in result


def test_buildkit_check_skip_with_buildkit_names_and_all() -> None:
    text = "FROM python:3.12\nUSER 1\n# check=skip=WorkdirRelativePath\nWORKDIR app\n"
    assert ("DL3000", 4) not in found(text)
    text = "# check=skip=all\nFROM python\nWORKDIR app\n"
    assert found(text) == []
    text = (
        "# syntax=docker/dockerfile:1\n# check=skip=WorkdirRelativePath;error=true\n"
        "FROM python:3.12\nUSER 1\nWORKDIR app\n"
    )
    assert ("DL3000", 5) not in found(text)


def test_malformed_and_unknown_pragmas_are_reported() -> None:
    text = (
        BASE + "# hadolint ignore=dl3042\nRUN pip install a\n# dlint: ignore=NoSuchRule\nRUN echo\n"
    )
    result = found(text)
    assert ("DF010", 3) not in result  # lower-case codes are accepted: codes are case-insensitive
    assert ("DL3042", 4) not in result
    assert ("DF010", 5) in result


def test_unused_suppressions_are_opt_in() -> None:
    text = BASE + "# dlint: ignore=DL3042\nRUN echo hi\n"
    assert ("DF011", 3) not in found(text)
    assert ("DF011", 3) in found(text, "DF011")


def test_disable_ignore_pragma() -> None:
    text = BASE + "# dlint: ignore=DL3042\nRUN pip install flask\n"
    run = dlint(["--isolated", "--disable-ignore-pragma", "-f", "concise", "-"], stdin=text)
    assert ":4:5: DL3042 " in run.out
    run = dlint(["--isolated", "-f", "concise", "-"], stdin=text)
    assert "DL3042" not in run.out


def test_hadolint_shell_pragma_sets_the_shell() -> None:
    df = parse(
        "# hadolint shell=powershell\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        "RUN Get-ChildItem | Select-Object Name\nFROM alpine:3.20\n# hadolint shell=bash\n"
        "RUN echo hi\n"
    )
    facts = Facts(df)
    assert facts.stages[0].shell[0] == "powershell"
    assert facts.scripts_of(df.instructions[1]) == []  # PowerShell is not parsed as sh
    assert facts.scripts_of(df.instructions[3])[0].dialect == "bash"
