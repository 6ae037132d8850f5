"""Fuzzing the parse stage as the pipeline runs it, with a time bound per example.

``tests/parsing/test_properties.py`` already checks that the parser raises nothing but
``CableParseError`` on arbitrary text, bytes and cable-word soups. These tests add what the
pipeline needs on top: texts assembled from real cable lines with random damage go through the
worker (``process_document``: parsing plus entity extraction) within a time limit, never raise,
and give rows PostgreSQL accepts (no NUL, valid UTF-8) — one unstorable value would fail the
COPY of a whole batch. Pathologically repetitive inputs (the kind that makes backtracking
regexes explode) must stay fast too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.pipeline.workers import WorkItem, process_document
from etl.warehouse.rows import cable_row, child_rows

SAMPLES = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"
SAMPLE_LINES = sorted(
    {line for path in SAMPLES.glob("*.txt") for line in path.read_text("utf-8").splitlines()}
)
#: Generous for one small document even on a loaded 2-core machine; a backtracking regex
#: blows through it by orders of magnitude.
PER_EXAMPLE = timedelta(seconds=5)


@st.composite
def damaged_cable(draw: st.DrawFn) -> str:
    """Real cable lines, reordered, repeated, cut, glued and sprinkled with junk."""
    lines = draw(st.lists(st.sampled_from(SAMPLE_LINES), min_size=1, max_size=80))
    damaged: list[str] = []
    for line in lines:
        action = draw(st.sampled_from(["keep", "keep", "cut", "glue", "junk", "repeat"]))
        if action == "cut":
            line = line[: draw(st.integers(0, len(line)))]
        elif action == "junk":
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(st.text(max_size=12)) + line[at:]
        elif action == "repeat":
            line = "\n".join([line] * draw(st.integers(2, 30)))
        if action == "glue" and damaged:
            damaged[-1] += line
        else:
            damaged.append(line)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return ending.join(damaged)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _assert_storable(data: bytes, fmt: str, source_path: str = "inbox/fuzz.txt") -> None:
    result = process_document(WorkItem(1, fmt, data, source_path))
    if result.cable is None:
        assert result.reject_reason and len(result.reject_reason) > 10
        assert not result.reject_reason.startswith("The parser failed"), result.reject_reason
        return
    rows = [cable_row(result.cable, document_id=1, content_hash="0" * 64, batch_id=1)]
    rows.extend(row for table in child_rows(result.cable).values() for row in table)
    for value in _strings(rows):
        assert "\x00" not in value
        value.encode("utf-8")  # lone surrogates would fail inside COPY


@settings(max_examples=150, deadline=PER_EXAMPLE, suppress_health_check=[HealthCheck.too_slow])
@given(
    damaged_cable(),
    st.sampled_from(["text", "auto"]),
    st.sampled_from(["utf-8", "cp1252"]),
    st.sampled_from(["inbox/x.txt", "inbox/06PHNOMPENH534.txt", "a.zip!09STATE1__rev20110101.txt"]),
)
def test_damaged_cables_parse_or_reject_in_bounded_time_into_storable_rows(
    text: str, fmt: str, encoding: str, source_path: str
) -> None:
    _assert_storable(text.encode(encoding, errors="replace"), fmt, source_path)


@settings(max_examples=100, deadline=PER_EXAMPLE, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000), st.sampled_from(["auto", "text", "html", "csv-row"]))
def test_arbitrary_bytes_through_the_worker_give_storable_rows_or_a_reason(
    data: bytes, fmt: str
) -> None:
    _assert_storable(data, fmt)


@pytest.mark.parametrize(
    "name, text",
    [
        ("long REF list", "REF: " + "A. 06 STATE 85578 AND 2764, " * 20_000),
        ("long TAGS line", "TAGS: " + "PGOV PREL [PHUM](#) " * 20_000),
        ("unclosed markdown", "[" * 100_000 + "(#" * 50_000),
        ("blank lines", "SUBJECT: X\n" + " \n" * 200_000),
        ("page breaks", "PHNOM PENH 00001092 002 OF 002\n" * 20_000),
        ("one long word", "X" * 1_000_000),
        ("capitalised names", "Mr. Hun Sen Sar Kheng " * 50_000),
    ],
)
def test_pathological_repetition_stays_fast(name: str, text: str) -> None:
    # Inside a real cable, after its header, so the text reaches every stage of the parser.
    lines = (SAMPLES / "001_3e91616061215ef8.txt").read_text("utf-8").splitlines()
    document = "\n".join([*lines[:28], text, *lines[28:]]).encode()
    # CPU time, not wall time: the bound guards against super-linear rules, and a shared
    # machine's load must not decide it.
    started = time.process_time()
    result = process_document(WorkItem(1, "text", document, "inbox/pathological.txt"))
    assert time.process_time() - started < 10, name
    assert result.cable is not None or result.reject_reason
