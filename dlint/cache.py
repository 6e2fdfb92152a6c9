"""The results cache: a file linted once is not linted again until something changes.

Each entry holds one file's violations (ShellCheck's included, suppressions applied)
under a key that covers everything the violations depend on:

- the run: dlint's version, the code of dlint, of the rule modules and of the parsing
  libraries (each file's size and modification time), Python's version, the enabled
  rules and their severities, the settings rules read, and ShellCheck's program,
  version and selection;
- the file: the path reported, the decoded text and its encoding, and the content of
  every other file a rule declares it reads (``Rule.reads``: DF017's .dockerignore).

Per-file ignores and the failure threshold are applied after the cache, so they are not
part of the key. A file whose run had problems (a rule that raised, ShellCheck failing)
is not stored. Entries are small JSON files written atomically, one per key, so parallel
runs (pre-commit, workers) never see half an entry; anything unreadable is a miss. They sit
in one folder per run key, and folders unused for a month are removed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields

from dlint.model import Span
from dlint.rule import Rule, Settings, Severity, Violation

#: bump when the entry layout or the meaning of a key changes
FORMAT = 1

#: entries of other runs (another dlint, code, configuration) unused this long are removed
PRUNE_AFTER_DAYS = 30

#: libraries whose behaviour shapes the parse: a new version must not serve old results
_LIBRARIES = ("dockerfile_parse", "tree_sitter", "tree_sitter_bash")


def default_dir() -> str:
    """$DLINT_CACHE_DIR/results, else $XDG_CACHE_HOME/dlint/results, else ~/.cache/dlint/results."""
    own = os.environ.get("DLINT_CACHE_DIR")
    if own:
        return os.path.join(own, "results")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dlint", "results")


@dataclass(frozen=True)
class ResultCache:
    """Where entries live and the part of the key shared by every file of the run."""

    directory: str
    run_key: str

    def key(
        self, path: str, text: str, encoding: str, rules: Iterable[Rule], settings: Settings
    ) -> str:
        h = hashlib.sha256(self.run_key.encode())
        h.update(b"\0" + path.encode("utf-8", "surrogatepass"))
        h.update(b"\0" + encoding.encode())
        h.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        for rule in rules:
            if rule.reads is None:
                continue
            for other in rule.reads(path, settings):
                h.update(b"\0" + other.encode("utf-8", "surrogatepass") + b"\0")
                try:
                    with open(other, "rb") as f:
                        h.update(hashlib.sha256(f.read()).digest())
                except OSError as exc:
                    h.update(f"missing {exc.errno}".encode())
        return h.hexdigest()

    @property
    def folder(self) -> str:
        """This run's entries: one folder per run key, so that old ones can go as a whole."""
        return os.path.join(self.directory, self.run_key[:16])

    def _where(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key + ".json")

    def load(self, key: str, path: str) -> list[Violation] | None:
        """The stored violations, or None when absent or not what this version writes."""
        try:
            with open(self._where(key), encoding="utf-8") as f:
                data = json.loads(f.read())
            if data.get("format") != FORMAT:
                return None
            return [
                Violation(path, Span(a, b, c, d), code, name, Severity.parse(level), message, url)
                for a, b, c, d, code, name, level, message, url in data["violations"]
            ]
        except (OSError, ValueError, UnicodeError, TypeError, KeyError, AttributeError):
            return None

    def store(self, key: str, violations: list[Violation]) -> None:
        items = [
            [*_span(v.span), v.code, v.name, v.severity.label, v.message, v.url] for v in violations
        ]
        write_atomically(self._where(key), json.dumps({"format": FORMAT, "violations": items}))


#: folders this process has made, so each costs one makedirs per run
_made: set[str] = set()


def write_atomically(path: str, text: str) -> None:
    """Write a cache entry through a temporary file and a rename, so that readers never see
    half of one. A cache that cannot be written only costs time: errors are ignored."""
    folder = os.path.dirname(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        if folder not in _made:
            os.makedirs(folder, exist_ok=True)
            _made.add(folder)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
        tmp = ""
    except OSError:
        pass
    finally:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def prune(cache: ResultCache, days: float = PRUNE_AFTER_DAYS) -> None:
    """Mark this run's folder as used, and remove the folders of other runs unused for
    ``days`` (their entries can only serve a dlint, code and configuration of then)."""
    import shutil
    import time

    try:
        os.utime(cache.folder)
        others = [e for e in os.scandir(cache.directory) if e.is_dir() and e.path != cache.folder]
    except OSError:
        return
    limit = time.time() - days * 86400
    for entry in others:
        try:
            if entry.stat().st_mtime < limit:
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def _span(span: Span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


def open_cache(
    directory: str,
    rules: Iterable[Rule],
    severities: dict[str, Severity],
    settings: Settings,
    shellcheck: tuple[str, ...] | None,
) -> ResultCache:
    """The cache for one run: ``shellcheck`` describes ShellCheck's part (None: off)."""
    rules = list(rules)
    run = {
        "format": FORMAT,
        "python": sys.version,
        "code": _code_fingerprint(rules),
        "rules": [(r.code, r.plugin, severities.get(r.code, r.severity).label) for r in rules],
        "settings": _settings_text(settings),
        "shellcheck": shellcheck,
    }
    from dlint import __version__

    run["dlint"] = __version__
    text = json.dumps(run, sort_keys=True, default=repr)
    return ResultCache(directory, hashlib.sha256(text.encode()).hexdigest())


def _settings_text(settings: Settings) -> str:
    out = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, (set, frozenset)):
            value = sorted(value)
        out[f.name] = value
    return json.dumps(out, sort_keys=True, default=repr)


def _code_fingerprint(rules: list[Rule]) -> list[tuple[str, int, int]]:
    """Size and modification time of every Python file that decides the findings."""
    folders: dict[str, bool] = {os.path.dirname(os.path.abspath(__file__)): True}
    for rule in rules:
        module = sys.modules.get(getattr(rule.check, "__module__", "") or "")
        where = getattr(module, "__file__", None)
        if where:
            folders.setdefault(os.path.dirname(os.path.abspath(where)), False)
    for name in _LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                folders.setdefault(folder, False)
        elif spec is not None and spec.origin:
            folders.setdefault(os.path.dirname(spec.origin), False)
    found: list[tuple[str, int, int]] = []
    for folder, recursive in sorted(folders.items()):
        _stat_sources(folder, recursive, found)
    return found


def _stat_sources(folder: str, recursive: bool, found: list[tuple[str, int, int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in sorted(entries, key=lambda e: e.name):
        try:
            if entry.is_dir():
                if recursive and entry.name != "__pycache__":
                    _stat_sources(entry.path, True, found)
            elif entry.name.endswith((".py", ".so", ".pyd")):
                st = entry.stat()
                found.append((entry.path, st.st_size, st.st_mtime_ns))
        except OSError:
            continue
