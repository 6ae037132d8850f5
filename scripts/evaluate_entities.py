"""Precision and recall of the entity extractor against the hand-annotated evaluation set.

Usage: .venv/bin/python scripts/evaluate_entities.py [--corpus PATH] [--no-speed] [--show]

Parses each annotated corpus cable, runs the extractor and compares, per cable and per kind,
the set of normalised names with the annotation (case-insensitive). Then measures extraction
speed alone (parsing excluded) over every cable of the corpus.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from etl.entities import extract_mentions
from etl.entities.extractor import default_extractor
from etl.parsing import parse_document
from etl.parsing.records import ParsedCable

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "entities" / "gold" / "annotations.yaml"
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpus"
KINDS = ("PERSON", "ORGANIZATION", "LOCATION")


@dataclass
class Score:
    """Counts for one kind of entity."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def cable_path(corpus: Path, cable_id: str) -> Path:
    """Where a cable of the evaluation set lives in the corpus."""
    for folder in ("wikileaks-html", "alx-layout-a", "pdf-text"):
        path = corpus / "cables" / folder / f"{cable_id}.txt"
        if path.exists():
            return path
    raise FileNotFoundError(f"{cable_id} is not in {corpus}")


def evaluate(corpus: Path) -> dict[str, Score]:
    """Score the extractor on every annotated cable; returns one Score per kind."""
    gold: dict[str, dict[str, list[str]]] = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    scores = {kind: Score() for kind in KINDS}
    for cable_id, expected_by_kind in gold.items():
        cable = parse_document(cable_path(corpus, cable_id).read_bytes())
        mentions = extract_mentions(cable)
        for kind in KINDS:
            expected = {name.casefold() for name in expected_by_kind.get(kind) or []}
            found = {m.name.casefold() for m in mentions if m.kind == kind}
            score = scores[kind]
            score.true_positives += len(expected & found)
            score.false_positives += len(found - expected)
            score.false_negatives += len(expected - found)
            score.misses += [f"{cable_id}: {n}" for n in sorted(expected - found)]
            score.extras += [f"{cable_id}: {n}" for n in sorted(found - expected)]
    return scores


def measure_speed(corpus: Path) -> tuple[int, float, float]:
    """(cables, wall seconds, CPU seconds) for extraction alone over every parseable corpus
    cable. CPU time is this process's alone, so other work on the machine does not count."""
    cables: list[ParsedCable] = []
    for path in sorted((corpus / "cables").rglob("*.txt")):
        try:
            cables.append(parse_document(path.read_bytes()))
        except ValueError:
            continue
    default_extractor()  # the one-off gazetteer load is not extraction time
    started, started_cpu = time.perf_counter(), time.process_time()
    for cable in cables:
        extract_mentions(cable)
    return len(cables), time.perf_counter() - started, time.process_time() - started_cpu


def main(argv: list[str] | None = None) -> int:
    """Print precision/recall per kind and extraction speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-speed", action="store_true", help="skip the corpus-wide timing")
    parser.add_argument("--show", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    scores = evaluate(args.corpus)
    print(f"{'kind':<14}{'precision':>10}{'recall':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for kind, score in scores.items():
        print(
            f"{kind:<14}{score.precision:>10.3f}{score.recall:>8.3f}"
            f"{score.true_positives:>6}{score.false_positives:>6}{score.false_negatives:>6}"
        )
        if args.show:
            for line in score.misses:
                print(f"    miss  {line}")
            for line in score.extras:
                print(f"    extra {line}")
    if not args.no_speed:
        count, seconds, cpu = measure_speed(args.corpus)
        print(
            f"extraction speed: {count} cables in {seconds:.2f} s = {count / seconds:,.0f} "
            f"cables/s ({cpu:.2f} s CPU = {count / cpu:,.0f} cables/s on one core)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
