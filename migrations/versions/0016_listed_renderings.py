"""``unpublished_inputs`` also lists the inputs of a cable that is published from another one.

An older rendering, a duplicate rendering, or a second file claiming the same reference id
with other text was landed and parsed but silently not published: only ``etl.raw_documents``
knew of it. The view now lists each with stage ``superseded`` and a reason naming the input
that is published instead, so every input is either a published cable or a listed row.

Revision ID: 0016_listed_renderings
Revises: 0015_entity_identity
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from migrations.replaceable import previous, replace

revision: str = "0016_listed_renderings"
down_revision: str | Sequence[str] | None = "0015_entity_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VIEW = "public.unpublished_inputs"

# Frozen copies of the comments (a migration must not change when the code does).
COMMENTS = {
    None: "One row per input that is not a published cable: withheld by a check, unreadable, "
    "unparseable, or another input of the same cable is the one published (superseded); with "
    "the step and the reason. The input's bytes stay in the pipeline's bookkeeping.",
    "stage": "Step that withheld it: land, parse, quality or publish; superseded when another "
    "input of the same cable is the one published.",
    "rejected_at": "When it was last rejected (superseded: when it was parsed).",
}
OLD_COMMENTS = {
    None: "One row per input the warehouse holds no cable of (withheld by a check, unreadable, "
    "unparseable), with the step and the reason; the input's bytes stay in the pipeline's "
    "bookkeeping.",
    "stage": "Step that withheld it: land, parse, quality or publish.",
    "rejected_at": "When it was last rejected.",
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _comment(comments: dict[str | None, str]) -> None:
    for column, text in comments.items():
        target = f"VIEW {_VIEW}" if column is None else f"COLUMN {_VIEW}.{column}"
        op.execute(f"COMMENT ON {target} IS {_quote(text)}")


def upgrade() -> None:
    replace(_VIEW, revision)
    _comment(COMMENTS)


def downgrade() -> None:
    replace(_VIEW, previous(_VIEW, revision))
    _comment(OLD_COMMENTS)
