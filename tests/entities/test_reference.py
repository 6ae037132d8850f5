"""The extractor's output on a corpus sample equals the stored reference (speed work must not
change a single mention)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "entity_reference.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("entity_reference", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_corpus_sample_matches_reference(shared_dir: Path) -> None:
    script = _script()
    reference = script.load_reference()
    assert len(reference) == script.DEFAULT_COUNT
    assert sum(len(rows) for rows in reference.values()) > 10_000
    assert script.differences(shared_dir, reference) == []
