"""Finding Dockerfiles and reading them into text, with one clear message per bad input."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", "CVS"})

#: Larger than this is not a Dockerfile (and /dev/zero must not fill the memory).
MAX_BYTES = 32 * 1024 * 1024


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
        problem = _stat_problem(arg)
        if problem is not None:
            yield InputError(arg, problem)
        elif os.path.isdir(arg):
            found = False
            for item in _walk(arg, excludes):
                found = found or isinstance(item, Source)
                yield item
            if not found:
                yield InputError(arg, "directory contains no Dockerfile")
        else:
            display = os.path.normpath(arg)
            if _excluded(display.replace(os.sep, "/"), os.path.basename(arg), excludes):
                continue
            yield Source(display, arg)


def _stat_problem(path: str) -> str | None:
    """Why ``path`` cannot be opened at all, in a phrase, or None.

    ``os.path.exists`` says False for a file in a folder we may not enter,
    which would be reported as missing; ``os.stat`` tells the cases apart.
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    except NotADirectoryError:
        return "no such file or directory (a parent is not a directory)"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return _os_message(exc)
    except ValueError:  # an embedded NUL byte
        return "not a valid path"
    return None


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot be read ({exc.strerror or exc})"


def _walk(top: str, excludes: Sequence[str]) -> Iterator[Source | InputError]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(top, onerror=errors.append):
        # A folder that cannot be listed is reported, never silently skipped.
        yield from _walk_errors(errors)
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
    yield from _walk_errors(errors)


def _walk_errors(errors: list[OSError]) -> Iterator[InputError]:
    for exc in errors:
        where = os.path.normpath(str(exc.filename)) if exc.filename else "?"
        if isinstance(exc, PermissionError):
            yield InputError(where, "permission denied (directory not searched)")
        else:
            yield InputError(where, f"{_os_message(exc)} (directory not searched)")
    errors.clear()


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
    """The decoded text of a source, or an InputError saying in one phrase why not."""
    if source.fs_path is None:
        data = stdin or b""
    else:
        got = _read_bytes(source.fs_path)
        if isinstance(got, str):
            return InputError(source.path, got)
        data = got
    decoded = decode(data)
    if isinstance(decoded, str):
        return InputError(source.path, decoded)
    return decoded


def _read_bytes(path: str) -> bytes | str:
    """A file's bytes, or why they cannot be had.

    Never blocks on a named pipe nobody writes to (a FIFO called Dockerfile
    in a walked folder would otherwise hang the run), and reads devices and
    endless files only up to ``MAX_BYTES``.
    """
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            return "is a directory"
        if stat.S_ISSOCK(st.st_mode):
            return "is a socket, not a file"
        if stat.S_ISBLK(st.st_mode) or stat.S_ISCHR(st.st_mode):
            return "is a device, not a file"
        fifo = stat.S_ISFIFO(st.st_mode)
        # O_NONBLOCK: opening a FIFO without a writer returns at once; reads are made
        # blocking again so a pipe with a writer (``dlint <(cat Dockerfile)``) is read whole.
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # O_BINARY: no CRLF translation on Windows
        fd = os.open(path, flags | (os.O_NONBLOCK if fifo else 0))
        try:
            if fifo:
                os.set_blocking(fd, True)
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = fh.read(MAX_BYTES + 1)
        finally:
            os.close(fd)
    except FileNotFoundError:
        return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    except IsADirectoryError:
        return "is a directory"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return _os_message(exc)
    except ValueError:
        return "not a valid path"
    if len(data) > MAX_BYTES:
        return f"larger than {MAX_BYTES // (1024 * 1024)} MiB, not a Dockerfile"
    if fifo and not data:
        return "is a named pipe (FIFO) with nothing to read"
    return data
