"""Flattening of parsed cables into table rows.

One place defines, for every analyst table, the column order and how a ``ParsedCable`` becomes
rows. The staging COPY and the publish SQL both use these lists. The ``cables`` columns are
those of the model (``etl.warehouse.models.Cable``), filled by name from the record's fields of
the same name, so a new cable column is a model column, a migration and a ``ParsedCable``
field; a child table's column is also added to its list and row below.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from etl.parsing.records import ParsedCable
from etl.warehouse.models import Base

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


#: Columns of ``cables`` that the database sets itself (on publish), so no row carries them.
_SET_BY_DATABASE = frozenset({"updated_at", "search"})
#: Columns of ``cables`` that say where a row was loaded from; every other column is the
#: ``ParsedCable`` field of the same name.
LOAD_COLUMNS = ("source_document_id", "content_hash", "loaded_batch_id")


def _model_columns(table: str) -> tuple[str, ...]:
    return tuple(
        column.name
        for column in Base.metadata.tables[table].columns
        if column.name not in _SET_BY_DATABASE
    )


CABLES = TableSpec(name="cables", key=("cable_id",), columns=_model_columns("cables"))
_missing = set(CABLES.columns) - set(LOAD_COLUMNS) - {f.name for f in fields(ParsedCable)}
if _missing:  # a new cables column needs a ParsedCable field of its name (or a LOAD_COLUMNS place)
    raise ImportError(f"cables columns that no ParsedCable field fills: {sorted(_missing)}")

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
        "canonical_name",
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
    """The ``cables`` row of a parsed cable, in ``CABLES.columns`` order: the ``LOAD_COLUMNS``
    from the arguments, every other column from the record's field of the same name."""
    loaded = {
        "source_document_id": document_id,
        "content_hash": content_hash,
        "loaded_batch_id": batch_id,
    }
    return tuple(
        loaded[name] if name in loaded else _clean_value(getattr(cable, name))
        for name in CABLES.columns
    )


def _clean_value(value: Any) -> Any:
    if isinstance(value, list):  # text[] columns (caveats, problems)
        return [_clean(item) for item in value]
    return _clean(value)


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
                _clean(m.canonical or m.name),
            )
            for i, m in enumerate(cable.mentions, start=1)
        ],
        REFERENCES.name: [
            (cid, r.position, r.cited_id, r.label, _clean(r.raw), r.kind) for r in cable.references
        ],
    }
