"""DL3042: pip install keeps its download cache in the image."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from dlint.model import Command, Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._common import cache_mount_targets, env_truthy, pip_call, words_span
from ._lang import shipped_stages
from ._pkg import follows

_NO_CACHE_DIR = "--no-cache-dir"


def _cache_mounted(ctx: RuleContext, inst: Instruction, uv: bool) -> bool:
    wanted = ".cache/uv" if uv else ".cache/pip"
    for target in cache_mount_targets(inst, ctx.facts.scope(inst)):
        t = target.rstrip("/")
        if wanted in t or t in ("/root/.cache", "~/.cache") or t.endswith("/.cache"):
            return True
    return False


def _exempt(ctx: RuleContext, inst: Instruction, cmd: Command, uv: bool) -> bool:
    if uv:
        return cmd.has_flag("no-cache", "n") or env_truthy(ctx.facts, inst, cmd, "UV_NO_CACHE")
    # pip (optparse) takes any unambiguous abbreviation: --no-cache, even --no-ca.
    if any(_NO_CACHE_DIR.startswith(w.value) and len(w.value) >= 7 for w in cmd.args):
        return True
    return env_truthy(ctx.facts, inst, cmd, "PIP_NO_CACHE_DIR")


def _clears_cache(cmd: Command, uv: bool) -> bool:
    """``rm -rf ~/.cache/pip`` (or the whole ``.cache``, in any home), ``pip cache purge``,
    ``uv cache clean``: the cache does not stay in the layer."""
    if cmd.base == "rm":
        tool = "/.cache/uv" if uv else "/.cache/pip"
        for w in cmd.positionals():
            path = w.value.rstrip("/").removesuffix("/*")
            path = re.sub(r"^(?:~|\$HOME|\$\{HOME\})(?=/)", "/root", path)
            if path.endswith(("/.cache", tool)):
                return True
        return False
    values = [w.value for w in cmd.words]
    if uv:
        return cmd.base == "uv" and values[1:3] in (["cache", "clean"], ["cache", "prune"])
    call = pip_call(cmd)
    return call is not None and values[call[0] : call[0] + 2] in (
        ["cache", "purge"],
        ["cache", "remove"],
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    shipped = shipped_stages(ctx.facts)
    for inst, cmd in ctx.facts.all_commands():
        call = pip_call(cmd)
        if call is None or call[1] != "install":
            continue
        uv = cmd.base == "uv"
        if (
            _exempt(ctx, inst, cmd, uv)
            or _cache_mounted(ctx, inst, uv)
            or follows(ctx.facts, inst, cmd, partial(_clears_cache, uv=uv))
        ):
            continue
        span = words_span(cmd.words[: call[0] + 1])
        where = (
            "the image layer"
            if inst.stage in shipped
            else "this builder stage's layer (the build cache, not the image)"
        )
        if uv:
            message = (
                f"`uv pip install` keeps its cache in {where}; add --no-cache "
                "(or set UV_NO_CACHE=1, or use a cache mount)."
            )
        else:
            message = (
                f"pip install keeps downloaded packages in {where}; add "
                "--no-cache-dir (or set PIP_NO_CACHE_DIR=1, or use a cache mount)."
            )
        yield Finding(span, message)


RULE = Rule(
    code="DL3042",
    name="PipNoCacheDir",
    severity=Severity.WARNING,
    summary="Avoid keeping pip's cache in the image: use pip install --no-cache-dir",
    rationale=(
        "Image layers are immutable: whatever a RUN leaves on disk stays in the image, even if a\n"
        "later layer deletes it. pip keeps every downloaded wheel in `~/.cache/pip`, which only\n"
        "makes the image bigger. Pass `--no-cache-dir`, set `PIP_NO_CACHE_DIR=1` (ENV, ARG or\n"
        "inline), or mount a BuildKit cache on pip's cache directory\n"
        "(`RUN --mount=type=cache,target=/root/.cache/pip`), which keeps the cache between\n"
        "builds and out of the image. Deleting the cache later in the same RUN (`rm -rf\n"
        "~/.cache/pip`, `pip cache purge`, `uv cache clean`) also keeps it out.\n\n"
        "dlint finds pip wherever it runs: `pip`, `pip3`, `python3 -m pip`, inside heredocs,\n"
        "`sh -c` strings and after `&&`. It also checks `uv pip install`, whose cache flag is\n"
        "`--no-cache` (hadolint does not see uv)."
    ),
    check=check,
    bad="FROM python:3.12-slim\nRUN pip install flask==3.0.3\n",
    good="FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    tags=("performance", "size"),
    hadolint=True,
)
