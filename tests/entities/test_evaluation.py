"""The extractor against the hand-annotated gold set of ../shared/entity-gold (part a, the
development part; part b is held out and only reported by the script, never asserted on)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]

# Strict scores on part a, each just under its measured level so a regression fails.
FLOORS = {"PERSON": (0.85, 0.74), "ORGANIZATION": (0.76, 0.70), "LOCATION": (0.86, 0.79)}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "evaluate_entities", REPO / "scripts" / "evaluate_entities.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_names_compare_as_the_guidelines_say() -> None:
    script = _script()
    assert script.normalise("  The  European\nUnion ") == "european union"
    assert script.normalise("Theodore Roosevelt") == "theodore roosevelt"
    pairs = script._lenient_pairs({"sar kheng", "cambodia"}, {"kheng", "phnom penh"})
    assert pairs == [("sar kheng", "kheng")]


@pytest.mark.corpus
def test_precision_and_recall_stay_above_the_floors(shared_dir: Path) -> None:
    script = _script()
    evaluation = script.evaluate([shared_dir / "entity-gold" / "part-a.json"], shared_dir)
    for kind, (precision, recall) in FLOORS.items():
        assert evaluation.scores[kind].precision >= precision, kind
        assert evaluation.scores[kind].recall >= recall, kind
