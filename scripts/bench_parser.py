"""Benchmark the parser on one core over the corpus: cables/s, peak RSS, corpus size.

Files are read into memory first so that only decoding + parsing is timed.

Usage: .venv/bin/python scripts/bench_parser.py [--corpus PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from etl.parsing import CableParseError, decode_bytes, parse_cable, parse_document

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    """Time ``parse_document`` (bytes in) and ``parse_cable`` (text in) over every corpus file."""
    parser = argparse.ArgumentParser(description="Parser throughput on one core.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    files = sorted((args.corpus / "cables").rglob("*.txt"))
    if not files:
        print(f"no cable files under {args.corpus}", file=sys.stderr)
        return 2
    documents = [path.read_bytes() for path in files]
    texts = [decode_bytes(data) for data in documents]
    size = sum(len(data) for data in documents)
    print(f"corpus: {len(documents)} files, {size / 1e6:.1f} MB")
    for label, run in (
        ("parse_document (decode + unwrap + parse)", lambda: [_safe(parse_document, d) for d in documents]),
        ("parse_cable (text already decoded)", lambda: [_safe(parse_cable, t) for t in texts]),
    ):
        best = min(_timed(run) for _ in range(args.repeat))
        print(f"{label}: {len(documents) / best:,.0f} cables/s ({best:.2f} s, {size / best / 1e6:.1f} MB/s)")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: {peak_kib / 1024:.0f} MiB")
    return 0


def _safe(function: object, value: object) -> None:
    try:
        function(value)  # type: ignore[operator]
    except CableParseError:
        pass


def _timed(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
