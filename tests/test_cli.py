"""The dlint command line: discovery, options, output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT, dlint

SEED = ROOT / "tests" / "data" / "seed"
BAD = "FROM python:3.12\nWORKDIR app\nRUN pip install flask\n"
CLEAN = 'FROM python:3.12-slim\nWORKDIR /app\nUSER 10001\nCMD ["python"]\n'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "Containerfile").write_text(CLEAN)
    (tmp_path / "svc" / "api.Dockerfile").write_text(BAD)
    (tmp_path / "svc" / "Dockerfile.dev").write_text(CLEAN)
    (tmp_path / "svc" / "dev.dockerfile").write_text(CLEAN)
    (tmp_path / "svc" / "README.md").write_text("FROM nothing\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "Dockerfile").write_text(BAD)
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "Dockerfile").write_text(BAD)
    return tmp_path


def test_text_output_format_and_exit_code(tree: Path) -> None:
    run = dlint(["--isolated", "Dockerfile"], cwd=tree)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith("Dockerfile:1:1: DF001 [warning] ")
    assert lines[1].startswith("Dockerfile:2:9: DL3000 [error] WORKDIR app is relative")
    assert lines[1].endswith("(WorkdirRelativePath)")
    assert any(line.startswith("Dockerfile:3:5: DL3042 [warning] ") for line in lines)
    assert lines[-1].startswith("Found ") and "in 1 of 1 file checked." in lines[-1]


def test_walks_directories_skipping_vcs_and_excluded(tree: Path) -> None:
    run = dlint(["--isolated", "-f", "json", "--exclude", "vendor", "."], cwd=tree)
    paths = sorted({v["path"] for v in json.loads(run.out)})
    assert paths == ["Dockerfile", "svc/api.Dockerfile"]
    run = dlint(["--isolated", "."], cwd=tree)
    assert "5 files" not in run.out and "6 files checked" in run.out


def test_no_path_means_current_directory(tree: Path) -> None:
    run = dlint(["--isolated", "-f", "json"], cwd=tree / "svc")
    assert {v["path"] for v in json.loads(run.out)} == {"api.Dockerfile"}


def test_stdin_with_filename() -> None:
    run = dlint(["--isolated", "--stdin-filename", "svc/Dockerfile", "-"], stdin=BAD)
    assert run.code == 1
    assert "\nsvc/Dockerfile:2:9: DL3000 [error]" in run.out


def test_json_keys_exactly() -> None:
    run = dlint(["--isolated", "-f", "json", "-"], stdin=BAD)
    data = json.loads(run.out)
    assert data and all(
        list(v)
        == [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "code",
            "name",
            "severity",
            "message",
            "url",
        ]
        for v in data
    )
    assert data[0]["url"].startswith("https://")


def test_select_ignore_by_code_prefix_and_name() -> None:
    run = dlint(["--isolated", "-f", "json", "--select", "PipNoCacheDir", "-"], stdin=BAD)
    assert {v["code"] for v in json.loads(run.out)} == {"DL3042"}
    run = dlint(
        ["--isolated", "-f", "json", "--ignore", "DL3042,WorkdirRelativePath", "-"], stdin=BAD
    )
    assert not {"DL3042", "DL3000"} & {v["code"] for v in json.loads(run.out)}
    run = dlint(["--isolated", "-f", "json", "--select", "DL3", "-"], stdin=BAD)
    assert {v["code"] for v in json.loads(run.out)} >= {"DL3000", "DL3042"}


def test_unknown_rule_code_is_a_usage_error() -> None:
    run = dlint(["--isolated", "--select", "DL9999", "-"], stdin=BAD)
    assert run.code == 2
    assert run.err.strip().count("\n") == 0 and "DL9999" in run.err
    assert "Traceback" not in run.err


def test_failure_threshold() -> None:
    assert (
        dlint(
            ["--isolated", "--failure-threshold", "error", "--ignore", "DL3000", "-"], stdin=BAD
        ).code
        == 0
    )
    assert dlint(["--isolated", "--failure-threshold", "error", "-"], stdin=BAD).code == 1
    assert dlint(["--isolated", "-t", "style", "-"], stdin=CLEAN).code == 0


def test_clean_file_exits_zero_with_summary() -> None:
    run = dlint(["--isolated", "-"], stdin=CLEAN)
    assert run.code == 0, run.out + run.err
    assert run.out.strip() == "No problems found in 1 file checked."


def test_color_and_show_source() -> None:
    plain = dlint(["--isolated", "-"], stdin=BAD)
    assert "\x1b[" not in plain.out
    colored = dlint(["--isolated", "--color", "always", "-"], stdin=BAD)
    assert "\x1b[" in colored.out
    assert "\x1b[" in dlint(["--isolated", "-"], stdin=BAD, env={"FORCE_COLOR": "1"}).out
    assert (
        "\x1b["
        not in dlint(["--isolated", "--color", "auto", "-"], stdin=BAD, env={"NO_COLOR": "1"}).out
    )
    src = dlint(["--isolated", "--show-source", "-"], stdin=BAD)
    assert "  2 | WORKDIR app\n    |         ^^^\n" in src.out


def test_version_and_help() -> None:
    assert dlint(["--version"]).out.startswith("dlint, version ")
    help_text = dlint(["--help"]).out
    assert "--failure-threshold" in help_text and "dlint rules" in help_text


def test_rules_and_rule_commands() -> None:
    run = dlint(["rules"])
    assert run.code == 0
    row = next(line for line in run.out.splitlines() if line.startswith("DL3042"))
    assert "PipNoCacheDir" in row and "warning" in row and "[dlint_rules]" in row
    explained = dlint(["rule", "DF003"])
    assert explained.code == 0 and explained.out.startswith("# DF003: ExposeMismatch")
    assert dlint(["rule", "pipnocachedir"]).out.startswith("# DL3042")
    missing = dlint(["rule", "XX0000"])
    assert missing.code == 2 and "unknown rule" in missing.err


def test_bad_inputs_are_one_line_each_and_others_still_linted(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / "bin.Dockerfile").write_bytes(b"FROM a\x00\x01\x02")
    (tmp_path / "latin1.Dockerfile").write_bytes(b"FROM alpine:3\nLABEL a=\xe9\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken.Dockerfile").symlink_to(tmp_path / "nowhere")
    run = dlint(
        [
            "--isolated",
            "-f",
            "json",
            "Dockerfile",
            "bin.Dockerfile",
            "latin1.Dockerfile",
            "missing",
            "empty",
            "broken.Dockerfile",
        ],
        cwd=tmp_path,
    )
    assert run.code == 2
    assert "Traceback" not in run.err
    errors = run.err.strip().splitlines()
    assert len(errors) == 5, errors
    assert any("bin.Dockerfile" in e and "binary" in e for e in errors)
    assert any("latin1.Dockerfile" in e and "UTF-8" in e and "line 2" in e for e in errors)
    assert any("missing" in e and "no such file" in e for e in errors)
    assert any("empty" in e and "no Dockerfile" in e for e in errors)
    assert any("broken.Dockerfile" in e and "symbolic link" in e for e in errors)
    assert {v["path"] for v in json.loads(run.out)} == {"Dockerfile"}


def test_never_changes_the_linted_file(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    target.write_bytes(BAD.encode())
    before = target.stat().st_mtime_ns
    dlint(["--isolated", "-f", "sarif", str(target)])
    assert target.read_bytes() == BAD.encode() and target.stat().st_mtime_ns == before


def test_seed_dockerfiles() -> None:
    run = dlint(["--isolated", "-f", "json", str(SEED)])
    found = {(Path(v["path"]).name, v["code"], v["line"]) for v in json.loads(run.out)}
    assert ("uvicorn.Dockerfile", "DF003", 15) in found
    assert ("flask.Dockerfile", "DL3000", 3) in found
    assert ("flask.Dockerfile", "DL3042", 7) in found
    assert ("flask.Dockerfile", "DF001", 1) in found
    assert not any(name == "uvicorn.Dockerfile" and code == "DF001" for name, code, _ in found)


def test_multiple_outputs(tmp_path: Path) -> None:
    out = tmp_path / "dlint.sarif"
    run = dlint(["--isolated", "-f", "sarif", "-o", str(out), "-f", "json", "-"], stdin=BAD)
    assert json.loads(out.read_text())["version"] == "2.1.0"
    assert json.loads(run.out)[0]["code"]


def test_context_option_gives_the_build_context(tmp_path: Path) -> None:
    """--context DIR: DF017 reads DIR/.dockerignore, for files and for standard input."""
    (tmp_path / ".dockerignore").write_text("*.md\n")
    docker = tmp_path / "docker"
    docker.mkdir()
    dockerfile = docker / "Dockerfile"
    dockerfile.write_text("FROM python:3.12-slim\nCOPY README.md /app/\nUSER 10001\n")
    alone = dlint(["--isolated", "--select", "DF017", str(dockerfile)])
    assert alone.code == 0, alone.out  # its own folder has no .dockerignore
    given = dlint(["--isolated", "--select", "DF017", "--context", str(tmp_path), str(dockerfile)])
    assert given.code == 1 and "DF017" in given.out and "pattern '*.md'" in given.out
    stdin = dlint(
        ["--isolated", "--select", "DF017", "--context", str(tmp_path), "-"],
        stdin=dockerfile.read_text(),
    )
    assert stdin.code == 1 and "-:2:6: DF017" in stdin.out


def test_context_that_is_not_a_directory_is_one_error_line(tmp_path: Path) -> None:
    run = dlint(["--context", str(tmp_path / "nowhere"), "-"], stdin="FROM scratch\n")
    assert run.code == 2
    assert run.err.strip().splitlines() == [
        f"dlint: error: --context {tmp_path / 'nowhere'}: not a directory"
    ]
