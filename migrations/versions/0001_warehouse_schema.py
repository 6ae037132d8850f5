"""Warehouse schema: analyst tables in public, pipeline bookkeeping in schema etl.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 00:44:07.039441
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create schema etl and every table of the warehouse."""
    # Autogenerate does not emit schemas; the bookkeeping tables need theirs first.
    op.execute("CREATE SCHEMA etl")
    op.execute(
        "COMMENT ON SCHEMA etl IS 'Pipeline bookkeeping: raw inputs, load batches, rejects and "
        "quality-check results. Analysts query schema public.'"
    )
    op.create_table(
        "batches",
        sa.Column(
            "batch_id",
            sa.BigInteger(),
            autoincrement=True,
            nullable=False,
            comment="Number of the batch.",
        ),
        sa.Column(
            "partition_key",
            sa.Text(),
            nullable=True,
            comment="Dagster partition the batch loaded; unique, so a partition loads once.",
        ),
        sa.Column(
            "status",
            sa.Text(),
            server_default=sa.text("'running'"),
            nullable=False,
            comment="running, published (in the analyst tables), blocked (a quality check failed) or failed (an error).",
        ),
        sa.Column(
            "inputs",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
            comment="Files, folders or archives the batch was asked to load.",
        ),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the batch started.",
        ),
        sa.Column(
            "finished_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the batch ended; empty while it runs.",
        ),
        sa.Column(
            "documents_seen",
            sa.Integer(),
            server_default=sa.text("0"),
            nullable=False,
            comment="Input documents read by the batch.",
        ),
        sa.Column(
            "documents_new",
            sa.Integer(),
            server_default=sa.text("0"),
            nullable=False,
            comment="Input documents not seen by any earlier batch.",
        ),
        sa.Column(
            "cables_new",
            sa.Integer(),
            server_default=sa.text("0"),
            nullable=False,
            comment="Cables added to the warehouse by the batch.",
        ),
        sa.Column(
            "cables_updated",
            sa.Integer(),
            server_default=sa.text("0"),
            nullable=False,
            comment="Cables whose row the batch changed.",
        ),
        sa.Column(
            "cables_unchanged",
            sa.Integer(),
            server_default=sa.text("0"),
            nullable=False,
            comment="Cables the batch parsed again without a change.",
        ),
        sa.Column(
            "rejected",
            sa.Integer(),
            server_default=sa.text("0"),
            nullable=False,
            comment="Inputs or cables of the batch listed in etl.rejects.",
        ),
        sa.Column(
            "timings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
            comment="Seconds spent per pipeline step, keyed by step name.",
        ),
        sa.Column(
            "error",
            sa.Text(),
            nullable=True,
            comment="Why the batch failed or was blocked, when it did.",
        ),
        sa.CheckConstraint(
            "status IN ('running', 'published', 'blocked', 'failed')",
            name=op.f("ck_batches_status"),
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_batches")),
        sa.UniqueConstraint("partition_key", name=op.f("uq_batches_partition_key")),
        schema="etl",
        comment="One row per load of a set of inputs: what came in, what changed, and how it ended.",
    )
    op.create_table(
        "quality_results",
        sa.Column(
            "result_id",
            sa.BigInteger(),
            autoincrement=True,
            nullable=False,
            comment="Number of the result.",
        ),
        sa.Column(
            "batch_id",
            sa.BigInteger(),
            nullable=True,
            comment="Batch checked (etl.batches); empty for checks of the whole warehouse.",
        ),
        sa.Column(
            "stage",
            sa.Text(),
            nullable=False,
            comment="Data checked: raw (landed documents), parsed (staged cables) or warehouse (published tables).",
        ),
        sa.Column(
            "suite",
            sa.Text(),
            nullable=False,
            comment="Expectation suite the check belongs to.",
        ),
        sa.Column(
            "expectation",
            sa.Text(),
            nullable=False,
            comment="Expectation evaluated, e.g. expect_column_values_to_not_be_null.",
        ),
        sa.Column(
            "column_name",
            sa.Text(),
            nullable=True,
            comment="Column the expectation is about, when it is about one.",
        ),
        sa.Column(
            "success",
            sa.Boolean(),
            nullable=False,
            comment="True when the expectation held.",
        ),
        sa.Column(
            "observed_value",
            sa.Text(),
            nullable=True,
            comment="What was observed, as text (e.g. a count or share of bad rows).",
        ),
        sa.Column(
            "details",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=True,
            comment="Full result reported by Great Expectations.",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the check ran.",
        ),
        sa.CheckConstraint(
            "stage IN ('raw', 'parsed', 'warehouse')",
            name=op.f("ck_quality_results_stage"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["etl.batches.batch_id"],
            name=op.f("fk_quality_results_batch_id_batches"),
        ),
        sa.PrimaryKeyConstraint("result_id", name=op.f("pk_quality_results")),
        schema="etl",
        comment="One row per data-quality expectation evaluated (Great Expectations), with its outcome.",
    )
    op.create_index(
        "ix_quality_results_batch_id",
        "quality_results",
        ["batch_id"],
        unique=False,
        schema="etl",
    )
    op.create_table(
        "raw_documents",
        sa.Column(
            "document_id",
            sa.BigInteger(),
            autoincrement=True,
            nullable=False,
            comment="Number of the document.",
        ),
        sa.Column(
            "sha256",
            sa.Text(),
            nullable=False,
            comment="SHA-256 (hex) of the input bytes; identifies the content.",
        ),
        sa.Column(
            "source_path",
            sa.Text(),
            nullable=False,
            comment="Where the content was read from (file path, archive member or CSV row).",
        ),
        sa.Column(
            "format",
            sa.Text(),
            nullable=False,
            comment="Layout of the content: text, html or csv-row.",
        ),
        sa.Column(
            "content",
            sa.LargeBinary(),
            nullable=False,
            comment="The input bytes, unchanged.",
        ),
        sa.Column(
            "size_bytes",
            sa.BigInteger(),
            nullable=False,
            comment="Length of the content in bytes.",
        ),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the content was first received.",
        ),
        sa.Column(
            "batch_id",
            sa.BigInteger(),
            nullable=False,
            comment="Batch that first brought the content (etl.batches).",
        ),
        sa.Column(
            "cable_id",
            sa.Text(),
            nullable=True,
            comment="Cable the content parsed to; empty until parsed or when it was rejected.",
        ),
        sa.Column(
            "parser_version",
            sa.Integer(),
            nullable=True,
            comment="Parser version that last parsed the content; empty until parsed.",
        ),
        sa.Column(
            "parsed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the content was last parsed; empty until parsed.",
        ),
        sa.CheckConstraint(
            "format IN ('text', 'html', 'csv-row')",
            name=op.f("ck_raw_documents_format"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["etl.batches.batch_id"],
            name=op.f("fk_raw_documents_batch_id_batches"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_raw_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_raw_documents_sha256")),
        schema="etl",
        comment="One row per distinct input content, stored verbatim before parsing; older renderings of a cable stay here.",
    )
    op.create_index(
        "ix_raw_documents_batch_id",
        "raw_documents",
        ["batch_id"],
        unique=False,
        schema="etl",
    )
    op.create_index(
        "ix_raw_documents_cable_id",
        "raw_documents",
        ["cable_id"],
        unique=False,
        schema="etl",
    )
    op.create_table(
        "cables",
        sa.Column(
            "cable_id",
            sa.Text(),
            nullable=False,
            comment="Canonical reference id of the cable, e.g. 06PHNOMPENH534 (year, origin office, serial).",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the cable was sent (UTC), from its date-time group.",
        ),
        sa.Column(
            "released_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the cable was made public in the 2010-11 release.",
        ),
        sa.Column(
            "classification",
            sa.Text(),
            nullable=True,
            comment="Security classification in the release vocabulary, e.g. CONFIDENTIAL//NOFORN.",
        ),
        sa.Column(
            "origin",
            sa.Text(),
            nullable=True,
            comment="Sending office in the release vocabulary, e.g. Embassy Phnom Penh.",
        ),
        sa.Column(
            "subject",
            sa.Text(),
            server_default=sa.text("''"),
            nullable=False,
            comment="Subject line of the cable.",
        ),
        sa.Column(
            "body",
            sa.Text(),
            server_default=sa.text("''"),
            nullable=False,
            comment="Text of the telegram body, page-break lines removed, line wrapping kept.",
        ),
        sa.Column(
            "precedence",
            sa.Text(),
            nullable=True,
            comment="Handling priority: FLASH, IMMEDIATE, PRIORITY or ROUTINE.",
        ),
        sa.Column(
            "transmission_id",
            sa.Text(),
            nullable=True,
            comment="Transmission identifier of the telegram header, e.g. VZCZCXRO6287.",
        ),
        sa.Column(
            "origin_routing_indicator",
            sa.Text(),
            nullable=True,
            comment="Routing indicator of the sending station, from the DE line, e.g. RUEHPF.",
        ),
        sa.Column(
            "station_serial",
            sa.Text(),
            nullable=True,
            comment="Serial number of the message at the sending station, from the DE line.",
        ),
        sa.Column(
            "caveats",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
            comment="Handling caveats written on the cable, e.g. SIPDIS, SENSITIVE, NOFORN.",
        ),
        sa.Column(
            "declassification",
            sa.Text(),
            nullable=True,
            comment="The declassification line (E.O. 12958 ...) as written.",
        ),
        sa.Column(
            "declassify_on",
            sa.Date(),
            nullable=True,
            comment="Date from which the cable may be declassified, when given.",
        ),
        sa.Column(
            "classified_by",
            sa.Text(),
            nullable=True,
            comment="Official who classified the cable and the reason given.",
        ),
        sa.Column(
            "signer",
            sa.Text(),
            nullable=True,
            comment="Name signing the cable at its end, usually the ambassador or secretary.",
        ),
        sa.Column(
            "summary",
            sa.Text(),
            nullable=True,
            comment="Text of the cable's SUMMARY section, when it has one.",
        ),
        sa.Column(
            "comment",
            sa.Text(),
            nullable=True,
            comment="Text of the cable's COMMENT section, when it has one.",
        ),
        sa.Column(
            "section_count",
            sa.Integer(),
            nullable=True,
            comment="Number of sections a long cable was sent in (SECTION 1 OF N).",
        ),
        sa.Column(
            "is_partial_extract",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="True when the release contains only an extract of the cable.",
        ),
        sa.Column(
            "is_metadata_only",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="True when only the metadata of the cable is known, not its text.",
        ),
        sa.Column(
            "redaction_count",
            sa.Integer(),
            server_default=sa.text("0"),
            nullable=False,
            comment="Number of passages removed (redacted) from the released text.",
        ),
        sa.Column(
            "problems",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
            comment="What looked wrong while parsing the cable, one sentence per problem.",
        ),
        sa.Column(
            "parser_version",
            sa.Integer(),
            nullable=False,
            comment="Version of the parser that produced this row.",
        ),
        sa.Column(
            "source_document_id",
            sa.BigInteger(),
            nullable=True,
            comment="Raw input document this row was parsed from (etl.raw_documents).",
        ),
        sa.Column(
            "content_hash",
            sa.Text(),
            nullable=False,
            comment="SHA-256 (hex) of the raw document this row was parsed from.",
        ),
        sa.Column(
            "loaded_batch_id",
            sa.BigInteger(),
            nullable=True,
            comment="Load batch that last inserted or changed this row (etl.batches).",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When this row was last inserted or changed in the warehouse.",
        ),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed(
                "to_tsvector('english'::regconfig, COALESCE(subject, ''::text) || ' '::text || COALESCE(body, ''::text))",
                persisted=True,
            ),
            nullable=False,
            comment="Full-text search document of subject and body (English); query it with @@ websearch_to_tsquery('english', ...).",
        ),
        sa.ForeignKeyConstraint(
            ["loaded_batch_id"],
            ["etl.batches.batch_id"],
            name=op.f("fk_cables_loaded_batch_id_batches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_document_id"],
            ["etl.raw_documents.document_id"],
            name=op.f("fk_cables_source_document_id_raw_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("cable_id", name=op.f("pk_cables")),
        comment="One row per diplomatic cable: its header fields and full text (latest parsed version).",
    )
    op.create_index("ix_cables_classification", "cables", ["classification"], unique=False)
    op.create_index("ix_cables_created_at", "cables", ["created_at"], unique=False)
    op.create_index("ix_cables_origin", "cables", ["origin"], unique=False)
    op.create_index("ix_cables_search", "cables", ["search"], unique=False, postgresql_using="gin")
    op.create_table(
        "rejects",
        sa.Column(
            "reject_id",
            sa.BigInteger(),
            autoincrement=True,
            nullable=False,
            comment="Number of the reject.",
        ),
        sa.Column(
            "batch_id",
            sa.BigInteger(),
            nullable=False,
            comment="Batch in which the rejection happened (etl.batches).",
        ),
        sa.Column(
            "document_id",
            sa.BigInteger(),
            nullable=True,
            comment="Raw document rejected (etl.raw_documents); empty when it was never landed.",
        ),
        sa.Column(
            "source_path",
            sa.Text(),
            nullable=False,
            comment="Where the rejected input came from.",
        ),
        sa.Column(
            "stage",
            sa.Text(),
            nullable=False,
            comment="Step that rejected it: land, parse, quality or publish.",
        ),
        sa.Column(
            "reason",
            sa.Text(),
            nullable=False,
            comment="Why it was rejected, in a sentence a person understands.",
        ),
        sa.Column(
            "expectation",
            sa.Text(),
            nullable=True,
            comment="Quality expectation that failed, for quality rejects.",
        ),
        sa.Column(
            "cable_id",
            sa.Text(),
            nullable=True,
            comment="Cable id, when the input was read far enough to know it.",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the rejection was recorded.",
        ),
        sa.CheckConstraint(
            "stage IN ('land', 'parse', 'quality', 'publish')",
            name=op.f("ck_rejects_stage"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["etl.batches.batch_id"],
            name=op.f("fk_rejects_batch_id_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["etl.raw_documents.document_id"],
            name=op.f("fk_rejects_document_id_raw_documents"),
        ),
        sa.PrimaryKeyConstraint("reject_id", name=op.f("pk_rejects")),
        schema="etl",
        comment="One row per input or parsed cable that could not be published, with the reason.",
    )
    op.create_index("ix_rejects_batch_id", "rejects", ["batch_id"], unique=False, schema="etl")
    op.create_table(
        "cable_references",
        sa.Column(
            "cable_id",
            sa.Text(),
            nullable=False,
            comment="The citing cable (cables.cable_id).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order of the reference in the REF block, from 1.",
        ),
        sa.Column(
            "cited_id",
            sa.Text(),
            nullable=True,
            comment="Canonical id of the cited cable, e.g. 06STATE85578; empty (null) when the reference is not a cable.",
        ),
        sa.Column(
            "label",
            sa.Text(),
            nullable=True,
            comment="Letter of the reference (A, B, ...) when the REF block is lettered.",
        ),
        sa.Column(
            "raw",
            sa.Text(),
            nullable=False,
            comment="The reference exactly as written, e.g. A. SECSTATE 85578.",
        ),
        sa.Column(
            "kind",
            sa.Text(),
            server_default=sa.text("'cable'"),
            nullable=False,
            comment="What is referenced: cable, email, telcon, memcon or other.",
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.cable_id"],
            name=op.f("fk_cable_references_cable_id_cables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_cable_references")),
        comment="One row per reference (REF line item) a cable cites.",
    )
    op.create_index("ix_cable_references_cited_id", "cable_references", ["cited_id"], unique=False)
    op.create_table(
        "entities",
        sa.Column(
            "cable_id",
            sa.Text(),
            nullable=False,
            comment="Cable the mention occurs in (cables.cable_id).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order of the mention within the cable, from 1.",
        ),
        sa.Column(
            "kind",
            sa.Text(),
            nullable=False,
            comment="What is mentioned: PERSON, ORGANIZATION or LOCATION.",
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=False,
            comment="Normalised name: the fullest form of it used in the same cable.",
        ),
        sa.Column(
            "surface",
            sa.Text(),
            nullable=False,
            comment="The mention exactly as it appears in the text.",
        ),
        sa.Column(
            "paragraph_position",
            sa.Integer(),
            nullable=False,
            comment="Paragraph the mention is in (paragraphs.position); 0 for the subject.",
        ),
        sa.Column(
            "start_offset",
            sa.Integer(),
            nullable=False,
            comment="Character offset where the mention starts within that paragraph.",
        ),
        sa.Column(
            "end_offset",
            sa.Integer(),
            nullable=False,
            comment="Character offset just after the mention within that paragraph.",
        ),
        sa.CheckConstraint(
            "kind IN ('PERSON', 'ORGANIZATION', 'LOCATION')",
            name=op.f("ck_entities_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.cable_id"],
            name=op.f("fk_entities_cable_id_cables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_entities")),
        comment="One row per mention of a person, organisation or place in a cable.",
    )
    op.create_index("ix_entities_kind_name", "entities", ["kind", "name"], unique=False)
    op.create_index("ix_entities_name", "entities", ["name"], unique=False)
    op.create_table(
        "paragraphs",
        sa.Column(
            "cable_id",
            sa.Text(),
            nullable=False,
            comment="Cable the paragraph belongs to (cables.cable_id).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order of the paragraph in the cable, from 1.",
        ),
        sa.Column(
            "text",
            sa.Text(),
            nullable=False,
            comment="Text of the paragraph, rejoined across line wraps and page breaks.",
        ),
        sa.Column(
            "number_label",
            sa.Text(),
            nullable=True,
            comment="Paragraph number as written in the cable, e.g. 1 or 2a.",
        ),
        sa.Column(
            "marking",
            sa.Text(),
            nullable=True,
            comment="Classification marking of the paragraph, e.g. C, S/NF, SBU, U.",
        ),
        sa.Column(
            "heading",
            sa.Text(),
            nullable=True,
            comment="Section heading the paragraph falls under, when the cable has one.",
        ),
        sa.Column(
            "is_summary",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="True when the paragraph is part of the cable's SUMMARY.",
        ),
        sa.Column(
            "is_comment",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="True when the paragraph is part of the cable's COMMENT.",
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.cable_id"],
            name=op.f("fk_paragraphs_cable_id_cables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_paragraphs")),
        comment="One row per paragraph of a cable body, in reading order.",
    )
    op.create_table(
        "recipients",
        sa.Column(
            "cable_id",
            sa.Text(),
            nullable=False,
            comment="Cable this addressee received (cables.cable_id).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order of the addressee within the cable, from 1, TO and INFO numbered together.",
        ),
        sa.Column(
            "kind",
            sa.Text(),
            nullable=False,
            comment="to for an action addressee, info for an information copy.",
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=False,
            comment="Addressee as written, e.g. SECSTATE WASHDC.",
        ),
        sa.Column(
            "routing_indicator",
            sa.Text(),
            nullable=True,
            comment="Routing indicator of the addressee station, e.g. RUEHC.",
        ),
        sa.Column(
            "precedence",
            sa.Text(),
            nullable=True,
            comment="Handling priority given to this addressee, e.g. IMMEDIATE.",
        ),
        sa.Column(
            "serial",
            sa.Text(),
            nullable=True,
            comment="Message serial number given to this addressee, as written.",
        ),
        sa.CheckConstraint("kind IN ('to', 'info')", name=op.f("ck_recipients_kind")),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.cable_id"],
            name=op.f("fk_recipients_cable_id_cables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_recipients")),
        comment="One row per addressee of a cable, from its TO and INFO lists.",
    )
    op.create_table(
        "tags",
        sa.Column(
            "cable_id",
            sa.Text(),
            nullable=False,
            comment="Cable carrying the tag (cables.cable_id).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order of the tag on the TAGS line, from 1.",
        ),
        sa.Column(
            "tag",
            sa.Text(),
            nullable=False,
            comment="The tag in upper case, e.g. PGOV (topic), KDEM, or a country code.",
        ),
        sa.ForeignKeyConstraint(
            ["cable_id"],
            ["cables.cable_id"],
            name=op.f("fk_tags_cable_id_cables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cable_id", "position", name=op.f("pk_tags")),
        comment="One row per subject tag (TAGS line) of a cable.",
    )
    op.create_index("ix_tags_tag", "tags", ["tag"], unique=False)


def downgrade() -> None:
    """Drop every table of the warehouse and schema etl."""
    op.drop_index("ix_tags_tag", table_name="tags")
    op.drop_table("tags")
    op.drop_table("recipients")
    op.drop_table("paragraphs")
    op.drop_index("ix_entities_name", table_name="entities")
    op.drop_index("ix_entities_kind_name", table_name="entities")
    op.drop_table("entities")
    op.drop_index("ix_cable_references_cited_id", table_name="cable_references")
    op.drop_table("cable_references")
    op.drop_index("ix_rejects_batch_id", table_name="rejects", schema="etl")
    op.drop_table("rejects", schema="etl")
    op.drop_index("ix_cables_search", table_name="cables", postgresql_using="gin")
    op.drop_index("ix_cables_origin", table_name="cables")
    op.drop_index("ix_cables_created_at", table_name="cables")
    op.drop_index("ix_cables_classification", table_name="cables")
    op.drop_table("cables")
    op.drop_index("ix_raw_documents_cable_id", table_name="raw_documents", schema="etl")
    op.drop_index("ix_raw_documents_batch_id", table_name="raw_documents", schema="etl")
    op.drop_table("raw_documents", schema="etl")
    op.drop_index("ix_quality_results_batch_id", table_name="quality_results", schema="etl")
    op.drop_table("quality_results", schema="etl")
    op.drop_table("batches", schema="etl")
    op.execute("DROP SCHEMA etl")
