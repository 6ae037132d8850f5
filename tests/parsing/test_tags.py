"""The TAGS line (``tags``). Fragments are written for the tests; station names are made up."""

from __future__ import annotations

import pytest

from etl.parsing import parse_cable
from etl.parsing.tags import parse_tags, tags_label_end

from .conftest import cable


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("TAGS: PGOV PHUM CB", ["PGOV", "PHUM", "CB"]),
        ("TAGS PGOV, PINS, ZI, ZANU-PF", ["PGOV", "PINS", "ZI", "ZANU-PF"]),
        ("TAGE: PREL KTIP", ["PREL", "KTIP"]),
        ("TAS: PREL", ["PREL"]),
        ("TGS: ECON", ["ECON"]),
        ("TAGS: [PGOV](#) [CB](#)", ["PGOV", "CB"]),
        ("TAGS: OVIP (CLINTON, HILLARY), PREL", ["OVIP (CLINTON, HILLARY)", "PREL"]),
    ],
)
def test_tags_forms(line: str, tags: list[str]) -> None:
    parsed = parse_cable(cable(f"UNCLAS RIVERTOWN 000042\n\n{line}\nSUBJECT: X\n"))
    assert parsed.tags == tags


def test_tags_continuation_line_and_prose_is_not_a_label() -> None:
    parsed = parse_cable(cable("UNCLAS RIVERTOWN 000042\n\nTAGS: PGOV PREL\nKTIP CB\nSUBJECT: X\n"))
    assert parsed.tags == ["PGOV", "PREL", "KTIP", "CB"]
    assert tags_label_end("Task force members met") is None
    assert parse_tags("PGOV,PREL  ,KDEM") == ["PGOV", "PREL", "KDEM"]


def test_mixed_case_person_tag_is_a_valid_tag() -> None:
    """``Tags: ovip (steinberg, james b.), prel,`` (a lower-cased record): the code is upper
    case, the person's name is kept as written, and the tag suite accepts it (issue 15)."""
    import json
    import re
    from pathlib import Path

    from etl.parsing import parse_cable

    from .conftest import cable

    parsed = parse_cable(
        cable(
            "C o n f i d e n t i a l rivertown 000042\n\nE.o. 12958: decl: 09/29/2019\n"
            "Tags: ovip (person, james b.), prel, pgov,\nxx\nSubject: a meeting\n\n1. (C) Text.\n"
        )
    )
    assert parsed.tags == ["OVIP (person, james b.)", "PREL", "PGOV", "XX"]
    suite = Path(__file__).resolve().parents[2] / "expectations" / "parsed_tags.json"
    pattern = next(
        item["kwargs"]["regex"]
        for item in json.loads(suite.read_text())["expectations"]
        if item["type"] == "expect_column_values_to_match_regex"
    )
    assert all(re.match(pattern, tag) for tag in parsed.tags)
    assert not re.match(pattern, "pgov") and not re.match(pattern, "ovip (A)")
