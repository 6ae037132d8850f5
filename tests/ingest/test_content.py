"""Content features counted on the bytes equal those counted on the decoded text."""

from __future__ import annotations

import codecs
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.ingest.content import ContentFeatures, ContentMeter, content_features

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def features_of_decoded_text(data: bytes) -> ContentFeatures:
    """The definition: decode strictly (BOM, UTF-8, cp1252; latin-1 otherwise), then count
    on the text."""
    text: str | None = None
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"))
    for bom, encoding in (*boms, (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = None
            break
    else:
        for encoding in ("utf-8", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    clean = text is not None
    text = text if text is not None else data.decode("latin-1")
    return ContentFeatures(
        stored_bytes=len(data),
        decodes_cleanly=clean,
        text_chars=len(text),
        nul_chars=text.count("\x00"),
        control_chars=len(_CONTROL.findall(text)),
        visible_chars=len("".join(text.split())),
    )


#: Text rich in what the counts are about: controls, ASCII and non-ASCII whitespace (NEL,
#: no-break and ideographic spaces, \x1c-\x1f), cp1252-only characters and astral ones.
_TRICKY = "\x00\x01\x0b\x0c\x1c\x1f\x7f \t\r\n\x85\xa0\u1680\u2003\u2028\u3000\u201c€¶é\U0001f600"
tricky_text = st.text(alphabet=st.one_of(st.sampled_from(_TRICKY), st.characters()), max_size=80)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-16-le"]


@settings(max_examples=400, deadline=None)
@given(tricky_text, st.sampled_from(ENCODINGS))
def test_features_of_encoded_text_equal_the_definition(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="ignore")
    assert content_features(data) == features_of_decoded_text(data)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=200))
def test_features_of_any_bytes_equal_the_definition(data: bytes) -> None:
    assert content_features(data) == features_of_decoded_text(data)


def test_no_non_ascii_byte_decodes_to_an_ascii_character() -> None:
    # What counting ASCII characters on the bytes rests on, for the single-byte encodings.
    for encoding in ("cp1252", "latin-1"):
        for byte in range(0x80, 0x100):
            try:
                char = bytes([byte]).decode(encoding)
            except UnicodeDecodeError:
                continue
            assert not char.isascii(), (encoding, byte)


def test_share_of_control_characters() -> None:
    features = content_features(b"ab\x01\x02")
    assert (features.control_chars, features.text_chars) == (2, 4)
    assert features.control_char_share == 0.5
    assert content_features(b"").control_char_share == 0.0


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.tuples(tricky_text, st.sampled_from(ENCODINGS)).map(
            lambda pair: pair[0].encode(pair[1], errors="ignore")
        ),
    ),
    st.lists(st.integers(min_value=1, max_value=9), max_size=30),
)
def test_features_metered_piece_by_piece_equal_those_of_the_whole(
    data: bytes, cuts: list[int]
) -> None:
    meter = ContentMeter()
    position = 0
    for size in cuts:
        meter.feed(data[position : position + size])
        position += size
    meter.feed(data[position:])

    assert meter.features() == content_features(data)
