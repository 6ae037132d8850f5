"""Container formats around cable text: the release's HTML pages, cables.csv records, and the
tab-separated cables.csv row some pages carry instead of a body.

Each unwrapper returns the cable text plus the :class:`SourceHints` the container gives.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

from etl.parsing.dates import parse_iso
from etl.parsing.records import CableParseError, SourceHints
from etl.parsing.release_csv import read_record
from etl.parsing.vocabulary import normalise_classification

FORMATS: tuple[str, ...] = ("auto", "text", "html", "csv-row")

#: ``date\trefid\torigin\tclassification\t`` opening a tab-separated release row.
_TAB_ROW = re.compile(
    r"^(?:\d{1,7}\t)?(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?)\t"
    r"(\d{2,4}[A-Z][A-Z0-9]*\d)\t([^\t\n]*)\t([^\t\n]*)\t",
    re.M,
)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2}))?$")
_CSV_START = re.compile(r'^"?\d+"?,"?(?:\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})')


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """Cable text taken out of its container, with the container's metadata."""

    text: str
    hints: SourceHints | None


def parse_release_date(value: str) -> datetime | None:
    """Dates as containers write them: ``2006-03-21 09:59[:00]`` or ``3/21/2006 9:59``."""
    value = value.strip()
    parsed = parse_iso(value)
    if parsed is not None:
        return parsed
    match = _US_DATE.match(value)
    if match is None:
        return None
    month, day, year, hour, minute = match.groups()
    return parse_iso(
        f"{year}-{int(month):02d}-{int(day):02d} {int(hour or 0):02d}:{minute or '00'}"
    )


def _unescape_row_text(value: str) -> str:
    """Release rows escape each line end with a backslash."""
    return value.replace("\\\n", "\n").replace("\\\t", "\t")


def release_hints(
    ref_id: str,
    created: str,
    origin: str,
    classification: str,
    released: str = "",
    source: str = "csv",
) -> SourceHints:
    """Hints from the columns of a release record (all as written in the record); ``source``
    names the container for ``created_source`` (``csv`` for release rows, ``page``)."""
    created_at = parse_release_date(created)
    return SourceHints(
        cable_id=ref_id.strip() or None,
        created_at=created_at,
        created_source=source if created_at is not None else None,
        released_at=parse_release_date(released) if released else None,
        classification=normalise_classification(classification) if classification else None,
        origin=" ".join(origin.split()) or None,
    )


def extract_tab_row(text: str) -> Unwrapped | None:
    """A text holding a whole tab-separated release row → the row's header + content."""
    if "\t" not in text:
        return None
    match = _TAB_ROW.search(text)
    if match is None:
        return None
    created, ref_id, origin, classification = match.groups()
    fields = text[match.end() :].split("\t", 2)
    while len(fields) < 3:
        fields.insert(0, "")
    _references, header, content = fields
    body = _unescape_row_text(header).rstrip() + "\n\n" + _unescape_row_text(content)
    return Unwrapped(text=body, hints=release_hints(ref_id, created, origin, classification))


def unwrap_csv_record(text: str) -> Unwrapped:
    """One record of the release's 8-column cables.csv (id, date, refid, origin,
    classification, references, header, content) → text + hints."""
    try:
        # The ingest splitter's dialect: it resolves the backslash escapes (\", \ + line end).
        row = read_record(text.lstrip("\ufeff"))
    except csv.Error:
        row = []
    if len(row) < 8:
        return Unwrapped(text=text, hints=None)
    _row_id, created, ref_id, origin, classification, _references, header, content = row[:8]
    body = header.rstrip() + "\n\n" + content
    return Unwrapped(text=body, hints=release_hints(ref_id, created, origin, classification))


class _CablePage(HTMLParser):
    """Collects the ``<table class='cable'>`` cells and the text of each ``<pre>`` block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_table = False
        self.tables = 0
        self.cell_kind: str | None = None
        self.headers: list[str] = []
        self.cells: list[str] = []
        self.pre_depth = 0
        self.pres: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and any(
            key == "class" and "cable" in (value or "") for key, value in attrs
        ):
            self.in_table = True
            self.tables += 1
        elif self.in_table and tag in ("td", "th"):
            self.cell_kind = tag
            (self.headers if tag == "th" else self.cells).append("")
        elif tag == "pre":
            self.pre_depth += 1
            self.pres.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.in_table = False
        elif tag in ("td", "th"):
            self.cell_kind = None
        elif tag == "pre" and self.pre_depth:
            self.pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.pre_depth:
            self.pres[-1].append(data)
        elif self.cell_kind == "th":
            self.headers[-1] += data
        elif self.cell_kind == "td":
            self.cells[-1] += data


def unwrap_html(text: str) -> Unwrapped:
    """A release "Cable Viewer" page → header + body text (tags removed, entities decoded).

    Raises CableParseError for a page with more than one cable table (two pages run
    together): its ``<pre>`` blocks cannot be assigned to the tables with any certainty."""
    page = _CablePage()
    page.feed(text)
    page.close()
    blocks = ["".join(parts) for parts in page.pres]
    body = "\n\n".join(blocks) if blocks else text
    pairs = list(zip(page.headers, page.cells, strict=False))
    if page.tables > 1:
        ids = [value.strip() for name, value in pairs if name.strip().lower() == "reference id"]
        raise CableParseError(
            f"The HTML page holds {page.tables} cables ({', '.join(ids) or 'ids not given'}) "
            "where a Cable Viewer page holds one: their texts cannot be told apart, so none "
            "is published from it."
        )
    columns = {name.strip().lower(): value.strip() for name, value in pairs}
    if not columns:
        return Unwrapped(text=body, hints=None)
    return Unwrapped(
        text=body,
        hints=release_hints(
            columns.get("reference id", ""),
            columns.get("created", ""),
            columns.get("origin", ""),
            columns.get("classification", ""),
            columns.get("released", ""),
            source="page",
        ),
    )


def sniff_format(text: str) -> str:
    """Guess the container of a decoded document: ``html``, ``csv-row`` or ``text``."""
    head = text.lstrip("\ufeff \n\t")[:2000]
    lowered = head.lower()
    if head.startswith("<") and ("<pre" in lowered or "<html" in lowered or "<table" in lowered):
        return "html"
    if _CSV_START.match(head):
        return "csv-row"
    return "text"


def unwrap(text: str, fmt: str) -> Unwrapped:
    """Unwrap decoded text of the given (or sniffed, for ``auto``) container format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = sniff_format(text)
    if fmt == "html":
        return unwrap_html(text)
    if fmt == "csv-row":
        return unwrap_csv_record(text)
    return extract_tab_row(text) or Unwrapped(text=text, hints=None)
