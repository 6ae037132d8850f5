"""A batch can end 'cancelled': its load was stopped by SIGINT or SIGTERM and published
nothing (before, such a batch stayed 'running' for ever).

Revision ID: 0013_batch_cancelled
Revises: 0012_entity_canonical_name
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013_batch_cancelled"
down_revision: str | Sequence[str] | None = "0012_entity_canonical_name"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COMMENT = (
    "running, published (in the analyst tables), blocked (a quality check failed), failed "
    "(an error) or cancelled (stopped by a signal before publishing)."
)
_OLD_COMMENT = (
    "running, published (in the analyst tables), blocked (a quality check failed) or failed "
    "(an error)."
)


def _status_check(statuses: str, comment: str) -> None:
    op.drop_constraint(op.f("ck_batches_status"), "batches", schema="etl", type_="check")
    op.create_check_constraint(
        op.f("ck_batches_status"), "batches", f"status IN ({statuses})", schema="etl"
    )
    op.execute(f"COMMENT ON COLUMN etl.batches.status IS '{comment}'")


def upgrade() -> None:
    _status_check("'running', 'published', 'blocked', 'failed', 'cancelled'", _COMMENT)


def downgrade() -> None:
    op.execute("UPDATE etl.batches SET status = 'failed' WHERE status = 'cancelled'")
    _status_check("'running', 'published', 'blocked', 'failed'", _OLD_COMMENT)
