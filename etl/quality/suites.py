"""The expectation suites: GX JSON files in ``expectations/``, one file per suite.

The files are in Great Expectations' own format. Each expectation's ``meta`` carries what this
project adds: ``on_failure`` (block / withhold / flag / warn, the publication policy of the
README's "Quality" section), ``failure`` (what a failure means, in
words) and ``why`` (the real-data problem the expectation guards against).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from etl.quality.report import Stage

#: ``expectations/`` at the repository root, next to the ``etl`` package.
DEFAULT_SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations"

_POLICIES: frozenset[str] = frozenset({"block", "withhold", "flag", "warn"})
_STAGES: frozenset[str] = frozenset({"raw", "parsed", "warehouse"})


class SuiteFileError(ValueError):
    """A suite file is missing, unreadable or lacks the project's meta fields."""


@dataclass(frozen=True, slots=True)
class SuiteFile:
    """One suite as stored on disk, checked for the fields the gate relies on."""

    name: str
    stage: Stage
    index_columns: tuple[str, ...]
    document: dict[str, Any]  # the JSON as loaded, handed to gx.ExpectationSuite

    @property
    def expectation_count(self) -> int:
        return len(self.document["expectations"])


def load_suite_file(path: Path) -> SuiteFile:
    """Read and check one suite file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SuiteFileError(f"Cannot read expectation suite {path}: {exc}") from exc
    name = document.get("name")
    if name != path.stem:
        raise SuiteFileError(f"Suite {path} must be named after its file, found {name!r}")
    meta = document.get("meta") or {}
    stage = meta.get("stage")
    if stage not in _STAGES:
        raise SuiteFileError(f"Suite {name}: meta.stage must be one of {sorted(_STAGES)}")
    for position, expectation in enumerate(document.get("expectations") or []):
        exp_meta = expectation.get("meta") or {}
        if exp_meta.get("on_failure") not in _POLICIES or not exp_meta.get("failure"):
            raise SuiteFileError(
                f"Suite {name}, expectation {position + 1} ({expectation.get('type')}): "
                "meta needs on_failure (block/withhold/flag/warn) and a failure sentence"
            )
        if not exp_meta.get("why"):
            raise SuiteFileError(f"Suite {name}, expectation {position + 1}: meta.why is missing")
    return SuiteFile(
        name=name,
        stage=cast(Stage, stage),
        index_columns=tuple(meta.get("index_columns") or ()),
        document=document,
    )


def load_suite_files(directory: Path = DEFAULT_SUITES_DIR) -> dict[str, SuiteFile]:
    """Every ``*.json`` suite of ``directory``, by suite name."""
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise SuiteFileError(f"No expectation suites found in {directory}")
    return {suite.name: suite for suite in map(load_suite_file, paths)}
