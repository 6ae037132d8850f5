"""Row counts of the analyst tables kept by publishing (etl.table_row_counts), so that a load
summary does not count tens of millions of entity rows.

Revision ID: 0007_table_row_counts
Revises: 0006_maintained_summaries
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_table_row_counts"
down_revision: str | Sequence[str] | None = "0006_maintained_summaries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("cables", "recipients", "tags", "paragraphs", "entities", "cable_references")


def upgrade() -> None:
    op.create_table(
        "table_row_counts",
        sa.Column(
            "table_name",
            sa.Text(),
            nullable=False,
            comment="Analyst table in schema public, e.g. entities.",
        ),
        sa.Column(
            "row_count",
            sa.BigInteger(),
            server_default=sa.text("0"),
            nullable=False,
            comment="Rows in the table.",
        ),
        sa.Column(
            "counted_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the count was last made exactly with count(*).",
        ),
        sa.PrimaryKeyConstraint("table_name", name=op.f("pk_table_row_counts")),
        schema="etl",
        comment="Rows in each analyst table: changed by every publish by the rows it inserted "
        "and deleted, recounted exactly by the nightly reconcile.",
    )
    for table in _TABLES:
        op.execute(
            "INSERT INTO etl.table_row_counts (table_name, row_count, counted_at) "
            f"SELECT '{table}', count(*), now() FROM public.{table}"
        )


def downgrade() -> None:
    op.drop_table("table_row_counts", schema="etl")
