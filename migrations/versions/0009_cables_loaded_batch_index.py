"""An index on cables.loaded_batch_id: the warehouse checks, inside every publish transaction,
read the batch's own cables by it (in key ranges since the checks are chunked), and so does the
load summary; without it each of those reads scanned the whole table (~0.4 s each at 50,000
cables, growing with the warehouse).

Built CONCURRENTLY, outside a transaction, so upgrading a live warehouse does not block
its writers while the index is built.

Revision ID: 0009_cables_loaded_batch_index
Revises: 0008_raw_content_features
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009_cables_loaded_batch_index"
down_revision: str | Sequence[str] | None = "0008_raw_content_features"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_cables_loaded_batch_id",
            "cables",
            ["loaded_batch_id"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_cables_loaded_batch_id",
            table_name="cables",
            postgresql_concurrently=True,
            if_exists=True,
        )
