"""Corpus-wide accuracy against the release's metadata (skipped without ../shared/corpus).

Floors are issue 15's targets where reached, else just under the measured figure, so a
regression fails (see scripts/measure_parser.py for the figures and the failure classes).
Created dates are measured only where the input states a date; a text without one gets none,
and an estimate never lands in ``created_at``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.parsing.accuracy import Report, measure

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

FLOORS: dict[str, dict[str, float]] = {
    "texts": {
        "id": 99.8,  # issue target
        "created date": 99.8,
        "classification": 99.05,  # issue target 99.0 (measured 99.11)
        "origin": 99.9,  # measured 99.94
        "subject": 99.7,  # issue target 99.5 (measured 99.81)
        "tags": 99.9,  # issue target 99.5 (measured 100.00)
        "partial flag": 99.98,  # measured 100
    },
    "revisions": {  # older renderings against their own listing (149 files)
        "id": 100.0,
        "created date": 99.3,  # measured 100 (146 checked)
        "classification": 97.0,  # measured 97.32: the rest state no caption the listing has
        "origin": 99.3,  # measured 100
        "partial flag": 99.3,  # measured 100
    },
    "pages": {
        "id": 99.9,  # issue target
        "created date": 99.8,  # two pages whose table and DTG are days apart: the DTG is kept
        "classification": 99.9,  # issue target
        "origin": 99.9,  # issue target
        "subject": 99.8,  # measured 99.87
        "tags": 99.9,  # measured 100.00
        "partial flag": 99.9,  # measured 100
    },
}


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    if not (CORPUS / "metadata").is_dir():
        pytest.skip("../shared/corpus is not available")
    return {kind: measure(CORPUS.resolve(), kind)["all"] for kind in FLOORS}


@pytest.mark.parametrize(
    ("kind", "field"), [(kind, name) for kind, floors in FLOORS.items() for name in floors]
)
def test_agreement(reports: dict[str, Report], kind: str, field: str) -> None:
    tally = reports[kind].tallies[field]
    assert tally.checked > (100 if kind == "revisions" else 1000)
    floor = FLOORS[kind][field]
    assert tally.rate >= floor, f"{kind} {field}: {tally.rate:.2f} % < {floor} %"


def test_every_corpus_file_is_read_as_a_cable(reports: dict[str, Report]) -> None:
    assert reports["texts"].rejected == 0 and reports["pages"].rejected == 0


def test_only_undated_texts_lack_a_stated_date(reports: dict[str, Report]) -> None:
    # Every page states a date (its table); texts without a DTG get an estimate or none.
    pages = reports["pages"].created_sources
    assert pages["estimate"] == 0 and pages["none"] == 0
    texts = reports["texts"].created_sources
    assert texts["estimate"] + texts["none"] < 0.1 * reports["texts"].files
