"""cables.csv escapes: the splitter and the parser read a record with one dialect, so no body
is cut short at an escaped quote (the release dump writes ``\\"``, ``\\\\`` and ``\\`` + line end).

Fragment tests write each escape form; the corpus test rebuilds real release rows (the 37
cables WikiLeaks served as a whole tab-separated release row, 21 of them in ../shared) as
cables.csv records and compares what is parsed, and what is published, with the row's content.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from etl.database import libpq_url
from etl.ingest import InputDocument, iter_inputs
from etl.ingest.csv_records import parse_record
from etl.parsing import parse_document
from etl.parsing.formats import unwrap
from etl.pipeline.loading import load_paths

from .conftest import CLOSING, HEADER, OPENING, escape, release_record


def _documents(path: Path) -> list[InputDocument]:
    items = list(iter_inputs([path]))
    assert all(isinstance(item, InputDocument) for item in items), items
    return [item for item in items if isinstance(item, InputDocument)]


#: Each escape form, as raw record text inside the content field, and what it stands for.
ESCAPE_FORMS = {
    "escaped quotes before a comma": (
        'He said \\"no, never\\", and left.',
        'He said "no, never", and left.',
    ),
    "escaped line ends": ("first line\\\nsecond line", "first line\nsecond line"),
    "escaped CRLF line ends": ("first line\\\r\nsecond line", "first line\nsecond line"),
    "escaped backslashes": ("path C:\\\\TEMP\\\\x, done", "path C:\\TEMP\\x, done"),
    "escaped backslash before a quote": ('a path C:\\\\\\", quoted', 'a path C:\\", quoted'),
    "escaped comma": ("one\\, two", "one, two"),
    "escaped tab": ("col\\\tcol", "col\tcol"),
    "doubled quotes": ('say ""yes"", then stop', 'say "yes", then stop'),
}


@pytest.mark.parametrize("form", ESCAPE_FORMS)
def test_each_escape_form_is_read_whole_by_the_splitter_and_the_parser(
    tmp_path: Path, form: str
) -> None:
    raw, meant = ESCAPE_FORMS[form]
    written = escape(OPENING + "1. ") + raw + escape(CLOSING)
    lines = [
        release_record(1, "06BERN1", HEADER, OPENING + "1. Before." + CLOSING),
        release_record(2, "06BERN2", HEADER, written, raw_content=True),
        release_record(3, "06BERN3", HEADER, OPENING + "1. After." + CLOSING),
    ]
    path = tmp_path / "cables.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))

    documents = _documents(path)

    assert [doc.source_path for doc in documents] == [f"{path}#row={n}" for n in (1, 2, 3)]
    content = OPENING + "1. " + meant + CLOSING
    text = content.replace("\r\n", "\n")
    fields = parse_record(documents[1].data)
    assert fields[:3] == ["2", "12/28/2006 18:48", "06BERN2"]
    assert fields[7].replace("\r\n", "\n") == text
    assert unwrap(documents[1].data.decode("utf-8").replace("\r\n", "\n"), "csv-row").text == (
        HEADER + "\n\n" + text
    )
    cable = parse_document(documents[1].data, "csv-row", documents[1].source_path)
    assert cable.cable_id == "06BERN2"
    assert cable.body == text.strip()
    assert [doc.data.decode() for doc in documents] == lines


def test_a_content_field_longer_than_the_csv_modules_field_limit(tmp_path: Path) -> None:
    """csv's default field limit is 128 KiB; real cables are longer than that."""
    paragraph = 'Long text, quoted "x". ' * 300
    long_content = OPENING + "".join(f"{n}. {paragraph}\n\n" for n in range(40))
    path = tmp_path / "cables.csv"
    path.write_text(release_record(1, "06BERN9", HEADER, long_content) + "\n", encoding="utf-8")

    [document] = _documents(path)

    assert len(parse_record(document.data)[7]) > 200_000
    assert parse_document(document.data, "csv-row").body == long_content.strip()


def test_an_embedded_release_record_keeps_its_escaped_quotes() -> None:
    """A rendering whose text is a comma-separated release record reads with the same dialect."""
    content = OPENING + '1. He said \\"no, never\\", and left.\\\n' + CLOSING.replace("\n", "\\\n")
    record = (
        '4711,12/28/2006 18:48,06BERN77,"Embassy Bern",UNCLASSIFIED,"",'
        f'"{HEADER.replace(chr(10), chr(92) + chr(10))}","{content}"'
    )

    cable = parse_document(("Some page text\n\n" + record + "\n").encode(), "text")

    assert cable.cable_id == "06BERN77"
    assert cable.body.endswith("SMITH")
    assert '1. He said "no, never", and left.' in cable.body


# --- real release rows ----------------------------------------------------------------------

#: ``date\trefid\torigin\tclassification\treferences\theader\tcontent``, line ends escaped.
_TAB_ROW = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):\d{2}\t", re.M)


@dataclass(frozen=True)
class ReleaseRow:
    """A release row found in a corpus rendering, with the rendering's own bytes."""

    ref_id: str
    us_date: str
    origin: str
    classification: str
    references: str
    header: str
    content: str
    rendering: bytes


def release_rows(shared: Path) -> list[ReleaseRow]:
    """The corpus cables served as a whole release row (``csv_row_format=yes``)."""
    corpus = shared / "corpus"
    with (corpus / "metadata" / "wikileaks-html.csv").open(newline="", encoding="utf-8") as handle:
        listed = [row for row in csv.DictReader(handle) if row["csv_row_format"] == "yes"]
    rows = []
    for entry in listed:
        rendering = (corpus / entry["file"]).read_bytes()
        text = rendering.decode("utf-8")
        match = _TAB_ROW.search(text)
        assert match is not None, entry["file"]
        fields = [f.replace("\\\n", "\n") for f in text[match.start() :].split("\t", 6)]
        _, ref_id, origin, classification, references, header, content = fields
        year, month, day, hour, minute = match.groups()
        us_date = f"{int(month)}/{int(day)}/{year} {hour}:{minute}"
        rows.append(
            ReleaseRow(
                ref_id, us_date, origin, classification, references, header, content, rendering
            )
        )
    return rows


def write_release_csv(rows: list[ReleaseRow], path: Path) -> None:
    """The rows as the release's cables.csv writes them (header line, escapes)."""
    lines = ["id,date,refid,origin,classification,references,header,content"]
    for number, row in enumerate(rows, start=1):
        lines.append(
            release_record(
                number,
                row.ref_id,
                row.header,
                row.content,
                date=row.us_date,
                origin=row.origin,
                classification=row.classification,
                references=row.references,
            )
        )
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def _words(text: str) -> list[str]:
    return text.split()


@pytest.mark.corpus
def test_real_release_rows_parse_to_their_whole_content(shared_dir: Path, tmp_path: Path) -> None:
    rows = release_rows(shared_dir)
    assert len(rows) >= 20
    assert sum('"' in row.content for row in rows) >= 10  # the rows that were cut short
    path = tmp_path / "cables.csv"
    write_release_csv(rows, path)

    documents = _documents(path)

    assert len(documents) == len(rows)
    for row, document in zip(rows, documents, strict=True):
        cable = parse_document(document.data, document.fmt, document.source_path)
        assert cable.cable_id == row.ref_id
        # The whole content: it ends where the row ends, and only page-break lines are dropped.
        last_line = row.content.strip().splitlines()[-1].strip()
        assert cable.body.endswith(last_line), row.ref_id
        assert len(_words(cable.body)) >= 0.98 * len(_words(row.content)), row.ref_id
        # Exactly what the rendering of the same row (tab-separated) parses to.
        assert cable.body == parse_document(row.rendering, "text").body, row.ref_id


@pytest.mark.corpus
@pytest.mark.slow
def test_real_release_rows_are_published_with_their_whole_content(
    shared_dir: Path, tmp_path: Path, make_database: Callable[..., str]
) -> None:
    database_url = make_database()
    rows = release_rows(shared_dir)
    path = tmp_path / "cables.csv"
    write_release_csv(rows, path)

    summary = load_paths([path], database_url=database_url, workers=1)

    assert summary.published, summary.error
    with psycopg.connect(libpq_url(database_url)) as conn:
        published: dict[str, str] = dict(
            conn.execute("SELECT cable_id, body FROM cables").fetchall()
        )
    assert set(published) == {row.ref_id for row in rows}
    for row in rows:
        body = published[row.ref_id]
        assert body.endswith(row.content.strip().splitlines()[-1].strip()), row.ref_id
        assert len(_words(body)) >= 0.98 * len(_words(row.content)), row.ref_id
        assert body == parse_document(row.rendering, "text").body, row.ref_id
