"""Agreement between parser output and the release's own metadata (issues 9 and 15).

Two sets of the development corpus are measured:

* **texts**: the text renderings (``wikileaks-html``, ``alx-layout-a``, ``pdf-text``) against
  ``corpus/metadata/*.csv``;
* **revisions**: the older renderings (``wikileaks-html-revisions``) against
  ``corpus/metadata/wikileaks-html-revisions.csv`` (id, created, classification, origin);
* **pages**: the real Cable Viewer pages (``wikileaks-pages``) against each page's own table,
  read here by a reader of its own (not the parser's), and against ``wikileaks-html.csv`` for
  subject and tags, which the table does not carry.

The release's metadata has known flaws, so the agreement rules are lenient where it is wrong:
subjects agree when one normalised subject is a prefix of the other; tags agree on token sets
(hyphenated tags are split in the listing), or when the listing is the leading tokens of the
parsed tags (the listing drops a wrapped second TAGS line, the cable's own TAGS lines decide).
Created dates are compared only where the input states one (the page table, a DTG line, the
metadata block): a text without a date gets none, and how many do is counted apart. The
partial-extract flag is compared with whether the document holds the release's notice.

Each set is also split in two halves by a hash of the reference id: rules are tuned on the
failures of the ``tuning`` half only, and the ``check`` half shows whether they generalise.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from etl.parsing.parser import parse_document
from etl.parsing.records import CableParseError, ParsedCable

#: Issue 15's targets on the development corpus (percent).
TARGETS: dict[str, dict[str, float]] = {
    "texts": {"id": 99.8, "classification": 99.0, "subject": 99.5, "tags": 99.5},
    "pages": {"id": 99.9, "created date": 99.9, "classification": 99.9, "origin": 99.9},
}
FIELDS: tuple[str, ...] = (
    "id",
    "created date",
    "classification",
    "origin",
    "subject",
    "tags",
    "partial flag",
)
#: Shares of cables that have a value (no truth to compare with).
SHARES: tuple[str, ...] = ("recipients", "references", "signer", "summary")
HALVES: tuple[str, ...] = ("all", "tuning", "check")
_NON_WORD = re.compile(r"[^A-Z0-9]+")
_SUBJECT_NOISE = re.compile(r"<br\s*/?>|\\", re.I)
#: The listing sometimes keeps the tail of a subject marking: "S) SUBJECT", "(C) SUBJECT".
_LISTING_MARKING = re.compile(r"^\s*\(?[A-Z]{1,4}(?:/[A-Z]{1,4})?\)\s*")
_NOTICE = "partial extract of the original cable"
#: A DTG line of a transmission header (independent of the parser's own patterns).
_DTG_LINE = re.compile(r"^\s*[ZOPR]{1,2}(?:\s[ZOPR])?\s+\d{6}Z\s+[A-Za-z]{3}\s+\d{2,4}\b", re.M)
_TABLE = re.compile(r"<table class='cable'>(.*?)</table>", re.S)
_CELL = re.compile(r"<td>\s*(?:<a [^>]*>)?([^<]*)(?:</a>)?\s*</td>", re.S)
_RUBY_DATE = re.compile(r"^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) [\d:]{8} [+-]\d{4} (\d{4})$")
_MONTHS = {name: number for number, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
)}  # fmt: skip


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

    @property
    def half(self) -> str:
        """``tuning`` or ``check``: a fixed split by a hash of the reference id."""
        return "tuning" if hashlib.sha256(self.cable_id.encode()).digest()[0] % 2 else "check"


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


@dataclass(slots=True)
class Report:
    """Tallies per field, shares and creation-date sources for one set (or half of it)."""

    files: int = 0
    rejected: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    shares: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in SHARES})
    created_sources: Counter[str] = field(default_factory=Counter)


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


def _ruby_date(value: str) -> str | None:
    match = _RUBY_DATE.match(value.strip())
    if match is None or match.group(1).upper() not in _MONTHS:
        return None
    month, day, year = _MONTHS[match.group(1).upper()], int(match.group(2)), match.group(3)
    return f"{year}-{month:02d}-{day:02d}"


def _metadata_rows(corpus: Path, name: str) -> Iterator[dict[str, str]]:
    """The rows of one of the corpus's metadata listings (``.tsv``: tab-separated)."""
    with (corpus / "metadata" / name).open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t" if name.endswith(".tsv") else ",")


def _listed(
    source: str, corpus: Path, row: dict[str, str], created_date: str | None, *, described: bool
) -> Expected:
    """What a metadata CSV row says about its file (``described``: with subject and tags)."""
    return Expected(
        source=source,
        path=corpus / row["file"],
        cable_id=row["refid"],
        created_date=created_date,
        classification=row["classification"] or None,
        origin=row["origin"] or None,
        subject=(row["subject"] or None) if described else None,
        tags=(row["tags"] or None) if described else None,
    )


def text_renderings(corpus: Path) -> Iterator[Expected]:
    """One Expected per text rendering, from the metadata CSVs."""
    for row in _metadata_rows(corpus, "wikileaks-html.csv"):
        yield _listed("wikileaks-html", corpus, row, row["created"][:10] or None, described=True)
    for row in _metadata_rows(corpus, "alx-layout-a.csv"):
        yield _listed("alx-layout-a", corpus, row, _ruby_date(row["date_line"]), described=False)
    for row in _metadata_rows(corpus, "pdf-text.csv"):
        yield Expected(source="pdf-text", path=corpus / row["file"], cable_id=row["refid"])


def revision_renderings(corpus: Path) -> Iterator[Expected]:
    """One Expected per older rendering (``REFID__revYYYYMMDD.txt``), from its listing."""
    for row in _metadata_rows(corpus, "wikileaks-html-revisions.csv"):
        created = row["created"][:10] or None
        yield _listed("wikileaks-html-revisions", corpus, row, created, described=False)


def page_table(page: str) -> list[str]:
    """The five cells of a Cable Viewer page's table (id, created, released, classification,
    origin), entities decoded; empty when the page has no such table."""
    table = _TABLE.search(page)
    if table is None:
        return []
    return [html.unescape(cell).strip() for cell in _CELL.findall(table.group(1))]


def release_pages(corpus: Path) -> Iterator[Expected]:
    """One Expected per real page: the table's values, subject and tags from the listing."""
    listing = {row["refid"]: row for row in _metadata_rows(corpus, "wikileaks-html.csv")}
    for row in _metadata_rows(corpus, "wikileaks-pages.tsv"):
        path = corpus / row["file"]
        cells = page_table(path.read_text(encoding="utf-8", errors="replace"))
        ref_id, created, _released, classification, origin = (cells + [""] * 5)[:5]
        listed = listing.get(row["refid"], {})
        yield Expected(
            source="wikileaks-pages",
            path=path,
            cable_id=ref_id or row["refid"],
            created_date=created[:10] or None,
            classification=classification or None,
            origin=origin or None,
            subject=listed.get("subject") or None,
            tags=listed.get("tags") or None,
        )


def _states_a_date(expected: Expected, raw: str) -> bool:
    """Whether the input states a creation date: a container date, or a DTG header line."""
    if expected.source in ("wikileaks-pages", "alx-layout-a"):
        return expected.created_date is not None
    return _DTG_LINE.search(raw) is not None


def compare(expected: Expected, cable: ParsedCable, raw: str, report: Report) -> None:
    """Add one file's agreements, failures and shares to ``report``."""
    name = f"{expected.source}/{expected.path.name}"
    kind = f"{expected.source}, {'partial-extract' if cable.is_partial_extract else 'telegram'}"
    tallies = report.tallies

    def check(field_name: str, ok: bool, got: object, want: object) -> None:
        failure = f"{kind}, {'missing' if got in (None, '') else 'different'}"
        tallies[field_name].record(ok, failure, f"{name}: got {got!r}, metadata {want!r}")

    check("id", cable.cable_id == expected.cable_id, cable.cable_id, expected.cable_id)
    got_date = cable.created_at.date().isoformat() if cable.created_at else None
    if expected.created_date is not None and (
        got_date is not None or _states_a_date(expected, raw)
    ):
        check("created date", got_date == expected.created_date, got_date, expected.created_date)
    for field_name, got, want in (
        ("classification", cable.classification, expected.classification),
        ("origin", cable.origin, expected.origin),
    ):
        if want is not None:
            check(field_name, got == want, got, want)
    if expected.subject is not None:
        ok = subjects_agree(cable.subject, expected.subject)
        check("subject", ok, cable.subject, expected.subject)
    if expected.tags is not None:
        got_tags = " ".join(cable.tags)
        check("tags", tags_agree(got_tags, expected.tags), got_tags, expected.tags)
    notice = _NOTICE in raw.lower()
    check("partial flag", cable.is_partial_extract == notice, cable.is_partial_extract, notice)
    for share, value in (
        ("recipients", cable.recipients),
        ("references", cable.references),
        ("signer", cable.signer),
        ("summary", cable.summary),
    ):
        report.shares[share].record(bool(value), "none", name)
    report.created_sources[cable.created_source] += 1


def measure(corpus: Path, kind: str = "texts", with_names: bool = True) -> dict[str, Report]:
    """Parse every file of one set (``texts``, ``revisions`` or ``pages``) and compare it with
    the release's metadata; one Report for the whole set and one per half.

    ``with_names``: pass each file's path as the pipeline does (``source_path``), so names
    that are reference ids act as the release's id; False measures what the content alone
    gives.
    """
    reports = {half: Report() for half in HALVES}
    sets = {"texts": text_renderings, "revisions": revision_renderings, "pages": release_pages}
    expected_files = sets[kind](corpus)
    for expected in expected_files:
        data = expected.path.read_bytes()
        source_path = str(expected.path) if with_names else None
        try:
            cable = parse_document(data, source_path=source_path)
            rejected = False
        except CableParseError as error:
            cable, rejected = ParsedCable(problems=[str(error)]), True
        raw = html.unescape(data.decode("utf-8", errors="replace"))
        for half in ("all", expected.half):
            reports[half].files += 1
            reports[half].rejected += rejected
            compare(expected, cable, raw, reports[half])
    return reports
