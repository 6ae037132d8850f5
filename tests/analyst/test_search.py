"""Paragraph search from an index, filtered cable search that reports its total, release links.

Answers are compared with what a plain scan (or filtering by hand) gives on the same data: the
hand-made cables (tests/analyst/conftest.py), the bundled sample cables and, when ../shared is
present, a slice of the development corpus.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from etl import database
from tests.conftest import MakeDatabase

from .conftest import CABLES, TAGS

PLAIN_SCAN = sa.text(
    "SELECT cable_id, position FROM paragraphs "
    "WHERE to_tsvector('english', text) @@ websearch_to_tsquery('english', :q)"
)
INDEX = "ix_paragraphs_search"


def _plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


def _paragraph_search_plan(connection: sa.Connection, query: str) -> list[dict[str, Any]]:
    raw = connection.execute(
        sa.text("EXPLAIN (FORMAT JSON) SELECT * FROM search_paragraphs(:q)"), {"q": query}
    ).scalar_one()
    document = json.loads(raw) if isinstance(raw, str) else raw
    return list(_plan_nodes(document[0]["Plan"]))


def _assert_no_paragraph_scan(nodes: list[dict[str, Any]]) -> None:
    scanned = [n for n in nodes if n.get("Relation Name") == "paragraphs"]
    assert scanned, "the plan does not read paragraphs at all"
    assert all(n["Node Type"] != "Seq Scan" for n in scanned), scanned
    assert any(n.get("Index Name") == INDEX for n in nodes)


def _paragraph_hits(connection: sa.Connection, query: str) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in connection.execute(
            sa.text("SELECT * FROM search_paragraphs(:q, NULL)"), {"q": query}
        ).mappings()
    ]


def _assert_same_as_plain_scan(connection: sa.Connection, query: str) -> int:
    hits = _paragraph_hits(connection, query)
    expected = {tuple(row) for row in connection.execute(PLAIN_SCAN, {"q": query})}
    assert {(h["cable_id"], h["position"]) for h in hits} == expected
    assert len(hits) == len(expected)
    assert all(h["total_matches"] == len(expected) for h in hits)
    ranks = [h["rank"] for h in hits]
    assert ranks == sorted(ranks, reverse=True)
    assert all("**" in h["snippet"] and "\n" not in h["snippet"] for h in hits)
    return len(hits)


# --- paragraph search on the sample cables (always runs) -----------------------------------


@pytest.mark.parametrize("query", ["police", "trafficking -labor", '"national committee"'])
def test_paragraph_search_equals_a_plain_scan_on_the_sample(
    seed_engine: sa.Engine, query: str
) -> None:
    with seed_engine.connect() as connection:
        assert _assert_same_as_plain_scan(connection, query) > 0


def test_paragraph_search_reads_the_index(seed_engine: sa.Engine) -> None:
    # Five cables are too few for the planner to prefer any index; forbidding sequential scans
    # shows the index matches the function's expression (on the corpus it is chosen unforced).
    with seed_engine.connect() as connection, connection.begin():
        connection.execute(sa.text("SET LOCAL enable_seqscan = off"))
        _assert_no_paragraph_scan(_paragraph_search_plan(connection, "police"))


def test_paragraph_search_pages_and_headings(seed_engine: sa.Engine) -> None:
    with seed_engine.connect() as connection:
        every = _paragraph_hits(connection, "police")
        pages = [
            dict(row)
            for offset in range(0, len(every), 4)
            for row in connection.execute(
                sa.text("SELECT * FROM search_paragraphs('police', 4, :o)"), {"o": offset}
            ).mappings()
        ]
        headings = {
            (cable_id, position): heading
            for cable_id, position, heading in connection.execute(
                sa.text("SELECT cable_id, position, heading FROM paragraphs")
            )
        }
    assert len(every) > 4
    assert pages == every
    assert all(h["heading"] == headings[(h["cable_id"], h["position"])] for h in every)


# --- search_cables with filters (hand-made cables) -----------------------------------------

ALL_FOUR = "trafficking OR border OR law OR donors"
SENT = {cable_id: datetime.fromisoformat(created) for cable_id, created, *_ in CABLES}
META = {cable_id: (origin, classification) for cable_id, _, classification, origin, *_ in CABLES}
FILTERS: list[dict[str, Any]] = [
    {"sent_by": "Embassy Phnom Penh"},
    {"classified_as": "confidential"},
    {"tagged": "CB"},
    {"tagged": "th", "sent_by": "Embassy Bangkok"},
    {"sent_from": date(2009, 2, 10)},
    {"sent_until": date(2009, 2, 10)},
    {"sent_from": date(2009, 2, 11), "sent_until": date(2009, 3, 31), "tagged": "KTIP"},
    {"sent_by": "Embassy Nowhere"},
]


def _by_hand(cable_id: str, filters: dict[str, Any]) -> bool:
    origin, classification = META[cable_id]
    sent = SENT[cable_id].astimezone(UTC).date()
    tagged = "tagged" not in filters or filters["tagged"].upper() in TAGS[cable_id]
    return (
        tagged
        and filters.get("sent_by", origin) == origin
        and filters.get("classified_as", classification).upper() == classification
        and filters.get("sent_from", sent) <= sent <= filters.get("sent_until", sent)
    )


def _search(connection: sa.Connection, max_results: int | None, **filters: Any) -> list[Any]:
    arguments = "".join(f", {name} => :{name}" for name in filters)
    return list(
        connection.execute(
            sa.text(f"SELECT * FROM search_cables(:q, :n{arguments})"),
            {"q": ALL_FOUR, "n": max_results, **filters},
        ).mappings()
    )


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "-".join(map(str, f.values())))
def test_filtered_search_equals_the_unfiltered_search_filtered_by_hand(
    handmade: sa.Connection, filters: dict[str, Any]
) -> None:
    unfiltered = _search(handmade, None)
    assert {row["cable_id"] for row in unfiltered} == set(SENT)
    filtered = _search(handmade, None, **filters)
    expected = [row["cable_id"] for row in unfiltered if _by_hand(row["cable_id"], filters)]
    assert [row["cable_id"] for row in filtered] == expected
    assert all(row["total_matches"] == len(expected) for row in filtered)


def test_a_search_with_more_matches_than_its_limit_reports_the_total(
    handmade: sa.Connection,
) -> None:
    every = _search(handmade, None, sent_by="Embassy Phnom Penh")
    assert len(every) == 2
    first = _search(handmade, 1, sent_by="Embassy Phnom Penh")
    assert [row["cable_id"] for row in first] == [every[0]["cable_id"]]
    assert first[0]["total_matches"] == 2
    second = list(
        handmade.execute(
            sa.text("SELECT cable_id FROM search_cables(:q, 1, result_offset => 1)"),
            {"q": ALL_FOUR},
        ).scalars()
    )
    assert second == [_search(handmade, None)[1]["cable_id"]]
    # The default limit is 100 and old two-argument calls keep working.
    assert len(handmade.execute(sa.text("SELECT * FROM search_cables('border', 5)")).all()) == 1


def test_release_url_names_the_month_the_cable_was_sent(handmade: sa.Connection) -> None:
    overview = handmade.execute(sa.text("SELECT cable_id, release_url FROM cable_overview"))
    rows: dict[str, str] = {str(row[0]): str(row[1]) for row in overview}
    assert rows == {
        cable_id: f"https://wikileaks.org/cable/{sent:%Y/%m}/{cable_id}.html"
        for cable_id, sent in ((c, s.astimezone(UTC)) for c, s in SENT.items())
    }
    # A cable sent at 23:30 on 31 January in New York is February in UTC, and so is its page.
    late = handmade.execute(
        sa.text("SELECT release_url('X1', '2009-01-31 23:30-05'), release_url('X2', NULL)")
    ).one()
    assert tuple(late) == ("https://wikileaks.org/cable/2009/02/X1.html", None)


# --- development corpus (skipped without ../shared) ----------------------------------------

CORPUS_CABLES = 600
CORPUS_QUERIES = ["police", "corruption -election", '"human rights" OR trafficking', "wheat"]


@pytest.fixture(scope="module")
def corpus_engine(shared_dir: Path, make_database: MakeDatabase) -> Iterator[sa.Engine]:
    from etl.pipeline.loading import load_paths

    files = sorted((shared_dir / "corpus" / "cables" / "wikileaks-html").glob("*.txt"))
    # An even spread over the sorted ids: all years and posts, not just the first few.
    url = make_database()
    summary = load_paths(files[:: max(1, len(files) // CORPUS_CABLES)], database_url=url)
    assert summary.published, summary.error
    engine = database.engine(url)
    with engine.connect() as connection, connection.begin():
        connection.execute(sa.text("ANALYZE paragraphs"))
    yield engine
    engine.dispose()


@pytest.mark.corpus
def test_paragraph_search_equals_a_plain_scan_on_the_corpus(corpus_engine: sa.Engine) -> None:
    with corpus_engine.connect() as connection:
        found = [_assert_same_as_plain_scan(connection, query) for query in CORPUS_QUERIES]
    assert all(n > 0 for n in found), found


@pytest.mark.corpus
def test_the_planner_chooses_the_index_on_the_corpus(corpus_engine: sa.Engine) -> None:
    with corpus_engine.connect() as connection:
        for query in CORPUS_QUERIES:
            _assert_no_paragraph_scan(_paragraph_search_plan(connection, query))


@pytest.mark.corpus
def test_release_url_matches_every_page_path_of_the_release(
    shared_dir: Path, handmade_engine: sa.Engine
) -> None:
    # The release filed each page as cable/YYYY/MM/ID.html; its metadata says where.
    with open(shared_dir / "corpus" / "metadata" / "wikileaks-html.csv", encoding="utf-8") as f:
        rows = [(r["refid"], r["created"] + "+00", r["source_path"]) for r in csv.DictReader(f)]
    assert len(rows) > 1000
    with handmade_engine.connect() as connection:
        urls = connection.execute(
            sa.text(
                "SELECT release_url(id, created::timestamptz) "
                "FROM unnest(CAST(:ids AS text[]), CAST(:created AS text[])) AS t(id, created)"
            ),
            {"ids": [r[0] for r in rows], "created": [r[1] for r in rows]},
        ).scalars()
        wrong = [
            (url, path)
            for url, (_, _, path) in zip(urls, rows, strict=True)
            if url != "https://wikileaks.org/cable/" + "/".join(path.split("/")[-3:])
        ]
    assert wrong == []
