"""Signer and heading quality on the hand-checked sample (issue 15; skipped without
../shared/corpus). The fixture holds 200 seeded development cables with the signer (and, for
the first 60, the section headings) read by hand; the floors are the measured figures, so a
regression fails (scripts/measure_hand_check.py prints them and the misses)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.parsing.accuracy import score_hand_check

FIXTURE = Path(__file__).parent / "fixtures" / "hand_check.json"
#: Measured precision and recall (issue targets: signer P .98 R .95, headings P .95 R .90).
#: Measured on the same sample the signer and heading rules were tuned on: signer P 1.000
#: R .984, headings P .938 R .929.
FLOORS: dict[str, tuple[float, float]] = {"signer": (0.99, 0.98), "headings": (0.93, 0.92)}


def test_fixture_is_the_seeded_sample_with_values_read_by_hand() -> None:
    cables = json.loads(FIXTURE.read_text(encoding="utf-8"))["cables"]
    assert len(cables) == 200 and len({row["id"] for row in cables}) == 200
    assert sum(1 for row in cables if "headings" in row) == 59


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_precision_and_recall_floors(shared_dir: Path, name: str) -> None:
    corpus = shared_dir / "corpus"
    if not (corpus / "cables" / "wikileaks-html").is_dir():
        pytest.skip("../shared/corpus is not available")
    cables = json.loads(FIXTURE.read_text(encoding="utf-8"))["cables"]
    score = score_hand_check(corpus, cables)[name]
    precision, recall = FLOORS[name]
    assert score.precision >= precision, f"{name} P {score.precision:.3f}"
    assert score.recall >= recall, f"{name} R {score.recall:.3f}"


def test_signer_out_of_sample(shared_dir: Path) -> None:
    """60 further cables checked by hand after the signer rules were written (measured
    P 1.000 R .983)."""
    corpus = shared_dir / "corpus"
    if not (corpus / "cables" / "wikileaks-html").is_dir():
        pytest.skip("../shared/corpus is not available")
    cables = json.loads(FIXTURE.read_text(encoding="utf-8"))["check_cables"]
    assert len(cables) == 60
    score = score_hand_check(corpus, cables)["signer"]
    assert score.precision >= 0.99 and score.recall >= 0.98
