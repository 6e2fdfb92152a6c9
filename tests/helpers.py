"""Running the dlint command in tests, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: ShellCheck's cache for the test run: never the user's own.
CACHE_DIR = tempfile.mkdtemp(prefix="dlint-test-cache-")
PYCACHE_DIR = tempfile.mkdtemp(prefix="dlint-test-pycache-")


@dataclass
class Run:
    code: int
    out: str
    err: str


def dlint(
    args: Sequence[str], cwd: Path | None = None, stdin: str = "", env: dict[str, str] | None = None
) -> Run:
    """Run ``python -m dlint`` in a subprocess (fresh imports, real exit codes)."""
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")
    }
    full_env["DLINT_CACHE_DIR"] = CACHE_DIR
    # Compiled bytecode in a private folder: without it every subprocess recompiles dlint.
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    full_env["PYTHONPYCACHEPREFIX"] = PYCACHE_DIR
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "dlint", *args],
        cwd=cwd,
        input=stdin.encode(),
        capture_output=True,
        env=full_env,
        timeout=300,
    )
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
