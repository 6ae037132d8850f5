"""Corpus-wide accuracy against the release's metadata (skipped without ../shared/corpus).

Floors are issue 9's targets where reached, else just under the measured figure, so a
regression fails. The pipeline passes each file's path to the parser (corpus files are named
by reference id); "text only" floors pin what the text alone gives. Creation dates are capped
by ~300 partial extracts whose text holds no day at all (their dates are approximations from
the declassification date) and ~180 with no date evidence (see scripts/measure_parser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.parsing.accuracy import Report, measure

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

FLOORS_WITH_NAMES: dict[str, float] = {
    "id": 99.5,  # issue target
    "classification": 99.0,  # issue target
    "origin": 98.0,  # issue target
    "subject": 97.0,  # issue target
    "tags": 97.0,  # issue target
    "id, dated text": 99.5,
    "created date": 93.0,  # issue target 99.5 %: capped by undated partial extracts
    "date, when found": 96.3,
}
FLOORS_TEXT_ONLY: dict[str, float] = {
    "id": 95.0,  # undated partial extracts give no year
    "classification": 99.0,
    "created date": 92.8,
}


@pytest.fixture(scope="module")
def with_names() -> Report:
    if not (CORPUS / "metadata").is_dir():
        pytest.skip("../shared/corpus is not available")
    return measure(CORPUS.resolve(), with_names=True)


@pytest.fixture(scope="module")
def text_only() -> Report:
    if not (CORPUS / "metadata").is_dir():
        pytest.skip("../shared/corpus is not available")
    return measure(CORPUS.resolve(), with_names=False)


@pytest.mark.parametrize("field", list(FLOORS_WITH_NAMES))
def test_agreement_with_names(with_names: Report, field: str) -> None:
    tally = with_names.tallies[field]
    assert tally.checked > 4000
    floor = FLOORS_WITH_NAMES[field]
    assert tally.rate >= floor, f"{field}: {tally.rate:.2f} % < {floor} %"


@pytest.mark.parametrize("field", list(FLOORS_TEXT_ONLY))
def test_agreement_from_text_only(text_only: Report, field: str) -> None:
    tally = text_only.tallies[field]
    assert tally.checked > 4000
    floor = FLOORS_TEXT_ONLY[field]
    assert tally.rate >= floor, f"{field}: {tally.rate:.2f} % < {floor} %"


def test_names_only_ever_help(with_names: Report, text_only: Report) -> None:
    for field in ("id", "created date", "classification"):
        assert with_names.tallies[field].agreed >= text_only.tallies[field].agreed, field


def test_every_corpus_file_is_read_as_a_cable(with_names: Report) -> None:
    assert with_names.rejected == 0
