"""Agreement between parser output and the release's metadata (issue 9's measurement).

The release's metadata has known flaws, so agreement rules follow issue 9: subjects agree when
one normalised subject is a prefix of the other; tags agree on token sets (hyphenated tags are
split in the listing), or when the listing is the leading tokens of the parsed tags (the listing
drops a wrapped second TAGS line). Used by ``scripts/measure_parser.py`` and the corpus test.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from etl.parsing.parser import parse_document
from etl.parsing.records import CableParseError, ParsedCable

TARGETS: dict[str, float] = {
    "id": 99.5,
    "created date": 99.5,
    "classification": 99.0,
    "origin": 98.0,
    "subject": 97.0,
    "tags": 97.0,
}
#: Rates over the files whose text gives a date (no target of their own in issue 9).
SECONDARY: tuple[str, ...] = ("id, dated text", "date, when found", "date, inferred")
_NON_WORD = re.compile(r"[^A-Z0-9]+")
_SUBJECT_NOISE = re.compile(r"<br\s*/?>|\\", re.I)
#: The listing sometimes keeps the tail of a subject marking: "S) SUBJECT", "(C) SUBJECT".
_LISTING_MARKING = re.compile(r"^\s*\(?[A-Z]{1,4}(?:/[A-Z]{1,4})?\)\s*")
#: How ``date_inference`` explanations begin (dates not read from a DTG).
_INFERRED_DATE = "The creation "


@dataclass(frozen=True, slots=True)
class Expected:
    """What the release's metadata says about one file."""

    source: str
    path: Path
    cable_id: str
    created_date: str | None = None  # YYYY-MM-DD
    classification: str | None = None
    origin: str | None = None
    subject: str | None = None
    tags: str | None = None


@dataclass(slots=True)
class Tally:
    """Agreement count and failure examples for one field."""

    checked: int = 0
    agreed: int = 0
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def record(self, ok: bool, failure_class: str, example: str) -> None:
        self.checked += 1
        if ok:
            self.agreed += 1
        else:
            self.failures[failure_class].append(example)

    @property
    def rate(self) -> float:
        return 100.0 * self.agreed / self.checked if self.checked else 0.0


def normalise_subject(text: str) -> str:
    """Upper case, ``<br>``/``\\`` removed, punctuation folded to single spaces."""
    return " ".join(_NON_WORD.sub(" ", _SUBJECT_NOISE.sub(" ", text).upper()).split())


def subjects_agree(parsed: str, listed: str) -> bool:
    """Prefix agreement: one normalised subject is a prefix of the other."""
    mine = normalise_subject(parsed)
    theirs = normalise_subject(_LISTING_MARKING.sub("", listed, count=1))
    if not mine or not theirs:
        return mine == theirs
    return mine.startswith(theirs) or theirs.startswith(mine)


def tag_tokens(tags: str) -> frozenset[str]:
    """Tokens of a tag list, so that ``ZANU-PF`` and ``ZANU PF`` agree."""
    return frozenset(_NON_WORD.sub(" ", tags.upper()).split())


def tags_agree(parsed: str, listed: str) -> bool:
    """Token-set equality; the listing also drops a wrapped second TAGS line, so a listing
    that is exactly the leading tokens of the parsed tags agrees too."""
    mine = _NON_WORD.sub(" ", parsed.upper()).split()
    theirs = _NON_WORD.sub(" ", listed.upper()).split()
    if set(mine) == set(theirs):
        return True
    return bool(theirs) and mine[: len(theirs)] == theirs


def expected_files(corpus: Path) -> Iterator[Expected]:
    """One Expected per primary corpus file, from the metadata CSVs."""
    metadata = corpus / "metadata"
    with (metadata / "wikileaks-html.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield Expected(
                source="wikileaks-html",
                path=corpus / row["file"],
                cable_id=row["refid"],
                created_date=row["created"][:10] or None,
                classification=row["classification"] or None,
                origin=row["origin"] or None,
                subject=row["subject"] or None,
                tags=row["tags"] or None,
            )
    with (metadata / "alx-layout-a.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield Expected(
                source="alx-layout-a",
                path=corpus / row["file"],
                cable_id=row["refid"],
                classification=row["classification"] or None,
                origin=row["origin"] or None,
            )
    with (metadata / "pdf-text.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield Expected(source="pdf-text", path=corpus / row["file"], cable_id=row["refid"])


def _kind(cable: ParsedCable) -> str:
    return "partial-extract" if cable.is_partial_extract else "telegram"


def compare(expected: Expected, cable: ParsedCable, tallies: dict[str, Tally]) -> None:
    """Add one file's agreements and failures to the tallies."""
    name = f"{expected.source}/{expected.path.name}"
    kind = f"{expected.source}, {_kind(cable)}"

    def check(field_name: str, ok: bool, got: object, want: object) -> None:
        failure = f"{kind}, {'missing' if got in (None, '') else 'different'}"
        tallies[field_name].record(ok, failure, f"{name}: got {got!r}, metadata {want!r}")

    check("id", cable.cable_id == expected.cable_id, cable.cable_id, expected.cable_id)
    if cable.created_at is not None:
        # About 450 partial extracts carry no date at all; these two rates leave them out.
        check(
            "id, dated text", cable.cable_id == expected.cable_id, cable.cable_id, expected.cable_id
        )
    if expected.created_date is not None:
        got = cable.created_at.date().isoformat() if cable.created_at else None
        check("created date", got == expected.created_date, got, expected.created_date)
        if got is not None:
            check("date, when found", got == expected.created_date, got, expected.created_date)
        inferred = any(problem.startswith(_INFERRED_DATE) for problem in cable.problems)
        if got is not None and inferred:
            check("date, inferred", got == expected.created_date, got, expected.created_date)
    if expected.classification is not None:
        check(
            "classification",
            cable.classification == expected.classification,
            cable.classification,
            expected.classification,
        )
    if expected.origin is not None:
        check("origin", cable.origin == expected.origin, cable.origin, expected.origin)
    if expected.subject is not None:
        check(
            "subject",
            subjects_agree(cable.subject, expected.subject),
            cable.subject,
            expected.subject,
        )
    if expected.tags is not None:
        got = " ".join(cable.tags)
        check("tags", tags_agree(got, expected.tags), got, expected.tags)


@dataclass(slots=True)
class Report:
    """Tallies per field for one corpus run."""

    files: int = 0
    rejected: int = 0
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {name: Tally() for name in [*TARGETS, *SECONDARY]}
    )


def measure(corpus: Path, with_names: bool = True) -> Report:
    """Parse every primary corpus file and compare it with the metadata CSVs.

    ``with_names``: pass each file's path as the pipeline does (``source_path``), so names
    that are reference ids act as hints; False measures what the text alone gives.
    """
    report = Report()
    for expected in expected_files(corpus):
        report.files += 1
        source_path = str(expected.path) if with_names else None
        try:
            cable = parse_document(expected.path.read_bytes(), source_path=source_path)
        except CableParseError as error:
            report.rejected += 1
            cable = ParsedCable(problems=[str(error)])
        compare(expected, cable, report.tallies)
    return report
