"""The inbox sensor: new files dropped into the inbox folder become a batch and a run."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from etl.ingest.names import is_skipped_name
from etl.pipeline.assets import batches

#: A file modified more recently than this may still be being written; wait for it.
SETTLE_SECONDS = 2.0
LOAD_JOB_NAME = "load_batch"


@dataclass(frozen=True, slots=True)
class InboxCursor:
    """Position in the inbox: the newest modification time handled, and the entries that
    carry exactly that time (so a file written in the same tick is not missed)."""

    mtime_ns: int = 0
    names_at_mtime: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: str | None) -> InboxCursor:
        if not raw:
            return cls()
        data = json.loads(raw)
        return cls(int(data["mtime_ns"]), tuple(data["names_at_mtime"]))

    def dump(self) -> str:
        return json.dumps({"mtime_ns": self.mtime_ns, "names_at_mtime": list(self.names_at_mtime)})


def new_inbox_entries(
    inbox: Path, cursor: InboxCursor, *, now: float | None = None
) -> tuple[list[Path], InboxCursor]:
    """Top-level entries of ``inbox`` not handled yet and settled, and the cursor after them."""
    if not inbox.is_dir():
        return [], cursor
    moment = time.time() if now is None else now
    fresh: list[tuple[int, Path]] = []
    for entry in inbox.iterdir():
        if is_skipped_name(entry.name):
            continue
        try:
            mtime_ns = entry.lstat().st_mtime_ns
        except OSError:
            continue  # vanished between listing and stat
        if mtime_ns / 1e9 > moment - SETTLE_SECONDS:
            continue
        if mtime_ns < cursor.mtime_ns:
            continue
        if mtime_ns == cursor.mtime_ns and entry.name in cursor.names_at_mtime:
            continue
        fresh.append((mtime_ns, entry))
    if not fresh:
        return [], cursor
    fresh.sort(key=lambda item: (item[0], item[1].name))
    newest = fresh[-1][0]
    carried = cursor.names_at_mtime if newest == cursor.mtime_ns else ()
    at_newest = tuple(sorted({*carried, *(p.name for m, p in fresh if m == newest)}))
    return [p for _, p in fresh], InboxCursor(newest, at_newest)


def inbox_partition_key(paths: list[Path]) -> str:
    """A readable, unique partition key for a set of inbox files."""
    digest = hashlib.sha256("\n".join(sorted(str(p) for p in paths)).encode()).hexdigest()[:8]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return f"inbox-{stamp}-{digest}"


def inbox_sensor_for(inbox: Path) -> dg.SensorDefinition:
    """The sensor ``inbox_sensor`` watching ``inbox`` (the settings' ``CABLES_INBOX``)."""

    @dg.sensor(
        name="inbox_sensor",
        job_name=LOAD_JOB_NAME,
        minimum_interval_seconds=15,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Watches the inbox folder (CABLES_INBOX, default .cables/inbox) and starts "
        "a load of every new file or folder dropped there.",
    )
    def inbox_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        paths, cursor = new_inbox_entries(inbox, InboxCursor.parse(context.cursor))
        if not paths:
            return dg.SkipReason(f"No new files in {inbox}.")
        key = inbox_partition_key(paths)
        return dg.SensorResult(
            run_requests=[
                dg.RunRequest(
                    run_key=key,
                    partition_key=key,
                    run_config=load_run_config([str(p) for p in paths]),
                )
            ],
            dynamic_partitions_requests=[batches.build_add_request([key])],
            cursor=cursor.dump(),
        )

    return inbox_sensor


def load_run_config(
    paths: list[str], *, reparse_outdated: bool = False, workers: int = 0
) -> dict[str, object]:
    """Run config of the load job: the same for the CLI, the sensor and the schedule."""
    op_config = {"paths": paths, "reparse_outdated": reparse_outdated, "workers": workers}
    return {
        "ops": {
            "raw_documents": {"config": op_config},
            "parsed_cables": {"config": op_config},
        }
    }
