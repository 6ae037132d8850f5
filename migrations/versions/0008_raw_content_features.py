"""Features of each raw document's bytes (decoding, NUL, control and visible characters),
measured while landing, so the raw-document checks need not read the bytes back.

Content landed before this revision keeps them empty: the checks measure such content from its
bytes when a batch brings it again, so no backfill has to read every stored byte here.

Revision ID: 0008_raw_content_features
Revises: 0007_table_row_counts
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008_raw_content_features"
down_revision: str | Sequence[str] | None = "0007_table_row_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any], str], ...] = (
    (
        "decodes_cleanly",
        sa.Boolean(),
        "True when the bytes decode strictly as UTF-8 (with or without BOM), UTF-16 with BOM "
        "or cp1252; measured while landing, like the counts below (all empty for content "
        "landed before they were recorded).",
    ),
    (
        "text_chars",
        sa.BigInteger(),
        "Characters of the decoded text (decoded as latin-1 when it does not decode cleanly).",
    ),
    ("nul_chars", sa.BigInteger(), "NUL characters in the decoded text."),
    (
        "control_chars",
        sa.BigInteger(),
        "Control characters in the decoded text other than tab, line feed, form feed and "
        "carriage return.",
    ),
    ("visible_chars", sa.BigInteger(), "Characters of the decoded text that are not whitespace."),
)


def upgrade() -> None:
    # Nullable columns without a default: adding them rewrites nothing.
    for name, type_, comment in _COLUMNS:
        op.add_column(
            "raw_documents", sa.Column(name, type_, nullable=True, comment=comment), schema="etl"
        )


def downgrade() -> None:
    for name, _type, _comment in reversed(_COLUMNS):
        op.drop_column("raw_documents", name, schema="etl")
