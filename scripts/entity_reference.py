"""Store or check the extractor's exact output on a fixed sample of corpus cables.

Usage: .venv/bin/python scripts/entity_reference.py [--write] [--shared PATH] [--count N]

The reference (``tests/entities/data/corpus_reference.json.gz``) holds every mention (kind,
name, surface, canonical, paragraph, offsets) of an evenly spread sample of corpus cables, so a
change meant only to make extraction faster can prove it leaves the output identical.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from etl.entities import extract_mentions
from etl.parsing import CableParseError, parse_document

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "tests" / "entities" / "data" / "corpus_reference.json.gz"
DEFAULT_SHARED = REPO / ".." / "shared"
DEFAULT_COUNT = 300

Row = list[object]


def sample_files(shared: Path, count: int = DEFAULT_COUNT) -> list[Path]:
    """`count` cable files spread evenly over the sorted corpus (stable across runs)."""
    files = sorted(p for p in (shared / "corpus" / "cables").rglob("*") if p.is_file())
    step = max(1, len(files) // count)
    return files[::step][:count]


def mentions_of(path: Path) -> list[Row]:
    """The cable's mentions as plain rows, in extraction order; empty when it does not parse."""
    try:
        cable = parse_document(path.read_bytes(), source_path=str(path))
    except (CableParseError, ValueError):
        return []
    return [
        [m.kind, m.name, m.surface, m.canonical, m.paragraph_position, m.start, m.end]
        for m in extract_mentions(cable)
    ]


def current(shared: Path, count: int = DEFAULT_COUNT) -> dict[str, list[Row]]:
    """File path (relative to the corpus) → mention rows, for the sample."""
    corpus = shared / "corpus"
    return {str(p.relative_to(corpus)): mentions_of(p) for p in sample_files(shared, count)}


def load_reference(path: Path = REFERENCE) -> dict[str, list[Row]]:
    """The stored reference."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data: dict[str, list[Row]] = json.load(handle)
    return data


def differences(shared: Path, reference: dict[str, list[Row]]) -> list[str]:
    """One line per cable whose mentions differ from the reference."""
    corpus = shared / "corpus"
    out = []
    for name, expected in sorted(reference.items()):
        got = mentions_of(corpus / name)
        if got != expected:
            extra = [r for r in got if r not in expected]
            missing = [r for r in expected if r not in got]
            out.append(f"{name}: +{extra[:3]} -{missing[:3]}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the reference, or compare the current output with it."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the current output")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    args = parser.parse_args(argv)
    if args.write:
        data = current(args.shared, args.count)
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(REFERENCE, "wt", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, sort_keys=True)
        total = sum(len(rows) for rows in data.values())
        print(f"stored {total} mentions of {len(data)} cables in {REFERENCE}")
        return 0
    diffs = differences(args.shared, load_reference())
    for line in diffs:
        print(line)
    print(f"{len(diffs)} cables differ from the reference")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
