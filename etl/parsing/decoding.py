"""Bytes → text: encoding detection and line-end normalisation."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalise_text(text: str) -> str:
    """CRLF/CR → LF and NUL characters removed (they break PostgreSQL text columns)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


def decode_bytes(data: bytes) -> str:
    """Decode cable bytes: BOM, else UTF-8 when valid, else cp1252 (the PDF-text files are
    cp1252/Latin-1); CRLF → LF and NULs removed.

    charset-normalizer arbitrates only when cp1252 cannot decode the bytes either: cables are
    English, so a statistical guess is never trusted over cp1252 for single-byte text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return normalise_text(data.decode(encoding, errors="replace"))
    try:
        return normalise_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        return normalise_text(data.decode("cp1252"))
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; a file using them is not cp1252.
        best = from_bytes(data).best()
        if best is not None:
            return normalise_text(str(best))
        return normalise_text(data.decode("latin-1"))
