"""Flattening of parsed cables into table rows.

One place defines, for every analyst table, the column order and how a ``ParsedCable`` becomes
rows. The staging COPY and the publish SQL both use these lists, so a new column is added here
(and in the migration) and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from etl.parsing.records import ParsedCable

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class TableSpec:
    """An analyst table: its name, its key and the columns the pipeline writes."""

    name: str
    key: tuple[str, ...]
    columns: tuple[str, ...]

    @property
    def stage_name(self) -> str:
        return f"etl.stage_{self.name.removeprefix('cable_')}"


CABLES = TableSpec(
    name="cables",
    key=("cable_id",),
    columns=(
        "cable_id",
        "created_at",
        "released_at",
        "classification",
        "origin",
        "subject",
        "body",
        "precedence",
        "transmission_id",
        "origin_routing_indicator",
        "station_serial",
        "caveats",
        "declassification",
        "declassify_on",
        "classified_by",
        "signer",
        "summary",
        "comment",
        "section_count",
        "is_partial_extract",
        "is_metadata_only",
        "redaction_count",
        "problems",
        "parser_version",
        "source_document_id",
        "content_hash",
        "loaded_batch_id",
    ),
)
RECIPIENTS = TableSpec(
    name="recipients",
    key=("cable_id", "position"),
    columns=("cable_id", "position", "kind", "name", "routing_indicator", "precedence", "serial"),
)
TAGS = TableSpec(name="tags", key=("cable_id", "position"), columns=("cable_id", "position", "tag"))
PARAGRAPHS = TableSpec(
    name="paragraphs",
    key=("cable_id", "position"),
    columns=(
        "cable_id",
        "position",
        "text",
        "number_label",
        "marking",
        "heading",
        "is_summary",
        "is_comment",
    ),
)
ENTITIES = TableSpec(
    name="entities",
    key=("cable_id", "position"),
    columns=(
        "cable_id",
        "position",
        "kind",
        "name",
        "surface",
        "paragraph_position",
        "start_offset",
        "end_offset",
    ),
)
REFERENCES = TableSpec(
    name="cable_references",
    key=("cable_id", "position"),
    columns=("cable_id", "position", "cited_id", "label", "raw", "kind"),
)

#: Child tables, each replaced wholesale for a cable whose content changed.
CHILD_TABLES: tuple[TableSpec, ...] = (RECIPIENTS, TAGS, PARAGRAPHS, ENTITIES, REFERENCES)
ALL_TABLES: tuple[TableSpec, ...] = (CABLES, *CHILD_TABLES)


def _clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; the parser should have removed them, but a stray one
    # must not abort a whole COPY.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "")
    return value


def cable_row(cable: ParsedCable, *, document_id: int, content_hash: str, batch_id: int) -> Row:
    """The ``cables`` row of a parsed cable, in ``CABLES.columns`` order."""
    return tuple(
        _clean(v)
        for v in (
            cable.cable_id,
            cable.created_at,
            cable.released_at,
            cable.classification,
            cable.origin,
            cable.subject,
            cable.body,
            cable.precedence,
            cable.transmission_id,
            cable.origin_routing_indicator,
            cable.station_serial,
            [_clean(c) for c in cable.caveats],
            cable.declassification,
            cable.declassify_on,
            cable.classified_by,
            cable.signer,
            cable.summary,
            cable.comment,
            cable.section_count,
            cable.is_partial_extract,
            cable.is_metadata_only,
            cable.redaction_count,
            [_clean(p) for p in cable.problems],
            cable.parser_version,
            document_id,
            content_hash,
            batch_id,
        )
    )


def child_rows(cable: ParsedCable) -> dict[str, list[Row]]:
    """Rows of every child table for one cable, keyed by table name."""
    cid = cable.cable_id
    return {
        RECIPIENTS.name: [
            (cid, r.position, r.kind, _clean(r.name), r.routing_indicator, r.precedence, r.serial)
            for r in cable.recipients
        ],
        TAGS.name: [(cid, i, _clean(tag)) for i, tag in enumerate(cable.tags, start=1)],
        PARAGRAPHS.name: [
            (
                cid,
                p.position,
                _clean(p.text),
                p.number_label,
                p.marking,
                _clean(p.heading),
                p.is_summary,
                p.is_comment,
            )
            for p in cable.paragraphs
        ],
        ENTITIES.name: [
            (
                cid,
                i,
                m.kind,
                _clean(m.name),
                _clean(m.surface),
                m.paragraph_position,
                m.start,
                m.end,
            )
            for i, m in enumerate(cable.mentions, start=1)
        ],
        REFERENCES.name: [
            (cid, r.position, r.cited_id, r.label, _clean(r.raw), r.kind) for r in cable.references
        ],
    }
