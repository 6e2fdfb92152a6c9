"""Every output format, checked field by field."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import dlint

BAD = "FROM python\nWORKDIR app\nRUN pip install flask \\\n    requests\n"


def test_concise() -> None:
    run = dlint(["--isolated", "-f", "concise", "--stdin-filename", "a/Dockerfile", "-"], stdin=BAD)
    lines = run.out.splitlines()
    assert "a/Dockerfile:2:9: DL3000 WORKDIR app is relative" in run.out
    assert all(line.startswith("a/Dockerfile:") for line in lines)
    assert run.code == 1


def test_github_annotations_with_escaping() -> None:
    text = "FROM python:3.12\nUSER 1\nWORKDIR a,b:c%d\n"
    run = dlint(
        ["--isolated", "-f", "github", "--stdin-filename", "dir,x/Docker:file", "-"], stdin=text
    )
    (line,) = run.out.splitlines()
    assert line.startswith(
        "::error file=dir%2Cx/Docker%3Afile,line=3,endLine=3,col=9,endColumn=16,"
    )
    assert "title=dlint DL3000 (WorkdirRelativePath)::" in line
    message = line.split("::", 2)[2]
    assert "a,b:c%25d" in message and message.startswith("dir,x/Docker:file:3:9: DL3000 [error]")


def test_github_levels_and_multiline_spans() -> None:
    run = dlint(
        ["--isolated", "-f", "github", "--select", "DF002,DL3042,DF001", "-"],
        stdin="FROM python:3.12\nCOPY . \\\n  /app\nRUN pip install -r /app/requirements.txt\n",
    )
    lines = run.out.splitlines()
    assert any(
        line.startswith("::notice file=-,line=2,endLine=3,title=") for line in lines
    )  # DF002 info
    assert any(line.startswith("::warning ") for line in lines)


def test_github_format_is_the_default_under_github_actions() -> None:
    run = dlint(["--isolated", "-"], stdin=BAD, env={"GITHUB_ACTIONS": "true"})
    assert run.out.startswith("::")
    run = dlint(["--isolated", "-f", "text", "-"], stdin=BAD, env={"GITHUB_ACTIONS": "true"})
    assert not run.out.startswith("::")


def test_gitlab_code_quality(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(BAD)
    first = json.loads(dlint(["--isolated", "-f", "gitlab", "Dockerfile"], cwd=tmp_path).out)
    assert first
    for issue in first:
        assert set(issue) == {
            "description",
            "check_name",
            "fingerprint",
            "severity",
            "categories",
            "location",
        }
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] == "Dockerfile"
        assert issue["location"]["lines"]["begin"] >= 1
        assert len(issue["fingerprint"]) == 64
    assert len({i["fingerprint"] for i in first}) == len(first)
    # Moving every line down keeps the fingerprints: they do not hash line numbers.
    (tmp_path / "Dockerfile").write_text("# a new comment\n\n" + BAD)
    second = json.loads(dlint(["--isolated", "-f", "gitlab", "Dockerfile"], cwd=tmp_path).out)
    assert {i["fingerprint"] for i in second} == {i["fingerprint"] for i in first}
    assert {i["location"]["lines"]["begin"] for i in second} == {
        i["location"]["lines"]["begin"] + 2 for i in first
    }


def test_checkstyle_xml() -> None:
    run = dlint(
        ["--isolated", "-f", "checkstyle", "--stdin-filename", "Dockerfile", "-"], stdin=BAD
    )
    root = ET.fromstring(run.out)
    assert root.tag == "checkstyle"
    (file_el,) = root.findall("file")
    assert file_el.get("name") == "Dockerfile"
    errors = file_el.findall("error")
    workdir = next(e for e in errors if e.get("source") == "dlint.DL3000")
    assert workdir.get("line") == "2" and workdir.get("column") == "9"
    assert workdir.get("severity") == "error" and "relative" in (workdir.get("message") or "")


def test_junit_xml(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / "clean.Dockerfile").write_text("FROM python:3.12\nUSER 1\n")
    run = dlint(["--isolated", "-f", "junit", "."], cwd=tmp_path)
    root = ET.fromstring(run.out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["Dockerfile"]
    cases = suites[0].findall("testcase")
    assert int(suites[0].get("failures") or 0) == len(cases) > 0
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message")
    clean = ET.fromstring(
        dlint(["--isolated", "-f", "junit", "clean.Dockerfile"], cwd=tmp_path).out
    )
    assert clean.get("failures") == "0" and clean.find("testsuite/testcase") is not None


def test_repeated_formats_and_outputs(tmp_path: Path) -> None:
    sarif, gitlab = tmp_path / "dlint.sarif", tmp_path / "gl.json"
    run = dlint(
        [
            "--isolated",
            "-f",
            "sarif",
            "-o",
            str(sarif),
            "-f",
            "gitlab",
            "-o",
            str(gitlab),
            "-f",
            "concise",
            "-",
        ],
        stdin=BAD,
    )
    assert json.loads(sarif.read_text())["runs"][0]["results"]
    assert json.loads(gitlab.read_text())[0]["check_name"]
    assert run.out.startswith("-:1:")


def test_unknown_format_is_a_usage_error() -> None:
    run = dlint(["--isolated", "-f", "yaml", "-"], stdin=BAD)
    assert run.code == 2 and "unknown format 'yaml'" in run.err


def test_statistics_and_exit_zero() -> None:
    run = dlint(["--isolated", "--statistics", "--exit-zero", "-f", "concise", "-"], stdin=BAD)
    assert run.code == 0
    stats = run.err.splitlines()
    assert any(
        line.split()[1:3] == ["DL3042", "PipNoCacheDir"] and line.split()[0] == "1"
        for line in stats
    ), stats
