"""The schema enforces what analysts rely on: keys, cascades, allowed values, full-text search."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from etl.warehouse.models import Batch, Cable, Entity, Paragraph, Recipient, Tag


def _session(connection: sa.Connection) -> Session:
    # A failed flush then rolls back only its savepoint, not the test's transaction.
    return Session(bind=connection, join_transaction_mode="create_savepoint")


def _cable(cable_id: str = "06PHNOMPENH534", **overrides: object) -> Cable:
    fields: dict[str, object] = {
        "cable_id": cable_id,
        "subject": "Cambodian election preparations",
        "body": "The embassy observed voter registration in several provinces.",
        "parser_version": 1,
        "content_hash": "0" * 64,
    }
    fields.update(overrides)
    return Cable(**fields)


def test_cable_with_children_round_trips(db_connection: sa.Connection) -> None:
    with _session(db_connection) as session:
        cable = _cable(caveats=["SIPDIS"])
        cable.recipients = [
            Recipient(position=1, kind="to", name="SECSTATE WASHDC"),
            Recipient(position=2, kind="info", name="AMEMBASSY BANGKOK"),
        ]
        cable.tags = [Tag(position=1, tag="PGOV"), Tag(position=2, tag="CB")]
        session.add(cable)
        session.flush()
        session.expire_all()

        loaded = session.get_one(Cable, "06PHNOMPENH534")
        assert [r.name for r in loaded.recipients] == ["SECSTATE WASHDC", "AMEMBASSY BANGKOK"]
        assert [t.tag for t in loaded.tags] == ["PGOV", "CB"]
        assert loaded.caveats == ["SIPDIS"]
        assert loaded.problems == []
        assert loaded.is_partial_extract is False
        assert loaded.updated_at is not None


def test_deleting_a_cable_deletes_its_rows(db_connection: sa.Connection) -> None:
    with _session(db_connection) as session:
        cable = _cable()
        cable.paragraphs = [Paragraph(position=1, text="Summary.")]
        session.add(cable)
        session.flush()
        db_connection.execute(sa.text("DELETE FROM cables WHERE cable_id = '06PHNOMPENH534'"))
        remaining = db_connection.execute(sa.text("SELECT count(*) FROM paragraphs")).scalar()
        assert remaining == 0


def _search(connection: sa.Connection, query: str) -> list[str]:
    found = connection.execute(
        sa.text(
            "SELECT cable_id FROM cables "
            "WHERE search @@ websearch_to_tsquery('english', :query) ORDER BY cable_id"
        ),
        {"query": query},
    ).scalars()
    return list(found)


def test_search_column_follows_subject_and_body(db_connection: sa.Connection) -> None:
    with _session(db_connection) as session:
        session.add_all(
            [
                _cable("06PHNOMPENH534"),
                _cable("06STATE85578", subject="Fisheries talks", body="Quotas were agreed."),
            ]
        )
        session.flush()
        assert _search(db_connection, "elections voters") == ["06PHNOMPENH534"]

        # Rewriting the body without supplying `search` recomputes it (trigger).
        db_connection.execute(
            sa.text(
                "UPDATE cables SET body = 'Fishing quotas and elections.' "
                "WHERE cable_id = '06STATE85578'"
            )
        )
        assert _search(db_connection, "fishing elections") == ["06STATE85578"]


@pytest.mark.parametrize(
    ("row", "constraint"),
    [
        (
            Recipient(cable_id="06PHNOMPENH534", position=1, kind="cc", name="X"),
            "ck_recipients_kind",
        ),
        (
            Entity(
                cable_id="06PHNOMPENH534",
                position=1,
                kind="THING",
                name="X",
                surface="X",
                paragraph_position=0,
                start_offset=0,
                end_offset=1,
            ),
            "ck_entities_kind",
        ),
        (Batch(status="finished"), "ck_batches_status"),
    ],
)
def test_check_constraints_reject_unknown_values(
    db_connection: sa.Connection, row: object, constraint: str
) -> None:
    with _session(db_connection) as session:
        session.add(_cable())
        session.flush()
        session.add(row)
        with pytest.raises(sa.exc.IntegrityError, match=constraint):
            session.flush()


def test_child_row_needs_an_existing_cable(db_connection: sa.Connection) -> None:
    with _session(db_connection) as session:
        session.add(Tag(cable_id="99NOWHERE1", position=1, tag="PGOV"))
        with pytest.raises(sa.exc.IntegrityError, match="fk_tags_cable_id_cables"):
            session.flush()
