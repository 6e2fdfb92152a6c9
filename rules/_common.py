"""Helpers shared by several built-in rules."""

from __future__ import annotations

import re
from collections.abc import Mapping

from dlint import words
from dlint.analysis import Facts
from dlint.model import Command, Instruction, Span, Word

PIP_RE = re.compile(r"^pip(\d+(\.\d+)*)?$")
PYTHON_RE = re.compile(r"^python(\d+(\.\d+)*)?$")

#: pip options that take a value in the next word (global and install options).
PIP_VALUE_FLAGS = frozenset(
    {
        "r",
        "requirement",
        "c",
        "constraint",
        "e",
        "editable",
        "i",
        "index-url",
        "extra-index-url",
        "f",
        "find-links",
        "t",
        "target",
        "log",
        "proxy",
        "retries",
        "timeout",
        "exists-action",
        "trusted-host",
        "cert",
        "client-cert",
        "cache-dir",
        "src",
        "root",
        "prefix",
        "platform",
        "python-version",
        "implementation",
        "abi",
        "upgrade-strategy",
        "progress-bar",
        "python",
        "no-binary",
        "only-binary",
        "config-settings",
        "C",
        "global-option",
        "report",
        "use-feature",
        "use-deprecated",
        "keyring-provider",
        "group",
    }
)

TRUTHY = frozenset({"1", "true", "yes", "on", "y", "t"})


def words_span(words: tuple[Word, ...] | list[Word]) -> Span:
    """The span from the first to the last of ``words``."""
    first, last = words[0].span, words[-1].span
    return Span(first.line, first.column, last.end_line, last.end_column)


def pip_call(cmd: Command) -> tuple[int, str] | None:
    """For a pip invocation, (index of the subcommand word, subcommand); else None.

    Knows ``pip``, ``pip3``, ``pip3.12``, ``python -m pip`` and ``uv pip``.
    """
    words = cmd.words
    start: int | None = None
    if PIP_RE.match(cmd.base):
        start = 1
    elif PYTHON_RE.match(cmd.base):
        for i in range(1, len(words) - 1):
            if words[i].value == "-m" and words[i + 1].value == "pip":
                start = i + 2
                break
            if not words[i].value.startswith("-"):
                return None
    elif cmd.base == "uv" and len(words) > 1 and words[1].value == "pip":
        start = 2
    if start is None:
        return None
    i = start
    while i < len(words):
        value = words[i].value
        if not value.startswith("-"):
            return i, value
        if value.startswith("--") and "=" not in value and value[2:] in PIP_VALUE_FLAGS:
            i += 1
        i += 1
    return None


def is_truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() in TRUTHY


def env_truthy(facts: Facts, inst: Instruction, cmd: Command, name: str) -> bool:
    """True when ``name`` is set truthy inline (``NAME=1 cmd``) or in scope (ENV/ARG)."""
    for a in cmd.assignments:
        key, _, value = a.value.partition("=")
        if key == name:
            return is_truthy(value)
    return is_truthy(facts.scope(inst).get(name))


def cache_mount_targets(inst: Instruction, scope: Mapping[str, str | None]) -> list[str]:
    """Targets of the RUN's ``type=cache`` and ``type=tmpfs`` mounts, expanded; unknown ones left out."""
    targets = []
    for flag in inst.flags_named("mount"):
        kind = flag.option("type", "bind")
        if kind not in ("cache", "tmpfs"):
            continue
        target = flag.option("target") or flag.option("dst") or flag.option("destination")
        if target:
            # As BuildKit reads it: quotes removed, ARG/ENV references expanded (None: unknown).
            target = words.expand(target, scope)
        if target:
            targets.append(target)
    return targets


def name_list(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``; past eight names, the first six and how many more."""
    if len(names) > 8:
        return ", ".join(names[:6]) + f" and {len(names) - 6} more"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def closest(name: str, names: list[str], cutoff: float = 0.6) -> str | None:
    """The declared name ``name`` most likely misspells, for a did-you-mean; or None."""
    import difflib  # only when a name is unknown: most runs never need it

    found = difflib.get_close_matches(name, names, n=1, cutoff=cutoff)
    return found[0] if found else None


#: ``${NAME:-default}``, ``${NAME-default}`` and the ``+``, ``=``, ``?`` forms: a reference
#: that chooses its value itself when the name is unset.
_WITH_DEFAULT = re.compile(r"\$\{(\w+):?[-+=?]")


def defaulted_names(text: str) -> set[str]:
    """Names the text references with a default of their own (``${TAG:-3.12}``)."""
    return set(_WITH_DEFAULT.findall(text)) if "${" in text else set()
