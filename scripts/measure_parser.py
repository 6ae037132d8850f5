"""Measure the parser against the corpus metadata (issue 9).

Parses every primary corpus file (wikileaks-html, alx-layout-a, pdf-text) with
``parse_document`` and compares with ``corpus/metadata/*.csv``: reference id, created date,
classification, origin, subject (prefix agreement after normalisation) and tags (token sets).
Prints each agreement rate and the most common failure classes with examples.

Usage: .venv/bin/python scripts/measure_parser.py [--corpus PATH] [--examples N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.parsing.accuracy import TARGETS, measure

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description="Measure the parser against corpus metadata.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--examples", type=int, default=3, help="examples per failure class")
    parser.add_argument("--classes", type=int, default=5, help="failure classes per field")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus.resolve()
    if not (corpus / "metadata").is_dir():
        print(f"no corpus metadata under {corpus}", file=sys.stderr)
        return 2
    report = measure(corpus)
    print(f"files parsed: {report.files}  (rejected as not a cable: {report.rejected})")
    missed = False
    for name, tally in report.tallies.items():
        if name not in TARGETS:
            print(f"{name:15s} {tally.rate:6.2f} %  ({tally.agreed}/{tally.checked})")
            continue
        target = TARGETS[name]
        status = "ok" if tally.rate >= target else "BELOW TARGET"
        missed = missed or tally.rate < target
        print(
            f"{name:15s} {tally.rate:6.2f} %  ({tally.agreed}/{tally.checked}, "
            f"target {target} %) {status}"
        )
    for name, tally in report.tallies.items():
        if not tally.failures:
            continue
        print(f"\n== {name}: {tally.checked - tally.agreed} failures")
        ranked = sorted(tally.failures.items(), key=lambda item: -len(item[1]))
        for failure_class, examples in ranked[: args.classes]:
            print(f"  {len(examples):5d}  {failure_class}")
            for example in examples[: args.examples]:
                print(f"         {example[:200]}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
