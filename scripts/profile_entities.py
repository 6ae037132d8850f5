"""CPU seconds per extraction stage over the first N corpus cables (no profiler overhead).

Usage: .venv/bin/python scripts/profile_entities.py [--count N] [--shared PATH]

cProfile charges every Python call, which inflates small helpers and generators several
times over; this wraps only the extractor's stages, each called a few times per cable, and
times them with `time.process_time`, so the shares are those of a normal run. Nested stages
are counted inside their callers too (`_reviewed` includes `places_by_context`, and
`analyse_chunk` its own recursive calls). Two passes are run: the second shows the steady
state, with the per-run memos warm.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import etl.entities.acronyms
import etl.entities.candidates
import etl.entities.canonical
import etl.entities.capitals
import etl.entities.linking
import etl.entities.organisations
import etl.entities.people
import etl.entities.places
import etl.entities.rules
import etl.entities.scope
import etl.entities.tokens
from etl.entities import extract_mentions
from etl.entities.extractor import default_extractor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate_entities import DEFAULT_SHARED, _parse, corpus_files  # type: ignore[import-not-found]

#: Modules whose functions are timed; a function is replaced wherever one of them imported it.
MODULES: tuple[ModuleType, ...] = (
    etl.entities.acronyms,
    etl.entities.candidates,
    etl.entities.canonical,
    etl.entities.capitals,
    etl.entities.linking,
    etl.entities.organisations,
    etl.entities.people,
    etl.entities.places,
    etl.entities.rules,
    etl.entities.scope,
    etl.entities.tokens,
)
METHODS = ("_segment", "_reviewed", "_acronym_bodies")
FUNCTIONS = (
    "candidates",
    "analyse_chunk",
    "upper_candidates",
    "link_short_forms",
    "acronym_definitions",
    "resolve_overlaps",
    "as_written",
    "reviewed_people",
    "people_by_structure",
    "post_and_national_bodies",
    "bodies_by_shape",
    "places_by_context",
    "acronym_mentions",
    "tokenize",
    "tokenize_capitalised",
    "masked",
    "is_upper_text",
)


def _timed(
    function: Callable[..., object], label: str, spent: defaultdict[str, float]
) -> Callable[..., object]:
    def wrapper(*args: object, **kwargs: object) -> object:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    return wrapper


def main(argv: list[str] | None = None) -> int:
    """Print total CPU seconds and the seconds of each stage, for two passes."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=1500)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args(argv)
    files = sorted(corpus_files(args.shared).values())[: args.count]
    cables = [cable for cable in (_parse(path) for path in files) if cable is not None]
    extractor = default_extractor()
    spent: defaultdict[str, float] = defaultdict(float)
    for name in METHODS:
        setattr(extractor, name, _timed(getattr(extractor, name), name, spent))
    for name in FUNCTIONS:
        original = next(getattr(m, name) for m in MODULES if hasattr(m, name))
        timed = _timed(original, name, spent)
        for module in MODULES:
            if getattr(module, name, None) is original:
                setattr(module, name, timed)
    for run in (1, 2):
        spent.clear()
        started = time.process_time()
        for cable in cables:
            extract_mentions(cable, extractor)
        total = time.process_time() - started
        print(f"pass {run}: {len(cables)} cables, {total:.2f} s CPU (timers included)")
        for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
            print(f"  {label:<26}{seconds:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
