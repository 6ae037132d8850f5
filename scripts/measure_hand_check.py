"""Score the parser's signer and paragraph headings against the hand check (issue 15).

The fixture ``tests/parsing/hand_check/signer_headings.json`` holds, for 200 seeded-random
development cables, the signer and the (paragraph, heading) pairs a reader wrote down (see the
README beside it). Each cable is read from ``../shared/corpus`` and parsed with
``parse_document`` as the pipeline does.

- **Signer**: equal when the same name after folding case and runs of spaces. Precision over
  the cables the parser gives a signer, recall over the cables the reader gave one.
- **Headings**: (paragraph number, heading) pairs compared as multisets, headings folded for
  case and spaces. ``Paragraph.heading`` is the section a paragraph *falls under*, so a
  heading repeated by the next numbered paragraphs counts once, on the first of them (the
  annotation gives a section line to the next paragraph only). That figure over every kind
  is the contract one (issue 15: P >= .95, R >= .90). Variants leave whole kinds out (the
  section lines, the mixed-case stock labels the annotator added beyond the brief).

Misses are printed by class with example ids.

Usage: .venv/bin/python scripts/measure_hand_check.py [--corpus DIR] [--examples N]
       [--classes N] [--ids ID ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from etl.parsing.decoding import decode_bytes
from etl.parsing.parser import parse_document
from etl.parsing.records import CableParseError, Paragraph, ParsedCable

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "parsing" / "hand_check" / "signer_headings.json"
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpus"
KINDS: tuple[str, ...] = ("section", "colon", "mixed-period", "caps-period", "nopunct", "dash")
#: Heading figures reported: name -> kinds left out. "all kinds" is the contract figure.
VARIANTS: dict[str, frozenset[str]] = {
    "all kinds": frozenset(),
    "without section": frozenset({"section"}),
    "without mixed-period": frozenset({"mixed-period"}),
    "inline only": frozenset({"section", "mixed-period"}),
}
CONTRACT_VARIANT = "all kinds"
#: Issue 15's targets: (precision, recall).
TARGETS: dict[str, tuple[float, float]] = {"signer": (0.98, 0.95), "headings": (0.95, 0.90)}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGIT = re.compile(r"\d")
#: How far back from a missed signer its line is looked for.
_TAIL = 400
#: Rules and delimiters a heading line can carry around its text.
_DELIMITERS = " -=_*~/:."
_FOLLOWING = 14
_RULE_RUN = re.compile(r"[-=_*~]{3,}")
_SENTENCE_END = frozenset(".!?\"')")

Pair = tuple[str, str]  # (paragraph number as written, folded heading)


def fold(text: str) -> str:
    """Case and whitespace folded: how names and headings are compared."""
    return " ".join(text.split()).casefold()


def _loose(text: str) -> str:
    """Letters and digits only (to tell a punctuation-only difference from a real one)."""
    return _NON_ALNUM.sub("", text.casefold())


@dataclass(frozen=True, slots=True)
class ExpectedHeading:
    paragraph: int
    heading: str
    kind: str


@dataclass(frozen=True, slots=True)
class Expected:
    cable_id: str
    signer: str | None
    headings: tuple[ExpectedHeading, ...]


@dataclass(frozen=True, slots=True)
class HandCheck:
    seed: int
    rendering: str  # path under the corpus, "{id}" replaced by the cable id
    cables: tuple[Expected, ...]


def load_fixture(path: Path = FIXTURE) -> HandCheck:
    """The hand-check fixture, in sample order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    cables = tuple(
        Expected(
            cable_id=cable_id,
            signer=entry["signer"],
            headings=tuple(
                ExpectedHeading(int(item["paragraph"]), item["heading"], item["kind"])
                for item in entry["headings"]
            ),
        )
        for cable_id, entry in data["cables"].items()
    )
    return HandCheck(seed=int(data["seed"]), rendering=data["rendering"], cables=cables)


@dataclass(slots=True)
class Score:
    """Counts for precision and recall."""

    matched: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def add(self, matched: int, predicted: int, expected: int) -> None:
        self.matched += matched
        self.predicted += predicted
        self.expected += expected


@dataclass(slots=True)
class Misses:
    """Failure class -> examples (``id: detail``)."""

    classes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, failure_class: str, example: str) -> None:
        self.classes[failure_class].append(example)

    def ranked(self) -> list[tuple[str, list[str]]]:
        return sorted(self.classes.items(), key=lambda item: (-len(item[1]), item[0]))


@dataclass(slots=True)
class Result:
    cables: int = 0
    rejected: list[str] = field(default_factory=list)
    signer: Score = field(default_factory=Score)
    headings: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in VARIANTS})
    #: Per kind: expected pairs of that kind and how many were matched (recall only: a pair
    #: the parser invents has no kind).
    kinds: dict[str, Score] = field(default_factory=lambda: {kind: Score() for kind in KINDS})
    #: Precision when every paragraph's heading is a pair (runs not collapsed).
    uncollapsed: Score = field(default_factory=Score)
    signer_misses: Misses = field(default_factory=Misses)
    heading_misses: Misses = field(default_factory=Misses)


# --- headings -------------------------------------------------------------------------------


def _heading_fields() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Fields of ``Paragraph`` that hold headings: ``heading`` and any other ``*heading``
    text field, and ``*headings`` sequences, so a parser that adds one is scored on it."""
    names = [item.name for item in fields(Paragraph)]
    single = tuple(name for name in names if name.endswith("heading"))
    several = tuple(name for name in names if name.endswith("headings"))
    return single, several


def paragraph_headings(paragraph: Paragraph) -> list[str]:
    """Every heading the parser gives one paragraph, as written."""
    single, several = _heading_fields()
    found: list[str] = []
    for name in single:
        value = getattr(paragraph, name)
        if isinstance(value, str) and value.strip():
            found.append(value)
    for name in several:
        values = getattr(paragraph, name) or ()
        found.extend(value for value in values if isinstance(value, str) and value.strip())
    return found


def predicted_pairs(paragraphs: Sequence[Paragraph], collapse: bool = True) -> Counter[Pair]:
    """(number, folded heading) pairs of the numbered paragraphs. With ``collapse``, a heading
    the previous numbered paragraph also had is carried over, not opened here: left out."""
    pairs: Counter[Pair] = Counter()
    previous: set[str] = set()
    for paragraph in paragraphs:
        if paragraph.number_label is None:
            continue  # the annotation gives headings to numbered paragraphs only
        headings = [fold(heading) for heading in paragraph_headings(paragraph)]
        for heading in headings:
            if not (collapse and heading in previous):
                pairs[(paragraph.number_label, heading)] += 1
        previous = set(headings)
    return pairs


def expected_pairs(expected: Iterable[ExpectedHeading]) -> Counter[Pair]:
    return Counter((str(item.paragraph), fold(item.heading)) for item in expected)


def _without(
    predicted: Counter[Pair], expected: Sequence[ExpectedHeading], left_out: frozenset[str]
) -> Counter[Pair]:
    """Predicted pairs minus those that are a left-out kind: the same pair, or the same text
    (punctuation aside) as a left-out heading anywhere in the cable."""
    if not left_out:
        return predicted
    dropped = [item for item in expected if item.kind in left_out]
    dropped_pairs = expected_pairs(dropped)
    dropped_texts = {_loose(item.heading) for item in dropped}
    kept = predicted - dropped_pairs
    return Counter({pair: n for pair, n in kept.items() if _loose(pair[1]) not in dropped_texts})


def _lines_by_text(text: str) -> dict[str, str]:
    """The lines of a raw text keyed by their letters and digits once rules around them are
    stripped (to tell a heading on a line of its own from one glued onto other text)."""
    return {_loose(line.strip(_DELIMITERS)): line.strip() for line in text.splitlines()}


def _where_text_went(
    heading: str, label: str, paragraphs: Sequence[Paragraph], lines: dict[str, str]
) -> str:
    """Where a missed heading's text is in the parsed paragraphs (and, for a section line,
    how it stands in the raw text)."""
    wanted = _loose(heading)
    if not wanted:
        return "is only punctuation"
    for paragraph in paragraphs:
        if paragraph.number_label == label and _loose(paragraph.text).startswith(wanted):
            return "opens the paragraph's text"
    for paragraph in paragraphs:
        if _loose(paragraph.text) == wanted:
            ruled = _RULE_RUN.search(lines.get(wanted, "")) is not None
            return "came out as a paragraph of its own" + (" (a rule on its line)" if ruled else "")
    for paragraph in paragraphs:
        text = _loose(paragraph.text)
        if wanted in text:
            if paragraph.number_label == label:
                return "is inside this paragraph's text"
            if text.endswith(wanted):
                if wanted in lines:
                    return "ends the paragraph above (own line, no blank line above it)"
                return "ends the paragraph above (glued onto a line of text)"
            return "is inside another paragraph's text"
    return "is in no parsed paragraph"


def _classify_headings(
    cable_id: str,
    text: str,
    paragraphs: Sequence[Paragraph],
    expected: Sequence[ExpectedHeading],
    predicted: Counter[Pair],
    misses: Misses,
) -> None:
    """File every unmatched expected and predicted pair under a failure class."""
    wanted = expected_pairs(expected)
    missing = wanted - predicted
    spurious = predicted - wanted
    labels = {paragraph.number_label for paragraph in paragraphs if paragraph.number_label}
    carried = {
        (paragraph.number_label, fold(heading))
        for paragraph in paragraphs
        if paragraph.number_label
        for heading in paragraph_headings(paragraph)
    }
    spurious_by_label: dict[str, list[str]] = defaultdict(list)
    for label, heading in spurious:
        spurious_by_label[label].append(heading)
    kinds = {(str(item.paragraph), fold(item.heading)): item for item in expected}
    lines = _lines_by_text(text) if missing else {}
    explained: set[Pair] = set()
    for pair in missing:
        label, heading = pair
        item = kinds[pair]
        kind = item.kind
        shown = f"{cable_id} ¶{label} {item.heading!r}"
        others = spurious_by_label.get(label, [])
        elsewhere = [other for other in spurious if other[1] == heading and other[0] != label]
        if label not in labels:
            misses.add(f"missed ({kind}): paragraph not numbered by the parser", shown)
        elif others:
            other = others[0]
            explained.add((label, other))
            if other.strip(_DELIMITERS) == heading.strip(_DELIMITERS):
                reason = "rule or delimiters kept around it"
            elif _loose(other) == _loose(heading):
                reason = "inner punctuation differs"
            elif heading in other or other in heading:
                reason = "one contains the other"
            else:
                reason = "another text"
            misses.add(f"wrong text ({kind}): {reason}", f"{shown} parsed {other!r}")
        elif elsewhere:
            explained.add(elsewhere[0])
            misses.add(f"wrong paragraph ({kind})", f"{shown} parsed on ¶{elsewhere[0][0]}")
        elif pair in carried:
            misses.add(f"missed ({kind}): the paragraph above has the same heading", shown)
        else:
            where = _where_text_went(item.heading, label, paragraphs, lines)
            misses.add(f"missed ({kind}): no heading; its text {where}", shown)
    expected_labels = {str(item.paragraph) for item in expected}
    for pair in spurious:
        if pair in explained:
            continue
        label, heading = pair
        where = (
            "a paragraph with other expected headings"
            if label in expected_labels
            else "a paragraph with no expected heading"
        )
        misses.add(f"spurious: on {where}", f"{cable_id} ¶{label} {heading!r}")


# --- signer ---------------------------------------------------------------------------------


def _line_above(text: str) -> str:
    """What stands on the line above a signer's own line (``text`` ends where the name's
    line starts): "web address", "rule", "no sentence end", "blank" or "sentence end"."""
    lines = text.split("\n")
    blank = len(lines) > 1 and not lines[-2].strip()
    above = next((line.strip() for line in reversed(lines) if line.strip()), "")
    if not above:
        return "blank"
    if "http" in above.casefold() or "www." in above.casefold():
        return "web address"
    if not above.strip(_DELIMITERS):
        return "rule"
    if not blank and above[-1] not in _SENTENCE_END:
        return "no sentence end"
    return "blank" if blank else "sentence end"


def signer_miss_class(name: str, text: str) -> tuple[str, str]:
    """(class, detail) of a signer the parser missed, from where the name stands at the end
    of ``text``: what follows it, what it is run onto, what is above it, its case."""
    at = text.casefold().rfind(name.casefold())
    mixed = not name.isupper()
    if at < 0:
        return "name not in the text", ""
    line_start = text.rfind("\n", max(0, at - _TAIL), at) + 1
    before = text[line_start:at].strip()
    after = " ".join(text[at + len(name) :].split())
    above = "" if before else _line_above(text[max(0, line_start - _TAIL) : line_start])
    details = [f"run onto {before[-_FOLLOWING:]!r}" if before else f"above: {above}"]
    if after:
        details.append(f"then {_DIGIT.sub('9', after[:_FOLLOWING])!r}")
    if mixed:
        details.append("mixed case")
    if after:
        failure_class = "followed by other text (end marks, junk, a csv tail)"
    elif before:
        failure_class = "run onto the last sentence"
    elif above in ("web address", "rule"):
        failure_class = "on its own line under a banner (web address or rule)"
    elif above == "no sentence end":
        failure_class = "on its own line right under text that ends no sentence"
    elif mixed:
        failure_class = "mixed case on its own line"
    else:
        failure_class = "on its own line"
    return failure_class, ", ".join(details)


def _score_signer(
    cable_id: str, expected: str | None, parsed: str | None, text: str, result: Result
) -> None:
    if expected is None and parsed is None:
        return  # rightly none: counts in neither precision nor recall
    right = expected is not None and parsed is not None and fold(expected) == fold(parsed)
    result.signer.add(int(right), int(parsed is not None), int(expected is not None))
    if right:
        return
    misses = result.signer_misses
    if expected is None:
        misses.add("spurious: text ends without a signer", f"{cable_id} parsed {parsed!r}")
    elif parsed is None:
        failure_class, detail = signer_miss_class(expected, text)
        misses.add(f"missed: {failure_class}", f"{cable_id} {expected!r} ({detail})")
    else:
        folded_expected, folded_parsed = fold(expected), fold(parsed)
        if folded_expected in folded_parsed:
            reason = "extra words"
        elif folded_parsed in folded_expected:
            reason = "cut short"
        else:
            reason = "another name"
        misses.add(f"wrong name: {reason}", f"{cable_id} {expected!r} parsed {parsed!r}")


# --- putting it together --------------------------------------------------------------------


def score_cable(expected: Expected, cable: ParsedCable, text: str, result: Result) -> None:
    """Add one parsed cable's signer and headings to ``result``."""
    result.cables += 1
    _score_signer(expected.cable_id, expected.signer, cable.signer, text, result)
    predicted = predicted_pairs(cable.paragraphs)
    for name, left_out in VARIANTS.items():
        kept = [item for item in expected.headings if item.kind not in left_out]
        wanted = expected_pairs(kept)
        scored = _without(predicted, expected.headings, left_out)
        matched = sum((scored & wanted).values())
        result.headings[name].add(matched, sum(scored.values()), sum(wanted.values()))
    for kind in KINDS:
        wanted = expected_pairs(item for item in expected.headings if item.kind == kind)
        if wanted:
            result.kinds[kind].add(sum((predicted & wanted).values()), 0, sum(wanted.values()))
    every = predicted_pairs(cable.paragraphs, collapse=False)
    wanted_all = expected_pairs(expected.headings)
    result.uncollapsed.add(
        sum((every & wanted_all).values()), sum(every.values()), sum(wanted_all.values())
    )
    _classify_headings(
        expected.cable_id,
        text,
        cable.paragraphs,
        expected.headings,
        predicted,
        result.heading_misses,
    )


def evaluate(
    corpus: Path, fixture: HandCheck | None = None, only: Iterable[str] | None = None
) -> Result:
    """Parse every hand-checked cable from ``corpus`` and score it."""
    check = fixture or load_fixture()
    chosen = set(only) if only is not None else None
    result = Result()
    for expected in check.cables:
        if chosen is not None and expected.cable_id not in chosen:
            continue
        path = corpus / check.rendering.format(id=expected.cable_id)
        data = path.read_bytes()
        try:
            cable = parse_document(data, source_path=str(path))
        except CableParseError:
            result.rejected.append(expected.cable_id)
            cable = ParsedCable()
        score_cable(expected, cable, decode_bytes(data), result)
    return result


def _line(name: str, score: Score) -> str:
    return (
        f"  {name:22s} P {score.precision:.3f} ({score.matched}/{score.predicted})"
        f"   R {score.recall:.3f} ({score.matched}/{score.expected})"
    )


def _print_misses(title: str, misses: Misses, classes: int, examples: int) -> None:
    """Each class with its size, how many cables it touches, and examples from different
    cables (misses cluster: one cable's layout repeats the same miss)."""
    total = sum(len(items) for items in misses.classes.values())
    print(f"\n## {title} misses by class ({total})")
    for failure_class, items in misses.ranked()[:classes]:
        cables = {item.split(" ", 1)[0] for item in items}
        print(f"  {len(items):4d}  in {len(cables):3d} cables  {failure_class}")
        shown: set[str] = set()
        for example in items:
            cable_id = example.split(" ", 1)[0]
            if cable_id in shown:
                continue
            shown.add(cable_id)
            print(f"          {example[:160]}")
            if len(shown) == examples:
                break


def report(result: Result, classes: int = 20, examples: int = 3) -> bool:
    """Print the figures and the misses; True when an issue 15 target is missed."""
    print(f"hand check: {result.cables} cables (rejected as not a cable: {result.rejected})")
    print("\n## signer (exact name as written, case-insensitive)")
    print(_line("signer", result.signer))
    print("\n## headings: (paragraph, heading) pairs; runs of a carried heading collapsed")
    for name, score in result.headings.items():
        note = "   <- contract figure" if name == CONTRACT_VARIANT else ""
        print(_line(name, score) + note)
    print(_line("every paragraph (raw)", result.uncollapsed) + "   (runs not collapsed)")
    print("  recall by kind:")
    for kind, score in result.kinds.items():
        print(f"    {kind:14s} R {score.recall:.3f} ({score.matched}/{score.expected})")
    _print_misses("signer", result.signer_misses, classes, examples)
    _print_misses("heading", result.heading_misses, classes, examples)
    missed = False
    for name, score in (("signer", result.signer), ("headings", result.headings[CONTRACT_VARIANT])):
        precision, recall = TARGETS[name]
        ok = score.precision >= precision and score.recall >= recall
        missed = missed or not ok
        print(f"\n{name}: target P >= {precision} R >= {recall}: " + ("ok" if ok else "BELOW"))
    return missed


def main(argv: list[str] | None = None) -> int:
    """Run the hand check; exit 1 when an issue 15 target is missed."""
    parser = argparse.ArgumentParser(description="Score signer and headings on the hand check.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    parser.add_argument("--examples", type=int, default=3, help="examples per failure class")
    parser.add_argument("--classes", type=int, default=20, help="failure classes shown")
    parser.add_argument("--ids", nargs="*", help="score only these cable ids")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus.resolve()
    if not (corpus / "cables").is_dir():
        print(f"no corpus under {corpus}", file=sys.stderr)
        return 2
    result = evaluate(corpus, load_fixture(args.fixture), args.ids)
    return 1 if report(result, args.classes, args.examples) else 0


if __name__ == "__main__":
    raise SystemExit(main())
