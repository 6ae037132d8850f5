"""Stations and citations on a sample of real corpus cables from five posts (skipped without
../shared/corpus). Routing indicators and countries are public facts about these posts; the
country codes are the State Department's, which differ from ISO (CS, EG, UK, BR, IC)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from etl import database
from tests.conftest import MakeDatabase

pytestmark = pytest.mark.corpus

POSTS = {
    "SANJOSE": ("Embassy San Jose", "RUEHSJ", "CS", "Costa Rica"),
    "CAIRO": ("Embassy Cairo", "RUEHEG", "EG", "Egypt"),
    "LONDON": ("Embassy London", "RUEHLO", "UK", "United Kingdom"),
    "BRASILIA": ("Embassy Brasilia", "RUEHBR", "BR", "Brazil"),
    "REYKJAVIK": ("Embassy Reykjavik", "RUEHRK", "IC", "Iceland"),
}
CABLES_PER_POST = 8


@pytest.fixture(scope="module")
def corpus_sample_engine(shared_dir: Path, make_database: MakeDatabase) -> Iterator[sa.Engine]:
    from etl.pipeline.loading import load_paths

    cables = shared_dir / "corpus" / "cables" / "wikileaks-html"
    files = [
        path
        for station in POSTS
        for path in sorted(cables.glob(f"09{station}*.txt"))[:CABLES_PER_POST]
    ]
    url = make_database()
    summary = load_paths(files, database_url=url)
    assert summary.published, summary.error
    engine = database.engine(url)
    yield engine
    engine.dispose()


def test_stations_of_real_posts(corpus_sample_engine: sa.Engine) -> None:
    with corpus_sample_engine.connect() as connection:
        rows = {
            row.origin: (row.routing_indicator, row.country_code, row.country)
            for row in connection.execute(
                sa.text("SELECT origin, routing_indicator, country_code, country FROM stations")
            )
        }
    assert rows == {origin: (ri, code, name) for origin, ri, code, name in POSTS.values()}


def test_citation_counts_agree_with_the_reference_rows(corpus_sample_engine: sa.Engine) -> None:
    with corpus_sample_engine.connect() as connection:
        from_view: dict[str, int] = dict(
            connection.execute(
                sa.text("SELECT cable_id, citing_cable_count FROM cable_citation_counts")
            ).all()
        )
        cited_by: dict[str, set[str]] = {}
        for citing, cited in connection.execute(
            sa.text("SELECT cable_id, cited_id FROM cable_references WHERE cited_id IS NOT NULL")
        ):
            if citing != cited:
                cited_by.setdefault(cited, set()).add(citing)
        in_warehouse = set(connection.execute(sa.text("SELECT cable_id FROM cables")).scalars())
        flags: dict[str, bool] = dict(
            connection.execute(
                sa.text("SELECT cable_id, in_warehouse FROM cable_citation_counts")
            ).all()
        )
    assert from_view == {cited: len(citing) for cited, citing in cited_by.items()}
    assert flags == {cited: cited in in_warehouse for cited in cited_by}
    assert len(from_view) > 10
