"""The load's Dagster storage keeps the event log's connections open, yet writes the same SQLite
files the UI reads with Dagster's own classes, visible (and watched) while the run goes on."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.dagster_run import DagsterRun
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from etl.config import Settings
from etl.pipeline.instance import persistent_instance
from etl.pipeline.run_storage import LoadSqliteStorage, OpenSqliteEventLogStorage


def _settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # the instance under CABLES_HOME
    return Settings.from_env({"CABLES_HOME": str(tmp_path / "home")}, cwd=tmp_path)


def test_default_storage_is_replaced_and_postgres_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with persistent_instance(_settings(tmp_path, monkeypatch)) as instance:
        assert isinstance(instance.event_log_storage, OpenSqliteEventLogStorage)
        assert isinstance(instance.get_ref().storage, LoadSqliteStorage)

    # An instance configured for PostgreSQL (the deployment's dagster.yaml) is left alone.
    home = tmp_path / "pg"
    home.mkdir()
    (home / "dagster.yaml").write_text(
        "storage:\n  postgres:\n    postgres_url: postgresql://nobody@127.0.0.1:1/none\n",
        encoding="utf-8",
    )
    from etl.pipeline.instance import _with_open_event_log

    ref = InstanceRef.from_dir(str(home))
    assert _with_open_event_log(ref) is ref
    assert ref.storage_data is not None and "postgres" in ref.storage_data.module_name


def test_events_are_seen_and_watched_by_a_default_reader_while_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path, monkeypatch)
    with persistent_instance(settings) as writer:
        run = DagsterRun(job_name="load_batch", run_id=str(uuid.uuid4()))
        writer.add_run(run)
        writer.report_engine_event("first", run)

        # What `cables serve` opens: Dagster's own classes over the same folder.
        reader = dg.DagsterInstance.from_config(str(settings.home / "dagster"))
        try:
            storage = reader.event_log_storage
            assert type(storage) is SqliteEventLogStorage
            assert "first" in [e.message for e in reader.all_logs(run.run_id)]

            seen: list[str] = []
            arrived = threading.Event()

            def on_event(entry: dg.EventLogEntry, _cursor: str) -> None:
                seen.append(entry.message)
                if entry.message == "second":
                    arrived.set()

            storage.watch(run.run_id, None, on_event)
            try:
                writer.report_engine_event("second", run)
                assert arrived.wait(20), seen  # the webserver's live view gets the new event
            finally:
                storage.end_watch(run.run_id, on_event)
        finally:
            reader.dispose()
    # After the instance is closed its files are checkpointed: no WAL is left behind.
    runs_dir = settings.home / "dagster" / "history" / "runs"
    assert not list(runs_dir.glob("*.db-wal"))
