"""Find input files under the paths a user gives and stream the documents they hold.

Folders are walked recursively in sorted order, so the same tree always yields the same
sequence. Symbolic links are followed only to regular files (inside the folder being walked,
when found during a walk); anything that cannot be read becomes an InputProblem and the walk
goes on.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from etl.ingest.documents import IngestLimits, InputItem, InputProblem, InputTotals
from etl.ingest.names import is_skipped_name, printable
from etl.ingest.unpacking import DAMAGE_ERRORS, StreamSource, expand_stream

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True, slots=True)
class _FoundFile:
    display: str  # the path as the user will see it
    open_path: str  # where to read it (the resolved target for symlinks)
    size: int


class _NotRegular(Exception):
    pass


def iter_inputs(paths: Sequence[Path], limits: IngestLimits | None = None) -> Iterator[InputItem]:
    """Yield every document found under ``paths`` (files, folders, archives, cables.csv) and a
    problem for everything that cannot be read. Streams: memory stays bounded by the limits."""
    limits = limits or IngestLimits()
    for found in _walk(paths):
        if isinstance(found, InputProblem):
            yield found
            continue
        try:
            stream = _open_regular(found.open_path)
        except _NotRegular:
            yield InputProblem(found.display, "This is not a regular file, so it was not read.")
            continue
        except OSError as error:
            yield InputProblem(found.display, _describe_os_error(error))
            continue
        with stream:
            source = StreamSource(found.display, os.path.basename(found.open_path))
            try:
                yield from expand_stream(source, stream, limits, None, 0)
            except DAMAGE_ERRORS as error:
                yield InputProblem(found.display, f"Reading this file failed part way: {error}.")


def estimate_total(paths: Sequence[Path]) -> InputTotals:
    """Count the files under ``paths`` and their size on disk without opening any of them.

    Archives and cables.csv count as one file each, although they hold many documents.
    """
    files = size = 0
    for found in _walk(paths):
        if isinstance(found, _FoundFile):
            files += 1
            size += found.size
    return InputTotals(files=files, bytes=size)


def _open_regular(path: str) -> IO[bytes]:
    # O_NONBLOCK keeps a FIFO swapped in after the walk from blocking the load; O_NOFOLLOW
    # refuses a symlink swapped in; fstat then checks what was actually opened.
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise _NotRegular(path)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def _describe_os_error(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "Permission denied: this user may not read it."
    if isinstance(error, FileNotFoundError):
        return "It does not exist (it may have been moved or deleted during the load)."
    if error.errno == errno.ELOOP:
        return (
            "It is a symbolic link that loops or was replaced during the load; it was not followed."
        )
    return f"It cannot be read: {error.strerror or error}."


def _walk(paths: Sequence[Path]) -> Iterator[_FoundFile | InputProblem]:
    for given in paths:
        path = os.fspath(given)
        display = printable(path)
        try:
            info = os.lstat(path)
        except OSError as error:
            yield InputProblem(display, _describe_os_error(error))
            continue
        if stat.S_ISLNK(info.st_mode):
            # The user named this link, so it is followed wherever it points (files and folders).
            target = _resolve_link(path, display, inside=None)
            if isinstance(target, InputProblem):
                yield target
            elif stat.S_ISDIR(target[1].st_mode):
                yield from _walk_folder(target[0], display, target[0], set())
            else:
                yield _FoundFile(display, target[0], target[1].st_size)
        elif stat.S_ISDIR(info.st_mode):
            root = os.path.realpath(path)
            yield from _walk_folder(path, display, root, set())
        elif stat.S_ISREG(info.st_mode):
            yield _FoundFile(display, path, info.st_size)
        else:
            yield InputProblem(
                display,
                "This is not a regular file (a pipe, socket or device), so it was not read.",
            )


def _resolve_link(
    path: str, display: str, inside: str | None
) -> tuple[str, os.stat_result] | InputProblem:
    """Follow a symlink to a regular file (or, when named by the user, a folder)."""
    try:
        target = os.path.realpath(path, strict=True)
        info = os.stat(target)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return InputProblem(
                display, "This symbolic link loops back on itself, so it was not followed."
            )
        if isinstance(error, FileNotFoundError):
            return InputProblem(
                display, "This symbolic link is broken: what it points to does not exist."
            )
        return InputProblem(display, _describe_os_error(error))
    if inside is not None:
        if os.path.commonpath([inside, target]) != inside:
            return InputProblem(
                display,
                "This symbolic link points outside the folder being loaded; it was not followed.",
            )
        if stat.S_ISDIR(info.st_mode):
            return InputProblem(
                display, "This symbolic link points to a folder; links to folders are not followed."
            )
    if not (stat.S_ISREG(info.st_mode) or (inside is None and stat.S_ISDIR(info.st_mode))):
        return InputProblem(
            display, "This symbolic link does not point to a regular file, so it was not followed."
        )
    return target, info


def _walk_folder(
    folder: str, display: str, root: str, visited: set[tuple[int, int]]
) -> Iterator[_FoundFile | InputProblem]:
    try:
        folder_info = os.stat(folder)
        identity = (folder_info.st_dev, folder_info.st_ino)
        if identity in visited:  # bind mounts can make a tree loop without any symlink
            return
        visited.add(identity)
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield InputProblem(display, f"This folder cannot be listed. {_describe_os_error(error)}")
        return
    for entry in entries:
        if is_skipped_name(entry.name):
            continue
        entry_display = os.path.join(display, printable(entry.name))
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as error:
            yield InputProblem(entry_display, _describe_os_error(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk_folder(entry.path, entry_display, root, visited)
        elif stat.S_ISREG(info.st_mode):
            yield _FoundFile(entry_display, entry.path, info.st_size)
        elif stat.S_ISLNK(info.st_mode):
            target = _resolve_link(entry.path, entry_display, inside=root)
            if isinstance(target, InputProblem):
                yield target
            else:
                yield _FoundFile(entry_display, target[0], target[1].st_size)
        else:
            yield InputProblem(
                entry_display,
                "This is not a regular file (a pipe, socket or device), so it was not read.",
            )
