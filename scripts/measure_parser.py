"""Measure the parser against the release's own metadata (issues 9 and 15).

Two sets of the development corpus: the text renderings (``wikileaks-html``, ``alx-layout-a``,
``pdf-text``) against ``corpus/metadata/*.csv``, and the real Cable Viewer pages
(``wikileaks-pages``) against each page's own table (subject and tags against the listing).
Each file is parsed with ``parse_document`` and its path passed as the pipeline passes it.
For every field: the agreement rate over the whole set and over the two halves split by a
hash of the id (tune on the failures of the ``tuning`` half only; ``check`` shows whether a
rule generalises), the share of cables with recipients, references, signer and summary, how
many cables got each ``created_source``, and the commonest failure classes with examples.

Usage: .venv/bin/python scripts/measure_parser.py [--set texts|revisions|pages|both] [--half H]
       [--examples N] [--classes N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.parsing.accuracy import HALVES, TARGETS, Report, measure
from etl.parsing.records import CREATED_SOURCES

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def _print_set(kind: str, reports: dict[str, Report], args: argparse.Namespace) -> bool:
    """Print one set's figures; True when a target is missed."""
    whole = reports["all"]
    targets = TARGETS.get(kind, {})
    print(f"\n## {kind}: {whole.files} files (rejected as not a cable: {whole.rejected})")
    print(f"{'field':15s} {'all':>8s} {'tuning':>8s} {'check':>8s}   target")
    missed = False
    for name, tally in whole.tallies.items():
        if not tally.checked:
            continue
        rates = "".join(f" {reports[half].tallies[name].rate:7.2f}%" for half in HALVES)
        target = targets.get(name)
        status = ""
        if target is not None:
            low = min(reports[half].tallies[name].rate for half in HALVES)
            status = f"{target:5.1f} %  " + ("ok" if tally.rate >= target else "BELOW TARGET")
            status += "" if low >= target else "  (a half is below)"
            missed = missed or tally.rate < target
        print(f"{name:15s}{rates}   {status}  ({tally.agreed}/{tally.checked})")
    print("share with a value:")
    for name in whole.shares:
        rates = "".join(f" {reports[half].shares[name].rate:7.2f}%" for half in HALVES)
        print(f"  {name:13s}{rates}")
    sources = ", ".join(f"{source} {whole.created_sources[source]}" for source in CREATED_SOURCES)
    print(f"created_source: {sources}")
    report = reports[args.half]
    print(f"\nFailures ({kind}, {args.half} half):")
    for name, tally in report.tallies.items():
        if not tally.failures:
            continue
        print(f"== {name}: {tally.checked - tally.agreed} failures")
        ranked = sorted(tally.failures.items(), key=lambda item: -len(item[1]))
        for failure_class, examples in ranked[: args.classes]:
            print(f"  {len(examples):5d}  {failure_class}")
            for example in examples[: args.examples]:
                print(f"         {example[:200]}")
    return missed


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description="Measure the parser against corpus metadata.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--set", choices=("texts", "revisions", "pages", "both"), default="both")
    parser.add_argument("--half", choices=HALVES, default="tuning", help="failures shown")
    parser.add_argument("--examples", type=int, default=3, help="examples per failure class")
    parser.add_argument("--classes", type=int, default=5, help="failure classes per field")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus.resolve()
    if not (corpus / "metadata").is_dir():
        print(f"no corpus metadata under {corpus}", file=sys.stderr)
        return 2
    missed = False
    for kind in ("texts", "revisions", "pages") if args.set == "both" else (args.set,):
        missed = _print_set(kind, measure(corpus, kind), args) or missed
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
