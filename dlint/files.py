"""Finding Dockerfiles and reading them into text, with one clear message per bad input."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", "CVS"})


def is_dockerfile_name(name: str) -> bool:
    """``Dockerfile``, ``Containerfile``, ``*.Dockerfile``, ``Dockerfile.*`` and the like, any case."""
    low = name.lower()
    for base in ("dockerfile", "containerfile"):
        if low == base or low.startswith(base + ".") or low.endswith("." + base):
            return True
    return False


@dataclass(frozen=True)
class Source:
    """A file to lint: ``path`` as shown to the user, ``fs_path`` where to read it (None: stdin)."""

    path: str
    fs_path: str | None


@dataclass(frozen=True)
class InputError:
    path: str
    message: str


def _excluded(rel: str, name: str, excludes: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(name, pat) or fnmatch.fnmatch(rel, pat + "/*")
        for pat in excludes
    )


def discover(
    paths: Sequence[str], excludes: Sequence[str] = (), stdin_name: str = "-"
) -> Iterator[Source | InputError]:
    """Expand the command-line paths into files, in a stable order.

    Files named explicitly are linted whatever their name; directories are
    walked for Dockerfile-like names, skipping VCS folders and excluded globs.
    """
    for arg in paths:
        if arg == "-":
            yield Source(stdin_name, None)
            continue
        if os.path.isdir(arg):
            found = False
            for src in _walk(arg, excludes):
                found = True
                yield src
            if not found:
                yield InputError(arg, "directory contains no Dockerfile")
        elif os.path.lexists(arg) and not os.path.exists(arg):
            yield InputError(arg, "broken symbolic link")
        elif not os.path.exists(arg):
            yield InputError(arg, "no such file or directory")
        else:
            display = os.path.normpath(arg)
            if _excluded(display.replace(os.sep, "/"), os.path.basename(arg), excludes):
                continue
            yield Source(display, arg)


def _walk(top: str, excludes: Sequence[str]) -> Iterator[Source]:
    for dirpath, dirnames, filenames in os.walk(top):
        rel_dir = os.path.relpath(dirpath, top)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in VCS_DIRS and not _excluded(_join(rel_dir, d), d, excludes)
        )
        for name in sorted(filenames):
            if not is_dockerfile_name(name):
                continue
            rel = _join(rel_dir, name)
            if _excluded(rel, name, excludes):
                continue
            full = os.path.join(dirpath, name)
            yield Source(os.path.normpath(full), full)


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir == "." else f"{rel_dir.replace(os.sep, '/')}/{name}"


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", or the UTF-16/32 variant found through its byte order mark


def decode(data: bytes) -> Decoded | str:
    """Decode a Dockerfile's bytes, or say in one phrase why it cannot be.

    UTF-8 (a BOM is kept for the parser, which strips it as BuildKit does).
    UTF-16 and UTF-32 with a byte order mark are decoded so the file can be
    checked, and the caller reports that BuildKit cannot read them.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                return f"not valid {encoding.upper()} ({exc.reason} at byte {exc.start + len(bom)})"
    if b"\x00" in data:
        return "binary file (contains NUL bytes), not a Dockerfile"
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, column {column})"


def read(source: Source, stdin: bytes | None = None) -> Decoded | InputError:
    if source.fs_path is None:
        data = stdin or b""
    else:
        try:
            with open(source.fs_path, "rb") as fh:
                data = fh.read()
        except IsADirectoryError:
            return InputError(source.path, "is a directory")
        except PermissionError:
            return InputError(source.path, "permission denied")
        except FileNotFoundError:
            return InputError(source.path, "no such file or directory")
        except OSError as exc:
            return InputError(source.path, f"cannot be read ({exc.strerror or exc})")
    decoded = decode(data)
    if isinstance(decoded, str):
        return InputError(source.path, decoded)
    return decoded
