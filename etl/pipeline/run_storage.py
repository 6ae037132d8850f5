"""The default (SQLite) Dagster storage with the event log's connections kept open.

Dagster's ``SqliteEventLogStorage`` creates an engine, opens a connection and closes it again for
every event it stores: a load records ~90 events through ~560 connections, and closing the last
connection of a WAL database checkpoints it (fsyncs, rewrites the database file, deletes the WAL).
That was 1-3 s of a no-op reload. ``LoadSqliteStorage`` is the same storage over the same files
(what the UI and the daemon read with Dagster's own classes is unchanged) whose event log keeps
one engine per database file, with its connection open, for the life of the instance:

- commits run with ``synchronous=NORMAL`` in WAL mode (which Dagster sets on every file it
  creates; here set before a new run's tables are created, not after): a commit survives a
  crash of the process; only a power loss or kernel crash can undo the last commits, never
  corrupt the file. The run history is a log, not the warehouse.
- the database file's modification time is touched after each write to a run's file, so the
  webserver's watcher (inotify / polling on ``<run_id>.db``) still sees each new event while the
  run goes on, as it did when each close checkpointed the file.
- ``dispose`` (the end of the ``with instance:`` block) closes the connections, which
  checkpoints each file once.

``etl.pipeline.instance.persistent_instance`` uses it only when the instance's ``dagster.yaml``
configures the default SQLite storage (no ``storage:`` section, or ``storage: sqlite:``); a
PostgreSQL-backed instance (the docker-compose deployment) is left as configured.
"""

from __future__ import annotations

import contextlib
import os
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SqliteEventLogStorage,
)
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection

#: Run files whose engines stay open at once (a load writes one run; a long-lived process that
#: reads many runs closes the least recently used).
OPEN_SHARDS = 8

#: Module and class of the storage Dagster configures by default, which this one replaces.
DEFAULT_STORAGE = ("dagster._core.storage.sqlite_storage", "DagsterSqliteStorage")


def _fast_commits(dbapi_connection: Any, _record: Any) -> None:
    # WAL first: Dagster switches a new run's file to WAL only after creating its tables, and
    # each of those ~20 statements would otherwise commit with a rollback journal (two fsyncs).
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


class OpenSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` with one open connection per database file (see the module)."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: OrderedDict[str, sa.engine.Engine] = OrderedDict()
        super().__init__(base_dir, inst_data=inst_data)

    def _engine(self, shard: str) -> sa.engine.Engine:
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = sa.create_engine(
            self.conn_string_for_shard(shard),
            poolclass=sa.pool.QueuePool,
            pool_size=1,
            max_overflow=2,
            # the connection is used under the storage's lock, from whichever thread holds it
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        sa.event.listen(engine, "connect", _fast_commits)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > OPEN_SHARDS:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn, conn.begin():
                yield conn
            if shard != INDEX_SHARD_NAME:
                # what a closing connection's checkpoint did: tell the run's watchers
                with contextlib.suppress(OSError):
                    os.utime(self.path_for_shard(shard))

    def dispose(self) -> None:
        with self._db_lock:
            while self._engines:
                _, engine = self._engines.popitem(last=False)
                engine.dispose()
        super().dispose()


class LoadSqliteStorage(DagsterSqliteStorage):
    """Dagster's default SQLite storage (same folders, same files) with the event log of
    ``OpenSqliteEventLogStorage``."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        super().__init__(base_dir, inst_data=inst_data)
        default = self._event_log_storage
        self._event_log_storage = OpenSqliteEventLogStorage(default._base_dir)
        default.dispose()

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData, config_value: Any
    ) -> LoadSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)
