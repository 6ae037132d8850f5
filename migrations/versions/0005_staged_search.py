"""Faster publishing: the full-text document of a cable is computed while the batch is staged,
and entities carry one name index instead of two.

``cables.search`` stops being a generated column: ``etl.stage_cables`` computes it (during
parsing, in parallel with the workers) and publishing copies it; a trigger computes it for any
other write. ``ix_entities_name`` and ``ix_entities_kind_name`` become ``ix_entities_name_kind``.

Revision ID: 0005_staged_search
Revises: 0004_reference_kinds
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

from migrations.replaceable import replace

revision: str = "0005_staged_search"
down_revision: str | Sequence[str] | None = "0004_reference_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a migration must not change when the models do).
_SEARCH_EXPRESSION = (
    "to_tsvector('english'::regconfig, "
    "COALESCE(subject, ''::text) || ' '::text || COALESCE(body, ''::text))"
)
_COMMENT = (
    "Full-text search document of subject and body (English); query it with "
    "@@ websearch_to_tsquery('english', ...)."
)


def _generated_search(*, nullable: bool) -> sa.Column[object]:
    return sa.Column(
        "search",
        TSVECTOR(),
        sa.Computed(_SEARCH_EXPRESSION, persisted=True),
        nullable=nullable,
        comment=_COMMENT,
    )


def upgrade() -> None:
    op.execute("ALTER TABLE public.cables ALTER COLUMN search DROP EXPRESSION")
    # Recomputes the document when a write does not supply it: inserts without it, and updates
    # that change subject or body but leave search as it was.
    replace("etl.fill_cable_search", revision)
    op.execute(
        "CREATE TRIGGER fill_search BEFORE INSERT OR UPDATE ON public.cables "
        "FOR EACH ROW EXECUTE FUNCTION etl.fill_cable_search()"
    )
    op.add_column("stage_cables", _generated_search(nullable=True), schema="etl")
    op.drop_index("ix_entities_name", table_name="entities")
    op.drop_index("ix_entities_kind_name", table_name="entities")
    op.create_index("ix_entities_name_kind", "entities", ["name", "kind"])


def downgrade() -> None:
    op.drop_index("ix_entities_name_kind", table_name="entities")
    op.create_index("ix_entities_kind_name", "entities", ["kind", "name"])
    op.create_index("ix_entities_name", "entities", ["name"])
    op.drop_column("stage_cables", "search", schema="etl")
    op.execute("DROP TRIGGER fill_search ON public.cables")
    op.execute("DROP FUNCTION etl.fill_cable_search()")
    # A column cannot become generated again: recreate it (and its index) as it was.
    op.drop_index("ix_cables_search", table_name="cables", postgresql_using="gin")
    op.drop_column("cables", "search")
    op.add_column("cables", _generated_search(nullable=False))
    op.create_index("ix_cables_search", "cables", ["search"], postgresql_using="gin")
