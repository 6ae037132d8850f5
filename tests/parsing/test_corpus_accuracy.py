"""Corpus-wide accuracy against the release's metadata (skipped without ../shared/corpus).

Floors: issue 9's targets where the corpus text supports them. Ids and creation dates are also
floored over the files whose text gives a date; about 450 partial-extract files carry no date
at all, which caps the all-files rates (see scripts/measure_parser.py for failure classes).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.parsing.accuracy import Report, measure

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

FLOORS: dict[str, float] = {
    "origin": 98.0,  # issue target
    "subject": 97.0,  # issue target
    "tags": 97.0,  # issue target
    "classification": 98.0,  # issue target 99 %; the rest disagree on NOFORN/SBU captions
    "id, dated text": 99.0,
    "date, when found": 99.5,
    "id": 94.5,  # capped by undated partial extracts
    "created date": 90.0,  # capped by undated partial extracts
}


@pytest.fixture(scope="module")
def report() -> Report:
    if not (CORPUS / "metadata").is_dir():
        pytest.skip("../shared/corpus is not available")
    return measure(CORPUS.resolve())


@pytest.mark.parametrize("field", list(FLOORS))
def test_agreement_with_release_metadata(report: Report, field: str) -> None:
    tally = report.tallies[field]
    assert tally.checked > 4000
    assert tally.rate >= FLOORS[field], f"{field}: {tally.rate:.2f} % < {FLOORS[field]} %"


def test_every_corpus_file_is_read_as_a_cable(report: Report) -> None:
    assert report.rejected == 0
