"""The summary tables kept current by publishing equal their full recomputation.

A sequence of real loads of edited copies of the sample cables: new cables, a cable citing one
that arrives in a later batch, and an updated cable whose origin, routing indicator, mentions
and references change. After every load each summary table must equal its definition computed
from scratch (EXCEPT both ways), whether it was maintained incrementally or rebuilt.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import psycopg_connect
from etl.pipeline.loading import load_paths
from etl.warehouse import analyst, summary_maintenance
from tests.conftest import MakeDatabase

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "etl" / "sample_cables"
UPDATED = "06PHNOMPENH1092"  # sample 000
LATE = "06PHNOMPENH534"  # sample 002: cited by sample 000 before it is loaded


def _differences(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """Rows of each summary table missing from, or extra to, its full recomputation."""
    found: dict[str, int] = {}
    for name, query in analyst.SUMMARY_QUERIES.items():
        full = query.format(keys="")
        row = conn.execute(
            f"SELECT (SELECT count(*) FROM (SELECT * FROM {name} EXCEPT ({full})) a) "
            f"+ (SELECT count(*) FROM (({full}) EXCEPT SELECT * FROM {name}) b)"
        ).fetchone()
        assert row is not None
        found[name] = int(row[0])
    return found


def _migration_0006_stations() -> str:
    """The stations definition frozen in migration 0006 (the one analysts were promised)."""
    path = REPO / "migrations" / "versions" / "0006_maintained_summaries.py"
    spec = importlib.util.spec_from_file_location("migration_0006", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.STATIONS)


def _stations_differ_from_migration(conn: psycopg.Connection[Any]) -> int:
    """Rows in which the maintained stations table and the rewritten stations query differ
    from migration 0006's definition of stations, both ways."""
    frozen = _migration_0006_stations()
    ours = analyst.STATIONS_QUERY.format(keys="")
    row = conn.execute(
        f"SELECT (SELECT count(*) FROM (({frozen}) EXCEPT ({ours})) a) "
        f"+ (SELECT count(*) FROM (({ours}) EXCEPT ({frozen})) b) "
        f"+ (SELECT count(*) FROM (SELECT * FROM stations EXCEPT ({frozen})) c)"
    ).fetchone()
    assert row is not None
    return int(row[0])


def _sample(prefix: str) -> bytes:
    return next(SAMPLES.glob(f"{prefix}_*.txt")).read_bytes()


def _batch(root: Path, name: str, files: dict[str, bytes]) -> Path:
    folder = root / name
    folder.mkdir()
    for file_name, content in files.items():
        (folder / file_name).write_bytes(content)
    return folder


@pytest.mark.parametrize("share", [2.0, 0.0], ids=["incremental", "rebuild"])
def test_maintained_summaries_equal_their_full_recomputation(
    share: float,
    make_database: MakeDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 2.0: never rebuild (every publish maintains); 0.0: always rebuild.
    monkeypatch.setattr(summary_maintenance, "FULL_REBUILD_SHARE", share)
    url = make_database()
    first = _sample("000")
    citing = first.replace(
        b"[1](#)B. SECSTATE 89018", b"[1](#)B. SECSTATE 89018\n\nC. PHNOM PENH 534"
    )
    assert citing != first
    # The new rendering loses reference B (06STATE89018) but still cites the late cable.
    updated = (
        first.replace(b"[1](#)B. SECSTATE 89018", b"[1](#)B. PHNOM PENH 534")
        .replace(b"DE RUEHPF", b"DE RUEHBK")
        .replace(b"FM AMEMBASSY PHNOM PENH", b"FM AMEMBASSY BANGKOK")
        .replace(b"Sar Kheng", b"Hok Lundy")
    )
    batches = [
        {"a.txt": citing, "b.txt": _sample("001")},
        {"c.txt": _sample("002"), "d.txt": _sample("004")},
        {f"{UPDATED}.txt": updated, "e.txt": _sample("003")},
    ]
    with psycopg_connect(url, autocommit=True) as conn:
        for number, files in enumerate(batches, start=1):
            summary = load_paths([_batch(tmp_path, f"b{number}", files)], database_url=url)
            assert summary.published, summary.error
            assert _differences(conn) == dict.fromkeys(analyst.SUMMARY_TABLES, 0), number
            assert _stations_differ_from_migration(conn) == 0, number
            if number == 1:
                late = conn.execute(
                    "SELECT in_warehouse FROM cable_citation_counts WHERE cable_id = %s", (LATE,)
                ).fetchone()
                assert late == (False,)
        assert summary.cables_updated == 1
        # The sequence did exercise what it is meant to: the cited cable arrived, the updated
        # cable moved to another station and lost a reference and a person.
        assert conn.execute(
            "SELECT in_warehouse, citing_cable_count FROM cable_citation_counts "
            "WHERE cable_id = %s",
            (LATE,),
        ).fetchone() == (True, 1)
        origin = conn.execute("SELECT origin FROM cables WHERE cable_id = %s", (UPDATED,))
        assert origin.fetchone() == ("Embassy Bangkok",)
        assert conn.execute(
            "SELECT cable_count FROM stations WHERE origin = 'Embassy Bangkok'"
        ).fetchone() == (1,)
        assert conn.execute(
            "SELECT count(*) FROM entities WHERE cable_id = %s AND name = 'Sar Kheng'", (UPDATED,)
        ).fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM cable_citation_counts WHERE cable_id = '06STATE89018'"
        ).fetchone() == (0,)


def test_an_edited_tag_dictionary_reaches_every_station_with_the_next_load(
    make_database: MakeDatabase, tmp_path: Path
) -> None:
    url = make_database()
    folder = _batch(tmp_path, "seeds", {"a.txt": _sample("000"), "b.txt": _sample("001")})
    assert load_paths([folder], database_url=url).published
    with psycopg_connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT country FROM stations").fetchall() == [("Cambodia",)]
        # A dictionary (and stations) as an older CSV would have left them.
        conn.execute("UPDATE tag_definitions SET meaning = 'Kampuchea' WHERE code = 'CB'")
        conn.execute("UPDATE stations SET country = 'Kampuchea'")
        # Reloading changes no cable, but the dictionary is synchronised and stations follow.
        summary = load_paths([folder], database_url=url)
        assert (summary.cables_new, summary.cables_updated) == (0, 0)
        assert conn.execute("SELECT country FROM stations").fetchall() == [("Cambodia",)]
        assert _differences(conn) == dict.fromkeys(analyst.SUMMARY_TABLES, 0)


def test_stations_query_agrees_with_the_migration_on_ties_repeats_and_missing_values(
    make_database: MakeDatabase,
) -> None:
    """Routing indicators ranked by use (ties by name, nulls left out), a country tag that a
    cable repeats counted once, posts without country tags, the Secretary of State."""
    url = make_database()
    cables = [
        # cable, origin, indicator, date, tags
        ("A1", "Embassy Bangkok", "RUEHBK", "2005-01-01", ["TH", "TH", "TH", "BM"]),
        ("A2", "Embassy Bangkok", "RUEHCHI", "2005-01-02", ["BM"]),
        ("A3", "Embassy Bangkok", "RUEHCHI", None, ["BM", "PREL"]),
        ("A4", "Embassy Bangkok", "RUEHBK", "2004-03-01", []),
        ("A5", "Embassy Bangkok", None, "2006-01-01", ["TH"]),
        ("B1", "Consulate Chiang Mai", "RUEHCHI", "2005-02-01", ["TH", "BM"]),
        ("B2", "Consulate Chiang Mai", "RUEHBK", "2005-02-02", ["BM", "TH"]),
        ("C1", "Secretary of State", "RUEHC", "2005-01-01", ["IZ"]),
        ("D1", "USUN New York", None, None, ["UNSC"]),
        ("E1", "Embassy Nowhere", "RUEHNW", "2007-01-01", []),
    ]
    with psycopg_connect(url, autocommit=True) as conn:
        analyst.sync_tag_definitions(conn)
        for cable_id, origin, indicator, created, tags in cables:
            conn.execute(
                "INSERT INTO cables (cable_id, created_at, created_source, origin, "
                "origin_routing_indicator, parser_version, content_hash) "
                "VALUES (%s, %s, %s, %s, %s, 1, 'x')",
                (cable_id, created, "none" if created is None else "dtg", origin, indicator),
            )
            for position, tag in enumerate(tags, start=1):
                conn.execute(
                    "INSERT INTO tags (cable_id, position, tag) VALUES (%s, %s, %s)",
                    (cable_id, position, tag),
                )
        analyst.rebuild_analyst_summaries(conn)
        assert _stations_differ_from_migration(conn) == 0
        rows = conn.execute(
            "SELECT origin, routing_indicator, routing_indicators, country_code, cable_count "
            "FROM stations ORDER BY origin"
        ).fetchall()
    assert rows == [
        ("Consulate Chiang Mai", "RUEHBK", ["RUEHBK", "RUEHCHI"], "BM", 2),
        ("Embassy Bangkok", "RUEHBK", ["RUEHBK", "RUEHCHI"], "BM", 5),
        ("Embassy Nowhere", "RUEHNW", ["RUEHNW"], None, 1),
        ("Secretary of State", "RUEHC", ["RUEHC"], "US", 1),
        ("USUN New York", None, [], None, 1),
    ]


# (cable, origin, indicator, date, tags) of a warehouse before a batch.
_STATION_BASE: list[tuple[str, str, str | None, str | None, list[str]]] = [
    ("A1", "Embassy Bangkok", "RUEHBK", "2005-01-01", ["TH", "BM"]),
    ("A2", "Embassy Bangkok", "RUEHBK", "2005-01-02", ["TH"]),
    ("A3", "Embassy Bangkok", "RUEHCHI", "2005-01-03", ["BM", "PREL"]),
    ("B1", "Consulate Chiang Mai", "RUEHCHI", "2005-02-01", ["TH", "BM"]),
    ("B2", "Consulate Chiang Mai", "RUEHCHI", "2005-02-02", ["TH"]),
    ("C1", "Secretary of State", "RUEHC", "2005-01-01", ["IZ"]),
    ("D1", "Embassy Nowhere", "RUEHNW", "2007-01-01", ["PREL"]),
    ("E1", "Embassy Vientiane", "RUEHVN", "2006-01-01", ["LA"]),
    ("E2", "Embassy Vientiane", "RUEHVN", "2006-01-02", ["LA", "TH"]),
]

# Batches of new or replaced cables, each kind of change the maintenance tells apart: gains
# that keep the leaders (merged), ties and overtaking country tags, a new routing indicator,
# a new origin, a post without a country tag gaining one, replaced cables left as they were
# and replaced cables that change date, tags or origin.
_STATION_BATCHES: dict[str, list[tuple[str, str | None, str | None, str | None, list[str]]]] = {
    "gains keep the leaders": [
        ("A4", "Embassy Bangkok", "RUEHBK", "2004-12-31", ["TH", "BM"]),
        ("A5", "Embassy Bangkok", None, None, ["PREL"]),
        ("C2", "Secretary of State", "RUEHC", "2008-01-01", ["US", "FR"]),
        ("D2", "Embassy Nowhere", None, "2007-02-01", []),
    ],
    "a country tag ties the leader": [
        ("E3", "Embassy Vientiane", "RUEHVN", "2006-01-03", ["TH"]),
    ],
    "a country tag overtakes the leader": [
        ("B3", "Consulate Chiang Mai", "RUEHCHI", "2005-02-03", ["BM"]),
        ("B4", "Consulate Chiang Mai", "RUEHCHI", "2005-02-04", ["BM"]),
    ],
    "a routing indicator changes rank": [
        ("A6", "Embassy Bangkok", "RUEHCHI", "2005-03-01", ["TH"]),
        ("A7", "Embassy Bangkok", "RUEHCHI", "2005-03-02", ["TH"]),
    ],
    "a new origin and a post gaining its first country tag": [
        ("F1", "Embassy Rangoon", "RUEHGO", "2006-05-05", ["BM"]),
        ("D3", "Embassy Nowhere", "RUEHNW", "2007-03-01", ["CB"]),
    ],
    "replaced cables, unchanged and changed": [
        ("A1", "Embassy Bangkok", "RUEHBK", "2005-01-01", ["BM", "TH", "PREL"]),
        ("A2", "Embassy Bangkok", "RUEHBK", "2003-01-02", ["TH"]),
        ("E1", "Embassy Vientiane", "RUEHVN", "2006-01-01", ["BM"]),
        ("B1", "Embassy Rangoon", "RUEHGO", "2005-02-01", ["BM"]),
        ("C1", None, None, "2005-01-01", ["IZ"]),
    ],
}


def _put_cables(
    conn: psycopg.Connection[Any],
    cables: list[tuple[str, str | None, str | None, str | None, list[str]]],
) -> None:
    """Insert (or replace) hand-made cables and their tags."""
    for cable_id, origin, indicator, created, tags in cables:
        conn.execute("DELETE FROM tags WHERE cable_id = %s", (cable_id,))
        conn.execute(
            "INSERT INTO cables (cable_id, created_at, created_source, origin, "
            "origin_routing_indicator, parser_version, content_hash) "
            "VALUES (%s, %s, %s, %s, %s, 1, 'x') ON CONFLICT (cable_id) DO UPDATE SET "
            "created_at = EXCLUDED.created_at, created_source = EXCLUDED.created_source, "
            "origin = EXCLUDED.origin, "
            "origin_routing_indicator = EXCLUDED.origin_routing_indicator",
            (cable_id, created, "none" if created is None else "dtg", origin, indicator),
        )
        for position, tag in enumerate(tags, start=1):
            conn.execute(
                "INSERT INTO tags (cable_id, position, tag) VALUES (%s, %s, %s)",
                (cable_id, position, tag),
            )


@pytest.mark.parametrize("batch", list(_STATION_BATCHES), ids=list(_STATION_BATCHES))
def test_maintained_stations_equal_their_recomputation_for_every_kind_of_change(
    batch: str, make_database: MakeDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary_maintenance, "FULL_REBUILD_SHARE", 2.0)
    url = make_database()
    changes = _STATION_BATCHES[batch]
    with psycopg_connect(url) as conn:
        analyst.sync_tag_definitions(conn)
        _put_cables(conn, [(c, o, i, d, t) for c, o, i, d, t in _STATION_BASE])
        analyst.rebuild_analyst_summaries(conn)
        conn.execute(
            "INSERT INTO etl.table_row_counts (table_name, row_count) VALUES ('cables', %s) "
            "ON CONFLICT (table_name) DO UPDATE SET row_count = EXCLUDED.row_count",
            (len(_STATION_BASE),),
        )
        before = conn.execute("SELECT * FROM stations ORDER BY origin").fetchall()
        ids = [cable_id for cable_id, *_ in changes]
        update = summary_maintenance.SummaryUpdate.begin(
            conn, f"SELECT unnest(ARRAY{ids!r}::text[]) AS cable_id"
        )
        assert update.mode == "incremental"
        _put_cables(conn, changes)
        conn.execute("ANALYZE cables")
        update.finish(conn)
        assert _differences(conn) == dict.fromkeys(analyst.SUMMARY_TABLES, 0)
        assert _stations_differ_from_migration(conn) == 0
        # The batch did change what stations show (the comparison above is not vacuous).
        assert conn.execute("SELECT * FROM stations ORDER BY origin").fetchall() != before
        conn.rollback()
