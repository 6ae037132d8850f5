"""A small hand-made warehouse whose every view answer can be worked out by reading it.

Four cables: two from Embassy Phnom Penh (one citing the other and a cable outside the
warehouse), one from the Secretary of State citing the older Phnom Penh cable, one from
Embassy Bangkok. Rows are inserted in the test's transaction and rolled back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from etl import database
from etl.warehouse.analyst import rebuild_analyst_summaries
from tests.conftest import MakeDatabase

# (cable_id, created_at, classification, origin, routing indicator, subject, paragraphs)
CABLES: list[tuple[str, str, str, str, str, str, list[str]]] = [
    (
        "09PHNOMPENH50",
        "2009-01-15 08:00+00",
        "UNCLASSIFIED",
        "Embassy Phnom Penh",
        "RUEHPF",
        "Anti-corruption law stalls",
        ["The draft anti-corruption law has not reached the Assembly.", "Donors are concerned."],
    ),
    (
        "09STATE200",
        "2009-02-10 12:00+00",
        "SECRET",
        "Secretary of State",
        "RUEHC",
        "Guidance on human trafficking demarche",
        [],
    ),
    (
        "09PHNOMPENH100",
        "2009-03-01 09:30+00",
        "CONFIDENTIAL",
        "Embassy Phnom Penh",
        "RUEHPF",
        "Ambassador raises trafficking with minister",
        [
            "The Ambassador met the Deputy Prime Minister on March 1.",
            "He raised human trafficking and the stalled\ninvestigations of brothel raids.",
            "Comment: the minister listened politely.",
        ],
    ),
    (
        "09BANGKOK7",
        "2009-04-01 10:00+00",
        "CONFIDENTIAL//NOFORN",
        "Embassy Bangkok",
        "RUEHBK",
        "Thai border talks",
        ["Border talks resumed in Bangkok."],
    ),
]

TAGS: dict[str, list[str]] = {
    "09PHNOMPENH50": ["PGOV", "KCOR", "CB"],
    "09STATE200": ["PREL", "CB", "TH", "STEINBERG, JAMES B."],
    "09PHNOMPENH100": ["PGOV", "KTIP", "CB", "ZZQQ"],
    "09BANGKOK7": ["PREL", "TH"],
}

# (kind, name) per addressee, in order
RECIPIENTS: dict[str, list[tuple[str, str]]] = {
    "09PHNOMPENH100": [("to", "SECSTATE WASHDC"), ("info", "AMEMBASSY BANGKOK")],
    "09STATE200": [("to", "AMEMBASSY PHNOM PENH"), ("to", "AMEMBASSY BANGKOK")],
}

# (cited_id or None, raw, kind)
REFERENCES: dict[str, list[tuple[str | None, str, str]]] = {
    "09PHNOMPENH100": [
        ("09STATE5", "A. STATE 5", "cable"),
        ("09PHNOMPENH50", "B. PHNOM PENH 50", "cable"),
        (None, "C. EMAIL FROM POL OFFICER", "email"),
    ],
    "09PHNOMPENH50": [("09STATE5", "STATE 5", "cable")],
    "09STATE200": [("09PHNOMPENH50", "PHNOM PENH 50", "cable")],
}

# (kind, name) per mention, in order
ENTITIES: dict[str, list[tuple[str, str]]] = {
    "09PHNOMPENH50": [("PERSON", "Sar Kheng"), ("PERSON", "Hun Sen")],
    "09STATE200": [("PERSON", "Hun Sen")],
    "09PHNOMPENH100": [
        ("PERSON", "Sar Kheng"),
        ("ORGANIZATION", "Ministry of Interior"),
        ("PERSON", "Sar Kheng"),
        ("LOCATION", "Phnom Penh"),
    ],
}


def _insert(connection: sa.Connection) -> None:
    for cable_id, created, classification, origin, indicator, subject, paragraphs in CABLES:
        connection.execute(
            sa.text(
                "INSERT INTO cables (cable_id, created_at, created_source, classification, "
                "origin, origin_routing_indicator, subject, body, parser_version, "
                "content_hash) VALUES (:id, :created, :source, :classification, :origin, "
                ":indicator, :subject, :body, 1, md5(:id))"
            ),
            {
                "id": cable_id,
                "created": created,
                "source": "none" if created is None else "dtg",
                "classification": classification,
                "origin": origin,
                "indicator": indicator,
                "subject": subject,
                "body": "\n\n".join(paragraphs),
            },
        )
        for position, text in enumerate(paragraphs, start=1):
            connection.execute(
                sa.text(
                    "INSERT INTO paragraphs (cable_id, position, text, is_comment) "
                    "VALUES (:id, :position, :text, :comment)"
                ),
                {
                    "id": cable_id,
                    "position": position,
                    "text": text,
                    "comment": text.startswith("Comment"),
                },
            )
    for cable_id, tags in TAGS.items():
        for position, tag in enumerate(tags, start=1):
            connection.execute(
                sa.text("INSERT INTO tags (cable_id, position, tag) VALUES (:id, :p, :tag)"),
                {"id": cable_id, "p": position, "tag": tag},
            )
    for cable_id, recipients in RECIPIENTS.items():
        for position, (kind, name) in enumerate(recipients, start=1):
            connection.execute(
                sa.text(
                    "INSERT INTO recipients (cable_id, position, kind, name) "
                    "VALUES (:id, :p, :kind, :name)"
                ),
                {"id": cable_id, "p": position, "kind": kind, "name": name},
            )
    for cable_id, references in REFERENCES.items():
        for position, (cited, raw, kind) in enumerate(references, start=1):
            connection.execute(
                sa.text(
                    "INSERT INTO cable_references (cable_id, position, cited_id, raw, kind) "
                    "VALUES (:id, :p, :cited, :raw, :kind)"
                ),
                {"id": cable_id, "p": position, "cited": cited, "raw": raw, "kind": kind},
            )
    for cable_id, mentions in ENTITIES.items():
        for position, (kind, name) in enumerate(mentions, start=1):
            connection.execute(
                sa.text(
                    "INSERT INTO entities (cable_id, position, kind, name, surface, "
                    "paragraph_position, start_offset, end_offset) "
                    "VALUES (:id, :p, :kind, :name, :name, 1, 0, length(:name))"
                ),
                {"id": cable_id, "p": position, "kind": kind, "name": name},
            )


def driver_connection(connection: sa.Connection) -> psycopg.Connection[Any]:
    """The psycopg connection under a SQLAlchemy one (same transaction)."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    return raw


@pytest.fixture(scope="session")
def handmade_engine(make_database: MakeDatabase) -> Iterator[sa.Engine]:
    """An engine on a fresh migrated database of its own, so no other test's cables leak in."""
    engine = database.engine(make_database())
    yield engine
    engine.dispose()


@pytest.fixture
def handmade(handmade_engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection that sees the hand-made cables with the summaries rebuilt; rolled back after."""
    with handmade_engine.connect() as connection:
        transaction = connection.begin()
        try:
            _insert(connection)
            rebuild_analyst_summaries(driver_connection(connection))
            yield connection
        finally:
            transaction.rollback()


SAMPLE_CABLES = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"


@pytest.fixture(scope="session")
def seed_engine(make_database: MakeDatabase) -> Iterator[sa.Engine]:
    """A fresh database holding the bundled sample cables, loaded through the real pipeline."""
    from etl.pipeline.loading import load_paths

    url = make_database()
    summary = load_paths([SAMPLE_CABLES], database_url=url)
    assert summary.published, summary.error
    assert summary.cables_new == len(list(SAMPLE_CABLES.glob("*.txt")))
    engine = database.engine(url)
    yield engine
    engine.dispose()
