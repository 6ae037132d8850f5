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
