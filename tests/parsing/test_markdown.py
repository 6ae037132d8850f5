"""Markdown artefacts of layout (b) (``markdown``). Fragments are written for the tests; station
names are made up."""

from __future__ import annotations

from etl.parsing import parse_cable

from .conftest import cable


def test_markdown_one_prefix_is_restored_to_the_paragraph_number() -> None:
    body = (
        "UNCLAS RIVERTOWN 000042\n\nSUBJECT: X\n\n"
        "[1](#)1. One.\n\n[1](#)2. Two.\n\n13. Three.\n\n14. Four.\n"
    )
    parsed = parse_cable(cable(body))
    assert [p.number_label for p in parsed.paragraphs] == ["1", "2", "3", "4"]
