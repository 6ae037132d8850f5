"""Bytes to text: encodings, line ends, NUL characters (``decoding``). Fragments are written for
the tests; station names are made up."""

from __future__ import annotations

from etl.parsing import decode_bytes


def test_decode_utf8_cp1252_crlf_and_nul() -> None:
    assert decode_bytes("¶1. caf\u00e9\r\n".encode()) == "¶1. caf\u00e9\n"
    assert decode_bytes(b"\xb61. (C) text\r\nnext\r\n") == "¶1. (C) text\nnext\n"
    assert decode_bytes(b"\x93quoted\x94 a\x00b") == "\u201cquoted\u201d ab"
