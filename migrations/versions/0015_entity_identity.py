"""Entity summaries key on the cross-cable identity (entities.canonical_name); signers view.

- ``entity_summary`` has one row per (kind, canonical name): ``name`` now holds the identity
  (``coalesce(canonical_name, name)`` of the mentions: rows loaded before 0012 count under their
  own name until the reconcile re-parses them) and the new ``variants`` lists the names as the
  cables write them (distinct ``entities.name``). The counts and first/last seen are over every
  variant. ``people``, ``organisations`` and ``places`` show ``variants`` too.
- ``ix_entities_identity_kind`` on that expression serves the summary's per-key recomputation.
- ``signers``: one row per cable whose signer the extractor recognised, with the signer as
  written and the canonical name of that PERSON mention, so that ``STAPLETON`` and
  ``Stapleton`` are one person and a signer joins ``people`` on ``name``.

Revision ID: 0015_entity_identity
Revises: 0014_column_comments
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from migrations.replaceable import previous, replace

revision: str = "0015_entity_identity"
down_revision: str | Sequence[str] | None = "0014_column_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEPT_CURRENT = "Kept current by every load, in the same transaction as the batch."

# Frozen copies of the summary definition (a migration must not change when the code does).
IDENTITY_SUMMARY = """
SELECT e.kind,
       coalesce(e.canonical_name, e.name) AS name,
       count(DISTINCT e.cable_id)::integer AS cable_count,
       count(*)::integer AS mention_count,
       min(c.created_at) AS first_seen_at,
       max(c.created_at) AS last_seen_at,
       (array_agg(e.cable_id ORDER BY c.created_at NULLS LAST, e.cable_id))[1] AS first_cable_id,
       (array_agg(e.cable_id ORDER BY c.created_at DESC NULLS LAST, e.cable_id))[1]
           AS last_cable_id,
       array_agg(DISTINCT e.name ORDER BY e.name) AS variants
FROM entities e
JOIN cables c ON c.cable_id = e.cable_id
GROUP BY e.kind, coalesce(e.canonical_name, e.name)
"""

NAME_SUMMARY = """
SELECT e.kind,
       e.name,
       count(DISTINCT e.cable_id)::integer AS cable_count,
       count(*)::integer AS mention_count,
       min(c.created_at) AS first_seen_at,
       max(c.created_at) AS last_seen_at,
       (array_agg(e.cable_id ORDER BY c.created_at NULLS LAST, e.cable_id))[1] AS first_cable_id,
       (array_agg(e.cable_id ORDER BY c.created_at DESC NULLS LAST, e.cable_id))[1]
           AS last_cable_id
FROM entities e
JOIN cables c ON c.cable_id = e.cable_id
GROUP BY e.kind, e.name
"""

SIGNERS_COMMENTS = {
    "": "One row per cable whose signer was recognised: the signer as written and as the "
    "person it is across cables (STAPLETON and Stapleton are one name). Join people on name "
    "for everything said of the signer.",
    "cable_id": "The signed cable (cables.cable_id).",
    "created_at": "When the cable was sent (UTC).",
    "origin": "Sending office of the cable.",
    "signer": "The signer exactly as the cable writes it, e.g. STAPLETON.",
    "name": "The signer's canonical name, the key of people and entity_summary (entities."
    "canonical_name of the signer's mention), e.g. Stapleton.",
    "written_name": "The fullest form of the signer's name the cable itself writes "
    "(entities.name).",
}

ENTITY_VIEWS = {
    "people": ("PERSON", "People mentioned in the cables"),
    "organisations": ("ORGANIZATION", "Organisations mentioned in the cables"),
    "places": ("LOCATION", "Places mentioned in the cables"),
}
_VIEW_COLUMNS = (
    "name",
    "cable_count",
    "mention_count",
    "first_seen_at",
    "last_seen_at",
    "first_cable_id",
    "last_cable_id",
)

#: entity_summary comments: (new, before this revision); "" is the table.
SUMMARY_COMMENTS: dict[str, tuple[str, str]] = {
    "": (
        "One row per person, organisation or place across cables (kind, canonical name) with "
        "the names the cables write for it, how many cables mention it and when it was first "
        "and last seen. " + _KEPT_CURRENT,
        "One row per person, organisation or place (kind, normalised name) with how many "
        "cables mention it and when it was first and last seen. " + _KEPT_CURRENT,
    ),
    "name": (
        "Canonical name: the identity across cables (entities.canonical_name, or the name of "
        "rows that have none), e.g. United States for U.S. and United States.",
        "Normalised name (entities.name).",
    ),
    "cable_count": (
        "Number of cables mentioning it, under any variant.",
        "Number of cables mentioning it.",
    ),
    "mention_count": (
        "Number of mentions over all cables, under any variant.",
        "Number of mentions over all cables.",
    ),
}
VARIANTS_COMMENT = (
    "The names the cables write for it (distinct entities.name), sorted, e.g. {U.S.,United States}."
)

#: entities.canonical_name (and its staging twin): (new, before this revision).
CANONICAL_COMMENT = (
    "Identity of the entity across cables (the key of entity_summary): country short names "
    "(U.S., America -> United States), acronym and alias expansions of the lexicon (USG -> "
    "United States Government), people and all-caps names in one letter case; NULL for rows "
    "loaded before it existed.",
    "Identity of the entity across cables: country short names, acronym expansions, people in "
    "one letter case; NULL for rows loaded before it existed.",
)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _summary_comments(which: int) -> None:
    for column, comments in SUMMARY_COMMENTS.items():
        target = "TABLE entity_summary" if not column else f"COLUMN entity_summary.{column}"
        op.execute(f"COMMENT ON {target} IS {_quote(comments[which])}")
        if column:
            for view in ENTITY_VIEWS:
                op.execute(f"COMMENT ON COLUMN {view}.{column} IS {_quote(comments[which])}")
    op.execute(
        f"COMMENT ON COLUMN public.entities.canonical_name IS {_quote(CANONICAL_COMMENT[which])}"
    )
    op.execute(
        f"COMMENT ON COLUMN etl.stage_entities.canonical_name IS {_quote(CANONICAL_COMMENT[which])}"
    )


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_entities_identity_kind ON entities "
        "((coalesce(canonical_name, name)), kind)"
    )
    op.execute("ALTER TABLE entity_summary ADD COLUMN variants text[]")
    op.execute(f"COMMENT ON COLUMN entity_summary.variants IS {_quote(VARIANTS_COMMENT)}")
    # DELETE, not TRUNCATE (see etl.warehouse.analyst: readers are not locked out).
    op.execute("DELETE FROM entity_summary")
    op.execute(f"INSERT INTO entity_summary {IDENTITY_SUMMARY}")
    for view in ENTITY_VIEWS:
        replace(f"public.{view}", revision)
    for view in ENTITY_VIEWS:
        op.execute(f"COMMENT ON COLUMN {view}.variants IS {_quote(VARIANTS_COMMENT)}")
    _summary_comments(0)
    # The signer is the PERSON mention the extractor places outside every paragraph (-1).
    replace("public.signers", revision)
    for column, comment in SIGNERS_COMMENTS.items():
        target = "VIEW signers" if not column else f"COLUMN signers.{column}"
        op.execute(f"COMMENT ON {target} IS {_quote(comment)}")


def downgrade() -> None:
    op.execute("DROP VIEW signers")
    for view in ENTITY_VIEWS:
        op.execute(f"DROP VIEW {view}")
    op.execute("ALTER TABLE entity_summary DROP COLUMN variants")
    op.execute("DELETE FROM entity_summary")
    op.execute(f"INSERT INTO entity_summary {NAME_SUMMARY}")
    for view in ENTITY_VIEWS:  # as 0003 created them
        replace(f"public.{view}", previous(f"public.{view}", revision))
    for view, (kind, description) in ENTITY_VIEWS.items():
        op.execute(
            f"COMMENT ON VIEW {view} IS "
            f"{_quote(description + ' (entity_summary rows of kind ' + kind + ').')}"
        )
        for column in _VIEW_COLUMNS:
            if column not in SUMMARY_COMMENTS:
                comment = _view_column_comment(column)
                op.execute(f"COMMENT ON COLUMN {view}.{column} IS {_quote(comment)}")
    _summary_comments(1)
    op.execute("DROP INDEX ix_entities_identity_kind")


def _view_column_comment(column: str) -> str:
    """The people/organisations/places column comments of migration 0003 (not changed here)."""
    return {
        "first_seen_at": "Date of the earliest cable mentioning it.",
        "last_seen_at": "Date of the latest cable mentioning it.",
        "first_cable_id": "The earliest cable mentioning it.",
        "last_cable_id": "The latest cable mentioning it.",
    }[column]
