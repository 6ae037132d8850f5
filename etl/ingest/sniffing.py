"""Decide what a stream is from its name and first bytes, without decoding it."""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

from etl.ingest.csv_records import looks_like_cables_csv
from etl.ingest.documents import InputFormat

ContainerKind: TypeAlias = Literal["zip", "tar", "gzip", "bzip2", "xz"]

#: How many leading bytes the sniffers look at.
HEAD_BYTES = 64 * 1024

_TAR_MAGIC_OFFSET = 257
_HTML_SUFFIXES = (".html", ".htm")
_HTML_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<table class='cable'",
    b'<table class="cable"',
    b"<pre",
)
# A cables.csv data row starts with a row number and a US-style date: "1","12/28/1966 18:48",...
_CABLES_CSV_ROW_START = re.compile(rb'\A\s*"?\d+"?\s*,\s*"?\d{1,2}/\d{1,2}/\d{4}')
_COMPRESSION_SUFFIXES = {
    "gzip": ((".tgz", ".tar"), (".gz", "")),
    "bzip2": ((".tbz2", ".tar"), (".tbz", ".tar"), (".bz2", "")),
    "xz": ((".txz", ".tar"), (".xz", "")),
}


def container_kind(head: bytes) -> ContainerKind | None:
    """The archive or compression format announced by the magic bytes, if any."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head[_TAR_MAGIC_OFFSET : _TAR_MAGIC_OFFSET + 5] == b"ustar":
        return "tar"
    return None


def decompressed_name(name: str, kind: ContainerKind) -> str:
    """Name of what a compressed file holds: ``a.txt.gz`` → ``a.txt``, ``a.tgz`` → ``a.tar``."""
    lowered = name.lower()
    for suffix, replacement in _COMPRESSION_SUFFIXES.get(kind, ()):
        if lowered.endswith(suffix):
            return name[: len(name) - len(suffix)] + replacement
    return name


def is_cables_csv(
    name: str, head: bytes, head_is_whole_stream: bool, max_record_bytes: int
) -> bool:
    """True for the release's cables.csv: named ``*.csv`` or starting like one, with 8 columns."""
    named = name.lower().endswith(".csv")
    if not (named or _CABLES_CSV_ROW_START.match(head)):
        return False
    return looks_like_cables_csv(head, head_is_whole_stream, max_record_bytes)


def document_format(name: str, head: bytes) -> InputFormat:
    """``"html"`` for a Cable Viewer page (by suffix or markup), else ``"text"``."""
    if name.lower().endswith(_HTML_SUFFIXES):
        return "html"
    # A page starts with markup; a cable text never does, even when it quotes a tag.
    lowered = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not lowered.startswith(b"<"):
        return "text"
    return "html" if any(marker in lowered for marker in _HTML_MARKERS) else "text"
