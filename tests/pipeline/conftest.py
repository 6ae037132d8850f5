"""Fixtures for pipeline tests: fresh warehouses and sample input folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO_ROOT / "etl" / "sample_cables"


@pytest.fixture
def fresh_warehouse(make_database: Callable[..., str], monkeypatch: pytest.MonkeyPatch) -> str:
    """A new, migrated, empty database; DATABASE_URL points at it for the test."""
    url = make_database()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A private copy of the five bundled sample cables."""
    target = tmp_path / "seeds"
    shutil.copytree(SAMPLE_DIR, target)
    return target
