"""SARIF output: valid against the official schema, with full rule metadata."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import SARIF_SCHEMA, needs_schema
from helpers import dlint

BAD = "FROM python\nWORKDIR app\nRUN pip install flask \\\n    requests\n"


def validate(log: dict) -> None:  # type: ignore[type-arg]
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("repo")
    (root / "dir with space").mkdir()
    (root / "dir with space" / "Dockerfile").write_text(BAD)
    (root / "broken.Dockerfile").write_text("FROM alpine:3.20\nRUN <<EOF\necho x\n")
    run = dlint(["--isolated", "-f", "sarif", "."], cwd=root)
    assert run.code == 1, run.err
    return json.loads(run.out)  # type: ignore[no-any-return]


@needs_schema
def test_valid_against_schema(log: dict) -> None:  # type: ignore[type-arg]
    validate(log)


def test_driver_metadata(log: dict) -> None:  # type: ignore[type-arg]
    assert log["$schema"].startswith("https://") and log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "dlint"
    assert driver["version"] == driver["semanticVersion"]
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert "DL3042" in ids and "DF001" in ids and "DL1000" in ids
    for rule in driver["rules"]:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"# {rule['id']}")
        assert rule["helpUri"].startswith("https://")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        props = rule["properties"]
        assert props["tags"] and props["precision"] in ("very-high", "high", "medium", "low")
        if "security" in props["tags"]:
            float(props["security-severity"])
            assert isinstance(props["security-severity"], str)
        else:
            assert props["problem.severity"] in ("error", "warning", "recommendation")


def test_results(log: dict) -> None:  # type: ignore[type-arg]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"].endswith(".")
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] >= 1
    pip = next(r for r in run["results"] if r["ruleId"] == "DL3042")
    assert (
        pip["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "dir%20with%20space/Dockerfile"
    )
    assert pip["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 5,
        "endLine": 3,
        "endColumn": 16,
    }
    parse_error = next(r for r in run["results"] if r["ruleId"] == "DL1000")
    assert (
        parse_error["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "broken.Dockerfile"
    )


@needs_schema
def test_internal_failure_is_reported_as_unsuccessful(tmp_path: Path) -> None:
    run = dlint(["--isolated", "-f", "sarif", "missing.Dockerfile"], cwd=tmp_path)
    assert run.code == 2
    log = json.loads(run.out)
    validate(log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["toolExecutionNotifications"][0]["message"]["text"].startswith("missing.Dockerfile")


def test_github_workflow_doc_is_valid_yaml() -> None:
    import re

    import yaml

    doc = (Path(__file__).parent.parent / "docs" / "github-code-scanning.md").read_text()
    block = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert block, "docs/github-code-scanning.md has no yaml block"
    workflow = yaml.safe_load(block.group(1))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "pip install" in runs and "dlint" in runs and "-f sarif" in runs and "-o " in runs
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
    assert any(u.startswith("actions/checkout") for u in uses)
    assert (
        workflow["jobs"][next(iter(workflow["jobs"]))]["permissions"]["security-events"] == "write"
    )


def _multitool() -> str | None:
    import os
    import shutil

    candidate = os.environ.get("SARIF_MULTITOOL") or shutil.which("Sarif.Multitool")
    return candidate if candidate and os.access(candidate, os.X_OK) else None


@pytest.mark.skipif(
    _multitool() is None,
    reason="the SARIF Multitool is not installed (set SARIF_MULTITOOL to its binary)",
)
def test_multitool_finds_no_error(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / "broken.Dockerfile").write_text('FROM alpine:3.20\nCMD ["a", 1]\n')
    log = tmp_path / "dlint.sarif"
    dlint(["--isolated", "-f", "sarif", "-o", str(log), "."], cwd=tmp_path)
    out = tmp_path / "validation.sarif"
    subprocess.run(
        [
            str(_multitool()),
            "validate",
            str(log),
            "-o",
            str(out),
            "--log",
            "ForceOverwrite",
            "--rule-kind",
            "Sarif;Gh",
        ],
        check=True,
        capture_output=True,
    )
    results = json.loads(out.read_text())["runs"][0].get("results", [])
    assert not [r for r in results if r.get("level") == "error"], results
