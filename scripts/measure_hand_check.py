"""Signer and heading precision/recall on the hand-checked sample (issue 15).

The sample (200 development cables, seeded) and the values read by hand are in
``tests/parsing/fixtures/hand_check.json``.

Usage: .venv/bin/python scripts/measure_hand_check.py [--corpus PATH] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from etl.parsing.accuracy import score_hand_check

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "parsing" / "fixtures" / "hand_check.json"


def main(argv: list[str] | None = None) -> int:
    """Print P/R per field (and the misses with ``--misses``)."""
    parser = argparse.ArgumentParser(description="Signer/heading P/R on the hand check.")
    parser.add_argument("--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus.resolve()
    if not (corpus / "cables" / "wikileaks-html").is_dir():
        print(f"no corpus under {corpus}", file=sys.stderr)
        return 2
    checked = json.loads(FIXTURE.read_text(encoding="utf-8"))["cables"]
    for name, score in score_hand_check(corpus, checked).items():
        print(
            f"{name:9s} P {score.precision:.3f}  R {score.recall:.3f}  "
            f"(tp {score.tp}, fp {score.fp}, fn {score.fn})"
        )
        if args.misses:
            for miss in score.misses:
                print(f"    {miss[:220]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
