"""Benchmark the entity extractor on one core: cables/s by CPU time.

Usage: .venv/bin/python scripts/bench_entities.py [--corpus PATH] [--repeat N] [--count N]

The cables (by default every file of the development corpus, ``wikileaks-html``) are parsed
first and the packaged gazetteer is loaded before timing, so only ``extract_mentions`` is
timed. The first pass starts with the per-process memos empty, as a loading worker does; the
best of the further passes shows the steady state. CPU time (``time.process_time``) is the
figure to compare on a shared machine: it does not count waiting for a core.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from etl.entities import extract_mentions
from etl.entities.extractor import default_extractor
from etl.parsing import CableParseError, parse_document
from etl.parsing.records import ParsedCable

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "cables" / "wikileaks-html"
)


def _parsed(files: list[Path]) -> list[ParsedCable]:
    cables = []
    for path in files:
        try:
            cables.append(parse_document(path.read_bytes(), source_path=str(path)))
        except (CableParseError, ValueError):
            continue
    return cables


def _cpu_seconds(cables: list[ParsedCable]) -> tuple[float, int]:
    """CPU seconds of one extraction pass and the number of mentions found."""
    start = time.process_time()
    mentions = sum(len(extract_mentions(cable)) for cable in cables)
    return time.process_time() - start, mentions


def main(argv: list[str] | None = None) -> int:
    """Print cables/s by CPU time for the first (cold) and the best further pass."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="passes in all (best of the warm)")
    parser.add_argument("--count", type=int, default=0, help="first N files only (0: all)")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file())
    if args.count:
        files = files[: args.count]
    cables = _parsed(files)
    if not cables:
        print(f"no cables under {args.corpus}", file=sys.stderr)
        return 2
    default_extractor()  # the gazetteer and lexicon tables are built once per process
    cold, mentions = _cpu_seconds(cables)
    print(
        f"first pass (memos empty): {len(cables) / cold:,.0f} cables/s of CPU time "
        f"({len(cables)} cables, {mentions} mentions, {cold:.2f} s)"
    )
    if args.repeat > 1:
        warm = min(_cpu_seconds(cables)[0] for _ in range(args.repeat - 1))
        print(f"best further pass: {len(cables) / warm:,.0f} cables/s of CPU time ({warm:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
