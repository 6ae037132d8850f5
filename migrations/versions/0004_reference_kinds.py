"""Document every kind of reference the parser records (letters, faxes, web pages and
intelligence information reports were missing from the column comments).

Revision ID: 0004_reference_kinds
Revises: 0003_analyst_views
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_reference_kinds"
down_revision: str | Sequence[str] | None = "0003_analyst_views"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = "What is referenced: cable, email, telcon, memcon or other."
_NEW = (
    "What is referenced: cable, email, telcon, memcon, letter, fax, web, intelligence report "
    "(IIR) or other; only cables have a cited_id."
)


def upgrade() -> None:
    for table, schema in (("cable_references", None), ("stage_references", "etl")):
        op.alter_column(table, "kind", comment=_NEW, existing_comment=_OLD, schema=schema)


def downgrade() -> None:
    for table, schema in (("cable_references", None), ("stage_references", "etl")):
        op.alter_column(table, "kind", comment=_OLD, existing_comment=_NEW, schema=schema)
