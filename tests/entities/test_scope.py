"""A telegram header repeated inside a paragraph is out of scope; offsets stay put."""

from __future__ import annotations

from etl.entities import extract_mentions
from etl.entities.scope import masked
from etl.parsing.records import Paragraph, ParsedCable

HEADER = (
    "C O N F I D E N T I A L SECTION 02 OF 03 ZORVIK 000123 SIPDIS E.O. 12958: DECL: "
    "01/02/2019 TAGS: PREL PGOV XY SUBJECT: TALKS IN ZORVIK CONTINUE CLASSIFIED BY: ANNA "
    "KELVANE, POLOFF, REASON 1.4(B) AND (D) "
)


def test_a_repeated_header_is_blanked_and_the_text_after_it_kept_in_place() -> None:
    text = HEADER + "Minister Tomas Brevik met Ambassador Ruiz."
    blanked = masked(text)
    assert len(blanked) == len(text)
    assert blanked.strip() == "Minister Tomas Brevik met Ambassador Ruiz."
    found = extract_mentions(ParsedCable(paragraphs=[Paragraph(1, text)]))
    assert {m.name for m in found} >= {"Tomas Brevik"}
    assert not any("Kelvane" in m.name or "KELVANE" in m.surface for m in found)
    assert all(text[m.start : m.end] == m.surface for m in found)


def test_text_without_a_header_is_unchanged() -> None:
    text = "The SECTION chief said TAGS were missing from 12 cases."
    assert masked(text) == text
