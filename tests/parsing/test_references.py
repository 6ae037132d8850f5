"""The REF block (``references``). Fragments are written for the tests; station names are
made up."""

from __future__ import annotations

import pytest

from etl.parsing import parse_cable
from etl.parsing.references import parse_references

from .conftest import cable


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("A. SECSTATE 85578 B. SECSTATE 89018", [("A", "08STATE85578"), ("B", "08STATE89018")]),
        (
            "A. A) SECSTATE 123359 ¶B. B) PHNOM PENH 1424",
            [("A", "08STATE123359"), ("B", "08PHNOMPENH1424")],
        ),
        (
            "(A) 05 STATE 226504 (B) 2007 HAVANA 3721",
            [("A", "05STATE226504"), ("B", "07HAVANA3721")],
        ),
        ("BRASILIA 2799 AND 2764", [(None, "08BRASILIA2799"), (None, "08BRASILIA2764")]),
        ("a) vienna 350 b) 05 vienna 1760", [("A", "08VIENNA350"), ("B", "05VIENNA1760")]),
    ],
)
def test_reference_forms(block: str, expected: list[tuple[str | None, str]]) -> None:
    references = parse_references(block, 2008)
    assert [(ref.label, ref.cited_id) for ref in references] == expected
    assert all(ref.kind == "cable" for ref in references)


def test_non_cable_reference_keeps_its_kind() -> None:
    references = parse_references("A. EMAIL OF MARCH 3 FROM POLOFF B. STATE 1234", 2009)
    assert [(ref.label, ref.cited_id, ref.kind) for ref in references] == [
        ("A", None, "email"),
        ("B", "09STATE1234", "cable"),
    ]


def test_reference_block_across_blank_lines_with_markdown_labels() -> None:
    parsed = parse_cable(
        cable(
            "UNCLAS RIVERTOWN 000042\n\nSUBJECT: X\n\n"
            "REF: A. STATE 1\n\n[1](#)B. STATE 2\n\n1. Text.\n"
        )
    )
    assert [ref.cited_id for ref in parsed.references] == ["08STATE1", "08STATE2"]
    assert [p.text for p in parsed.paragraphs] == ["Text."]


def test_intelligence_reports_are_references_but_not_cables() -> None:
    from etl.parsing.references import parse_references

    refs = parse_references("A. IIR 6 902 9642 06 B. 03 USDAO BRASILIA IIR 6 809 0235 03", 8)
    assert [(r.label, r.cited_id, r.kind) for r in refs] == [
        ("A", None, "intelligence report"),
        ("B", None, "intelligence report"),
    ]
