"""The extractor against the hand-annotated evaluation set (needs ../shared/corpus)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / ".." / "shared" / "corpus"

# Every kind is held to the targets of issue 5 or just under its measured level (measured:
# PERSON 0.951/0.860, ORGANIZATION 0.862/0.820, LOCATION 0.911/0.964).
FLOORS = {"PERSON": (0.90, 0.85), "ORGANIZATION": (0.855, 0.81), "LOCATION": (0.85, 0.80)}


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
