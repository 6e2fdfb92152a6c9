"""Settings from defaults, a configuration file and the command line, validated.

Discovery: from the current directory upwards to the repository root (the
first directory holding ``.git``; the filesystem root when there is none),
the first directory with ``.dlint.toml`` or a ``pyproject.toml`` that has a
``[tool.dlint]`` table wins (``.dlint.toml`` first). When none is found,
hadolint's ``.hadolint.yaml`` / ``.hadolint.yml`` is read from the places
hadolint looks: the current directory, ``$XDG_CONFIG_HOME``,
``~/.hadolint/``, then the home directory.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlint.rule import Severity


def _toml() -> Any:
    """The TOML reader, imported only when a TOML file is read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


class ConfigError(Exception):
    """A configuration problem: the message names the file and the key."""


LABEL_TYPES = ("text", "url", "semver", "hash", "rfc3339", "spdx", "email")


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # code/name -> level or "off"
    failure_threshold: str = "info"
    exit_zero: bool = False
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    trusted_registries: list[str] = field(default_factory=list)
    label_schema: dict[str, str] = field(default_factory=dict)
    strict_labels: bool = False
    shellcheck: bool = True
    cache: bool = True
    disable_ignore_pragma: bool = False
    color: str | None = None  # "never" from hadolint's no-color
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: str | None = None  # the file read, if any
    origins: dict[str, str] = field(default_factory=dict)

    def set(self, key: str, value: Any, origin: str) -> None:
        setattr(self, key.replace("-", "_"), value)
        self.origins[key] = origin

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")


def _list_of_str(key: str, value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value] if where.endswith((".yaml", ".yml")) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return [p.strip() for v in value for p in v.split(",") if p.strip()]


def _bool(key: str, value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: '{key}' must be true or false")
    return value


def _level(key: str, value: Any, where: str, allow_off: bool = False) -> str:
    levels = ["error", "warning", "info", "style"] + (["off"] if allow_off else [])
    if not isinstance(value, str) or value.lower() not in levels:
        raise ConfigError(f"{where}: '{key}' must be one of {', '.join(levels)} (got {value!r})")
    return value.lower()


def _str_table(key: str, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a table")
    return value


def _severity_table(key: str, value: Any, where: str) -> dict[str, str]:
    return {
        k: _level(f"{key}.{k}", v, where, allow_off=True)
        for k, v in _str_table(key, value, where).items()
    }


def _per_file(key: str, value: Any, where: str) -> dict[str, list[str]]:
    return {
        k: _list_of_str(f"{key}.{k}", v, where) for k, v in _str_table(key, value, where).items()
    }


def _label_schema(key: str, value: Any, where: str) -> dict[str, str]:
    out = {}
    for k, v in _str_table(key, value, where).items():
        typ = (v or "text") if isinstance(v, str) else None
        if typ not in LABEL_TYPES:
            raise ConfigError(
                f"{where}: '{key}.{k}' must be one of {', '.join(LABEL_TYPES)} (got {v!r})"
            )
        out[k] = typ
    return out


def _rules_table(key: str, value: Any, where: str) -> dict[str, dict[str, Any]]:
    table = _str_table(key, value, where)
    for code, opts in table.items():
        _str_table(f"{key}.{code}", opts, where)
    return table


_DLINT_KEYS: dict[str, Callable[[str, Any, str], Any]] = {
    "select": _list_of_str,
    "extend-select": _list_of_str,
    "ignore": _list_of_str,
    "severity": _severity_table,
    "failure-threshold": _level,
    "exit-zero": _bool,
    "exclude": _list_of_str,
    "per-file-ignores": _per_file,
    "trusted-registries": _list_of_str,
    "label-schema": _label_schema,
    "strict-labels": _bool,
    "shellcheck": _bool,
    "cache": _bool,
    "disable-ignore-pragma": _bool,
    "rules": _rules_table,
}


def apply_dlint_table(config: Config, table: dict[str, Any], where: str) -> None:
    for key, value in table.items():
        check = _DLINT_KEYS.get(key)
        if check is None:
            known = ", ".join(sorted(_DLINT_KEYS))
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {known})")
        config.set(key, check(key, value, where), where)


def _hadolint_override(key: str, value: Any, where: str) -> dict[str, str]:
    table = _str_table(key, value, where)
    out: dict[str, str] = {}
    for level, codes in table.items():
        lvl = _level(f"{key}.{level}", level, where)
        for code in _list_of_str(f"{key}.{level}", codes or [], where):
            out[code] = lvl
    return out


def apply_hadolint_yaml(config: Config, data: Any, where: str) -> None:
    """Honour hadolint's keys; report (never drop) anything invalid."""
    if data is None:
        return
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping of hadolint settings")
    for key, value in data.items():
        if key == "ignored":
            config.set("ignore", _list_of_str(key, value or [], where), where)
        elif key == "override":
            config.set("severity", _hadolint_override(key, value or {}, where), where)
        elif key in ("trustedRegistries", "trusted-registries"):
            config.set("trusted-registries", _list_of_str(key, value or [], where), where)
        elif key == "label-schema":
            config.set("label-schema", _label_schema(key, value or {}, where), where)
        elif key == "strict-labels":
            config.set("strict-labels", _bool(key, value, where), where)
        elif key == "failure-threshold":
            config.set("failure-threshold", _level(key, value, where), where)
        elif key == "no-fail":
            config.set("exit-zero", _bool(key, value, where), where)
        elif key == "no-color":
            if _bool(key, value, where):
                config.set("color", "never", where)
        elif key == "disable-ignore-pragma":
            config.set("disable-ignore-pragma", _bool(key, value, where), where)
        elif key in ("format", "formats", "verbose", "output"):
            continue  # output choices belong to the command line; accepted so files keep working
        else:
            raise ConfigError(f"{where}: unknown hadolint key '{key}'")


def _repo_root(start: Path) -> Path | None:
    for d in (start, *start.parents):
        if (d / ".git").exists():
            return d
    return None


def find_config(cwd: Path) -> Path | None:
    """The configuration file that applies in ``cwd`` (see the module docstring)."""
    stop = _repo_root(cwd)
    for d in (cwd, *cwd.parents):
        dlint_toml = d / ".dlint.toml"
        if dlint_toml.is_file():
            return dlint_toml
        pyproject = d / "pyproject.toml"
        if pyproject.is_file() and _has_tool_dlint(pyproject):
            return pyproject
        if stop is not None and d == stop:
            break
    return _find_hadolint(cwd)


def _has_tool_dlint(pyproject: Path) -> bool:
    try:
        toml = _toml()
        data = toml.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, _toml().TOMLDecodeError):
        return "[tool.dlint" in pyproject.read_text(encoding="utf-8", errors="replace")
    return isinstance(data.get("tool"), dict) and "dlint" in data["tool"]


def _find_hadolint(cwd: Path) -> Path | None:
    home = Path(os.path.expanduser("~"))
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    candidates = [
        cwd / ".hadolint.yaml",
        cwd / ".hadolint.yml",
        xdg / "hadolint.yaml",
        xdg / "hadolint.yml",
        home / ".hadolint" / "hadolint.yaml",
        home / ".hadolint" / "hadolint.yml",
        home / ".hadolint" / "config.yaml",
        home / ".hadolint" / "config.yml",
        home / ".hadolint.yaml",
        home / ".hadolint.yml",
    ]
    return next((c for c in candidates if c.is_file()), None)


def load_file(path: Path, config: Config | None = None) -> Config:
    config = config or Config()
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{where}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot be read ({exc})") from None
    config.path = where
    if path.suffix in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"{where}: invalid YAML ({str(exc).splitlines()[0]})") from None
        apply_hadolint_yaml(config, data, where)
        return config
    try:
        data = _toml().loads(text)
    except _toml().TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML ({exc})") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("dlint", {}) if isinstance(tool, dict) else {}
        apply_dlint_table(config, _str_table("tool.dlint", table, where), where)
    else:
        apply_dlint_table(config, data, where)
    return config


def load(cwd: Path, explicit: str | None, isolated: bool) -> Config:
    """Defaults, then the configuration file (none with ``isolated``)."""
    if isolated:
        return Config()
    path = Path(explicit) if explicit else find_config(cwd)
    return load_file(path) if path is not None else Config()


def threshold(config: Config) -> Severity:
    return Severity.parse(config.failure_threshold)
