"""The whole parse (``parser``): what is not a cable at all, and the invariants of every parse."""

from __future__ import annotations

import pytest

from etl.parsing import CableParseError, parse_cable, parse_document


def test_text_without_cable_structure_is_rejected_with_a_sentence() -> None:
    with pytest.raises(CableParseError, match="not a cable"):
        parse_cable("Dear diary,\n\ntoday nothing happened.\n")
    with pytest.raises(CableParseError):
        parse_document(bytes(range(256)))
