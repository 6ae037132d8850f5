"""File signatures: how a reload of unchanged files avoids reading them again.

When a file was read in full and everything it held was a plain document (no problem, no note,
nothing withheld), the warehouse remembers its *signature* (device, inode, size, modification
and status-change times in nanoseconds) under its real path, with the SHA-256 of each document
it held. A later walk that finds a file at the same real path with the same signature yields
those documents as ``KnownDocument`` items, without opening the file; any difference in any
field, and anything unusual about the file, means it is read again as before.

The status-change time (``st_ctime_ns``) cannot be set by a program: rewriting a file in place
changes it even when the size and the modification time are kept (``cp -p``, ``rsync -t``,
``touch -d``). A file is only signed once both its times are ``SETTLE_NS`` old when its reading
starts, so that a write in the same clock tick as the signature cannot go unnoticed (the
"racy" case of git's index). Archives and cables.csv are signed as a whole: the signature of
the container stands for all its members.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

#: How old (nanoseconds) both times of a file must be when its reading starts for its
#: signature to be remembered: coarse file-system clocks make two writes within one tick look
#: the same.
SETTLE_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class FileSignature:
    """What ``stat`` says about a regular file, without opening it."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int


@dataclass(frozen=True, slots=True)
class KnownFile:
    """A file as it was when it was last read: its signature and the documents it held, as
    (suffix of the source path after the file's own path, SHA-256, size) in reading order."""

    signature: FileSignature
    documents: tuple[tuple[str, str, int], ...]


#: Remembered files by real path (``file_key``).
KnownFiles: TypeAlias = Mapping[str, KnownFile]


@dataclass(frozen=True, slots=True)
class KnownDocument:
    """A document of an unchanged file, taken as the content landed when the file was read:
    landing links it to the batch (as seen) without its bytes, which are not read again."""

    source_path: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class FileRead:
    """Follows the items of every file that was opened and read. ``signature`` is set when
    those items (all of them ``InputDocument``, none withheld or with a note, each source path
    starting with ``display``) are the whole of the file and may be remembered under ``key``."""

    display: str
    key: str | None
    signature: FileSignature | None


def signature_of(info: os.stat_result) -> FileSignature:
    """The signature ``stat`` (or ``fstat``) gave."""
    return FileSignature(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def is_settled(signature: FileSignature, now_ns: int | None = None) -> bool:
    """Whether both times of the file are at least ``SETTLE_NS`` in the past."""
    now = time.time_ns() if now_ns is None else now_ns
    return max(signature.mtime_ns, signature.ctime_ns) <= now - SETTLE_NS


def file_key(real_path: str) -> str | None:
    """The key a file is remembered under: its real path, when it can be stored as text (a
    name that is not valid UTF-8 is never remembered, so such a file is always read)."""
    try:
        real_path.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return real_path


def input_roots(paths: Sequence[Path]) -> list[str]:
    """The real paths of the given inputs: every file they lead to is at or below one."""
    return sorted({os.path.realpath(os.fspath(path)) for path in paths})
