"""Finding plugins: built-ins first, then the entry points of group ``dlint``."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pluggy

from dlint import hookspecs
from dlint.report import Diagnostic

if TYPE_CHECKING:
    import importlib.metadata

    from dlint.formatters.base import Formatter
    from dlint.rule import Rule

ENTRY_POINT_GROUP = "dlint"


@dataclass
class Registry:
    """Every rule and formatter that loaded, and what failed to."""

    rules: list[Rule] = field(default_factory=list)
    formatters: dict[str, Formatter] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def known_refs(self) -> frozenset[str]:
        """Every valid way to name a rule, lower-cased: codes, names, BuildKit names."""
        refs = set()
        for r in self.rules:
            refs.update({r.code.lower(), r.name.lower()})
            if r.buildkit_name:
                refs.add(r.buildkit_name.lower())
        return frozenset(refs)

    def rule(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip().lower()
        for r in self.rules:
            if r.code.lower() == key or r.name.lower() == key:
                return r
        return None


def _builtin_plugins() -> list[tuple[str, Any]]:
    import dlint_rules

    import dlint.formatters as formatters

    return [("dlint_rules", dlint_rules), ("dlint.formatters", formatters)]


def _may_declare_plugins() -> bool:
    """Whether an installed distribution may declare an entry point in dlint's group.

    Reads the ``entry_points.txt`` of the distributions on ``sys.path``, which is much
    cheaper than importing importlib.metadata (about 20 ms, a seventh of a one-file run).
    A ``sys.path`` entry that is not a folder (a zip file) cannot be read this way, so
    it counts as a maybe.
    """
    header = f"[{ENTRY_POINT_GROUP}]"
    for entry in sys.path:
        try:
            listing = os.scandir(entry or ".")
        except NotADirectoryError:
            return True
        except OSError:
            continue
        with listing:
            for item in listing:
                if not item.name.endswith((".dist-info", ".egg-info")):
                    continue
                try:
                    with open(os.path.join(item.path, "entry_points.txt"), encoding="utf-8") as f:
                        if header in f.read():
                            return True
                except OSError:
                    continue
    return False


def _entry_points() -> list[importlib.metadata.EntryPoint]:
    if not _may_declare_plugins():
        return []
    import importlib.metadata

    return sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)


def _describe(ep: importlib.metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    if dist is not None:
        return f"plugin {ep.name!r} ({dist.metadata['Name']} {dist.version})"
    return f"plugin {ep.name!r}"


def load(builtins: bool = True, entry_points: bool = True) -> Registry:
    """Build the plugin manager and collect rules and formatters.

    Each plugin is loaded and each hook implementation called in isolation:
    one broken plugin is reported and the rest still work.
    """
    pm = pluggy.PluginManager("dlint")
    pm.add_hookspecs(hookspecs)
    registry = Registry()
    if builtins:
        for name, module in _builtin_plugins():
            pm.register(module, name=name)
    if entry_points:
        for ep in _entry_points():
            label = _describe(ep)
            try:
                plugin = ep.load()
                pm.register(plugin, name=ep.name)
            except Exception as exc:  # a third-party import can raise anything
                registry.diagnostics.append(
                    Diagnostic("plugin", label, f"failed to load: {type(exc).__name__}: {exc}")
                )
    _collect_rules(pm, registry)
    _collect_formatters(pm, registry)
    return registry


def _collect_rules(pm: pluggy.PluginManager, registry: Registry) -> None:
    seen: dict[str, str] = {}
    for impl in reversed(pm.hook.dlint_rules.get_hookimpls()):
        try:
            rules: list[Rule] = list(impl.function())  # type: ignore[call-overload]
        except Exception as exc:
            registry.diagnostics.append(
                Diagnostic(
                    "plugin",
                    f"plugin {impl.plugin_name!r}",
                    f"dlint_rules() raised {type(exc).__name__}: {exc}",
                )
            )
            continue
        for rule in rules:
            owner = seen.get(rule.code) or seen.get(rule.name.lower())
            if owner is not None:
                registry.diagnostics.append(
                    Diagnostic(
                        "plugin",
                        f"plugin {impl.plugin_name!r}",
                        f"rule {rule.code} ({rule.name}) is already provided by {owner}",
                    )
                )
                continue
            seen[rule.code] = seen[rule.name.lower()] = impl.plugin_name
            registry.rules.append(replace(rule, plugin=impl.plugin_name))
    registry.rules.sort(key=lambda r: r.code)


def _collect_formatters(pm: pluggy.PluginManager, registry: Registry) -> None:
    for impl in reversed(pm.hook.dlint_formatters.get_hookimpls()):
        try:
            formatters: list[Formatter] = list(impl.function())  # type: ignore[call-overload]
        except Exception as exc:
            registry.diagnostics.append(
                Diagnostic(
                    "plugin",
                    f"plugin {impl.plugin_name!r}",
                    f"dlint_formatters() raised {type(exc).__name__}: {exc}",
                )
            )
            continue
        for fmt in formatters:
            registry.formatters.setdefault(fmt.name, fmt)
