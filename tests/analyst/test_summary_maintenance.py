"""The summary tables kept current by publishing equal their full recomputation.

A sequence of real loads of edited copies of the sample cables: new cables, a cable citing one
that arrives in a later batch, and an updated cable whose origin, routing indicator, mentions
and references change. After every load each summary table must equal its definition computed
from scratch (EXCEPT both ways), whether it was maintained incrementally or rebuilt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import psycopg_connect
from etl.pipeline.loading import load_paths
from etl.warehouse import analyst
from tests.conftest import MakeDatabase

SAMPLES = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"
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
    monkeypatch.setattr(analyst, "FULL_REBUILD_SHARE", share)
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
