"""Configuration files: discovery, every key, hadolint's file, errors, precedence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import dlint

BAD = "FROM python\nWORKDIR app\nRUN pip install flask\n"


def codes(run_out: str) -> set[str]:
    return {v["code"] for v in json.loads(run_out)}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text(BAD)
    return tmp_path


def test_pyproject_tool_dlint_found_from_a_subdirectory(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.dlint]\nignore = ["DL3042", "FinalStageRunsAsRoot"]\n'
    )
    sub = repo / "svc"
    sub.mkdir()
    (sub / "Dockerfile").write_text(BAD)
    found = codes(dlint(["-f", "json", "Dockerfile"], cwd=sub).out)
    assert "DL3042" not in found and "DF001" not in found and "DL3000" in found


def test_dlint_toml_wins_over_pyproject_in_the_same_directory(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.dlint]\nignore = ["DL3042"]\n')
    (repo / ".dlint.toml").write_text('ignore = ["DL3000"]\n')
    found = codes(dlint(["-f", "json"], cwd=repo).out)
    assert "DL3042" in found and "DL3000" not in found


def test_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".dlint.toml").write_text('ignore = ["DL3000"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / ".git").mkdir()
    (inner / "Dockerfile").write_text(BAD)
    assert "DL3000" in codes(dlint(["-f", "json"], cwd=inner).out)


def test_isolated_and_explicit_config(repo: Path) -> None:
    (repo / ".dlint.toml").write_text('ignore = ["DL3000"]\n')
    assert "DL3000" in codes(dlint(["--isolated", "-f", "json"], cwd=repo).out)
    other = repo / "other.toml"
    other.write_text('ignore = ["DL3042"]\n')
    found = codes(dlint(["--config", str(other), "-f", "json"], cwd=repo).out)
    assert "DL3000" in found and "DL3042" not in found


def test_every_key(repo: Path) -> None:
    (repo / "legacy").mkdir()
    (repo / "legacy" / "Dockerfile").write_text(BAD)
    (repo / "skipped").mkdir()
    (repo / "skipped" / "Dockerfile").write_text(BAD)
    (repo / ".dlint.toml").write_text(
        """
select = ["DL", "DF"]
extend-select = ["DF011"]
ignore = ["DL3006"]
failure-threshold = "error"
exit-zero = false
exclude = ["skipped"]
trusted-registries = ["docker.io"]
strict-labels = false
shellcheck = false
disable-ignore-pragma = false

[severity]
DL3042 = "error"
DF001 = "off"

[per-file-ignores]
"legacy/*" = ["DL3000"]

[label-schema]
maintainer = "email"

[rules.DF001]
nonroot-images = ["python"]
"""
    )
    run = dlint(["-f", "json", "."], cwd=repo)
    found = json.loads(run.out)
    paths = {v["path"] for v in found}
    assert "skipped/Dockerfile" not in paths
    assert not any(v["code"] == "DL3006" for v in found)
    assert not any(v["code"] == "DF001" for v in found)
    assert not any(v["path"] == "legacy/Dockerfile" and v["code"] == "DL3000" for v in found)
    pip = [v for v in found if v["code"] == "DL3042"]
    assert pip and all(v["severity"] == "error" for v in pip)
    assert run.code == 1  # DL3042 is an error now, at the error threshold


def test_command_line_wins_over_the_file(repo: Path) -> None:
    (repo / ".dlint.toml").write_text('failure-threshold = "error"\nignore = ["DL3000"]\n')
    assert dlint([], cwd=repo).code == 0
    assert dlint(["--failure-threshold", "warning"], cwd=repo).code == 1
    assert dlint(["--exit-zero", "--failure-threshold", "warning"], cwd=repo).code == 0


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("selct = ['DL3000']\n", "unknown key 'selct'"),
        ("ignore = 'DL3000'\n", "'ignore' must be a list of strings"),
        ("ignore = ['DL9999']\n", "unknown rule code or name: DL9999"),
        ("failure-threshold = 'fatal'\n", "'failure-threshold' must be one of"),
        ("[severity]\nDL3000 = 'loud'\n", "'severity.DL3000' must be one of"),
        ("[severity]\nNOPE1 = 'error'\n", "unknown rule code or name: NOPE1"),
        ("[rules.DF001]\nno-such-option = 1\n", "'rules.DF001.no-such-option' is not an option"),
        (
            "[rules.DF001]\nnonroot-images = 'x'\n",
            "'rules.DF001.nonroot-images' must be of type list",
        ),
        ("[rules.XX0001]\nx = 1\n", "unknown rule code or name: XX0001"),
        ("[per-file-ignores]\n'a/*' = ['DL0000']\n", "unknown rule code or name: DL0000"),
        ("[label-schema]\nversion = 'number'\n", "'label-schema.version' must be one of"),
        ("shellcheck = 'yes'\n", "'shellcheck' must be true or false"),
        ("this is not toml\n", "invalid TOML"),
    ],
)
def test_configuration_errors(repo: Path, content: str, needle: str) -> None:
    (repo / ".dlint.toml").write_text(content)
    run = dlint([], cwd=repo)
    assert run.code == 2
    assert "Traceback" not in run.err
    (line,) = run.err.strip().splitlines()
    assert ".dlint.toml" in line and needle in line, line


def test_missing_config_file() -> None:
    run = dlint(["--config", "/nonexistent/dlint.toml", "-"], stdin=BAD)
    assert run.code == 2 and "configuration file not found" in run.err


def test_dlint_config_command_shows_origins(repo: Path) -> None:
    (repo / ".dlint.toml").write_text('ignore = ["DL3000"]\n')
    run = dlint(["config"], cwd=repo)
    assert run.code == 0
    assert ".dlint.toml" in run.out.splitlines()[0]
    ignore = next(line for line in run.out.splitlines() if line.startswith("ignore ="))
    assert "DL3000" in ignore and ".dlint.toml" in ignore
    threshold = next(line for line in run.out.splitlines() if line.startswith("failure-threshold"))
    assert "from default" in threshold


# -- hadolint's configuration -------------------------------------------------------------


def test_hadolint_yaml_is_honoured(repo: Path) -> None:
    (repo / ".hadolint.yaml").write_text(
        "ignored: [DL3000]\n"
        "override:\n  error: [DL3042]\n  info: [DL3006]\n"
        "trustedRegistries: [docker.io]\n"
        "label-schema:\n  maintainer: email\n"
        "strict-labels: false\n"
        "failure-threshold: error\n"
        "no-color: true\n"
        "disable-ignore-pragma: false\n"
    )
    run = dlint(["-f", "json"], cwd=repo)
    found = json.loads(run.out)
    assert not any(v["code"] == "DL3000" for v in found)
    assert {v["severity"] for v in found if v["code"] == "DL3042"} == {"error"}
    assert {v["severity"] for v in found if v["code"] == "DL3006"} == {"info"}
    assert run.code == 1
    config = dlint(["config"], cwd=repo).out
    assert ".hadolint.yaml" in config.splitlines()[0]


def test_hadolint_scalar_list_is_read_as_one_code(repo: Path) -> None:
    # hadolint drops the whole file for `ignored: DL3000`; dlint reads it as meant.
    (repo / ".hadolint.yaml").write_text("ignored: DL3000\n")
    assert "DL3000" not in codes(dlint(["-f", "json"], cwd=repo).out)


def test_hadolint_yml_and_no_fail(repo: Path) -> None:
    (repo / ".hadolint.yml").write_text("no-fail: true\n")
    assert dlint([], cwd=repo).code == 0


def test_dlint_config_wins_over_hadolint(repo: Path) -> None:
    (repo / ".hadolint.yaml").write_text("ignored: [DL3042]\n")
    (repo / ".dlint.toml").write_text("ignore = []\n")
    assert "DL3042" in codes(dlint(["-f", "json"], cwd=repo).out)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("ignored: {DL3006: 1}\n", "'ignored' must be a list of strings"),
        ("override:\n  fatal: [DL3000]\n", "'override.fatal' must be one of"),
        ("failure-threshold: none\n", "'failure-threshold' must be one of"),
        ("strict-labels: maybe\n", "'strict-labels' must be true or false"),
        ("label-schema:\n  a: number\n", "'label-schema.a' must be one of"),
        ("ignored: [DL9999]\n", "unknown rule code or name: DL9999"),
        ("frobnicate: 1\n", "unknown hadolint key 'frobnicate'"),
        ("ignored: [\n", "invalid YAML"),
    ],
)
def test_hadolint_config_errors_are_reported(repo: Path, content: str, needle: str) -> None:
    (repo / ".hadolint.yaml").write_text(content)
    run = dlint([], cwd=repo)
    assert run.code == 2, run.out
    assert ".hadolint.yaml" in run.err and needle in run.err, run.err


def test_settings_keys_take_effect(repo: Path) -> None:
    (repo / "Dockerfile").write_text(
        "FROM quay.io/team/base:1.0\nUSER 1000\n"
        "# dlint: ignore=DL3003\nRUN cd /opt && echo $undefined_var\n"
        "# dlint: ignore=DL3003\nRUN echo unused\n"
    )
    base = 'select = ["DL3026", "DL3049", "DL3050", "DL3003", "DF011", "SC"]\n'
    (repo / ".dlint.toml").write_text(
        base + 'trusted-registries = ["docker.io"]\n[label-schema]\nmaintainer = "email"\n'
    )
    found = json.loads(dlint(["-f", "json"], cwd=repo).out)
    codes = {v["code"] for v in found}
    assert "DL3026" in codes  # quay.io is not trusted
    assert "DL3049" in codes  # the schema's label is missing
    assert "DL3003" not in codes  # the pragma applies
    assert "DF011" in codes  # the unused pragma is reported (selected)
    (repo / ".dlint.toml").write_text(base + "disable-ignore-pragma = true\nshellcheck = false\n")
    codes = {v["code"] for v in json.loads(dlint(["-f", "json"], cwd=repo).out)}
    assert "DL3003" in codes and "DL3026" not in codes and "DL3049" not in codes
    assert not any(c.startswith("SC") for c in codes)
    (repo / ".dlint.toml").write_text(
        base + 'strict-labels = true\n[label-schema]\nmaintainer = "email"\n'
    )
    (repo / "Dockerfile").write_text("FROM python:3.12\nUSER 1\nLABEL maintainer=a@b.c extra=1\n")
    codes = {v["code"] for v in json.loads(dlint(["-f", "json"], cwd=repo).out)}
    assert "DL3050" in codes


def test_hadolint_keys_take_effect(repo: Path) -> None:
    (repo / "Dockerfile").write_text(
        "FROM quay.io/team/base:1.0\nUSER 1000\n# hadolint ignore=DL3003\nRUN cd /opt\n"
        "LABEL extra=1\n"
    )
    (repo / ".hadolint.yaml").write_text(
        "trustedRegistries: docker.io\nlabel-schema:\n  maintainer: email\nstrict-labels: true\n"
        "no-color: true\n"
    )
    text = (repo / "Dockerfile").read_text()
    run = dlint(["-f", "concise", "-"], cwd=repo, stdin=text)
    codes = {line.split()[1] for line in run.out.splitlines()}
    assert {"DL3026", "DL3049", "DL3050"} <= codes and "DL3003" not in codes
    colored = dlint(["--show-source", "-"], cwd=repo, stdin=text, env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in colored.out  # no-color
    (repo / ".hadolint.yaml").write_text("disable-ignore-pragma: true\n")
    assert " DL3003 " in dlint(["-f", "concise", "-"], cwd=repo, stdin=text).out
