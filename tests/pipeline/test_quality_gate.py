"""The quality gate in the real pipeline: row-level quarantine and batch-level blocking."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from etl.cli import main
from etl.database import libpq_url

SEED_IDS = {
    "06PHNOMPENH1092",
    "09PHNOMPENH637",
    "06PHNOMPENH534",
    "09PHNOMPENH907",
    "06PHNOMPENH1606",
}


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(libpq_url(url)) as conn:
        return conn.execute(sql).fetchall()


def _future_copy_of_seed_002(seeds_dir: Path, target: Path) -> None:
    text = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8")
    future = (
        text.replace("06PHNOMPENH534", "35PHNOMPENH534", 1)
        .replace("+0100 2006", "+0100 2035")
        .replace("210959Z MAR 06", "210959Z MAR 35")
    )
    assert future != text
    target.write_text(future, encoding="utf-8")


def test_a_future_dated_cable_is_quarantined_and_the_rest_published(
    seeds_dir: Path, fresh_warehouse: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _future_copy_of_seed_002(seeds_dir, seeds_dir / "35PHNOMPENH534.txt")

    code = main(["load", str(seeds_dir)])

    assert code == 0, capsys.readouterr().err
    assert {str(r[0]) for r in _rows(fresh_warehouse, "SELECT cable_id FROM cables")} == SEED_IDS
    rejects = _rows(
        fresh_warehouse, "SELECT source_path, stage, expectation, reason FROM etl.rejects"
    )
    assert len(rejects) == 1
    path, stage, expectation, reason = rejects[0]
    assert str(path).endswith("35PHNOMPENH534.txt")
    assert stage == "quality"
    assert "created_at" in str(expectation) and "between" in str(expectation)
    assert reason
    failed = _rows(
        fresh_warehouse,
        "SELECT suite, expectation FROM etl.quality_results WHERE NOT success AND stage = 'parsed'",
    )
    assert ("parsed_cables", "expect_column_values_to_be_between") in failed


def test_a_blocking_failure_publishes_nothing_and_keeps_the_previous_state(
    seeds_dir: Path,
    fresh_warehouse: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["load", str(seeds_dir)]) == 0
    before = _rows(fresh_warehouse, "SELECT cable_id, md5(body), updated_at FROM cables ORDER BY 1")
    batch = tmp_path / "mostly-garbage"
    batch.mkdir()
    seed = next(seeds_dir.glob("002_*.txt"))
    (batch / "revised.txt").write_bytes(seed.read_bytes().replace(b"Sally Neumann", b"S. N."))
    for n in range(3):
        (batch / f"junk{n}.txt").write_text(f"not a cable {n}\n", encoding="utf-8")
    monkeypatch.setenv("CABLES_REJECT_RATE_THRESHOLD", "0.5")
    capsys.readouterr()

    code = main(["load", str(batch)])

    assert code == 1
    err = capsys.readouterr().err
    assert "not published" in err and "blocked" in err
    after = _rows(fresh_warehouse, "SELECT cable_id, md5(body), updated_at FROM cables ORDER BY 1")
    assert after == before
    status = _rows(
        fresh_warehouse, "SELECT status, error FROM etl.batches ORDER BY batch_id DESC LIMIT 1"
    )
    assert status[0][0] == "blocked" and "rejected" in str(status[0][1])
    assert _rows(fresh_warehouse, "SELECT count(*) FROM etl.stage_cables") == [(0,)]
