"""DL3060: yarn install leaves its package cache in a layer of the image."""

from __future__ import annotations

from collections.abc import Iterator

from dlint.model import Command, Instruction
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._common import cache_mount_targets
from ._lang import shipped_stages, span_of, subcommand, under

#: yarn options before the subcommand whose value is the next word.
YARN_LONG = frozenset({"cwd", "cache-folder", "modules-folder", "global-folder", "mutex"})


def _fills_cache(cmd: Command) -> int | None:
    """How many words name the install (``yarn``, ``yarn install``, ``yarn global add``...)."""
    words = cmd.words
    sub = subcommand(cmd, "", YARN_LONG)
    if sub is None:
        if any(w.value in ("--version", "-v", "--help", "-h") for w in words[1:]):
            return None
        return 1  # bare ``yarn`` (or only options) installs the project's dependencies
    value = words[sub].value
    if value in ("install", "add"):
        return sub + 1
    if value == "global" and sub + 1 < len(words) and words[sub + 1].value == "add":
        return sub + 2
    return None


def _cleans(cmd: Command) -> bool:
    """``yarn cache clean``, or removing yarn's cache directory with rm."""
    values = [w.value for w in cmd.words]
    if cmd.base == "yarn":
        sub = subcommand(cmd, "", YARN_LONG)
        return sub is not None and values[sub : sub + 2] == ["cache", "clean"]
    if cmd.base == "rm":
        return any("yarn" in v and "cache" in v for v in values[1:])
    return False


def _cache_mounted(ctx: RuleContext, inst: Instruction, cmd: Command) -> bool:
    """A cache or tmpfs mount holds yarn's cache, so nothing stays in the layer."""
    run = inst.onbuild if inst.onbuild is not None else inst
    targets = cache_mount_targets(run, {})
    if any("yarn" in t for t in targets):
        return True
    folder = cmd.flag_value("cache-folder")
    for a in cmd.assignments:
        key, _, value = a.value.partition("=")
        if key == "YARN_CACHE_FOLDER":
            folder = value
    if folder is None:
        folder = ctx.facts.scope(inst).get("YARN_CACHE_FOLDER")
    return folder is not None and under(folder, targets)


def check(ctx: RuleContext) -> Iterator[Finding]:
    shipped = shipped_stages(ctx.facts)
    by_inst: dict[int, list[Command]] = {}
    insts: dict[int, Instruction] = {}
    for inst, cmd in ctx.facts.commands("yarn", "rm"):
        by_inst.setdefault(inst.index, []).append(cmd)
        insts[inst.index] = inst
    for index, cmds in by_inst.items():
        inst = insts[index]
        if inst.stage not in shipped:
            continue
        cmds.sort(key=lambda c: c.span)
        for i, cmd in enumerate(cmds):
            if cmd.base != "yarn":
                continue
            size = _fills_cache(cmd)
            if size is None or _cache_mounted(ctx, inst, cmd):
                continue
            if any(_cleans(later) for later in cmds[i + 1 :]):
                continue
            what = " ".join(w.value for w in cmd.words[:size])
            yield Finding(
                span_of(cmd.words[:size]),
                f"`{what}` leaves yarn's package cache in the image layer; run `yarn cache "
                "clean` after it in the same RUN, or mount a cache on yarn's cache folder "
                "(`--mount=type=cache,target=/usr/local/share/.cache/yarn`).",
            )
            break


RULE = Rule(
    code="DL3060",
    name="YarnCacheNotCleaned",
    severity=Severity.INFO,
    summary="Run `yarn cache clean` after `yarn install` in the same RUN",
    rationale=(
        "Image layers are immutable: whatever a RUN leaves on disk stays in the image, even if\n"
        "a later layer deletes it. `yarn install` keeps a copy of every package it downloads in\n"
        "its cache folder, which only makes the image bigger. Run `yarn cache clean` at the end\n"
        "of the same RUN, or mount a BuildKit cache on the cache folder\n"
        "(`RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install`), which\n"
        "also keeps the cache between builds.\n\n"
        "Installs are `yarn`, `yarn install`, `yarn add` and `yarn global add`; `rm -rf` of\n"
        "the yarn cache folder counts as cleaning, as does a cache or tmpfs mount on a path\n"
        "containing `yarn` or on `--cache-folder`/`YARN_CACHE_FOLDER`. A clean before the\n"
        "install, or in a later RUN, does not help and is reported.\n\n"
        "Only the final stage and the stages it is built FROM are checked: files left in\n"
        "other stages reach the image only through an explicit `COPY --from`. hadolint\n"
        "checks every stage used as a base by any other stage, and does not see bare `yarn`,\n"
        "`yarn add` or `yarn global add`."
    ),
    check=check,
    bad="FROM node:22-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install\n",
    good=(
        "FROM node:22-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\n"
        "RUN yarn install --frozen-lockfile && yarn cache clean\n"
    ),
    tags=("performance", "size"),
    hadolint=True,
)
