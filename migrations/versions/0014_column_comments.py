"""Column comments that follow what the parser now stores.

- ``tags.tag``: a person tag keeps its name in parentheses as written (any case); the code is
  upper case.
- ``paragraphs.heading``: the paragraph's own inline label (``SUMMARY:``) or else the section
  heading it falls under.
- ``cable_references.raw``: an item citing several cables is cut after each citation, so each
  reference holds only its own part.

The staging twins in ``etl`` carry the same comments (``etl.warehouse.staging`` copies them from
the models).

Revision ID: 0014_column_comments
Revises: 0013_batch_cancelled
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014_column_comments"
down_revision: str | Sequence[str] | None = "0013_batch_cancelled"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (public table, staging table, column): (new comment, comment before this revision).
COMMENTS: dict[tuple[str, str, str], tuple[str, str]] = {
    ("tags", "stage_tags", "tag"): (
        "The tag as the TAGS line gives it: the code in upper case, e.g. PGOV (topic), KDEM, "
        "or a country code; a person tag keeps the name in parentheses as written, e.g. "
        "OVIP (steinberg, james b.).",
        "The tag in upper case, e.g. PGOV (topic), KDEM, or a country code.",
    ),
    ("paragraphs", "stage_paragraphs", "heading"): (
        "The paragraph's heading: its own inline label (2. (C) SUMMARY: ...) or else the "
        "section heading it falls under; NULL when it has neither.",
        "Section heading the paragraph falls under, when the cable has one.",
    ),
    ("cable_references", "stage_references", "raw"): (
        "The reference as written, e.g. A. SECSTATE 85578; an item citing several cables gives "
        "each reference only its own part.",
        "The reference exactly as written, e.g. A. SECSTATE 85578.",
    ),
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _comment(which: int) -> None:
    for (table, stage, column), comments in COMMENTS.items():
        op.execute(f"COMMENT ON COLUMN public.{table}.{column} IS {_quote(comments[which])}")
        op.execute(f"COMMENT ON COLUMN etl.{stage}.{column} IS {_quote(comments[which])}")


def upgrade() -> None:
    _comment(0)


def downgrade() -> None:
    _comment(1)
