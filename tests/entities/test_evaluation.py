"""The extractor against the hand-annotated evaluation set (needs ../shared/corpus)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / ".." / "shared" / "corpus"

# Regression floors just under the measured level (PERSON 0.923/0.841, ORGANIZATION
# 0.793/0.713, LOCATION 0.910/0.959). Targets of issue 5: PERSON 0.90/0.85, ORGANIZATION
# and LOCATION 0.85/0.80. PERSON precision and LOCATION meet them; PERSON recall and
# ORGANIZATION do not yet.
FLOORS = {"PERSON": (0.91, 0.83), "ORGANIZATION": (0.78, 0.70), "LOCATION": (0.90, 0.95)}


@pytest.mark.corpus
def test_precision_and_recall_stay_above_the_floors() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not next to the repository")
    spec = importlib.util.spec_from_file_location(
        "evaluate_entities", REPO / "scripts" / "evaluate_entities.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    scores = module.evaluate(CORPUS)
    for kind, (precision, recall) in FLOORS.items():
        assert scores[kind].precision >= precision, kind
        assert scores[kind].recall >= recall, kind
