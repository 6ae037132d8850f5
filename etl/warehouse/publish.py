"""Publishing: one batch moves from staging into the analyst tables in one transaction.

For every cable id staged by the batch one version is chosen (see ``_VERSION_RANK``), compared
with the published row by content hash, and then inserted (new), replaced together with all its
child rows (updated), or left alone (unchanged / superseded). All statements are set-based;
nothing is done row by row in Python. Analysts never see half a batch because everything,
including the analyst summaries (etl.warehouse.summary_maintenance), the raw documents'
"parsed" marks and the batch's counts, commits together.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
import psycopg.errors

from etl.warehouse.bookkeeping import mark_documents_parsed, mark_published
from etl.warehouse.flags import publish_staged_flags
from etl.warehouse.rows import ALL_TABLES, CABLES, CHILD_TABLES
from etl.warehouse.staging import STAGE_TABLES, clear_stage
from etl.warehouse.statistics import analyze_changed_tables
from etl.warehouse.summary_maintenance import SummaryUpdate

#: Serialises the short publish step across concurrent loads (the only global lock): a lock
#: on a bookkeeping table that every publish writes and the analyst role cannot even read, so
#: no analyst can take it and stop the loads (an advisory lock anyone may take). The mode
#: conflicts with itself and with writes, not with plain reads (``cables status``).
PUBLISH_LOCK = "LOCK TABLE etl.table_row_counts IN SHARE ROW EXCLUSIVE MODE"

#: Parallel workers of each index build after a first load (the server's default).
PARALLEL_MAINTENANCE_WORKERS = 2

#: The triggers that compute `search` when a row is written without one (migrations 0005 and 0010).
SEARCH_TRIGGER = "fill_search"

#: Written by a first load besides the analyst tables, and frozen with them.
FROZEN_AFTER_FIRST_LOAD = ("etl.raw_documents", "etl.batch_documents")

#: Which rendering of a cable wins. Files named ``ID__revYYYYMMDD`` are dated older renderings
#: (see the release mirrors' revisions); anything else counts as the newest rendering. Ties go
#: to the document received last.
_VERSION_RANK = "coalesce(substring({path} from '__rev([0-9]{{8}})')::int, 99999999)"


@dataclass(frozen=True, slots=True)
class PublishCounts:
    """Outcome of publishing one batch."""

    cables_new: int
    cables_updated: int
    cables_unchanged: int
    cables_superseded: int
    #: Wall time spent keeping the analyst summaries current (included in the publish).
    summaries_seconds: float = 0.0
    #: How they were kept current: "incremental", "full" (rebuilt) or "unchanged".
    summaries_mode: str = "unchanged"
    #: A first load into an empty warehouse: keys and indexes were built after inserting, and
    #: the published tables are worth freezing now (``freeze_published_tables``).
    first_load: bool = False


class PublishBlocked(RuntimeError):
    """A blocking warehouse check failed; the batch's transaction was rolled back."""


def recount_analyst_tables(conn: psycopg.Connection) -> dict[str, int]:
    """Count every analyst table exactly and store the counts (in the caller's transaction).

    Publishing keeps the counts by the rows it inserts and deletes; writes that bypass it (a
    cable deleted by hand, with its rows by cascade) are corrected here. The nightly reconcile
    calls this; at the release's size it takes tens of seconds.
    """
    counts: dict[str, int] = {}
    for spec in ALL_TABLES:
        row = conn.execute(f"SELECT count(*) FROM public.{spec.name}").fetchone()
        counts[spec.name] = int(row[0]) if row else 0
    conn.execute(
        "INSERT INTO etl.table_row_counts (table_name, row_count, counted_at) "
        "SELECT * , now() FROM unnest(%s::text[], %s::bigint[]) "
        "ON CONFLICT (table_name) DO UPDATE SET row_count = EXCLUDED.row_count, "
        "counted_at = EXCLUDED.counted_at",
        (list(counts), list(counts.values())),
    )
    return counts


def _add_row_counts(conn: psycopg.Connection, changes: dict[str, int]) -> None:
    conn.execute(
        "INSERT INTO etl.table_row_counts (table_name, row_count) "
        "SELECT * FROM unnest(%s::text[], %s::bigint[]) "
        "ON CONFLICT (table_name) DO UPDATE "
        "SET row_count = etl.table_row_counts.row_count + EXCLUDED.row_count",
        (list(changes), list(changes.values())),
    )


def publish_batch(
    conn: psycopg.Connection,
    batch_id: int,
    *,
    before_commit: Callable[[psycopg.Connection], str | None] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> PublishCounts:
    """Publish the staged rows of ``batch_id``. ``before_commit`` runs inside the transaction
    after the upserts (warehouse-level quality checks); if it returns a reason, everything is
    rolled back and ``PublishBlocked`` is raised with that reason. ``on_step`` is told when
    the summary maintenance begins (progress)."""
    with conn.transaction():
        conn.execute(PUBLISH_LOCK)
        counts = _apply(conn, batch_id, on_step)
        if before_commit is not None:
            reason = before_commit(conn)
            if reason:
                raise PublishBlocked(reason)
        marked = mark_documents_parsed(conn, batch_id)
        # The next load joins its documents with these on parsed_at and parser_version:
        # planned from statistics in which no document was parsed yet, that join became a
        # nested loop of sequential scans (14 s for 1,000 documents at 30,000 cables, 186 s at
        # the release's size).
        analyze_changed_tables(conn, {"etl.raw_documents": marked})
        # The batch's outcome commits with its data.
        mark_published(
            conn,
            batch_id,
            cables_new=counts.cables_new,
            cables_updated=counts.cables_updated,
            unchanged=counts.cables_unchanged + counts.cables_superseded,
        )
        clear_stage(conn, batch_id)
    return counts


def _apply(
    conn: psycopg.Connection, batch_id: int, on_step: Callable[[str], None] | None = None
) -> PublishCounts:
    _plan(conn, batch_id)
    # Summaries: note the keys the replaced rows contribute to before they are deleted.
    summaries = SummaryUpdate.begin(
        conn, "SELECT cable_id FROM publish_plan WHERE action IN ('new', 'updated')"
    )
    rebuild = _bulk_structures(conn)
    row_changes = dict.fromkeys((spec.name for spec in ALL_TABLES), 0)
    _delete_replaced(conn, row_changes)
    _insert_cables(conn, batch_id)
    _insert_children(conn, batch_id, row_changes)
    # The flags of every inserted or changed cable are replaced by the batch's (flags.py).
    publish_staged_flags(conn, batch_id, "publish_plan")
    for statement in rebuild:
        conn.execute(statement)
    rows = conn.execute("SELECT action, count(*) FROM publish_plan GROUP BY action").fetchall()
    by_action = {str(action): int(n) for action, n in rows}
    # The summaries and the warehouse checks below join these tables: a large first load
    # would otherwise be planned from the statistics of the empty warehouse.
    changed = {f"public.{name}": max(n, 0) for name, n in row_changes.items()}
    changed[f"public.{CABLES.name}"] = by_action.get("new", 0) + by_action.get("updated", 0)
    analyze_changed_tables(conn, changed)
    if on_step is not None:
        on_step("summaries")  # progress: the upserts are done
    summarised = summaries.finish(conn)
    row_changes[CABLES.name] = by_action.get("new", 0)  # updated cables are replaced in place
    _add_row_counts(conn, row_changes)
    return PublishCounts(
        cables_new=by_action.get("new", 0),
        cables_updated=by_action.get("updated", 0),
        cables_unchanged=by_action.get("unchanged", 0),
        cables_superseded=by_action.get("superseded", 0),
        summaries_seconds=summarised.seconds,
        summaries_mode=summarised.mode,
        first_load=bool(rebuild),
    )


def _plan(conn: psycopg.Connection, batch_id: int) -> None:
    """Create ``publish_plan``: per staged cable id the chosen document and what to do."""
    staged_rank = _VERSION_RANK.format(path="s.source_path")
    published_rank = _VERSION_RANK.format(path="d.source_path")
    conn.execute("DROP TABLE IF EXISTS publish_plan")
    conn.execute(
        f"""
        CREATE TEMP TABLE publish_plan ON COMMIT DROP AS
        WITH chosen AS (
            SELECT DISTINCT ON (s.cable_id)
                   s.cable_id, s.document_id, s.content_hash, s.parser_version,
                   {staged_rank} AS version_rank
            FROM etl.stage_cables s
            WHERE s.batch_id = %(batch)s AND s.cable_id IS NOT NULL
            ORDER BY s.cable_id, {staged_rank} DESC, s.document_id DESC
        )
        SELECT ch.cable_id, ch.document_id,
               CASE
                   WHEN c.cable_id IS NULL THEN 'new'
                   WHEN c.content_hash = ch.content_hash
                        AND c.parser_version >= ch.parser_version THEN 'unchanged'
                   WHEN c.content_hash <> ch.content_hash
                        AND ch.version_rank < {published_rank} THEN 'superseded'
                   ELSE 'updated'
               END AS action
        FROM chosen ch
        LEFT JOIN public.cables c ON c.cable_id = ch.cable_id
        LEFT JOIN etl.raw_documents d ON d.document_id = c.source_document_id
        """,
        {"batch": batch_id},
    )
    conn.execute("ALTER TABLE publish_plan ADD PRIMARY KEY (cable_id)")
    conn.execute("ANALYZE publish_plan")


def _bulk_structures(conn: psycopg.Connection) -> list[str]:
    """On a first load, drop what is cheaper to build once after inserting; return the
    statements that rebuild it (none otherwise).

    Only into an empty warehouse: for later batches, however big, dropping an index locks its
    table, and analysts reading the warehouse would wait for the whole publish. Nor when an
    analyst is reading the empty warehouse (see ``_drop_secondary_structures``).
    """
    first_load = conn.execute("SELECT NOT EXISTS (SELECT FROM public.cables)").fetchone()
    return _drop_secondary_structures(conn) if first_load and first_load[0] else []


def _delete_replaced(conn: psycopg.Connection, row_changes: dict[str, int]) -> None:
    """Delete the child rows of the cables the batch replaces (counted in ``row_changes``)."""
    for spec in CHILD_TABLES:
        # = ANY(ARRAY(...)) is answered through the (cable_id, position) key; a join with
        # publish_plan made the planner scan the whole child table (1.2 s for 295 updated
        # cables in 4 million entity rows, against 0.03 s).
        deleted = conn.execute(
            f"DELETE FROM public.{spec.name} t WHERE t.cable_id = "
            "ANY(ARRAY(SELECT cable_id FROM publish_plan WHERE action = 'updated'))"
        )
        row_changes[spec.name] -= deleted.rowcount


def _insert_cables(conn: psycopg.Connection, batch_id: int) -> None:
    """Upsert the chosen staged version of every new or updated cable."""
    # `search` was computed by the staging table (see etl.warehouse.staging).
    published = (*CABLES.columns, "search")
    columns = ", ".join(published)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in published if c != "cable_id")
    conn.execute(
        f"""
        INSERT INTO public.cables ({columns}, updated_at)
        SELECT {", ".join("s." + c for c in published)}, now()
        FROM etl.stage_cables s
        JOIN publish_plan p ON p.document_id = s.document_id AND p.cable_id = s.cable_id
        WHERE s.batch_id = %(batch)s AND p.action IN ('new', 'updated')
        ON CONFLICT (cable_id) DO UPDATE SET {updates}, updated_at = now()
        """,
        {"batch": batch_id},
    )


def _insert_children(conn: psycopg.Connection, batch_id: int, row_changes: dict[str, int]) -> None:
    """Insert the child rows of every new or updated cable (counted in ``row_changes``)."""
    for spec in CHILD_TABLES:
        # A staged `search` document (paragraphs) is copied like the cables' one.
        copied = (*spec.columns, *(["search"] if "search" in STAGE_TABLES[spec.name].c else []))
        child_columns = ", ".join(copied)
        inserted = conn.execute(
            f"""
            INSERT INTO public.{spec.name} ({child_columns})
            SELECT {", ".join("s." + c for c in copied)}
            FROM {spec.stage_name} s
            JOIN publish_plan p ON p.document_id = s.document_id AND p.cable_id = s.cable_id
            WHERE s.batch_id = %(batch)s AND p.action IN ('new', 'updated')
            """,
            {"batch": batch_id},
        )
        row_changes[spec.name] += inserted.rowcount


def _drop_secondary_structures(conn: psycopg.Connection) -> list[str]:
    """Drop the analyst tables' secondary indexes and foreign keys (in the publish transaction,
    so a rollback restores them); return the statements that recreate them.

    Inserting hundreds of thousands of rows one index entry and one key lookup at a time is
    several times slower than sorting once per index and validating each key with one join
    (measured on the development corpus: entities 5.5 s with its indexes against 2.3 s to insert
    and build them; its foreign key another 2.6 s row by row). Primary keys stay: the upserts
    rely on them.

    The exclusive locks this needs are taken at once without waiting (``NOWAIT``): if any
    session reads an analyst table, nothing is dropped and the batch is inserted with its
    indexes in place (returns no statements). Waiting would queue every later reader behind
    this publish, i.e. one open analyst transaction would block all analysts.
    """
    tables = [spec.name for spec in ALL_TABLES]
    try:
        with conn.transaction():  # a savepoint: a refused lock leaves the publish intact
            conn.execute(
                f"LOCK TABLE {', '.join(f'public.{name}' for name in tables)} "
                "IN ACCESS EXCLUSIVE MODE NOWAIT"
            )
    except psycopg.errors.LockNotAvailable:
        return []
    indexes = _secondary_indexes(conn, tables)
    foreign_keys, primary_keys = _droppable_constraints(conn, tables)
    for table, name, _definition in (*foreign_keys, *primary_keys):
        conn.execute(f"ALTER TABLE public.{table} DROP CONSTRAINT {name}")
    for name, _definition in indexes:
        conn.execute(f"DROP INDEX public.{name}")
    triggers = _disable_search_triggers(conn, tables)
    statements = [
        # Index builds sort in memory up to this much (per build, for this transaction only),
        # and B-tree builds (GIN ones too from PostgreSQL 18) use parallel workers: the
        # default of 2 stated, as a server tuned for small transactions may have set 0.
        "SET LOCAL maintenance_work_mem = '512MB'",
        f"SET LOCAL max_parallel_maintenance_workers = {PARALLEL_MAINTENANCE_WORKERS}",
    ]
    # Keys first: the foreign keys are validated through them and the indexes.
    statements += [
        f"ALTER TABLE public.{table} ADD CONSTRAINT {name} {definition}"
        for table, name, definition in primary_keys
    ]
    statements += [str(definition) for _name, definition in indexes]
    statements += [
        f"ALTER TABLE public.{table} ADD CONSTRAINT {name} {definition}"
        for table, name, definition in foreign_keys
    ]
    statements += [
        f"ALTER TABLE public.{table} ENABLE TRIGGER {trigger}" for table, trigger in triggers
    ]
    statements += [
        "SET LOCAL maintenance_work_mem TO DEFAULT",
        "SET LOCAL max_parallel_maintenance_workers TO DEFAULT",
    ]
    return statements


def _secondary_indexes(conn: psycopg.Connection, tables: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the plain secondary indexes of ``tables`` (not keys, not unique)."""
    rows = conn.execute(
        """
        SELECT quote_ident(i.relname), pg_get_indexdef(i.oid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relname = ANY(%s)
          AND NOT x.indisprimary AND NOT x.indisunique
          AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY i.relname
        """,
        (tables,),
    ).fetchall()
    return [(name, definition) for name, definition in rows]


def _droppable_constraints(
    conn: psycopg.Connection, tables: list[str]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(table, name, definition) of the foreign keys among ``tables``, and of the primary keys
    of the child tables that no foreign key references (all of them today). The cables' key
    stays: the upsert needs it, and other tables reference it.

    A foreign key into another table (``etl.raw_documents``, ``etl.batches``) stays too:
    dropping it takes an exclusive lock on that table as well, which only ``tables`` were
    locked for without waiting. Waiting for it behind another load's reader (idle in its
    transaction while its process waits for this publish) is a lock cycle the server cannot
    see: both loads hung."""
    constraints = conn.execute(
        """
        SELECT c.contype, quote_ident(t.relname), quote_ident(c.conname),
               pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relname = ANY(%s)
          AND ((c.contype = 'f'
                AND EXISTS (SELECT FROM pg_class f
                            JOIN pg_namespace fn ON fn.oid = f.relnamespace
                            WHERE f.oid = c.confrelid AND fn.nspname = 'public'
                              AND f.relname = ANY(%s)))
               OR (c.contype = 'p' AND t.relname = ANY(%s)
                   AND NOT EXISTS (SELECT FROM pg_constraint r
                                   WHERE r.contype = 'f' AND r.confrelid = c.conrelid)))
        ORDER BY c.contype, t.relname, c.conname
        """,
        (tables, tables, [spec.name for spec in CHILD_TABLES]),
    ).fetchall()
    foreign_keys = [(t, name, d) for kind, t, name, d in constraints if kind == "f"]
    primary_keys = [(t, name, d) for kind, t, name, d in constraints if kind == "p"]
    return foreign_keys, primary_keys


def _disable_search_triggers(conn: psycopg.Connection, tables: list[str]) -> list[tuple[str, str]]:
    """Disable the triggers that fill ``search`` on ``tables``; return (table, trigger) of each.

    They serve writes other than publishing: the staged rows always carry ``search``, and a
    PL/pgSQL call per row is ~1 µs of every paragraph (5-9 % of its insert).
    """
    triggers = conn.execute(
        "SELECT quote_ident(t.relname), quote_ident(g.tgname) FROM pg_trigger g "
        "JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE n.nspname = 'public' AND t.relname = ANY(%s) AND NOT g.tgisinternal "
        "AND g.tgname = %s AND g.tgenabled <> 'D' ORDER BY 1",
        (tables, SEARCH_TRIGGER),
    ).fetchall()
    for table, trigger in triggers:
        conn.execute(f"ALTER TABLE public.{table} DISABLE TRIGGER {trigger}")
    return [(table, trigger) for table, trigger in triggers]


def freeze_published_tables(conn: psycopg.Connection) -> float:
    """``VACUUM (FREEZE, ANALYZE)`` the analyst tables and the raw documents after a first load
    (outside any transaction; it commits what is open). Returns the seconds it took.

    Every row of a first load is young; autovacuum would freeze them all later, while the next
    batch loads (the release's 11 GB took the first small batch's landing from seconds to three
    minutes). Frozen now, and with the visibility map set, later vacuums skip these pages.
    """
    started = time.perf_counter()
    conn.commit()
    autocommit = conn.autocommit
    conn.autocommit = True
    try:
        for table in (*(f"public.{spec.name}" for spec in ALL_TABLES), *FROZEN_AFTER_FIRST_LOAD):
            conn.execute(f"VACUUM (FREEZE, ANALYZE) {table}")
    finally:
        conn.autocommit = autocommit
    return time.perf_counter() - started
