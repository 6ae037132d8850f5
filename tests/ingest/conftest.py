"""Fixtures for the ingest tests: the five seed cables and a cables.csv builder."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from etl.ingest import CABLES_CSV_COLUMNS

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_SEEDS = REPO_ROOT / "etl" / "sample_cables"
SHARED_SEEDS = REPO_ROOT / ".." / "shared" / "seeds"

CsvRow = tuple[str, ...]
BuildCablesCsv = Callable[..., bytes]

#: Parts of a small cable for cables.csv records: the header field, and around the body.
HEADER = "R 281848Z DEC 06\nFM AMEMBASSY BERN\nTO SECSTATE WASHDC 0001"
OPENING = "UNCLAS BERN 000123\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL SZ\nSUBJECT: TEST\n\n"
CLOSING = "\n\n2. The last paragraph, which a cut body loses.\n\nSMITH\n"


def telegram(serial: int, filler: int = 0) -> bytes:
    """A small cable that parses and publishes as ``06BERN<serial>``; ``filler`` adds that many
    lines of hard-to-compress text to its body."""
    noise = "".join(
        f"{hashlib.sha256(f'{serial}/{line}'.encode()).hexdigest()}\n" for line in range(filler)
    )
    return (
        f"VZCZCXRO{serial:04d}\nRR RUEHC\nDE RUEHSW #{serial:04d}/01 3621848\nZNR UUUUU ZZH\n"
        f"R 281848Z DEC 06\nFM AMEMBASSY BERN\nTO RUEHC/SECSTATE WASHDC 0001\nBT\n"
        f"UNCLAS BERN {serial:06d}\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL SZ\n"
        f"SUBJECT: TEST CABLE {serial}\n\n1. Paragraph of cable {serial}. {_PROSE}\n{noise}\n"
        f"2. {_PROSE}\n\n3. {_PROSE}\n\nSMITH\n"
    ).encode()


#: Ordinary paragraph text, so that a test cable's paragraphs cover its body as a real one's do.
_PROSE = (
    "The minister said the government would review the proposal with its partners before "
    "the end of the year, and that the embassy would be kept informed of any decision "
    "taken by the cabinet on the matter."
)


def escape(value: str) -> str:
    """A value as the release dump writes it inside a quoted field."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\\n")


def release_record(
    number: int,
    ref_id: str,
    header: str,
    content: str,
    *,
    raw_content: bool = False,
    **columns: str,
) -> str:
    """One cables.csv record (no line end) of the release's eight columns, every field quoted
    and escaped; ``raw_content`` writes the content field exactly as given."""
    fields = (
        columns.get("date", "12/28/2006 18:48"),
        ref_id,
        columns.get("origin", "Embassy Bern"),
        columns.get("classification", "UNCLASSIFIED"),
        columns.get("references", ""),
        header,
    )
    quoted = [f'"{escape(field)}"' for field in fields]
    quoted.append(f'"{content if raw_content else escape(content)}"')
    return ",".join([str(number), *quoted])


@pytest.fixture(scope="session")
def seed_texts() -> list[bytes]:
    """The five seed cables as bytes (bundled copy first, then ../shared/seeds)."""
    for folder in (BUNDLED_SEEDS, SHARED_SEEDS):
        files = sorted(folder.glob("*.txt"))
        if files:
            return [file.read_bytes() for file in files]
    pytest.skip("no seed cables: neither etl/sample_cables nor ../shared/seeds is present")


def cable_rows(seed_texts: Sequence[bytes]) -> list[CsvRow]:
    """One cables.csv row per seed, in the release's column order, with awkward values.

    Header and content are split at the first blank line; a quoted phrase and a backslash are
    added so that every kind of escaping is exercised.
    """
    rows: list[CsvRow] = []
    for number, raw in enumerate(seed_texts, start=1):
        text = raw.decode("utf-8")
        header, _, content = text.partition("\n\n")
        content += '\nHe said "no comment", then left.\nPath C:\\TEMP\\x, 50% "done"'
        rows.append(
            (
                str(number),
                f"0{number}/2{number}/2009 10:0{number}",
                f"09TESTPOST{number}",
                'Embassy "Test", Post',
                "UNCLASSIFIED",
                f"09STATE{number}|09STATE{number + 1}",
                header,
                content,
            )
        )
    return rows


def render_cables_csv(
    rows: Sequence[CsvRow], *, header: bool, escape_style: str, line_end: str = "\n"
) -> bytes:
    """Write rows as the release did: every field quoted, newlines kept inside fields.

    ``escape_style`` "double" doubles embedded quotes (RFC 4180); "backslash" writes ``\\"``.
    """
    buffer = io.StringIO(newline="")
    if escape_style == "double":
        writer = csv.writer(
            buffer, quoting=csv.QUOTE_ALL, doublequote=True, lineterminator=line_end
        )
        prepared = [[field.replace("\\", "\\\\") for field in row] for row in rows]
    else:
        writer = csv.writer(
            buffer,
            quoting=csv.QUOTE_ALL,
            doublequote=False,
            escapechar="\\",
            lineterminator=line_end,
        )
        prepared = [list(row) for row in rows]
    if header:
        writer.writerow(CABLES_CSV_COLUMNS)
    writer.writerows(prepared)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def seed_rows(seed_texts: list[bytes]) -> list[CsvRow]:
    """The seeds as cables.csv rows (see ``cable_rows``)."""
    return cable_rows(seed_texts)


@pytest.fixture
def render_csv() -> Callable[..., bytes]:
    """The ``render_cables_csv`` function, for tests that build their own files."""
    return render_cables_csv


@pytest.fixture
def build_cables_csv(seed_texts: list[bytes]) -> BuildCablesCsv:
    """``build_cables_csv(header=True, escape_style="double")`` → cables.csv bytes of the seeds."""

    def build(*, header: bool = True, escape_style: str = "double", line_end: str = "\n") -> bytes:
        return render_cables_csv(
            cable_rows(seed_texts), header=header, escape_style=escape_style, line_end=line_end
        )

    return build
