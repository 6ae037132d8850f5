"""Batch bookkeeping in ``etl.batches``: opening, heartbeats, locks and final counts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import psycopg

from etl.warehouse.staging import BATCH_LOCK_CLASS


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


def lock_batch(conn: psycopg.Connection, batch_id: int) -> None:
    """Hold the batch's session advisory lock on ``conn`` (marks the batch as alive)."""
    conn.execute("SELECT pg_advisory_lock(%s, %s)", (BATCH_LOCK_CLASS, batch_id))
    heartbeat(conn, batch_id)


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


def batch_summary(conn: psycopg.Connection, batch_id: int) -> dict[str, Any]:
    """The stored row of a batch as a dict (for summaries and Dagster metadata)."""
    cur = conn.execute("SELECT * FROM etl.batches WHERE batch_id = %s", (batch_id,))
    row = cur.fetchone()
    if row is None or cur.description is None:
        return {}
    return {col.name: value for col, value in zip(cur.description, row, strict=True)}
