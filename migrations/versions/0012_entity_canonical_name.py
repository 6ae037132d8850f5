"""entities.canonical_name: the identity of a mention across cables.

`entities.name` is what the cable itself writes (`U.S.`, `USG`, `STAPLETON`); the canonical
name is the same for every cable that means the same entity (`United States`, `United States
Government`, `Stapleton`). Rows loaded before this revision have none until the nightly
reconcile re-parses them (the parser version changed with it).

Revision ID: 0012_entity_canonical_name
Revises: 0011_publication_flags
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_entity_canonical_name"
down_revision: str | Sequence[str] | None = "0011_publication_flags"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = (
    "Identity of the entity across cables: country short names, acronym expansions, people in "
    "one letter case; NULL for rows loaded before it existed."
)


def upgrade() -> None:
    op.add_column(
        "entities", sa.Column("canonical_name", sa.Text(), nullable=True, comment=COMMENT)
    )
    op.add_column(
        "stage_entities",
        sa.Column("canonical_name", sa.Text(), nullable=True, comment=COMMENT),
        schema="etl",
    )


def downgrade() -> None:
    op.drop_column("stage_entities", "canonical_name", schema="etl")
    op.drop_column("entities", "canonical_name")
