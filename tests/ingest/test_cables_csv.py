"""cables.csv: records cut exactly, verbatim, in constant memory."""

from __future__ import annotations

import csv
import gzip
import io
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.ingest import CABLES_CSV_DIALECT, IngestLimits, InputDocument, InputProblem, iter_inputs
from etl.ingest.csv_records import CsvRecord, CsvRecordSplitter, iter_csv_records, parse_record

BuildCablesCsv = Callable[..., bytes]
CsvRow = tuple[str, ...]

MiB = 1024 * 1024


def _documents(path: Path, limits: IngestLimits | None = None) -> list[InputDocument]:
    items = list(iter_inputs([path], limits or IngestLimits()))
    assert all(isinstance(item, InputDocument) for item in items), items
    return [item for item in items if isinstance(item, InputDocument)]


@pytest.mark.parametrize("escape_style", ["double", "backslash"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_each_record_becomes_one_verbatim_document(
    tmp_path: Path,
    seed_rows: list[CsvRow],
    render_csv: BuildCablesCsv,
    escape_style: str,
    line_end: str,
) -> None:
    rows = seed_rows
    data = render_csv(rows, header=True, escape_style=escape_style, line_end=line_end)
    path = tmp_path / "cables.csv"
    path.write_bytes(data)

    documents = _documents(path)

    assert [doc.source_path for doc in documents] == [
        f"{path}#row={number}" for number in range(1, len(rows) + 1)
    ]
    assert {doc.fmt for doc in documents} == {"csv-row"}
    for document, row in zip(documents, rows, strict=True):
        # Each record re-parses alone into exactly the fields that were written ...
        parsed = list(csv.reader(io.StringIO(document.data.decode("utf-8")), CABLES_CSV_DIALECT))
        assert parsed == [list(row)]
        # ... and is a verbatim slice of the file.
        assert document.data in data
    # Records plus header plus line endings rebuild the whole file: nothing lost, nothing added.
    header_line = data.split(line_end.encode(), 1)[0]
    rebuilt = (
        line_end.encode().join([header_line, *(doc.data for doc in documents)]) + line_end.encode()
    )
    assert rebuilt == data


def test_file_without_header_and_final_newline(
    tmp_path: Path, build_cables_csv: BuildCablesCsv
) -> None:
    data = build_cables_csv(header=False).rstrip(b"\n")
    path = tmp_path / "export.csv"
    path.write_bytes(data)

    documents = _documents(path)

    assert len(documents) == 5
    assert parse_record(documents[0].data)[0] == "1"
    assert documents[-1].data == data[-len(documents[-1].data) :]


def test_detected_by_content_without_csv_name(
    tmp_path: Path, build_cables_csv: BuildCablesCsv
) -> None:
    path = tmp_path / "cables-dump"
    path.write_bytes(build_cables_csv(header=False))

    assert [doc.fmt for doc in _documents(path)] == ["csv-row"] * 5


def test_other_csv_files_are_single_text_documents(tmp_path: Path) -> None:
    path = tmp_path / "metadata.csv"
    path.write_bytes(b"refid,subject,created\n09X1,hello,2009-01-01\n")

    documents = _documents(path)

    assert [(doc.source_path, doc.fmt) for doc in documents] == [(str(path), "text")]


def test_gzipped_cables_csv_streams_records(
    tmp_path: Path, build_cables_csv: BuildCablesCsv
) -> None:
    path = tmp_path / "cables.csv.gz"
    path.write_bytes(gzip.compress(build_cables_csv()))

    documents = _documents(path)

    assert [doc.source_path for doc in documents][:2] == [
        f"{path}!cables.csv#row=1",
        f"{path}!cables.csv#row=2",
    ]
    assert len(documents) == 5


def test_unbalanced_quote_stops_with_a_problem_not_memory(tmp_path: Path) -> None:
    path = tmp_path / "cables.csv"
    good = b'"1","01/01/2009 10:00","09A1","Embassy A","SECRET","","h","body"\n'
    broken = b'"2","01/01/2009 10:00","09A2","Embassy A","SECRET","","h","never closed\n'
    path.write_bytes(good + broken + b"more text\n" * 20_000)

    items = list(iter_inputs([path], IngestLimits(max_document_bytes=64 * 1024)))

    assert isinstance(items[0], InputDocument) and items[0].data == good.rstrip(b"\n")
    assert isinstance(items[1], InputProblem)
    assert items[1].source_path == f"{path}#row=2"
    assert "unbalanced quote" in items[1].reason
    # The file itself is what remains of row 2 and after: it is about the whole file.
    assert [item.source_path for item in items[2:]] == [str(path)]


def test_streaming_memory_is_independent_of_file_size(
    tmp_path: Path, seed_rows: list[CsvRow], render_csv: BuildCablesCsv
) -> None:
    rows = seed_rows
    block = render_csv(rows, header=False, escape_style="backslash")
    path = tmp_path / "cables.csv"
    repeats = (50 * MiB) // len(block) + 1
    with path.open("wb") as out:
        for _ in range(repeats):
            out.write(block)
    size = path.stat().st_size
    assert size >= 50 * MiB

    count = total = 0
    tracemalloc.start()
    try:
        for item in iter_inputs([path]):
            assert isinstance(item, InputDocument)
            count += 1
            total += len(item.data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == repeats * len(rows)
    assert total + count == size  # every byte but the line breaks is in a record
    assert peak < 8 * MiB, f"peak {peak / MiB:.1f} MiB for a {size / MiB:.0f} MiB file"


_FIELD = st.text(alphabet=st.sampled_from(list('ab ,"\\\n\r\té¶')), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(_FIELD, min_size=1, max_size=5), min_size=1, max_size=6),
    chunk_size=st.integers(min_value=1, max_value=40),
)
def test_splitter_agrees_with_the_csv_module(rows: list[list[str]], chunk_size: int) -> None:
    """Whatever a csv writer produces, the splitter cuts where csv.reader does, across chunks."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, CABLES_CSV_DIALECT).writerows(rows)
    data = buffer.getvalue().encode("utf-8")

    splitter = CsvRecordSplitter(max_record_bytes=1 << 20)
    cut: list[CsvRecord] = []
    for start in range(0, len(data), chunk_size):
        cut.extend(splitter.feed(data[start : start + chunk_size]))
    cut.extend(splitter.finish())
    assert all(record.open_quote is None for record in cut)
    records = [record.data for record in cut]

    reparsed = [
        list(csv.reader(io.StringIO(rec.decode("utf-8"), newline=""), CABLES_CSV_DIALECT))
        for rec in records
    ]
    whole = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), CABLES_CSV_DIALECT)
    assert reparsed == [[row] for row in whole if row]  # csv.reader gives [] for blank lines
    assert [record.data for record in iter_csv_records(io.BytesIO(data), 1 << 20)] == records


def _record(number: int, content: str) -> bytes:
    return (
        f'"{number}","01/0{number}/2009 10:00","09POST{number}","Embassy A","SECRET","","h",'
        f'"{content}"'
    ).encode()


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(
            b'"2","01/02/2009 10:00","09POST2","Embassy A","SECRET","","h","C:\\"', id="bs"
        ),
        pytest.param(
            b'"2","01/02/2009 10:00","09POST2","Embassy A","SECRET","","h","C:\\', id="bs-eol"
        ),
        pytest.param(
            b'"2","01/02/2009 10:00","09POST2","Embassy A","SECRET","","h","no end', id="eof"
        ),
    ],
)
@pytest.mark.parametrize("line_end", [b"\n", b"\r\n"])
def test_a_quote_left_open_is_withheld_and_does_not_swallow_the_next_record(
    tmp_path: Path, broken: bytes, line_end: bytes
) -> None:
    """A record whose quote runs into the next record is cut where that record starts, kept
    verbatim but withheld, and every later record keeps its own number."""
    records = [_record(1, "one"), broken, _record(3, "three\nmore"), _record(4, "four")]
    data = line_end.join(records) + line_end
    path = tmp_path / "cables.csv"
    path.write_bytes(data)

    items = list(iter_inputs([path]))

    assert all(isinstance(item, InputDocument) for item in items), items
    documents = [item for item in items if isinstance(item, InputDocument)]
    assert [doc.source_path for doc in documents] == [f"{path}#row={n}" for n in range(1, 5)]
    assert [doc.data for doc in documents] == records
    assert [doc.withheld is None for doc in documents] == [True, False, True, True]
    reason = documents[1].withheld or ""
    assert "row 2" in reason and "row 3 starts" in reason
    assert parse_record(documents[2].data)[2] == "09POST3"


def test_a_quote_still_open_at_the_end_of_the_file_is_withheld(tmp_path: Path) -> None:
    records = [_record(1, "one"), _record(2, "cut short").removesuffix(b'"')]
    path = tmp_path / "cables.csv"
    path.write_bytes(b"\n".join(records) + b"\n")

    documents = [item for item in iter_inputs([path]) if isinstance(item, InputDocument)]

    assert [doc.data for doc in documents] == records
    assert documents[0].withheld is None
    assert "the file ends" in (documents[1].withheld or "")


@pytest.mark.parametrize("chunk_size", [1, 2, 7, 47, 48, 49, 1000])
def test_an_open_quote_is_found_whatever_the_chunking(chunk_size: int) -> None:
    records = [_record(1, "a"), _record(2, "b").removesuffix(b'"'), _record(3, "c")]
    data = b"\r\n".join(records)
    splitter = CsvRecordSplitter(max_record_bytes=1 << 20)
    cut: list[CsvRecord] = []
    for start in range(0, len(data), chunk_size):
        cut.extend(splitter.feed(data[start : start + chunk_size]))
    cut.extend(splitter.finish())

    assert cut == [
        CsvRecord(records[0]),
        CsvRecord(records[1], "next-record"),
        CsvRecord(records[2]),
    ]


def test_a_cable_quoting_a_csv_line_is_not_a_record_start(tmp_path: Path) -> None:
    """Only a row number, a date and a reference id at a line start begin a record."""
    content = "He quoted:\n12,3/4/2009,then stopped\n7,1/2/2003 10:00,99 bottles"
    path = tmp_path / "cables.csv"
    path.write_bytes(_record(1, content) + b"\n" + _record(2, "two") + b"\n")

    documents = [item for item in iter_inputs([path]) if isinstance(item, InputDocument)]

    assert [doc.withheld for doc in documents] == [None, None]
    assert parse_record(documents[0].data)[7] == content
