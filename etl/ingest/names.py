"""Rules about names: which files to skip, how to show names, how to defuse member names."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\\/]+")
_DRIVE = re.compile(r"[A-Za-z]:")
_TEMP_SUFFIXES = ("~", ".part")
_JUNK_FOLDERS = frozenset({"__MACOSX"})


def is_skipped_name(name: str) -> bool:
    """True for hidden and temporary names (``.x``, ``x~``, ``x.part``): never cable inputs."""
    return name.startswith(".") or name.endswith(_TEMP_SUFFIXES) or name in _JUNK_FOLDERS


def printable(name: str) -> str:
    """A name safe to store as text: undecodable bytes and NULs shown as ``\\xNN`` escapes."""
    # Names from os.listdir carry undecodable bytes as lone surrogates, which PostgreSQL
    # (and UTF-8 in general) rejects; give them back as bytes, then escape.
    raw = name.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00")


def member_parts(raw_name: str) -> list[str]:
    """Components of an archive member name without ``.``, ``..``, empty and drive parts."""
    parts = [part for part in _SEPARATORS.split(raw_name) if part not in ("", ".", "..")]
    if parts and _DRIVE.fullmatch(parts[0]):
        parts = parts[1:]
    return parts


def sanitise_member_name(raw_name: str) -> tuple[str, str | None]:
    """Return (safe relative name, note) for an archive member name.

    The note is set when the name tried to leave the archive (absolute path, drive letter or a
    ``..`` component); nothing is ever written to disk, but the landed name must not mislead.
    """
    parts = member_parts(raw_name)
    safe = "/".join(parts) or "unnamed"
    components = _SEPARATORS.split(raw_name)
    escapes = (
        raw_name.startswith(("/", "\\"))
        or bool(components and _DRIVE.fullmatch(components[0]))
        or ".." in components
    )
    if not escapes:
        return safe, None
    note = (
        f"The archive member name {printable(raw_name)!r} points outside the archive; "
        f"it was read in memory only and landed as {printable(safe)!r}."
    )
    return safe, note


def is_skipped_member(raw_name: str) -> bool:
    """True when any component of an archive member name is hidden, temporary or OS junk."""
    return any(is_skipped_name(part) for part in member_parts(raw_name))
