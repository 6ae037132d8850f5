"""The publication policy through the command line: a flawed cable is loaded, published and
shown by ``cables status`` among the flagged cables."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from etl.cli import main
from etl.database import libpq_url

RELEASE_ID = "06PHNOMPENH998"


def test_a_cable_with_a_label_word_tag_is_published_and_counted_by_status(
    seeds_dir: Path, fresh_warehouse: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8")
    flawed = seed.replace("06PHNOMPENH534", RELEASE_ID, 1).replace(
        "TAGS: PHUM PREL CB", "TAGS: PHUM PREL CB REF"
    )
    assert flawed.count("REF") > seed.count("REF")
    (seeds_dir / f"{RELEASE_ID}.txt").write_text(flawed, encoding="utf-8")

    assert main(["load", str(seeds_dir)]) == 0, capsys.readouterr().err
    loaded = capsys.readouterr().out
    assert "cables flagged (published)" in loaded

    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        assert conn.execute("SELECT count(*) FROM cables").fetchone() == (6,)
        flags = conn.execute(
            "SELECT cable_id, stage, message, value FROM cable_quality_flags ORDER BY position"
        ).fetchall()
        assert conn.execute("SELECT count(*) FROM etl.rejects").fetchone() == (0,)
    # The label word, and the text's own id (the seed's) beside the release's.
    assert {(c, s, v) for c, s, _m, v in flags} == {
        (RELEASE_ID, "parsed", "tag=REF"),
        (RELEASE_ID, "parsed", "text_cable_id=06PHNOMPENH534"),
    }

    assert main(["status"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "flagged cables: 1 published with failed checks" in shown
    assert "unpublished inputs: 0" in shown
