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
import re
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields

from dlint.model import Span
from dlint.rule import Rule, Settings, Severity, Violation

#: bump when the entry layout or the meaning of a key changes
FORMAT = 1

_SC_CODE = re.compile(r"SC\d{4}\Z")
#: the folders of run keys (the key's first 16 hex digits): prune and clean touch no other
RUN_FOLDER = re.compile(r"[0-9a-f]{16}\Z")
#: the folders of ShellCheck's entries (the first two hex digits of the script's digest)
SC_FOLDER = re.compile(r"[0-9a-f]{2}\Z")

#: entries of other runs (another dlint, code, configuration) unused this long are removed
PRUNE_AFTER_DAYS = 30

#: libraries whose behaviour shapes the parse: a new version must not serve old results
_LIBRARIES = ("dockerfile_parse", "tree_sitter", "tree_sitter_bash")


def cache_root() -> str:
    """Where dlint keeps its caches: $DLINT_CACHE_DIR, else $XDG_CACHE_HOME/dlint, else
    ~/.cache/dlint. The results go to ``results`` in it, ShellCheck's answers to
    ``shellcheck``."""
    own = os.environ.get("DLINT_CACHE_DIR")
    if own:
        return own
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dlint")


def default_dir() -> str:
    """The results cache: ``results`` in :func:`cache_root`."""
    return os.path.join(cache_root(), "results")


@dataclass(frozen=True)
class ResultCache:
    """Where entries live and the part of the key shared by every file of the run."""

    directory: str
    run_key: str

    def key(
        self, path: str, text: str, encoding: str, rules: Iterable[Rule], settings: Settings
    ) -> str | None:
        """The file's key; None when a rule cannot say which other files it reads (then the
        file is linted afresh and not kept)."""
        h = hashlib.sha256(self.run_key.encode())
        h.update(b"\0" + path.encode("utf-8", "surrogatepass"))
        h.update(b"\0" + encoding.encode())
        h.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        for rule in rules:
            if rule.reads is None:
                continue
            try:
                others = [os.fspath(p) for p in rule.reads(path, settings)]
            except Exception:  # a plugin's bug: no caching for this file, the check still runs
                return None
            for other in others:
                h.update(b"\0" + other.encode("utf-8", "surrogatepass") + b"\0")
                h.update(_content_digest(other))
        return h.hexdigest()

    @property
    def folder(self) -> str:
        """This run's entries: one folder per run key, so that old ones can go as a whole."""
        return os.path.join(self.directory, self.run_key[:16])

    def _where(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key + ".json")

    def load(self, key: str, path: str, codes: frozenset[str]) -> list[Violation] | None:
        """The stored violations, or None when absent, damaged, or not what this version
        writes; ``codes`` are the rules of the run (ShellCheck's SC codes pass too)."""
        try:
            with open(self._where(key), encoding="utf-8") as f:
                data = json.loads(f.read())
            if data.get("format") != FORMAT:
                return None
            out = []
            for a, b, c, d, code, name, level, message, url in data["violations"]:
                numbers, texts = (a, b, c, d), (code, name, level, message, url)
                if not all(type(n) is int for n in numbers) or not all(
                    type(t) is str for t in texts
                ):
                    return None
                if code not in codes and not _SC_CODE.match(code):
                    return None
                span = Span(a, b, c, d)
                out.append(Violation(path, span, code, name, Severity.parse(level), message, url))
            return out
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
    tmp = f"{path}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
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
        others = [
            e
            for e in os.scandir(cache.directory)
            if e.path != cache.folder
            and RUN_FOLDER.match(e.name)
            and e.is_dir(follow_symlinks=False)
        ]
    except OSError:
        return
    limit = time.time() - days * 86400
    for entry in others:
        try:
            if entry.stat().st_mtime < limit:
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def clean(folder: str, pattern: re.Pattern[str]) -> tuple[int | None, str]:
    """Delete the subfolders of ``folder`` whose names match ``pattern`` (dlint's own: run
    keys, or the first hex digits of ShellCheck's entries), then ``folder`` if it is left
    empty. Returns the bytes removed (None: nothing of dlint's was there) and what could
    not be deleted ("" when everything was)."""
    import shutil

    try:
        entries = [
            e
            for e in os.scandir(folder)
            if pattern.match(e.name) and e.is_dir(follow_symlinks=False)
        ]
    except OSError:
        return None, ""
    size = 0
    for entry in entries:
        for where, _, files in os.walk(entry.path):
            for name in files:
                try:
                    size += os.path.getsize(os.path.join(where, name))
                except OSError:
                    pass
        shutil.rmtree(entry.path, ignore_errors=True)
        if os.path.exists(entry.path):
            return size, entry.path
    try:
        os.rmdir(folder)
    except OSError:
        pass  # other files are there: they are not dlint's
    return (size if entries else None), ""


def _content_digest(path: str) -> bytes:
    """A regular file's content hash; something else (missing, a folder, a pipe that
    would block) is told apart by its kind only."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return f"kind {stat.S_IFMT(st.st_mode)}".encode()
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).digest()
    except OSError as exc:
        return f"missing {exc.errno}".encode()


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
    """Size and modification time of every Python file that decides the findings: dlint's
    package (also what it imports lazily), the parsing libraries, and every module imported
    so far outside the standard library (the rules, their plugins and helpers), with the whole
    package of each rule's module (what a plugin imports lazily)."""
    folders: dict[str, bool] = {os.path.dirname(os.path.abspath(__file__)): True}
    for rule in rules:
        check = rule.check
        check = getattr(check, "func", None) or getattr(check, "__wrapped__", None) or check
        top = (getattr(check, "__module__", "") or "").partition(".")[0]
        package = sys.modules.get(top)
        for where in getattr(package, "__path__", None) or ():
            folders.setdefault(os.path.abspath(where), True)
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
    walked = tuple(os.path.join(f, "") for f in folders)
    stdlib = sys.stdlib_module_names
    for name, module in sorted(sys.modules.items()):
        where = getattr(module, "__file__", None)
        if not where or name.partition(".")[0] in stdlib:
            continue
        where = os.path.abspath(where)
        if where.startswith(walked):
            continue
        try:
            st = os.stat(where)
        except OSError:
            continue
        found.append((where, st.st_size, st.st_mtime_ns))
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
