"""What the raw-document checks need to know about a document's bytes, measured once when it is
landed (the bytes are in hand then) and stored with it.

The counts are those of the strictly decoded text. For the byte-per-ASCII-character encodings
(UTF-8, cp1252, latin-1) every ASCII character of the text is exactly one ASCII byte of the
input and no other byte decodes to one, so the ASCII counts are taken on the bytes (C speed);
only the few non-ASCII characters are decoded again to find the non-ASCII whitespace.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: The same set as bytes: all ASCII, so for the encodings above counting bytes counts characters.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
#: ASCII characters ``str.split()`` splits on (``str.isspace``; includes \x1c-\x1f).
_ASCII_SPACE_BYTES = bytes(b for b in range(0x80) if chr(b).isspace())
_ASCII_BYTES = bytes(range(0x80))
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class ContentFeatures:
    """What the raw-document suite needs to know about one document's bytes."""

    stored_bytes: int
    decodes_cleanly: bool
    #: Characters of the decoded text (latin-1 when it does not decode cleanly).
    text_chars: int
    nul_chars: int
    control_chars: int
    visible_chars: int

    @property
    def control_char_share(self) -> float:
        """Share of control characters other than tab, line ends and form feed."""
        return self.control_chars / self.text_chars if self.text_chars else 0.0


def content_features(data: bytes) -> ContentFeatures:
    """Decode strictly (BOM, UTF-8, then cp1252; latin-1 as a lossy last resort) and measure
    what a binary or mis-encoded file would spoil. Nothing of the text is kept."""
    text, body, encoding, clean = _decode(data)
    if encoding == "utf-16":
        counter = _TextCounter(encoding, clean)
        counter.count(text)
        return counter.features(len(data))
    # Deleting ASCII bytes leaves whole multi-byte sequences: still valid in ``encoding``.
    non_ascii = body.translate(None, _ASCII_BYTES).decode(encoding)
    spaces = len(body) - len(body.translate(None, _ASCII_SPACE_BYTES))
    spaces += sum(1 for char in non_ascii if char.isspace())
    return ContentFeatures(
        stored_bytes=len(data),
        decodes_cleanly=clean,
        text_chars=len(text),
        nul_chars=body.count(0),
        control_chars=len(body) - len(body.translate(None, _CONTROL_BYTES)),
        visible_chars=len(text) - spaces,
    )


def _decode(data: bytes) -> tuple[str, bytes, str, bool]:
    """(text, the bytes it was decoded from, their encoding, whether the decoding is strict)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return data.decode("latin-1"), data, "latin-1", False
            if encoding == "utf-8-sig":
                return text, data[len(bom) :], "utf-8", True
            return text, data, encoding, True
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), data, encoding, True
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), data, "latin-1", False


class _TextCounter:
    """The counts of ``content_features`` on text decoded piece by piece in one encoding."""

    def __init__(self, encoding: str, clean: bool) -> None:
        self.decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.clean = clean
        self.valid = True
        self.text_chars = self.nul_chars = self.control_chars = self.visible_chars = 0

    def feed(self, data: bytes, final: bool = False) -> None:
        if not self.valid:
            return
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError:
            self.valid = False
            return
        self.count(text)

    def count(self, text: str) -> None:
        """Add a piece of the decoded text to the counts."""
        self.text_chars += len(text)
        self.nul_chars += text.count("\x00")
        self.control_chars += len(_CONTROL_CHARS.findall(text))
        self.visible_chars += len("".join(text.split()))

    def features(self, stored_bytes: int) -> ContentFeatures:
        """The counts so far, of text decoded from ``stored_bytes`` bytes."""
        return ContentFeatures(
            stored_bytes,
            self.clean,
            self.text_chars,
            self.nul_chars,
            self.control_chars,
            self.visible_chars,
        )


class ContentMeter:
    """``content_features`` of bytes that arrive in pieces (a file too large to hold whole):
    ``feed`` each piece, then ask for ``features()``. Every candidate decoding is counted at
    once, since which one applies is known only at the end."""

    def __init__(self) -> None:
        self._size = 0
        self._head = b""  # the first bytes, until a BOM can be told apart
        self._counters: list[_TextCounter] | None = None

    def feed(self, data: bytes) -> None:
        """Count the next piece of the bytes."""
        self._size += len(data)
        if self._counters is None:
            self._head += data
            if len(self._head) < len(codecs.BOM_UTF8):
                return
            self._counters, data = self._start()
        for counter in self._counters:
            counter.feed(data)

    def features(self) -> ContentFeatures:
        """The features of all the bytes fed, exactly as ``content_features`` counts them."""
        counters = self._counters
        if counters is None:  # fewer bytes than a BOM
            counters, head = self._start()
            for counter in counters:
                counter.feed(head)
        for counter in counters:
            counter.feed(b"", final=True)
        return next(counter for counter in counters if counter.valid).features(self._size)

    def _start(self) -> tuple[list[_TextCounter], bytes]:
        self._counters = self._candidates(self._head)
        head, self._head = self._head, b""
        return self._counters, head

    @staticmethod
    def _candidates(head: bytes) -> list[_TextCounter]:
        """The decodings ``_decode`` tries for bytes starting with ``head``, in its order;
        latin-1 (never failing, not clean) last."""
        fallback = _TextCounter("latin-1", clean=False)
        if head.startswith(codecs.BOM_UTF8):
            return [_TextCounter("utf-8-sig", clean=True), fallback]
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return [_TextCounter("utf-16", clean=True), fallback]
        return [_TextCounter("utf-8", clean=True), _TextCounter("cp1252", clean=True), fallback]
