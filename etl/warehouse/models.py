"""Typed SQLAlchemy models of the warehouse: analyst tables in ``public``, bookkeeping in ``etl``.

The column comments are the data dictionary: they become ``COMMENT ON`` in the database and
the README's table descriptions must say the same thing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Text,
    func,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column, relationship

ETL_SCHEMA = "etl"

#: Deterministic constraint names, so migrations can refer to them on every server.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def search_document(subject: str, body: str) -> str:
    """SQL for the full-text document of a cable: subject then body, English stemming."""
    return (
        "to_tsvector('english'::regconfig, "
        f"COALESCE({subject}, ''::text) || ' '::text || COALESCE({body}, ''::text))"
    )


SEARCH_EXPRESSION = search_document("subject", "body")
#: Full-text document of a paragraph (English stemming), searched by search_paragraphs.
PARAGRAPH_SEARCH_EXPRESSION = "to_tsvector('english'::regconfig, COALESCE(text, ''::text))"
#: ``Column.info`` key of a ``search`` column's staged expression (default SEARCH_EXPRESSION).
STAGED_EXPRESSION = "staged_expression"

TIMESTAMP = DateTime(timezone=True)
TEXT_ARRAY = ARRAY(Text)


class Base(DeclarativeBase):
    """Declarative base carrying the shared metadata and naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


RECIPIENT_KINDS = ("to", "info")
ENTITY_KINDS = ("PERSON", "ORGANIZATION", "LOCATION")
BATCH_STATUSES = ("running", "published", "blocked", "failed", "cancelled")
DOCUMENT_FORMATS = ("text", "html", "csv-row")
REJECT_STAGES = ("land", "parse", "quality", "publish")
QUALITY_STAGES = ("raw", "parsed", "warehouse")
#: Where ``cables.created_at`` comes from (etl.parsing.records.CREATED_SOURCES).
CREATED_SOURCES = ("dtg", "metadata", "page", "csv", "estimate", "none")
#: Stages whose checks flag a published cable (public.cable_quality_flags).
FLAG_STAGES = ("parsed", "warehouse")


# --- analyst tables (schema public) -------------------------------------------------------


class Cable(Base):
    """One row per cable, its latest parsed version."""

    __tablename__ = "cables"
    __table_args__ = (
        Index("ix_cables_created_at", "created_at"),
        Index("ix_cables_origin", "origin"),
        Index("ix_cables_classification", "classification"),
        Index("ix_cables_search", "search", postgresql_using="gin"),
        # A batch's own cables: its warehouse checks and summary (migration 0009).
        Index("ix_cables_loaded_batch_id", "loaded_batch_id"),
        # Dates are never guessed in created_at (migration 0011): a stated date has a stated
        # source, an estimate lives only in created_estimate.
        CheckConstraint(_in("created_source", CREATED_SOURCES), name="created_source"),
        CheckConstraint(
            "created_at IS NULL OR (created_source <> 'estimate' AND created_estimate IS NULL)",
            name="estimate_not_in_created_at",
        ),
        {
            "comment": "One row per diplomatic cable: its header fields and full text (latest "
            "parsed version)."
        },
    )

    cable_id: Mapped[str] = mapped_column(
        Text,
        primary_key=True,
        comment="Canonical reference id of the cable, e.g. 06PHNOMPENH534 (year, origin "
        "office, serial).",
    )
    created_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP,
        comment="When the cable was sent (UTC), as the input states it (see created_source); "
        "never an estimate.",
    )
    released_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="When the cable was made public in the 2010-11 release."
    )
    classification: Mapped[str | None] = mapped_column(
        Text,
        comment="Security classification in the release vocabulary, e.g. CONFIDENTIAL//NOFORN.",
    )
    origin: Mapped[str | None] = mapped_column(
        Text, comment="Sending office in the release vocabulary, e.g. Embassy Phnom Penh."
    )
    subject: Mapped[str] = mapped_column(
        Text, server_default=sql_text("''"), comment="Subject line of the cable."
    )
    body: Mapped[str] = mapped_column(
        Text,
        server_default=sql_text("''"),
        comment="Text of the telegram body, page-break lines removed, line wrapping kept.",
    )
    precedence: Mapped[str | None] = mapped_column(
        Text, comment="Handling priority: FLASH, IMMEDIATE, PRIORITY or ROUTINE."
    )
    transmission_id: Mapped[str | None] = mapped_column(
        Text, comment="Transmission identifier of the telegram header, e.g. VZCZCXRO6287."
    )
    origin_routing_indicator: Mapped[str | None] = mapped_column(
        Text, comment="Routing indicator of the sending station, from the DE line, e.g. RUEHPF."
    )
    station_serial: Mapped[str | None] = mapped_column(
        Text, comment="Serial number of the message at the sending station, from the DE line."
    )
    caveats: Mapped[list[str]] = mapped_column(
        TEXT_ARRAY,
        server_default=sql_text("'{}'::text[]"),
        comment="Handling caveats written on the cable, e.g. SIPDIS, SENSITIVE, NOFORN.",
    )
    declassification: Mapped[str | None] = mapped_column(
        Text, comment="The declassification line (E.O. 12958 ...) as written."
    )
    declassify_on: Mapped[date | None] = mapped_column(
        Date, comment="Date from which the cable may be declassified, when given."
    )
    classified_by: Mapped[str | None] = mapped_column(
        Text, comment="Official who classified the cable and the reason given."
    )
    signer: Mapped[str | None] = mapped_column(
        Text, comment="Name signing the cable at its end, usually the ambassador or secretary."
    )
    summary: Mapped[str | None] = mapped_column(
        Text, comment="Text of the cable's SUMMARY section, when it has one."
    )
    comment: Mapped[str | None] = mapped_column(
        Text, comment="Text of the cable's COMMENT section, when it has one."
    )
    section_count: Mapped[int | None] = mapped_column(
        Integer, comment="Number of sections a long cable was sent in (SECTION 1 OF N)."
    )
    is_partial_extract: Mapped[bool] = mapped_column(
        Boolean,
        server_default=sql_text("false"),
        comment="True when the release contains only an extract of the cable.",
    )
    is_metadata_only: Mapped[bool] = mapped_column(
        Boolean,
        server_default=sql_text("false"),
        comment="True when only the metadata of the cable is known, not its text.",
    )
    redaction_count: Mapped[int] = mapped_column(
        Integer,
        server_default=sql_text("0"),
        comment="Number of passages removed (redacted) from the released text.",
    )
    problems: Mapped[list[str]] = mapped_column(
        TEXT_ARRAY,
        server_default=sql_text("'{}'::text[]"),
        comment="What looked wrong while parsing the cable, one sentence per problem.",
    )
    parser_version: Mapped[int] = mapped_column(
        Integer, comment="Version of the parser that produced this row."
    )
    source_document_id: Mapped[int | None] = mapped_column(
        BigInteger,
        ForeignKey(f"{ETL_SCHEMA}.raw_documents.document_id", ondelete="SET NULL"),
        comment="Raw input document this row was parsed from (etl.raw_documents).",
    )
    content_hash: Mapped[str] = mapped_column(
        Text, comment="SHA-256 (hex) of the raw document this row was parsed from."
    )
    loaded_batch_id: Mapped[int | None] = mapped_column(
        BigInteger,
        ForeignKey(f"{ETL_SCHEMA}.batches.batch_id", ondelete="SET NULL"),
        comment="Load batch that last inserted or changed this row (etl.batches).",
    )
    updated_at: Mapped[datetime] = mapped_column(
        TIMESTAMP,
        server_default=func.now(),
        comment="When this row was last inserted or changed in the warehouse.",
    )
    # Not a generated column: the document is computed while a batch is staged (in parallel
    # with parsing) and copied on publish; a trigger (migration 0005) fills it for other writes.
    search: Mapped[Any] = mapped_column(
        TSVECTOR,
        nullable=False,
        comment="Full-text search document of subject and body (English); query it with "
        "@@ websearch_to_tsquery('english', ...).",
    )
    # Migration 0011 (publication policy, issue 14).
    text_cable_id: Mapped[str | None] = mapped_column(
        Text,
        comment="The id the cable's own text gives, only when it differs from cable_id (the id "
        "the release filed it under).",
    )
    created_source: Mapped[str] = mapped_column(
        Text,
        server_default=sql_text("'none'"),
        comment="Where created_at comes from: dtg (the date-time group), metadata (metadata "
        "block), page (release page table), csv (cables.csv row); estimate when only "
        "created_estimate is known, none without either.",
    )
    created_estimate: Mapped[datetime | None] = mapped_column(
        TIMESTAMP,
        comment="A date inferred from partial evidence (e.g. the declassification date and the "
        "id's year), only when created_at is empty; never a stated date.",
    )
    container_created_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP,
        comment="The date the container (page table, metadata block, cables.csv row) states, "
        "only when it differs from the date-time group in created_at by more than a day.",
    )

    recipients: Mapped[list[Recipient]] = relationship(
        back_populates="cable",
        order_by="Recipient.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    tags: Mapped[list[Tag]] = relationship(
        back_populates="cable",
        order_by="Tag.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="cable",
        order_by="Paragraph.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    entities: Mapped[list[Entity]] = relationship(
        back_populates="cable",
        order_by="Entity.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    references: Mapped[list[CableReference]] = relationship(
        back_populates="cable",
        order_by="CableReference.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    quality_flags: Mapped[list[CableQualityFlag]] = relationship(
        back_populates="cable",
        order_by="CableQualityFlag.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


def _cable_fk(comment: str) -> MappedColumn[str]:
    return mapped_column(
        Text,
        ForeignKey("cables.cable_id", ondelete="CASCADE"),
        primary_key=True,
        comment=comment,
    )


class Recipient(Base):
    """One addressee (TO or INFO) of a cable."""

    __tablename__ = "recipients"
    __table_args__ = (
        CheckConstraint(_in("kind", RECIPIENT_KINDS), name="kind"),
        {"comment": "One row per addressee of a cable, from its TO and INFO lists."},
    )

    cable_id: Mapped[str] = _cable_fk("Cable this addressee received (cables.cable_id).")
    position: Mapped[int] = mapped_column(
        Integer,
        primary_key=True,
        comment="Order of the addressee within the cable, from 1, TO and INFO numbered together.",
    )
    kind: Mapped[str] = mapped_column(
        Text, comment="to for an action addressee, info for an information copy."
    )
    name: Mapped[str] = mapped_column(Text, comment="Addressee as written, e.g. SECSTATE WASHDC.")
    routing_indicator: Mapped[str | None] = mapped_column(
        Text, comment="Routing indicator of the addressee station, e.g. RUEHC."
    )
    precedence: Mapped[str | None] = mapped_column(
        Text, comment="Handling priority given to this addressee, e.g. IMMEDIATE."
    )
    serial: Mapped[str | None] = mapped_column(
        Text, comment="Message serial number given to this addressee, as written."
    )

    cable: Mapped[Cable] = relationship(back_populates="recipients")


class Tag(Base):
    """One TAGS entry of a cable."""

    __tablename__ = "tags"
    __table_args__ = (
        Index("ix_tags_tag", "tag"),
        {"comment": "One row per subject tag (TAGS line) of a cable."},
    )

    cable_id: Mapped[str] = _cable_fk("Cable carrying the tag (cables.cable_id).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order of the tag on the TAGS line, from 1."
    )
    tag: Mapped[str] = mapped_column(
        Text,
        comment=(
            "The tag as the TAGS line gives it: the code in upper case, e.g. PGOV (topic), KDEM, "
            "or a country code; a person tag keeps the name in parentheses as written, e.g. "
            "OVIP (steinberg, james b.)."
        ),
    )

    cable: Mapped[Cable] = relationship(back_populates="tags")


class Paragraph(Base):
    """One paragraph of a cable body."""

    __tablename__ = "paragraphs"
    __table_args__ = (
        # The paragraph search (search_paragraphs, migration 0010) reads matches from here.
        Index("ix_paragraphs_search", "search", postgresql_using="gin"),
        {"comment": "One row per paragraph of a cable body, in reading order."},
    )

    cable_id: Mapped[str] = _cable_fk("Cable the paragraph belongs to (cables.cable_id).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order of the paragraph in the cable, from 1."
    )
    text: Mapped[str] = mapped_column(
        Text, comment="Text of the paragraph, rejoined across line wraps and page breaks."
    )
    number_label: Mapped[str | None] = mapped_column(
        Text, comment="Paragraph number as written in the cable, e.g. 1 or 2a."
    )
    marking: Mapped[str | None] = mapped_column(
        Text, comment="Classification marking of the paragraph, e.g. C, S/NF, SBU, U."
    )
    heading: Mapped[str | None] = mapped_column(
        Text,
        comment=(
            "The paragraph's heading: its own inline label (2. (C) SUMMARY: ...) or else the "
            "section heading it falls under; NULL when it has neither."
        ),
    )
    is_summary: Mapped[bool] = mapped_column(
        Boolean,
        server_default=sql_text("false"),
        comment="True when the paragraph is part of the cable's SUMMARY.",
    )
    is_comment: Mapped[bool] = mapped_column(
        Boolean,
        server_default=sql_text("false"),
        comment="True when the paragraph is part of the cable's COMMENT.",
    )
    # Like cables.search: computed while the batch is staged, copied on publish, and filled by
    # a trigger (migration 0010) for any other write.
    search: Mapped[Any] = mapped_column(
        TSVECTOR,
        nullable=False,
        comment="Full-text search document of the paragraph text (English); query it with "
        "@@ websearch_to_tsquery('english', ...), or use search_paragraphs().",
        info={STAGED_EXPRESSION: PARAGRAPH_SEARCH_EXPRESSION},
    )

    cable: Mapped[Cable] = relationship(back_populates="paragraphs")


class Entity(Base):
    """One mention of a person, organisation or place in a cable."""

    __tablename__ = "entities"
    __table_args__ = (
        CheckConstraint(_in("kind", ENTITY_KINDS), name="kind"),
        # One index serves `name = ...` with or without `kind`: each index on this table
        # (hundreds of rows per cable) is a large part of the cost of publishing.
        Index("ix_entities_name_kind", "name", "kind"),
        # The identity entity_summary is keyed on (migration 0015): its per-key recomputation.
        Index(
            "ix_entities_identity_kind",
            func.coalesce(sql_text("canonical_name"), sql_text("name")),
            "kind",
        ),
        {"comment": "One row per mention of a person, organisation or place in a cable."},
    )

    cable_id: Mapped[str] = _cable_fk("Cable the mention occurs in (cables.cable_id).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order of the mention within the cable, from 1."
    )
    kind: Mapped[str] = mapped_column(
        Text, comment="What is mentioned: PERSON, ORGANIZATION or LOCATION."
    )
    name: Mapped[str] = mapped_column(
        Text, comment="Normalised name: the fullest form of it used in the same cable."
    )
    surface: Mapped[str] = mapped_column(
        Text, comment="The mention exactly as it appears in the text."
    )
    paragraph_position: Mapped[int] = mapped_column(
        Integer, comment="Paragraph the mention is in (paragraphs.position); 0 for the subject."
    )
    start_offset: Mapped[int] = mapped_column(
        Integer, comment="Character offset where the mention starts within that paragraph."
    )
    end_offset: Mapped[int] = mapped_column(
        Integer, comment="Character offset just after the mention within that paragraph."
    )
    canonical_name: Mapped[str | None] = mapped_column(
        Text,
        comment=(
            "Identity of the entity across cables (the key of entity_summary): country short "
            "names (U.S., America -> United States), acronym and alias expansions of the "
            "lexicon (USG -> United States Government), people and all-caps names in one "
            "letter case; NULL for rows loaded before it existed."
        ),
    )

    cable: Mapped[Cable] = relationship(back_populates="entities")


class CableReference(Base):
    """One item of the REF block of a cable."""

    __tablename__ = "cable_references"
    __table_args__ = (
        Index("ix_cable_references_cited_id", "cited_id"),
        {"comment": "One row per reference (REF line item) a cable cites."},
    )

    cable_id: Mapped[str] = _cable_fk("The citing cable (cables.cable_id).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order of the reference in the REF block, from 1."
    )
    cited_id: Mapped[str | None] = mapped_column(
        Text,
        comment="Canonical id of the cited cable, e.g. 06STATE85578; empty (null) when "
        "the reference is not a cable.",
    )
    label: Mapped[str | None] = mapped_column(
        Text, comment="Letter of the reference (A, B, ...) when the REF block is lettered."
    )
    raw: Mapped[str] = mapped_column(
        Text,
        comment=(
            "The reference as written, e.g. A. SECSTATE 85578; an item citing several cables gives "
            "each reference only its own part."
        ),
    )
    kind: Mapped[str] = mapped_column(
        Text,
        server_default=sql_text("'cable'"),
        comment="What is referenced: cable, email, telcon, memcon, letter, fax, web, "
        "intelligence report (IIR) or other; only cables have a cited_id.",
    )

    cable: Mapped[Cable] = relationship(back_populates="references")


# --- pipeline bookkeeping (schema etl) ----------------------------------------------------


def _batch_fk(*, nullable: bool, comment: str) -> MappedColumn[Any]:
    return mapped_column(
        BigInteger,
        ForeignKey(f"{ETL_SCHEMA}.batches.batch_id"),
        nullable=nullable,
        comment=comment,
    )


def _count(comment: str) -> MappedColumn[int]:
    return mapped_column(Integer, server_default=sql_text("0"), comment=comment)


class CableQualityFlag(Base):
    """One failed quality check of a published cable (migration 0011)."""

    __tablename__ = "cable_quality_flags"
    __table_args__ = (
        CheckConstraint(_in("stage", FLAG_STAGES), name="stage"),
        Index("ix_cable_quality_flags_expectation", "expectation"),
        {
            "comment": "One row per quality check a published cable failed: the cable is "
            "published all the same (see the README's publication policy), and replaced "
            "flags and all when it is published again."
        },
    )

    cable_id: Mapped[str] = _cable_fk("Cable that failed the check (cables.cable_id).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order of the flag within the cable, from 1."
    )
    stage: Mapped[str] = mapped_column(
        Text,
        comment="Data the check ran on: parsed (the parsed cable before publishing) or "
        "warehouse (the published rows).",
    )
    expectation: Mapped[str] = mapped_column(
        Text,
        comment="The check that failed: suite, column and expectation, e.g. parsed_tags.tag: "
        "expect_column_values_to_match_regex.",
    )
    message: Mapped[str] = mapped_column(
        Text,
        comment="What the failure means, in a sentence, e.g. A tag contains lower-case letters.",
    )
    value: Mapped[str | None] = mapped_column(
        Text, comment="The offending value(s) as column=value, e.g. tag=pGOV; empty when none."
    )

    cable: Mapped[Cable] = relationship(back_populates="quality_flags")


class StageQualityFlag(Base):
    """A flag waiting, with its staged cable, to be published (migration 0011)."""

    __tablename__ = "stage_quality_flags"
    __table_args__ = (
        Index("ix_stage_quality_flags_batch_id_document_id", "batch_id", "document_id"),
        {
            "schema": ETL_SCHEMA,
            "comment": "Staging copy of public.cable_quality_flags: the parsed-stage checks' "
            "flags of a batch's staged cables, published with them; emptied when the batch "
            "is published.",
        },
    )

    flag_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=True, comment="Number of the staged flag."
    )
    batch_id: Mapped[int] = mapped_column(BigInteger, comment="Batch that staged this row.")
    document_id: Mapped[int] = mapped_column(
        BigInteger, comment="Raw document (etl.raw_documents) the flagged cable was parsed from."
    )
    cable_id: Mapped[str | None] = mapped_column(Text, comment="Cable that failed the check.")
    stage: Mapped[str] = mapped_column(Text, comment="Data the check ran on: parsed.")
    expectation: Mapped[str] = mapped_column(Text, comment="The check that failed.")
    message: Mapped[str] = mapped_column(Text, comment="What the failure means, in a sentence.")
    value: Mapped[str | None] = mapped_column(Text, comment="The offending value(s).")


class TableRowCount(Base):
    """Row count of one analyst table, kept by publishing (a count(*) of the release's
    entities takes tens of seconds, and every load reports the totals)."""

    __tablename__ = "table_row_counts"
    __table_args__ = (
        {
            "schema": ETL_SCHEMA,
            "comment": "Rows in each analyst table: changed by every publish by the rows it "
            "inserted and deleted, recounted exactly by the nightly reconcile.",
        },
    )

    table_name: Mapped[str] = mapped_column(
        Text, primary_key=True, comment="Analyst table in schema public, e.g. entities."
    )
    row_count: Mapped[int] = mapped_column(
        BigInteger, server_default=sql_text("0"), comment="Rows in the table."
    )
    counted_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="When the count was last made exactly with count(*)."
    )


class Batch(Base):
    """One run of the load pipeline."""

    __tablename__ = "batches"
    __table_args__ = (
        CheckConstraint(_in("status", BATCH_STATUSES), name="status"),
        {
            "schema": ETL_SCHEMA,
            "comment": "One row per load of a set of inputs: what came "
            "in, what changed, and how it ended.",
        },
    )

    batch_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=True, comment="Number of the batch."
    )
    partition_key: Mapped[str | None] = mapped_column(
        Text,
        unique=True,
        comment="Dagster partition the batch loaded; unique, so a partition loads once.",
    )
    status: Mapped[str] = mapped_column(
        Text,
        server_default=sql_text("'running'"),
        comment="running, published (in the analyst tables), blocked (a quality check "
        "failed), failed (an error) or cancelled (stopped by a signal before publishing).",
    )
    inputs: Mapped[list[str]] = mapped_column(
        TEXT_ARRAY,
        server_default=sql_text("'{}'::text[]"),
        comment="Files, folders or archives the batch was asked to load.",
    )
    started_at: Mapped[datetime] = mapped_column(
        TIMESTAMP, server_default=func.now(), comment="When the batch started."
    )
    finished_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="When the batch ended; empty while it runs."
    )
    documents_seen: Mapped[int] = _count("Input documents read by the batch.")
    documents_new: Mapped[int] = _count("Input documents not seen by any earlier batch.")
    cables_new: Mapped[int] = _count("Cables added to the warehouse by the batch.")
    cables_updated: Mapped[int] = _count("Cables whose row the batch changed.")
    cables_unchanged: Mapped[int] = _count("Cables the batch parsed again without a change.")
    rejected: Mapped[int] = _count("Inputs or cables of the batch listed in etl.rejects.")
    timings: Mapped[dict[str, Any]] = mapped_column(
        JSONB,
        server_default=sql_text("'{}'::jsonb"),
        comment="Seconds spent per pipeline step, keyed by step name.",
    )
    error: Mapped[str | None] = mapped_column(
        Text, comment="Why the batch failed or was blocked, when it did."
    )
    heartbeat_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP,
        comment="Last sign of life of the process loading the batch; a running batch whose "
        "heartbeat stops is treated as abandoned and cleaned up.",
    )


class RawDocument(Base):
    """One distinct input content, kept verbatim."""

    __tablename__ = "raw_documents"
    __table_args__ = (
        CheckConstraint(_in("format", DOCUMENT_FORMATS), name="format"),
        Index("ix_raw_documents_cable_id", "cable_id"),
        Index("ix_raw_documents_batch_id", "batch_id"),
        {
            "schema": ETL_SCHEMA,
            "comment": "One row per distinct input content, stored "
            "verbatim before parsing; older renderings of a cable stay here.",
        },
    )

    document_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=True, comment="Number of the document."
    )
    sha256: Mapped[str] = mapped_column(
        Text, unique=True, comment="SHA-256 (hex) of the input bytes; identifies the content."
    )
    source_path: Mapped[str] = mapped_column(
        Text, comment="Where the content was read from (file path, archive member or CSV row)."
    )
    format: Mapped[str] = mapped_column(
        Text, comment="Layout of the content: text, html or csv-row."
    )
    content: Mapped[bytes] = mapped_column(LargeBinary, comment="The input bytes, unchanged.")
    size_bytes: Mapped[int] = mapped_column(BigInteger, comment="Length of the content in bytes.")
    received_at: Mapped[datetime] = mapped_column(
        TIMESTAMP, server_default=func.now(), comment="When the content was first received."
    )
    batch_id: Mapped[int] = _batch_fk(
        nullable=False, comment="Batch that first brought the content (etl.batches)."
    )
    cable_id: Mapped[str | None] = mapped_column(
        Text, comment="Cable the content parsed to; empty until parsed or when it was rejected."
    )
    parser_version: Mapped[int | None] = mapped_column(
        Integer, comment="Parser version that last parsed the content; empty until parsed."
    )
    parsed_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="When the content was last parsed; empty until parsed."
    )
    # Measured from the bytes while landing them, for the raw-document checks (migration 0008).
    decodes_cleanly: Mapped[bool | None] = mapped_column(
        Boolean,
        comment=(
            "True when the bytes decode strictly as UTF-8 (with or without BOM), UTF-16 with "
            "BOM or cp1252; measured while landing, like the counts below (all empty for "
            "content landed before they were recorded)."
        ),
    )
    text_chars: Mapped[int | None] = mapped_column(
        BigInteger,
        comment="Characters of the decoded text (decoded as latin-1 when it does not decode "
        "cleanly).",
    )
    nul_chars: Mapped[int | None] = mapped_column(
        BigInteger, comment="NUL characters in the decoded text."
    )
    control_chars: Mapped[int | None] = mapped_column(
        BigInteger,
        comment=(
            "Control characters in the decoded text other than tab, line feed, form feed and "
            "carriage return."
        ),
    )
    visible_chars: Mapped[int | None] = mapped_column(
        BigInteger, comment="Characters of the decoded text that are not whitespace."
    )


class Reject(Base):
    """One input or parsed cable that could not be published."""

    __tablename__ = "rejects"
    __table_args__ = (
        CheckConstraint(_in("stage", REJECT_STAGES), name="stage"),
        Index("ix_rejects_batch_id", "batch_id"),
        {
            "schema": ETL_SCHEMA,
            "comment": "One row per input or parsed cable that could not "
            "be published, with the reason.",
        },
    )

    reject_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=True, comment="Number of the reject."
    )
    batch_id: Mapped[int] = _batch_fk(
        nullable=False, comment="Batch in which the rejection happened (etl.batches)."
    )
    document_id: Mapped[int | None] = mapped_column(
        BigInteger,
        ForeignKey(f"{ETL_SCHEMA}.raw_documents.document_id"),
        comment="Raw document rejected (etl.raw_documents); empty when it was never landed.",
    )
    source_path: Mapped[str] = mapped_column(Text, comment="Where the rejected input came from.")
    stage: Mapped[str] = mapped_column(
        Text, comment="Step that rejected it: land, parse, quality or publish."
    )
    reason: Mapped[str] = mapped_column(
        Text, comment="Why it was rejected, in a sentence a person understands."
    )
    expectation: Mapped[str | None] = mapped_column(
        Text, comment="Quality expectation that failed, for quality rejects."
    )
    cable_id: Mapped[str | None] = mapped_column(
        Text, comment="Cable id, when the input was read far enough to know it."
    )
    created_at: Mapped[datetime] = mapped_column(
        TIMESTAMP, server_default=func.now(), comment="When the rejection was recorded."
    )


class QualityResult(Base):
    """One evaluated data-quality expectation."""

    __tablename__ = "quality_results"
    __table_args__ = (
        CheckConstraint(_in("stage", QUALITY_STAGES), name="stage"),
        Index("ix_quality_results_batch_id", "batch_id"),
        {
            "schema": ETL_SCHEMA,
            "comment": "One row per data-quality expectation evaluated "
            "(Great Expectations), with its outcome.",
        },
    )

    result_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=True, comment="Number of the result."
    )
    batch_id: Mapped[int | None] = _batch_fk(
        nullable=True,
        comment="Batch checked (etl.batches); empty for checks of the whole warehouse.",
    )
    stage: Mapped[str] = mapped_column(
        Text,
        comment="Data checked: raw (landed documents), parsed (staged cables) or "
        "warehouse (published tables).",
    )
    suite: Mapped[str] = mapped_column(Text, comment="Expectation suite the check belongs to.")
    expectation: Mapped[str] = mapped_column(
        Text, comment="Expectation evaluated, e.g. expect_column_values_to_not_be_null."
    )
    column_name: Mapped[str | None] = mapped_column(
        Text, comment="Column the expectation is about, when it is about one."
    )
    success: Mapped[bool] = mapped_column(Boolean, comment="True when the expectation held.")
    observed_value: Mapped[str | None] = mapped_column(
        Text, comment="What was observed, as text (e.g. a count or share of bad rows)."
    )
    details: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, comment="Full result reported by Great Expectations."
    )
    created_at: Mapped[datetime] = mapped_column(
        TIMESTAMP, server_default=func.now(), comment="When the check ran."
    )


class BatchDocument(Base):
    """Which documents a batch brought, and under which path."""

    __tablename__ = "batch_documents"
    __table_args__ = (
        Index("ix_batch_documents_document_id", "document_id"),
        {
            "schema": ETL_SCHEMA,
            "comment": "One row per document a batch received (also when the same content "
            "was landed by an earlier batch): the batch's work list and provenance.",
        },
    )

    batch_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey(f"{ETL_SCHEMA}.batches.batch_id"),
        primary_key=True,
        comment="Batch that received the document (etl.batches).",
    )
    document_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey(f"{ETL_SCHEMA}.raw_documents.document_id"),
        primary_key=True,
        comment="Document received (etl.raw_documents).",
    )
    source_path: Mapped[str] = mapped_column(
        Text, comment="Path the document arrived under in this batch."
    )
    ordinal: Mapped[int] = mapped_column(
        BigInteger, comment="Order in which the batch read the document (1-based)."
    )


class FileSignature(Base):
    """A landed file as ``stat`` saw it, so that a reload need not read it again (migration
    0017, ``etl.ingest.signatures``)."""

    __tablename__ = "file_signatures"
    __table_args__ = (
        {
            "schema": ETL_SCHEMA,
            "comment": "One row per input file read in full that held only plain documents: "
            "its signature when it was read; a later load finding the same signature takes "
            "its documents (etl.file_signature_documents) as landed without reading it.",
        },
    )

    file_key: Mapped[str] = mapped_column(
        Text(collation="C"), primary_key=True, comment="Real (absolute) path of the file."
    )
    device: Mapped[int] = mapped_column(
        BigInteger, comment="Device number of the file system holding it (st_dev)."
    )
    inode: Mapped[int] = mapped_column(BigInteger, comment="Inode number (st_ino).")
    size_bytes: Mapped[int] = mapped_column(BigInteger, comment="Size in bytes (st_size).")
    mtime_ns: Mapped[int] = mapped_column(
        BigInteger, comment="Last modification, nanoseconds since the epoch (st_mtime_ns)."
    )
    ctime_ns: Mapped[int] = mapped_column(
        BigInteger,
        comment="Last status change, nanoseconds since the epoch (st_ctime_ns; changes with "
        "any write, even one that keeps the modification time).",
    )
    batch_id: Mapped[int] = mapped_column(
        BigInteger, comment="Batch that read the file with this signature (etl.batches)."
    )
    recorded_at: Mapped[datetime] = mapped_column(
        TIMESTAMP, server_default=func.now(), comment="When the signature was recorded."
    )


class FileSignatureDocument(Base):
    """One document a signed file held."""

    __tablename__ = "file_signature_documents"
    __table_args__ = (
        Index("ix_file_signature_documents_document_id", "document_id"),
        {
            "schema": ETL_SCHEMA,
            "comment": "The documents a signed file (etl.file_signatures) held when it was "
            "read, in reading order.",
        },
    )

    file_key: Mapped[str] = mapped_column(
        Text(collation="C"),
        ForeignKey(f"{ETL_SCHEMA}.file_signatures.file_key", ondelete="CASCADE"),
        primary_key=True,
        comment="File that held the document (etl.file_signatures).",
    )
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order of the document in the file (1-based)."
    )
    suffix: Mapped[str] = mapped_column(
        Text,
        comment="What the document's source path adds to the file's: empty for a plain file, "
        "!member for an archive member, #row=N for a cables.csv record.",
    )
    document_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey(f"{ETL_SCHEMA}.raw_documents.document_id"),
        comment="The document's content (etl.raw_documents).",
    )


# --- analyst reference data (schema public; views over it live in migration 0003) ----------

TAG_KINDS = ("subject", "program", "country", "organisation", "person")


class TagDefinition(Base):
    """Meaning of one TAGS code, written by the project (etl/reference_data)."""

    __tablename__ = "tag_definitions"
    __table_args__ = (
        CheckConstraint(_in("kind", TAG_KINDS), name="kind"),
        {
            "comment": "Meaning of the TAGS codes seen in the cables, written by the project. "
            "See the view tag_meanings for every tag in use."
        },
    )

    code: Mapped[str] = mapped_column(
        Text, primary_key=True, comment="The tag code in upper case, e.g. PGOV, KTIP, CB."
    )
    kind: Mapped[str] = mapped_column(
        Text,
        comment="What the code names: subject, program, country (State Department codes, "
        "not ISO; regions too), organisation or person.",
    )
    meaning: Mapped[str] = mapped_column(
        Text, comment="What the code means, e.g. Internal government affairs, or Cambodia."
    )


# --- analyst summaries (schema public; kept current by publishing, etl.warehouse.analyst) ---

_KEPT_CURRENT = "Kept current by every load, in the same transaction as the batch."


class CableCitationCount(Base):
    """In-degree of one cited cable id (migration 0006_maintained_summaries)."""

    __tablename__ = "cable_citation_counts"
    __table_args__ = (
        {
            "comment": "In-degree of the citation graph: one row per cited cable id (in the "
            "warehouse or not) with how many cables cite it. Cables never cited have no row. "
            + _KEPT_CURRENT
        },
    )

    cable_id: Mapped[str] = mapped_column(
        Text,
        primary_key=True,
        comment="Canonical id of a cited cable (may be outside the warehouse).",
    )
    in_warehouse: Mapped[bool | None] = mapped_column(
        Boolean, comment="True when the cited cable is in the warehouse."
    )
    subject: Mapped[str | None] = mapped_column(
        Text, comment="Subject of the cited cable (null when it is not in the warehouse)."
    )
    created_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="When the cited cable was sent (null when not in the warehouse)."
    )
    origin: Mapped[str | None] = mapped_column(
        Text, comment="Sending office of the cited cable (null when not in the warehouse)."
    )
    citing_cable_count: Mapped[int | None] = mapped_column(
        Integer, comment="Number of distinct cables citing it (in-degree)."
    )
    first_cited_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="Date of the earliest cable citing it."
    )
    last_cited_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="Date of the latest cable citing it."
    )


class EntitySummary(Base):
    """One person, organisation or place over all cables (migration 0006)."""

    __tablename__ = "entity_summary"
    __table_args__ = (
        Index("ix_entity_summary_name", "name"),
        {
            "comment": "One row per person, organisation or place across cables (kind, "
            "canonical name) with the names the cables write for it, how many cables mention it "
            "and when it was first and last seen. " + _KEPT_CURRENT
        },
    )

    kind: Mapped[str] = mapped_column(
        Text, primary_key=True, comment="PERSON, ORGANIZATION or LOCATION."
    )
    name: Mapped[str] = mapped_column(
        Text,
        primary_key=True,
        comment="Canonical name: the identity across cables (entities.canonical_name, or the "
        "name of rows that have none), e.g. United States for U.S. and United States.",
    )
    cable_count: Mapped[int | None] = mapped_column(
        Integer, comment="Number of cables mentioning it, under any variant."
    )
    mention_count: Mapped[int | None] = mapped_column(
        Integer, comment="Number of mentions over all cables, under any variant."
    )
    first_seen_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="Date of the earliest cable mentioning it."
    )
    last_seen_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="Date of the latest cable mentioning it."
    )
    first_cable_id: Mapped[str | None] = mapped_column(
        Text, comment="The earliest cable mentioning it."
    )
    last_cable_id: Mapped[str | None] = mapped_column(
        Text, comment="The latest cable mentioning it."
    )
    variants: Mapped[list[str] | None] = mapped_column(
        TEXT_ARRAY,
        comment="The names the cables write for it (distinct entities.name), sorted, e.g. "
        "{U.S.,United States}.",
    )


class Station(Base):
    """One sending office (migration 0006)."""

    __tablename__ = "stations"
    __table_args__ = (
        {
            "comment": "One row per sending office (origin) with its routing indicator learned "
            "from the DE lines, its country, and its number of cables. " + _KEPT_CURRENT
        },
    )

    origin: Mapped[str] = mapped_column(
        Text,
        primary_key=True,
        comment="Sending office in the release vocabulary, e.g. Embassy Phnom Penh.",
    )
    routing_indicator: Mapped[str | None] = mapped_column(
        Text, comment="Its routing indicator most used on DE lines, e.g. RUEHPF."
    )
    routing_indicators: Mapped[list[str] | None] = mapped_column(
        TEXT_ARRAY, comment="Every routing indicator seen on its DE lines, most used first."
    )
    country_code: Mapped[str | None] = mapped_column(
        Text,
        comment="State Department country code of the country it is in (for posts abroad: "
        "their most frequent country tag; US for the Secretary of State).",
    )
    country: Mapped[str | None] = mapped_column(Text, comment="Name of that country.")
    cable_count: Mapped[int | None] = mapped_column(
        Integer, comment="Number of cables it sent in the warehouse."
    )
    first_cable_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="Date of its earliest cable."
    )
    last_cable_at: Mapped[datetime | None] = mapped_column(
        TIMESTAMP, comment="Date of its latest cable."
    )
