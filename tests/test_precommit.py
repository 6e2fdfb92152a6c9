"""The pre-commit hook, run for real with `pre-commit try-repo` (needs the package registry)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = pytest.mark.skipif(
    os.environ.get("DLINT_OFFLINE") == "1", reason="DLINT_OFFLINE=1: no package registry"
)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_manifest_is_valid() -> None:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    proc = subprocess.run(
        [pre_commit, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_try_repo_fails_on_bad_and_passes_on_clean(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    pre_commit = str(Path(sys.executable).parent / "pre-commit")
    repo = tmp_path / "consumer"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    (repo / "Dockerfile").write_text("FROM python\nWORKDIR app\nRUN pip install flask\n")
    _git(repo, "add", "Dockerfile")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    env.pop("GITHUB_ACTIONS", None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "dlint", "--all-files", "--verbose"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    bad = run()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "Dockerfile:2:9: DL3000 [error]" in bad.stdout
    (repo / "Dockerfile").write_text(
        'FROM python:3.12-slim\nWORKDIR /app\nUSER 10001\nCMD ["python"]\n'
    )
    _git(repo, "add", "Dockerfile")
    good = run()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
