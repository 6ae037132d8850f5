"""A REF block's references hold its text once: a long lettered list (A .. Z, AA, AB ...) or an
item citing many cables must not copy the rest of the block into every reference (a 50 KiB
cable stored 135 MiB of reference text)."""

from __future__ import annotations

import pytest

from etl.parsing import parse_cable
from etl.parsing.references import parse_references

#: A cable around a REF block (the station names are made up).
_HEADER = (
    "VZCZCXRO1111\nPP RUEHAA\nDE RUEHZZ #0042/01 1231015\nZNY CCCCC ZZH\nP 031015Z MAY 08\n"
    "FM AMEMBASSY RIVERTOWN\nTO RUEHC/SECSTATE WASHDC PRIORITY 1234\n\n"
    "UNCLAS RIVERTOWN 000042\n\nSUBJECT: X\n\nREF: "
)


def _spreadsheet_labels(count: int) -> list[str]:
    """A, B, ... Z, AA, AB, ... as long lists go on."""
    labels = []
    for number in range(1, count + 1):
        label = ""
        while number:
            number, rest = divmod(number - 1, 26)
            label = chr(ord("A") + rest) + label
        labels.append(label)
    return labels


def _doubled_labels(count: int) -> list[str]:
    """A, B, ... Z, AA, BB, ... ZZ, AAA, ..."""
    return [chr(ord("A") + index % 26) * (index // 26 + 1) for index in range(count)]


@pytest.mark.parametrize("separator", [" ", "\n"])
def test_a_3000_item_lettered_ref_list_stores_each_item_once(separator: str) -> None:
    labels = _spreadsheet_labels(3000)
    block = separator.join(f"{label}. STATE {1000 + n}" for n, label in enumerate(labels))
    parsed = parse_cable(_HEADER + block + "\n\n1. Text.\n")

    assert len(_HEADER + block) > 45_000
    assert [(r.label, r.cited_id) for r in parsed.references] == [
        (label, f"08STATE{1000 + n}") for n, label in enumerate(labels)
    ]
    assert all(r.raw == f"STATE {1000 + n}" for n, r in enumerate(parsed.references))
    assert sum(len(r.raw) for r in parsed.references) < len(block)


def test_doubled_letters_continue_the_list_after_z() -> None:
    labels = _doubled_labels(60)
    references = parse_references(" ".join(f"({x}) STATE {n}" for n, x in enumerate(labels)), 8)
    assert [(r.label, r.raw) for r in references] == [
        (label, f"STATE {n}") for n, label in enumerate(labels)
    ]


def test_labels_out_of_order_stay_text() -> None:
    references = parse_references("A. STATE 1 AND PARA 2 AB. OF THE REPORT B. STATE 3", 8)
    assert [(r.label, r.cited_id) for r in references] == [("A", "08STATE1"), ("B", "08STATE3")]
    assert references[0].raw == "STATE 1 AND PARA 2 AB. OF THE REPORT"


@pytest.mark.parametrize(
    "item",
    [
        ", ".join(f"STATE {n}" for n in range(1, 3001)),  # one item citing 3,000 cables
        "STATE " + ", ".join(str(n) for n in range(1, 3001)),  # one station, 3,000 serials
    ],
)
def test_an_item_citing_many_cables_is_shared_out_not_copied(item: str) -> None:
    references = parse_references(item, 8)
    assert [r.cited_id for r in references] == [f"08STATE{n}" for n in range(1, 3001)]
    assert sum(len(r.raw) for r in references) <= len(item)
    assert all(r.raw.endswith(str(n)) for n, r in zip(range(1, 3001), references, strict=True))


def test_an_item_citing_one_cable_keeps_its_whole_text() -> None:
    (reference,) = parse_references("A. STATE 12 ON THE TRADE TALKS", 8)
    assert reference.raw == "STATE 12 ON THE TRADE TALKS"
