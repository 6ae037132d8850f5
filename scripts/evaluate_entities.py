"""Precision and recall of the entity extractor against ../shared/entity-gold.

Usage: .venv/bin/python scripts/evaluate_entities.py [--gold FILE ...] [--shared PATH]
       [--show] [--speed]

Scores exactly as ``entity-gold/GUIDELINES.md`` says: per cable, the set of distinct
(kind, name) pairs against the gold set, names compared after case folding, collapsing
whitespace and dropping a leading "the"; counts summed over all cables (micro average). A
cable whose text cannot be found or parsed counts all its gold entities as missed. A lenient
figure is printed second: a found and a gold name of one kind also match when one's tokens are
a subset of the other's (each name matched at most once).

The extractor runs on each cable's text directly (the corpus file ``metadata/*.csv`` names for
the id, parsed with ``parse_document``), so no database is needed.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from etl.entities import extract_mentions
from etl.entities.extractor import default_extractor
from etl.parsing import CableParseError, parse_document
from etl.parsing.records import ParsedCable

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO / ".." / "shared"
KINDS = ("PERSON", "ORGANIZATION", "LOCATION")
_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+")
_TOKEN = re.compile(r"[^\W_]+")


def normalise(name: str) -> str:
    """The comparison form of GUIDELINES.md: case folded, whitespace collapsed, no leading
    "the"."""
    return _LEADING_THE.sub("", _SPACE.sub(" ", name).strip().casefold())


def _tokens(name: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(name))


@dataclass
class Score:
    """Counts for one kind of entity, strict and lenient."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    lenient_tp_found: int = 0  # found names that match a gold name leniently
    lenient_tp_gold: int = 0  # gold names matched leniently
    found_total: int = 0
    gold_total: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.found_total if self.found_total else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold_total if self.gold_total else 1.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def lenient_precision(self) -> float:
        return self.lenient_tp_found / self.found_total if self.found_total else 1.0

    @property
    def lenient_recall(self) -> float:
        return self.lenient_tp_gold / self.gold_total if self.gold_total else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Evaluation:
    """Scores per kind plus the error classes counted while scoring."""

    scores: dict[str, Score]
    errors: Counter[str]
    unreadable: list[str]


def corpus_files(shared: Path) -> dict[str, Path]:
    """Reference id → corpus file, as the corpus metadata lists them (first listing wins)."""
    corpus = shared / "corpus"
    files: dict[str, Path] = {}
    # The gold set was annotated on the wikileaks-html renderings: that listing comes first.
    listings = sorted(
        (corpus / "metadata").glob("*.csv"), key=lambda p: (p.stem != "wikileaks-html", p.name)
    )
    for listing in listings:
        if "revisions" in listing.name:
            continue  # older renderings; the newest is the cable
        with listing.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                files.setdefault(row["refid"], corpus / row["file"])
    return files


def load_gold(path: Path) -> dict[str, dict[str, set[str]]]:
    """Gold names per cable and kind, normalised."""
    raw: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    gold: dict[str, dict[str, set[str]]] = {}
    for cable_id, by_kind in raw.items():
        gold[cable_id] = {}
        for kind in KINDS:
            names = by_kind.get(kind) or []
            assert isinstance(names, list)
            gold[cable_id][kind] = {normalise(str(name)) for name in names}
    return gold


def _lenient_pairs(found: Iterable[str], expected: Iterable[str]) -> list[tuple[str, str]]:
    """One-to-one (found, gold) pairs whose token sets are subsets of each other, greedy by the
    largest token overlap."""
    options = []
    for f in found:
        for g in expected:
            ft, gt = _tokens(f), _tokens(g)
            if ft and gt and (ft <= gt or gt <= ft):
                options.append((-len(ft & gt), f, g))
    options.sort()
    used_f: set[str] = set()
    used_g: set[str] = set()
    pairs = []
    for _, f, g in options:
        if f not in used_f and g not in used_g:
            used_f.add(f)
            used_g.add(g)
            pairs.append((f, g))
    return pairs


def _classify(
    kind: str,
    extras: set[str],
    misses: set[str],
    gold_other_kinds: set[str],
    text: str,
    errors: Counter[str],
) -> None:
    """Count the error classes of one cable and kind: a boundary error (a found name whose
    tokens are a subset or superset of a missed gold name), a wrong kind (the name is gold
    under another kind), a form the cable never writes (expansion or renaming), and plain
    spurious and missed names."""
    pairs = _lenient_pairs(extras, misses)
    paired_f = {f for f, _ in pairs}
    paired_g = {g for _, g in pairs}
    for f, g in pairs:
        errors[
            f"{kind}: boundary, found name longer than gold"
            if len(f) > len(g)
            else f"{kind}: boundary, found name shorter than gold"
        ] += 1
    for f in sorted(extras - paired_f):
        if f in gold_other_kinds:
            errors[f"{kind}: wrong kind (gold under another kind)"] += 1
        elif f not in text:
            errors[f"{kind}: spurious, a form the cable never writes"] += 1
        else:
            errors[f"{kind}: spurious"] += 1
    for _ in misses - paired_g:
        errors[f"{kind}: missed"] += 1


def evaluate(gold_files: Sequence[Path], shared: Path) -> Evaluation:
    """Score the extractor on every cable of the gold files."""
    files = corpus_files(shared)
    scores = {kind: Score() for kind in KINDS}
    errors: Counter[str] = Counter()
    unreadable: list[str] = []
    for gold_file in gold_files:
        for cable_id, expected_by_kind in load_gold(gold_file).items():
            cable = _parse(files.get(cable_id))
            if cable is None:
                unreadable.append(cable_id)
            mentions = extract_mentions(cable) if cable is not None else []
            text = normalise(_text_of(cable)) if cable is not None else ""
            for kind in KINDS:
                expected = expected_by_kind[kind]
                found = {normalise(m.name) for m in mentions if m.kind == kind}
                other = set().union(*(names for k, names in expected_by_kind.items() if k != kind))
                score = scores[kind]
                score.found_total += len(found)
                score.gold_total += len(expected)
                score.tp += len(found & expected)
                score.fp += len(found - expected)
                score.fn += len(expected - found)
                lenient = len(_lenient_pairs(found - expected, expected - found))
                score.lenient_tp_found += len(found & expected) + lenient
                score.lenient_tp_gold += len(found & expected) + lenient
                score.misses += [f"{cable_id}: {n}" for n in sorted(expected - found)]
                score.extras += [f"{cable_id}: {n}" for n in sorted(found - expected)]
                _classify(kind, found - expected, expected - found, other, text, errors)
    return Evaluation(scores, errors, unreadable)


def _parse(path: Path | None) -> ParsedCable | None:
    if path is None or not path.is_file():
        return None
    try:
        return parse_document(path.read_bytes(), source_path=str(path))
    except (CableParseError, ValueError):
        return None


def _text_of(cable: ParsedCable) -> str:
    """The cable's subject, paragraphs and signer as one string, to tell written forms from
    forms the cable never writes."""
    parts = [cable.subject or "", *(p.text for p in cable.paragraphs), cable.signer or ""]
    return "\n".join(parts)


def measure_speed(shared: Path, limit: int | None = None) -> tuple[int, float, float]:
    """(cables, wall seconds, CPU seconds) for extraction alone over the corpus cables
    (parsing excluded). CPU time is this process's alone, so other load does not count."""
    cables: list[ParsedCable] = []
    for path in sorted(corpus_files(shared).values())[:limit]:
        cable = _parse(path)
        if cable is not None:
            cables.append(cable)
    default_extractor()  # the one-off gazetteer load is not extraction time
    started, started_cpu = time.perf_counter(), time.process_time()
    for cable in cables:
        extract_mentions(cable)
    return len(cables), time.perf_counter() - started, time.process_time() - started_cpu


def report(evaluation: Evaluation, show: bool) -> str:
    """The printed table: strict P/R/F1 per kind, lenient P/R, then the error classes."""
    lines = [
        f"{'kind':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
        f"{'lenient P':>11}{'lenient R':>11}"
    ]
    for kind, s in evaluation.scores.items():
        lines.append(
            f"{kind:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}"
            f"{s.fn:>6}{s.lenient_precision:>11.3f}{s.lenient_recall:>11.3f}"
        )
    if evaluation.unreadable:
        lines.append(f"not found or unparseable (all missed): {', '.join(evaluation.unreadable)}")
    lines.append("error classes:")
    for label, count in sorted(evaluation.errors.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {count:>4}  {label}")
    if show:
        for kind, s in evaluation.scores.items():
            lines += [f"  miss  {kind} {line}" for line in s.misses]
            lines += [f"  extra {kind} {line}" for line in s.extras]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the scores of each gold file (and of all together), and optionally the speed."""
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="gold JSON (repeatable)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--show", action="store_true", help="list misses and extras")
    parser.add_argument("--speed", action="store_true", help="time extraction over the corpus")
    args = parser.parse_args(argv)
    if not (args.shared / "corpus").is_dir():
        print(f"corpus not found under {args.shared}", file=sys.stderr)
        return 2
    gold_files = args.gold or sorted((args.shared / "entity-gold").glob("*.json"))
    for gold_file in gold_files:
        print(f"== {gold_file.name}")
        print(report(evaluate([gold_file], args.shared), args.show))
    if args.speed:
        count, seconds, cpu = measure_speed(args.shared)
        print(
            f"extraction speed: {count} cables in {seconds:.2f} s = {count / seconds:,.0f} "
            f"cables/s ({cpu:.2f} s CPU = {count / cpu:,.0f} cables/s on one core)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
