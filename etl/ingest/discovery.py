"""Find input files under the paths a user gives and stream the documents they hold.

Folders are walked recursively in sorted order, so the same tree always yields the same
sequence. The walk holds a descriptor of each folder and opens what is inside relative to it,
never following a symbolic link on the way (``O_NOFOLLOW`` on every component): a folder
swapped for a link while it is walked cannot lead outside. Symbolic links found in a folder are
followed only to regular files inside the folder being walked (opened from its root, one
component at a time); anything that cannot be read becomes an InputProblem and the walk goes on.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, overload

from etl.ingest.documents import IngestLimits, InputDocument, InputItem, InputProblem, InputTotals
from etl.ingest.files import expand_file
from etl.ingest.names import is_skipped_name, printable
from etl.ingest.signatures import (
    FileRead,
    KnownDocument,
    KnownFiles,
    file_key,
    is_settled,
    signature_of,
)
from etl.ingest.unpacking import StreamSource

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | _CLOEXEC


@dataclass(frozen=True, slots=True)
class _FoundFile:
    display: str  # the path as the user will see it
    name: str  # its own name (the target's for symlinks), for sniffing by suffix
    info: os.stat_result  # of the file itself (the target's for symlinks)
    key: str | None  # its real path, when it may be remembered (etl.ingest.signatures)
    #: Opens it and returns the descriptor. Walk openers use the descriptor of a folder being
    #: walked: call it before the walk goes on.
    opener: Callable[[], int]


@dataclass(slots=True)
class _Walk:
    """One folder the user named: its real path and descriptor, and the folders seen."""

    root: str
    root_fd: int
    visited: set[tuple[int, int]]


class _NotRegular(Exception):
    pass


@overload
def iter_inputs(
    paths: Sequence[Path], limits: IngestLimits | None = None, known: None = None
) -> Iterator[InputItem]: ...


@overload
def iter_inputs(
    paths: Sequence[Path], limits: IngestLimits | None, known: KnownFiles
) -> Iterator[InputItem | KnownDocument | FileRead]: ...


def iter_inputs(
    paths: Sequence[Path], limits: IngestLimits | None = None, known: KnownFiles | None = None
) -> Iterator[InputItem | KnownDocument | FileRead]:
    """Yield every document found under ``paths`` (files, folders, archives, cables.csv) and a
    problem for everything that cannot be read. Streams: memory stays bounded by the limits.

    With ``known`` (remembered files, ``etl.ingest.signatures``; may be empty), a file in it
    whose signature is unchanged is not opened: its documents come as ``KnownDocument``; every
    file that is read is then followed by a ``FileRead``. Without it, neither is yielded."""
    limits = limits or IngestLimits()
    for found in _walk(paths):
        if isinstance(found, InputProblem):
            yield found
            continue
        remembered = known.get(found.key) if known and found.key else None
        if remembered is not None and remembered.signature == signature_of(found.info):
            for suffix, sha256, size in remembered.documents:
                yield KnownDocument(found.display + suffix, sha256, size)
            continue
        try:
            stream = _open_regular(found.opener)
        except _NotRegular:
            yield InputProblem(found.display, "This is not a regular file, so it was not read.")
            continue
        except OSError as error:
            yield InputProblem(found.display, _describe_os_error(error))
            continue
        with stream:
            if known is None:
                yield from expand_file(StreamSource(found.display, found.name), stream, limits)
            else:
                yield from _read_file(found, stream, limits)


def _read_file(
    found: _FoundFile, stream: IO[bytes], limits: IngestLimits
) -> Iterator[InputItem | FileRead]:
    """The items of the file open as ``stream``, then its ``FileRead``: signed when the file
    held only plain documents and did not change from before it was opened until read."""
    before = signature_of(found.info)
    clean = found.key is not None and is_settled(before)
    clean = clean and signature_of(os.fstat(stream.fileno())) == before
    for item in expand_file(StreamSource(found.display, found.name), stream, limits):
        clean = clean and (
            isinstance(item, InputDocument)
            and item.note is None
            and item.withheld is None
            and item.source_path.startswith(found.display)
        )
        yield item
    clean = clean and signature_of(os.fstat(stream.fileno())) == before
    yield FileRead(found.display, found.key, before if clean else None)


def estimate_total(paths: Sequence[Path]) -> InputTotals:
    """Count the files under ``paths`` and their size on disk without opening any of them.

    Archives and cables.csv count as one file each, although they hold many documents.
    """
    files = size = 0
    for found in _walk(paths):
        if isinstance(found, _FoundFile):
            files += 1
            size += found.info.st_size
    return InputTotals(files=files, bytes=size)


def _open_regular(opener: Callable[[], int]) -> IO[bytes]:
    # O_NONBLOCK keeps a FIFO swapped in after the walk from blocking the load; O_NOFOLLOW
    # refuses a symlink swapped in; fstat then checks what was actually opened.
    descriptor = opener()
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise _NotRegular()
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def _open_by_path(path: str) -> Callable[[], int]:
    return lambda: os.open(path, _OPEN_FLAGS)


def _open_in(folder_fd: int, name: str) -> Callable[[], int]:
    return lambda: os.open(name, _OPEN_FLAGS, dir_fd=folder_fd)


def _open_beneath(root_fd: int, relative: str) -> Callable[[], int]:
    """Open ``relative`` (no ``..``) from the folder ``root_fd``, refusing a link anywhere."""

    def opener() -> int:
        *folders, name = relative.split(os.sep)
        current = root_fd
        try:
            for folder in folders:
                child = os.open(folder, _FOLDER_FLAGS, dir_fd=current)
                if current != root_fd:
                    os.close(current)
                current = child
            return os.open(name, _OPEN_FLAGS, dir_fd=current)
        finally:
            if current != root_fd:
                os.close(current)

    return opener


def _describe_os_error(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "Permission denied: this user may not read it."
    if isinstance(error, FileNotFoundError):
        return "It does not exist (it may have been moved or deleted during the load)."
    if error.errno == errno.ELOOP:
        return (
            "It is a symbolic link that loops or was replaced during the load; it was not followed."
        )
    if error.errno == errno.ENOTDIR:
        return "It is no longer a folder (it was replaced during the load); it was not read."
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
                yield from _walk_root(target[0], display)
            else:
                name = os.path.basename(target[0])
                key = file_key(target[0])
                yield _FoundFile(display, name, target[1], key, _open_by_path(target[0]))
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk_root(path, display)
        elif stat.S_ISREG(info.st_mode):
            name = os.path.basename(path)
            key = file_key(os.path.realpath(path))
            yield _FoundFile(display, name, info, key, _open_by_path(path))
        else:
            yield InputProblem(
                display,
                "This is not a regular file (a pipe, socket or device), so it was not read.",
            )


def _walk_root(path: str, display: str) -> Iterator[_FoundFile | InputProblem]:
    try:
        root_fd = os.open(path, _FOLDER_FLAGS)
    except OSError as error:
        yield InputProblem(display, f"This folder cannot be listed. {_describe_os_error(error)}")
        return
    try:
        walk = _Walk(os.path.realpath(path), root_fd, set())
        yield from _walk_folder(walk, root_fd, display, "")
    finally:
        os.close(root_fd)


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
    walk: _Walk, folder_fd: int, display: str, relative: str
) -> Iterator[_FoundFile | InputProblem]:
    """Walk the folder open as ``folder_fd`` (``relative`` to the root, '' for the root)."""
    try:
        folder_info = os.fstat(folder_fd)
        identity = (folder_info.st_dev, folder_info.st_ino)
        if identity in walk.visited:  # bind mounts can make a tree loop without any symlink
            return
        walk.visited.add(identity)
        names = sorted(os.listdir(folder_fd))
    except OSError as error:
        yield InputProblem(display, f"This folder cannot be listed. {_describe_os_error(error)}")
        return
    for name in names:
        if is_skipped_name(name):
            continue
        entry_display = os.path.join(display, printable(name))
        entry_relative = os.path.join(relative, name)
        try:
            info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        except OSError as error:
            yield InputProblem(entry_display, _describe_os_error(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk_subfolder(walk, folder_fd, name, entry_display, entry_relative)
        elif stat.S_ISREG(info.st_mode):
            key = file_key(os.path.join(walk.root, entry_relative))
            yield _FoundFile(entry_display, name, info, key, _open_in(folder_fd, name))
        elif stat.S_ISLNK(info.st_mode):
            yield _found_link(walk, entry_display, entry_relative)
        else:
            yield InputProblem(
                entry_display,
                "This is not a regular file (a pipe, socket or device), so it was not read.",
            )


def _walk_subfolder(
    walk: _Walk, parent_fd: int, name: str, display: str, relative: str
) -> Iterator[_FoundFile | InputProblem]:
    try:
        # O_NOFOLLOW: a folder swapped for a link since it was listed is refused here.
        folder_fd = os.open(name, _FOLDER_FLAGS, dir_fd=parent_fd)
    except OSError as error:
        yield InputProblem(display, f"This folder cannot be listed. {_describe_os_error(error)}")
        return
    try:
        yield from _walk_folder(walk, folder_fd, display, relative)
    finally:
        os.close(folder_fd)


def _found_link(walk: _Walk, display: str, relative: str) -> _FoundFile | InputProblem:
    """A symlink met in a walk: a regular file inside the root, opened from the root."""
    resolved = _resolve_link(os.path.join(walk.root, relative), display, inside=walk.root)
    if isinstance(resolved, InputProblem):
        return resolved
    target, info = resolved
    beneath = os.path.relpath(target, walk.root)
    return _FoundFile(
        display,
        os.path.basename(target),
        info,
        file_key(target),
        _open_beneath(walk.root_fd, beneath),
    )
