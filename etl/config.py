"""Runtime settings, read once from the environment.

Every knob an operator can turn lives here so that the rest of the code never reads
``os.environ`` directly and tests can build a ``Settings`` by hand.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: Fraction of a batch's documents that may be rejected before the batch is blocked.
DEFAULT_REJECT_RATE_THRESHOLD = 0.5
#: Working folder (``CABLES_HOME``) when none is set, relative to the working directory.
DEFAULT_HOME = ".cables"
#: Seconds without a heartbeat after which a running batch counts as abandoned.
DEFAULT_STALE_BATCH_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the warehouse keeps its state and how strict a load is."""

    database_url: str | None
    """External PostgreSQL (``DATABASE_URL``); ``None`` means the embedded server."""
    home: Path
    """Working folder for local state (embedded database, inbox): ``CABLES_HOME``."""
    inbox: Path
    """Folder the Dagster sensor watches for new files: ``CABLES_INBOX``."""
    reject_rate_threshold: float
    """Largest share of rejected documents a batch may have and still be published."""
    stale_batch_seconds: float = DEFAULT_STALE_BATCH_SECONDS
    """Seconds without a heartbeat after which a running batch is abandoned:
    ``CABLES_STALE_BATCH_SECONDS``."""
    max_archive_bytes: int | None = None
    """Most bytes one input archive may unpack to (decompression-bomb guard):
    ``CABLES_MAX_ARCHIVE_BYTES``; ``None`` keeps the ingest default."""

    @property
    def pgdata(self) -> Path:
        """Data directory of the embedded PostgreSQL server."""
        return self.home / "pgdata"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, cwd: Path | None = None
    ) -> Settings:
        """Build settings from environment variables, relative paths resolved against ``cwd``."""
        env = os.environ if environ is None else environ
        base = Path.cwd() if cwd is None else cwd
        home = (base / env.get("CABLES_HOME", DEFAULT_HOME)).resolve()
        inbox_raw = env.get("CABLES_INBOX")
        inbox = (base / inbox_raw).resolve() if inbox_raw else home / "inbox"
        threshold_raw = env.get("CABLES_REJECT_RATE_THRESHOLD")
        threshold = float(threshold_raw) if threshold_raw else DEFAULT_REJECT_RATE_THRESHOLD
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(
                f"CABLES_REJECT_RATE_THRESHOLD must be between 0 and 1, got {threshold_raw!r}"
            )
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            home=home,
            inbox=inbox,
            reject_rate_threshold=threshold,
            stale_batch_seconds=float(
                env.get("CABLES_STALE_BATCH_SECONDS", DEFAULT_STALE_BATCH_SECONDS)
            ),
            max_archive_bytes=int(env["CABLES_MAX_ARCHIVE_BYTES"])
            if env.get("CABLES_MAX_ARCHIVE_BYTES")
            else None,
        )
