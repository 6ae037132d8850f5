"""Publication policy (issue 14): cables that fail a cosmetic check are published with flags;
dates say where they come from; analysts see what was not published.

- ``cables``: ``text_cable_id``, ``created_source`` (not null, one of dtg / metadata / page /
  csv / estimate / none), ``created_estimate``, ``container_created_at``; a check that an
  estimate never stands beside (or in) ``created_at``. Rows of an older parser are backfilled from what they say:
  an estimate (named in ``problems`` by the older parser) moves to ``created_estimate``; any
  other date is taken as the DTG until the nightly reconcile re-parses the row (its
  ``parser_version`` is older than the parser's), which stores its real source.
- ``cable_quality_flags`` (public): one row per failed check of a published cable, with its
  staging twin ``etl.stage_quality_flags``.
- ``cable_overview`` gains ``flag_count`` and ``flags``. The view as it stood is kept as
  ``etl.cable_overview_base`` (its comments with it) and the public view reads it, so whatever
  an earlier revision made of the view stays, and the downgrade restores it unchanged.
- ``unpublished_inputs`` (public view): every input the warehouse holds no cable of, with the
  stage and reason; no bytes. Analysts read it through the view (its owner reads etl.rejects).

Revision ID: 0011_publication_flags
Revises: 0010_analyst_search
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from migrations.replaceable import replace

revision: str = "0011_publication_flags"
down_revision: str | Sequence[str] | None = "0010_analyst_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)

_CABLE_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any], str], ...] = (
    (
        "text_cable_id",
        sa.Text(),
        "The id the cable's own text gives, only when it differs from cable_id (the id the "
        "release filed it under).",
    ),
    (
        "created_source",
        sa.Text(),
        "Where created_at comes from: dtg (the date-time group), metadata (metadata block), "
        "page (release page table), csv (cables.csv row); estimate when only created_estimate "
        "is known, none without either.",
    ),
    (
        "created_estimate",
        TIMESTAMP,
        "A date inferred from partial evidence (e.g. the declassification date and the id's "
        "year), only when created_at is empty; never a stated date.",
    ),
    (
        "container_created_at",
        TIMESTAMP,
        "The date the container (page table, metadata block, cables.csv row) states, only "
        "when it differs from the date-time group in created_at by more than a day.",
    ),
)

_CHECKS = {
    "ck_cables_created_source": (
        "created_source IN ('dtg', 'metadata', 'page', 'csv', 'estimate', 'none')"
    ),
    "ck_cables_estimate_not_in_created_at": (
        "created_at IS NULL OR (created_source <> 'estimate' AND created_estimate IS NULL)"
    ),
}

#: How the parser before version 7 named an estimated date in ``problems``.
_OLD_ESTIMATE_PROBLEMS = ("The creation time is inferred%", "The creation date is approximate%")

FLAGS_COMMENT = (
    "One row per quality check a published cable failed: the cable is published all the same "
    "(see the README's publication policy), and replaced flags and all when it is published "
    "again."
)
_FLAG_COLUMNS = {
    "cable_id": "Cable that failed the check (cables.cable_id).",
    "position": "Order of the flag within the cable, from 1.",
    "stage": "Data the check ran on: parsed (the parsed cable before publishing) or warehouse "
    "(the published rows).",
    "expectation": "The check that failed: suite, column and expectation, e.g. parsed_tags.tag: "
    "expect_column_values_to_match_regex.",
    "message": "What the failure means, in a sentence, e.g. A tag contains lower-case letters.",
    "value": "The offending value(s) as column=value, e.g. tag=pGOV; empty when none.",
}

OVERVIEW_COLUMNS = {
    "flag_count": "Number of quality checks the cable failed (cable_quality_flags); 0 for none.",
    "flags": "What those checks found, one sentence each, in alphabetical order.",
}

UNPUBLISHED_COMMENT = (
    "One row per input the warehouse holds no cable of (withheld by a check, unreadable, "
    "unparseable), with the step and the reason; the input's bytes stay in the pipeline's "
    "bookkeeping."
)
UNPUBLISHED_COLUMNS = {
    "source_path": "Where the input came from (file path, archive member or cables.csv row).",
    "received_at": "When the input was first received (for an input never landed: when it "
    "was rejected).",
    "stage": "Step that withheld it: land, parse, quality or publish.",
    "reason": "Why it is not published, in a sentence.",
    "expectation": "Quality check that withheld it, for stage quality.",
    "cable_id": "Cable id the input claims, when it was read far enough to know one.",
    "batch_id": "Load batch that last rejected it.",
    "rejected_at": "When it was last rejected.",
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _comment_view(view: str, comment: str | None, columns: dict[str, str]) -> None:
    if comment is not None:
        op.execute(f"COMMENT ON VIEW {view} IS {_quote(comment)}")
    for column, text in columns.items():
        op.execute(f"COMMENT ON COLUMN {view}.{column} IS {_quote(text)}")


def _view_comments(view: str) -> tuple[str | None, dict[str, str]]:
    bind = op.get_bind()
    oid = bind.execute(sa.text("SELECT to_regclass(:v)::oid"), {"v": view}).scalar()
    comment = bind.execute(sa.text("SELECT obj_description(:o, 'pg_class')"), {"o": oid}).scalar()
    columns = {
        str(name): str(text)
        for name, text in bind.execute(
            sa.text(
                "SELECT attname, col_description(attrelid, attnum) FROM pg_attribute "
                "WHERE attrelid = :o AND attnum > 0 AND NOT attisdropped "
                "AND col_description(attrelid, attnum) IS NOT NULL ORDER BY attnum"
            ),
            {"o": oid},
        )
    }
    return comment, columns


_CREATED_AT = (
    "When the cable was sent (UTC), from its date-time group.",
    "When the cable was sent (UTC), as the input states it (see created_source); never an "
    "estimate.",
)


def _comment_created_at(comment: str) -> None:
    for table, schema in (("cables", None), ("stage_cables", "etl")):
        op.alter_column(table, "created_at", comment=comment, schema=schema)


def upgrade() -> None:
    _comment_created_at(_CREATED_AT[1])
    for name, type_, comment in _CABLE_COLUMNS:
        default = sa.text("'none'") if name == "created_source" else None
        op.add_column(
            "cables",
            sa.Column(
                name,
                type_,
                nullable=name != "created_source",
                server_default=default,
                comment=comment,
            ),
        )
        op.add_column(
            "stage_cables",
            sa.Column(name, type_, nullable=True, comment=comment),
            schema="etl",
        )
    estimated = " OR ".join(f"p LIKE {_quote(pattern)}" for pattern in _OLD_ESTIMATE_PROBLEMS)
    op.execute(
        f"""
        UPDATE cables SET created_estimate = created_at, created_at = NULL,
                          created_source = 'estimate'
        WHERE created_at IS NOT NULL
          AND EXISTS (SELECT FROM unnest(problems) p WHERE {estimated})
        """
    )
    op.execute("UPDATE cables SET created_source = 'dtg' WHERE created_at IS NOT NULL")
    for name, condition in _CHECKS.items():
        op.create_check_constraint(op.f(name), "cables", condition)

    op.create_table(
        "cable_quality_flags",
        *(
            sa.Column(
                column,
                sa.Integer() if column == "position" else sa.Text(),
                nullable=column == "value",
                comment=comment,
            )
            for column, comment in _FLAG_COLUMNS.items()
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.cable_id"],
            name=op.f("fk_cable_quality_flags_cable_id_cables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_cable_quality_flags")),
        sa.CheckConstraint(
            "stage IN ('parsed', 'warehouse')", name=op.f("ck_cable_quality_flags_stage")
        ),
        comment=FLAGS_COMMENT,
    )
    op.create_index("ix_cable_quality_flags_expectation", "cable_quality_flags", ["expectation"])
    op.create_table(
        "stage_quality_flags",
        sa.Column(
            "flag_id",
            sa.BigInteger(),
            autoincrement=True,
            nullable=False,
            comment="Number of the staged flag.",
        ),
        sa.Column(
            "batch_id", sa.BigInteger(), nullable=False, comment="Batch that staged this row."
        ),
        sa.Column(
            "document_id",
            sa.BigInteger(),
            nullable=False,
            comment="Raw document (etl.raw_documents) the flagged cable was parsed from.",
        ),
        sa.Column("cable_id", sa.Text(), nullable=True, comment="Cable that failed the check."),
        sa.Column("stage", sa.Text(), nullable=False, comment="Data the check ran on: parsed."),
        sa.Column("expectation", sa.Text(), nullable=False, comment="The check that failed."),
        sa.Column(
            "message", sa.Text(), nullable=False, comment="What the failure means, in a sentence."
        ),
        sa.Column("value", sa.Text(), nullable=True, comment="The offending value(s)."),
        sa.PrimaryKeyConstraint("flag_id", name=op.f("pk_stage_quality_flags")),
        schema="etl",
        prefixes=["UNLOGGED"],
        comment="Staging copy of public.cable_quality_flags: the parsed-stage checks' flags of "
        "a batch's staged cables, published with them; emptied when the batch is published.",
    )
    op.create_index(
        "ix_stage_quality_flags_batch_id_document_id",
        "stage_quality_flags",
        ["batch_id", "document_id"],
        schema="etl",
    )

    overview_comment, columns = _view_comments("public.cable_overview")
    op.execute("ALTER VIEW public.cable_overview SET SCHEMA etl")
    op.execute("ALTER VIEW etl.cable_overview RENAME TO cable_overview_base")
    op.execute(
        "COMMENT ON VIEW etl.cable_overview_base IS "
        + _quote(f"The columns of public.cable_overview before its flags. {overview_comment or ''}")
    )
    replace("public.cable_overview", revision)
    _comment_view("public.cable_overview", overview_comment, {**columns, **OVERVIEW_COLUMNS})

    replace("public.unpublished_inputs", revision)
    _comment_view("public.unpublished_inputs", UNPUBLISHED_COMMENT, UNPUBLISHED_COLUMNS)


def downgrade() -> None:
    op.execute("DROP VIEW public.unpublished_inputs")
    overview_comment, _columns = _view_comments("public.cable_overview")
    op.execute("DROP VIEW public.cable_overview")
    op.execute("ALTER VIEW etl.cable_overview_base RENAME TO cable_overview")
    op.execute("ALTER VIEW etl.cable_overview SET SCHEMA public")
    if overview_comment is not None:
        op.execute(f"COMMENT ON VIEW public.cable_overview IS {_quote(overview_comment)}")
    op.drop_index(
        "ix_stage_quality_flags_batch_id_document_id",
        table_name="stage_quality_flags",
        schema="etl",
    )
    op.drop_table("stage_quality_flags", schema="etl")
    op.drop_index("ix_cable_quality_flags_expectation", table_name="cable_quality_flags")
    op.drop_table("cable_quality_flags")
    for name in reversed(_CHECKS):
        op.drop_constraint(op.f(name), "cables", type_="check")
    # An estimate goes back to where the older parser kept it.
    op.execute("UPDATE cables SET created_at = created_estimate WHERE created_source = 'estimate'")
    for name, _type, _comment in reversed(_CABLE_COLUMNS):
        op.drop_column("stage_cables", name, schema="etl")
        op.drop_column("cables", name)
    _comment_created_at(_CREATED_AT[0])
