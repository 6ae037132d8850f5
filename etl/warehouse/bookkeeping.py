"""The load's bookkeeping, owned here and nowhere else: batches, documents, rejects, checks.

Like a load package of dlt, a batch (``etl.batches``) records which documents it brought
(``etl.batch_documents``), how far each got (``etl.raw_documents.parsed_at`` and
``parser_version``: a document is *pending* until this parser version has handled it, by
publishing, superseding or rejecting it), which inputs it rejected and why (``etl.rejects``)
and what its checks found (``etl.quality_results``). Other modules change that state only
through these functions; the quality layer reports its outcomes and failing rows in the shapes
of ``check_reports`` and this module records them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import psycopg
from psycopg.types.json import Jsonb

from etl.parsing.records import PARSER_VERSION
from etl.warehouse.check_reports import CheckReport, RowRejection
from etl.warehouse.rows import ALL_TABLES
from etl.warehouse.staging import clear_stage

#: First key of the two-key advisory locks that mark a batch as being loaded: a step holds
#: one on its own connection while it works on the batch.
BATCH_LOCK_CLASS = 0x0CAB1E

#: First key of the run's lease on a batch: held by a connection of its own for as long as the
#: run's process lives, also between steps and while a failed step waits for its retry.
RUN_LEASE_CLASS = 0x0CAB1F

#: The one definition of a pending document (alias ``d``: etl.raw_documents): this parser
#: version has not handled it yet. Takes the parameter ``%(parser_version)s``.
PENDING = "(d.parsed_at IS NULL OR d.parser_version < %(parser_version)s)"

#: A document of the batch (alias ``b``: etl.batch_documents) that this batch has handled:
#: it has a staged cable or a reject. A pending document without either was never parsed by
#: the batch, or its staging was lost; it must be parsed (again) before it can be marked.
HANDLED_BY_BATCH = (
    "(EXISTS (SELECT FROM etl.stage_cables s "
    "WHERE s.batch_id = b.batch_id AND s.document_id = b.document_id) "
    "OR EXISTS (SELECT FROM etl.rejects x "
    "WHERE x.batch_id = b.batch_id AND x.document_id = b.document_id))"
)


# --- batches ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """A batch as stored."""

    batch_id: int
    partition_key: str
    status: str
    inputs: list[str]


def open_batch(conn: psycopg.Connection, partition_key: str, inputs: list[str]) -> BatchRecord:
    """Create the batch of ``partition_key`` (or reopen it for a rerun) and mark it running.
    An empty ``inputs`` on a rerun keeps the inputs recorded the first time."""
    row = conn.execute(
        """
        INSERT INTO etl.batches (partition_key, inputs, status, started_at, heartbeat_at)
        VALUES (%(key)s, %(inputs)s, 'running', now(), now())
        ON CONFLICT (partition_key) DO UPDATE
        SET status = 'running', started_at = now(), heartbeat_at = now(),
            finished_at = NULL, error = NULL,
            inputs = CASE WHEN cardinality(EXCLUDED.inputs) > 0 THEN EXCLUDED.inputs
                          ELSE etl.batches.inputs END
        RETURNING batch_id, partition_key, status, inputs
        """,
        {"key": partition_key, "inputs": inputs},
    ).fetchone()
    conn.commit()
    assert row is not None
    return BatchRecord(int(row[0]), str(row[1]), str(row[2]), list(row[3]))


def find_batch(conn: psycopg.Connection, partition_key: str) -> BatchRecord | None:
    """The batch of a partition, if it was ever opened."""
    row = conn.execute(
        "SELECT batch_id, partition_key, status, inputs FROM etl.batches WHERE partition_key = %s",
        (partition_key,),
    ).fetchone()
    return None if row is None else BatchRecord(int(row[0]), str(row[1]), str(row[2]), list(row[3]))


def reopen_abandoned(conn: psycopg.Connection, batch_id: int) -> bool:
    """Mark the batch running again if a purge had closed it as failed (its run came back,
    e.g. a step retried after the purge); returns whether it had been (committed)."""
    reopened = conn.execute(
        "UPDATE etl.batches SET status = 'running', finished_at = NULL, error = NULL, "
        "heartbeat_at = now() WHERE batch_id = %s AND status = 'failed'",
        (batch_id,),
    ).rowcount
    conn.commit()
    return reopened > 0


def lock_batch(conn: psycopg.Connection, batch_id: int) -> None:
    """Hold the batch's session advisory lock on ``conn`` (marks the batch as alive).

    Never waits: whoever else holds the lock keeps the batch alive just the same, and a wait
    would let any session that can take advisory locks stop the load."""
    conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (BATCH_LOCK_CLASS, batch_id))
    heartbeat(conn, batch_id)


class RunLease:
    """The run's own liveness: a session advisory lock (``RUN_LEASE_CLASS``, batch) held on a
    connection of its own for the run's lifetime.

    A step's connection can die (a terminated backend) while its run lives on and retries the
    step; the lease outlives it, so ``purge_abandoned`` never takes a batch whose run is alive
    for abandoned, however old its heartbeat. The connection is in autocommit and idle between
    calls: it holds no transaction, so it keeps no snapshot and no row version alive.
    """

    def __init__(self, connect: Callable[[], psycopg.Connection]) -> None:
        self._connect = connect
        self._conn: psycopg.Connection | None = None
        self._batches: set[int] = set()

    def hold(self, batch_id: int) -> None:
        """Hold the lease on ``batch_id`` (again, if the lease's connection was lost)."""
        try:
            self._take(batch_id)
        except psycopg.OperationalError:
            # The lease's backend was terminated: a new session takes every lease again.
            self._drop_connection()
            self._take(batch_id)

    def _take(self, batch_id: int) -> None:
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
            self._conn.autocommit = True
            held, self._batches = self._batches, set()
            for earlier in held:
                self._lock(earlier)
        if batch_id not in self._batches:
            self._lock(batch_id)
        else:
            self._conn.execute("SELECT 1")  # still alive?

    def _lock(self, batch_id: int) -> None:
        assert self._conn is not None
        # Never waits (see lock_batch): any holder keeps the batch alive.
        self._conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (RUN_LEASE_CLASS, batch_id))
        self._batches.add(batch_id)

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):  # already gone: nothing to release
                self._conn.close()
        self._conn = None

    def release(self) -> None:
        """End every lease (closing the session releases its locks)."""
        self._drop_connection()
        self._batches.clear()


#: The one definition of a running batch whose loading process is gone (alias ``b``:
#: etl.batches): no session holds its step lock (every step of a live load does) or its run
#: lease (``RunLease``, held while a step waits for its retry) and its
#: heartbeat (renewed whenever a step takes the lock) is older than the gap between two steps.
#: (Advisory locks are per database; pg_locks lists the whole server's.)
OWNER_GONE = (
    "(b.status = 'running' AND coalesce(b.heartbeat_at, b.started_at) "
    "< now() - interval '5 seconds' AND NOT EXISTS ("
    "SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    f"AND l.classid IN ({BATCH_LOCK_CLASS}, {RUN_LEASE_CLASS}) AND l.objid = b.batch_id "
    "AND l.objsubid = 2))"
)


def cancel_batch(conn: psycopg.Connection, partition_key: str, reason: str) -> int | None:
    """Close the partition's batch as cancelled, its staged rows dropped, unless it already
    ended (a publish that committed first stays published). Returns the batch id, if any."""
    row = conn.execute(
        "UPDATE etl.batches SET status = 'cancelled', error = %s, finished_at = now(), "
        "rejected = (SELECT count(*) FROM etl.rejects r WHERE r.batch_id = etl.batches.batch_id)"
        " WHERE partition_key = %s AND status = 'running' RETURNING batch_id",
        (reason, partition_key),
    ).fetchone()
    if row is not None:
        clear_stage(conn, int(row[0]))
    conn.commit()
    return None if row is None else int(row[0])


def heartbeat(conn: psycopg.Connection, batch_id: int) -> None:
    """Record that the batch's process is alive."""
    conn.execute("UPDATE etl.batches SET heartbeat_at = now() WHERE batch_id = %s", (batch_id,))
    conn.commit()


def record_timing(conn: psycopg.Connection, batch_id: int, step: str, seconds: float) -> None:
    """Add one step's wall time to the batch's ``timings``."""
    conn.execute(
        "UPDATE etl.batches SET timings = timings || %s::jsonb, heartbeat_at = now() "
        "WHERE batch_id = %s",
        (json.dumps({step: round(seconds, 3)}), batch_id),
    )
    conn.commit()


def update_counts(conn: psycopg.Connection, batch_id: int, **counts: int) -> None:
    """Set count columns (documents_seen, cables_new, ...) of the batch."""
    if not counts:
        return
    assignments = ", ".join(f"{name} = %({name})s" for name in counts)
    conn.execute(
        f"UPDATE etl.batches SET {assignments} WHERE batch_id = %(batch_id)s",
        {**counts, "batch_id": batch_id},
    )


def finish_batch(
    conn: psycopg.Connection, batch_id: int, status: str, error: str | None = None
) -> None:
    """Close the batch with its final status."""
    conn.execute(
        "UPDATE etl.batches SET status = %s, error = %s, finished_at = now(), "
        "rejected = (SELECT count(*) FROM etl.rejects r WHERE r.batch_id = %s) "
        "WHERE batch_id = %s",
        (status, error, batch_id, batch_id),
    )
    conn.commit()


def mark_published(
    conn: psycopg.Connection, batch_id: int, *, cables_new: int, cables_updated: int, unchanged: int
) -> None:
    """Close the batch as published with its counts, in the caller's (publish) transaction: a
    crash right after COMMIT still leaves a batch that says "published"."""
    conn.execute(
        "UPDATE etl.batches SET status = 'published', finished_at = now(), "
        "cables_new = %s, cables_updated = %s, "
        "cables_unchanged = cables_unchanged + %s WHERE batch_id = %s",
        (cables_new, cables_updated, unchanged, batch_id),
    )


def purge_abandoned(conn: psycopg.Connection, *, stale_after_seconds: float = 120.0) -> list[int]:
    """Clear staging rows of batches whose loading process is gone, and mark those batches
    failed. A batch is gone when its heartbeat is older than ``stale_after_seconds``, no
    session holds its run's lease (``RunLease``: a live run always does, also while a step
    waits for its retry) and none holds its step lock (a live step always does)."""
    candidates = conn.execute(
        "SELECT batch_id FROM etl.batches WHERE status = 'running' "
        "AND coalesce(heartbeat_at, started_at) < now() - make_interval(secs => %s)",
        (stale_after_seconds,),
    ).fetchall()
    abandoned: list[int] = []
    for (batch_id,) in candidates:
        leased = conn.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", (RUN_LEASE_CLASS, batch_id)
        ).fetchone()
        if not leased or not leased[0]:
            continue
        locked = conn.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", (BATCH_LOCK_CLASS, batch_id)
        ).fetchone()
        if not locked or not locked[0]:
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", (RUN_LEASE_CLASS, batch_id))
            continue
        abandoned.append(int(batch_id))
        clear_stage(conn, batch_id)
        conn.execute(
            "UPDATE etl.batches SET status = 'failed', finished_at = now(), "
            "error = coalesce(error, 'The loading process stopped before publishing.') "
            "WHERE batch_id = %s",
            (batch_id,),
        )
        conn.execute("SELECT pg_advisory_unlock(%s, %s)", (BATCH_LOCK_CLASS, batch_id))
        conn.execute("SELECT pg_advisory_unlock(%s, %s)", (RUN_LEASE_CLASS, batch_id))
    # Staged rows whose batch is no longer running (published, blocked, failed) are leftovers.
    for spec in ALL_TABLES:
        conn.execute(
            f"DELETE FROM {spec.stage_name} s USING etl.batches b "
            "WHERE b.batch_id = s.batch_id AND b.status <> 'running'"
        )
    conn.commit()
    return abandoned


# --- documents --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PendingDocument:
    """A landed document of a batch that the current parser has not handled yet."""

    document_id: int
    sha256: str
    fmt: str
    source_path: str
    data: bytes


def iter_pending_documents(
    conn: psycopg.Connection, batch_id: int, *, fetch_size: int = 500, unhandled: bool = False
) -> Iterator[PendingDocument]:
    """Documents of ``batch_id`` not yet parsed by this parser version (``unhandled``: only
    those the batch has neither staged nor rejected), streamed with a server-side cursor
    (constant memory). ``conn`` must not be used for anything else while iterating."""
    condition = f"{PENDING} AND NOT {HANDLED_BY_BATCH}" if unhandled else PENDING
    with conn.transaction(), conn.cursor(name=f"pending_{batch_id}") as cur:
        cur.itersize = fetch_size
        cur.execute(
            "SELECT d.document_id, d.sha256, d.format, b.source_path, d.content "
            "FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id) "
            f"WHERE b.batch_id = %(batch)s AND {condition} ORDER BY b.ordinal",
            {"batch": batch_id, "parser_version": PARSER_VERSION},
        )
        for document_id, sha256, fmt, source_path, content in cur:
            yield PendingDocument(document_id, sha256, fmt, source_path, bytes(content))


def count_pending(conn: psycopg.Connection, batch_id: int) -> int:
    """Documents of the batch this parser version has not handled yet."""
    return _count_documents(conn, batch_id, PENDING)


def count_unhandled(conn: psycopg.Connection, batch_id: int) -> int:
    """Pending documents of the batch with neither a staged cable nor a reject: after its
    parse step there are none, unless the staging was lost (purged while the run waited)."""
    return _count_documents(conn, batch_id, f"{PENDING} AND NOT {HANDLED_BY_BATCH}")


def count_already_parsed(conn: psycopg.Connection, batch_id: int) -> int:
    """Documents of the batch this parser version has already made a cable of."""
    return _count_documents(conn, batch_id, f"NOT {PENDING} AND d.cable_id IS NOT NULL")


def _count_documents(conn: psycopg.Connection, batch_id: int, condition: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id) "
        f"WHERE b.batch_id = %(batch)s AND {condition}",
        {"batch": batch_id, "parser_version": PARSER_VERSION},
    ).fetchone()
    return int(row[0]) if row else 0


def enqueue_outdated(conn: psycopg.Connection, batch_id: int) -> int:
    """Reconcile: link to the batch the current source document of every cable parsed by an
    older parser version, and every older-parser reject, to be parsed again (committed).
    Returns the documents queued."""
    cur = conn.execute(
        """
        INSERT INTO etl.batch_documents (batch_id, document_id, source_path, ordinal)
        SELECT %(batch)s, d.document_id, d.source_path, row_number() OVER (ORDER BY d.document_id)
        FROM etl.raw_documents d
        WHERE d.parser_version < %(version)s
          AND (d.document_id IN (SELECT source_document_id FROM public.cables)
               -- rejected documents: a newer parser may read them now
               OR NOT EXISTS (SELECT 1 FROM public.cables c WHERE c.cable_id = d.cable_id))
        ON CONFLICT DO NOTHING
        """,
        {"batch": batch_id, "version": PARSER_VERSION},
    )
    conn.commit()
    return cur.rowcount


def mark_documents_parsed(conn: psycopg.Connection, batch_id: int) -> int:
    """Mark every pending document of the batch handled by this parser, with the cable id it
    was staged or rejected under (in the caller's transaction); returns the documents marked.

    Including the ones that were rejected or superseded: a rerun of the same input must change
    nothing. Never one the batch has neither staged nor rejected: its cable would be lost for
    good (a later load would take it for handled)."""
    marked = conn.execute(
        f"""
        UPDATE etl.raw_documents d
        SET parsed_at = now(), parser_version = %(parser_version)s,
            cable_id = coalesce(s.cable_id, r.cable_id, d.cable_id)
        FROM etl.batch_documents b
        LEFT JOIN etl.stage_cables s
               ON s.batch_id = b.batch_id AND s.document_id = b.document_id
        LEFT JOIN LATERAL (
            SELECT max(x.cable_id) AS cable_id FROM etl.rejects x
            WHERE x.batch_id = b.batch_id AND x.document_id = b.document_id
        ) r ON true
        WHERE b.batch_id = %(batch)s AND d.document_id = b.document_id
          AND {PENDING} AND {HANDLED_BY_BATCH}
        """,
        {"batch": batch_id, "parser_version": PARSER_VERSION},
    )
    return marked.rowcount


# --- rejects ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParseReject:
    """A document the parser could not turn into a cable."""

    document_id: int
    source_path: str
    reason: str
    cable_id: str | None = None


@dataclass(frozen=True, slots=True)
class LandReject:
    """An input landing did not take as an ordinary document: one that could not be read
    (``sha256`` None: it has no document), or a landed document withheld from parsing (its
    content's SHA-256)."""

    source_path: str
    reason: str
    sha256: str | None = None


def record_land_rejects(
    conn: psycopg.Connection, batch_id: int, rejects: Sequence[LandReject]
) -> None:
    """Inputs landing did not take: ``land`` rejects, naming their document where they have
    one (in the caller's transaction)."""
    if not rejects:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO etl.rejects (batch_id, document_id, source_path, stage, reason) "
            "VALUES (%s, (SELECT document_id FROM etl.raw_documents WHERE sha256 = %s), "
            "%s, 'land', %s)",
            [(batch_id, r.sha256, r.source_path, r.reason) for r in rejects],
        )


def record_parse_rejects(
    conn: psycopg.Connection, batch_id: int, rejects: Sequence[ParseReject]
) -> None:
    """Documents the parser could not read: ``parse`` rejects (in the caller's transaction)."""
    if not rejects:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO etl.rejects (batch_id, document_id, source_path, stage, reason, "
            "cable_id) VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (batch_id, r.document_id, r.source_path, "parse", r.reason, r.cable_id)
                for r in rejects
            ],
        )


def quarantine_documents(
    conn: psycopg.Connection, batch_id: int, failures: Iterable[RowRejection]
) -> int:
    """Remove the failing documents' rows from staging and list each document once in
    ``etl.rejects`` (stage ``quality``) with the expectations it failed. A document
    quarantined before parsing is marked handled so the parse stage skips it.
    Returns the number of documents rejected."""
    by_document: dict[int, list[RowRejection]] = {}
    for failure in failures:
        if failure.document_id is not None:
            by_document.setdefault(failure.document_id, []).append(failure)
    if not by_document:
        return 0
    document_ids = list(by_document)
    with conn.cursor() as cur:
        for spec in ALL_TABLES:
            cur.execute(
                f"DELETE FROM {spec.stage_name} WHERE batch_id = %s AND document_id = ANY(%s)",
                (batch_id, document_ids),
            )
        paths: dict[int, str] = dict(
            cur.execute(
                "SELECT document_id, min(source_path) FROM etl.batch_documents "
                "WHERE batch_id = %s AND document_id = ANY(%s) GROUP BY document_id",
                (batch_id, document_ids),
            ).fetchall()
        )
        cur.executemany(
            "INSERT INTO etl.rejects "
            "(batch_id, document_id, source_path, stage, reason, expectation, cable_id) "
            "VALUES (%s, %s, %s, 'quality', %s, %s, %s)",
            [
                (
                    batch_id,
                    document_id,
                    paths.get(document_id, f"document {document_id}"),
                    " ".join(dict.fromkeys(f.reason for f in failed)),
                    ", ".join(dict.fromkeys(f.expectation for f in failed)),
                    next((f.cable_id for f in failed if f.cable_id), None),
                )
                for document_id, failed in by_document.items()
            ],
        )
        cur.execute(
            "UPDATE etl.raw_documents d SET parser_version = %(parser_version)s, parsed_at = now() "
            f"WHERE d.document_id = ANY(%(ids)s) AND {PENDING}",
            {"parser_version": PARSER_VERSION, "ids": document_ids},
        )
    return len(by_document)


@dataclass(frozen=True, slots=True)
class RejectTally:
    """What a batch has rejected so far, for its reject rate."""

    documents: int  # documents the batch brought
    unlanded: int  # inputs rejected before they became a document
    rejected_documents: frozenset[int]  # documents with at least one reject


def reject_tally(conn: psycopg.Connection, batch_id: int) -> RejectTally:
    """Count the batch's documents and rejects."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM etl.batch_documents WHERE batch_id = %(b)s), "
        "(SELECT count(*) FROM etl.rejects WHERE batch_id = %(b)s AND document_id IS NULL),"
        " (SELECT array_agg(DISTINCT document_id) FROM etl.rejects "
        "  WHERE batch_id = %(b)s AND document_id IS NOT NULL)",
        {"b": batch_id},
    ).fetchone()
    documents, unlanded, rejected_ids = row if row else (0, 0, None)
    return RejectTally(int(documents), int(unlanded), frozenset(rejected_ids or ()))


# --- check results ----------------------------------------------------------------------


def record_quality_results(conn: psycopg.Connection, batch_id: int, report: CheckReport) -> None:
    """Write every outcome of ``report`` to ``etl.quality_results``."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO etl.quality_results (batch_id, stage, suite, expectation, "
            "column_name, success, observed_value, details) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    batch_id,
                    report.stage,
                    outcome.suite,
                    outcome.expectation,
                    outcome.column,
                    outcome.success,
                    outcome.observed_value,
                    Jsonb(
                        {
                            "kwargs": outcome.kwargs,
                            "on_failure": outcome.policy,
                            "failure": outcome.failure,
                            "result": outcome.details,
                        }
                    ),
                )
                for outcome in report.outcomes
            ],
        )
