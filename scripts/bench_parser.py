"""Benchmark the parser on one core over the corpus: cables/s, peak RSS, corpus size.

Files are read into memory first so that only decoding + parsing is timed.

Usage: .venv/bin/python scripts/bench_parser.py [--corpus PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from etl.parsing import CableParseError, decode_bytes, parse_cable, parse_document

T = TypeVar("T")
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
    runs: list[tuple[str, Callable[[], None]]] = [
        ("parse_document (decode + unwrap + parse)", lambda: _each(parse_document, documents)),
        ("parse_cable (text already decoded)", lambda: _each(parse_cable, texts)),
    ]
    for label, run in runs:
        timings = [_timed(run) for _ in range(args.repeat)]
        wall = min(t[0] for t in timings)
        cpu = min(t[1] for t in timings)
        # CPU time is the figure to compare on a shared machine: it does not count waiting for
        # a core; wall time is what a user would see on an idle one.
        print(
            f"{label}: {len(documents) / cpu:,.0f} cables/s of CPU time on one core "
            f"({cpu:.2f} s, {size / cpu / 1e6:.1f} MB/s); wall {len(documents) / wall:,.0f} "
            f"cables/s ({wall:.2f} s)"
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: {peak_kib / 1024:.0f} MiB")
    return 0


def _each(parse: Callable[[T], object], inputs: list[T]) -> None:
    for value in inputs:
        with contextlib.suppress(CableParseError):
            parse(value)


def _timed(run: Callable[[], None]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one run."""
    start, start_cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - start, time.process_time() - start_cpu


if __name__ == "__main__":
    raise SystemExit(main())
