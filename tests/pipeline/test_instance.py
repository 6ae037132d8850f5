"""Every load is a Dagster run in the persistent instance that ``cables serve`` shows."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from etl.config import Settings
from etl.pipeline import commands
from etl.pipeline.instance import DEFAULT_INSTANCE_YAML, instance_home, persistent_instance


def test_instance_home_is_dagster_home_or_under_cables_home(tmp_path: Path) -> None:
    settings = Settings.from_env({"CABLES_HOME": "state"}, cwd=tmp_path)
    assert instance_home(settings, {}) == tmp_path / "state" / "dagster"
    explicit = tmp_path / "elsewhere"
    assert instance_home(settings, {"DAGSTER_HOME": str(explicit)}) == explicit


def test_cables_load_is_a_run_of_the_instance_under_cables_home(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CABLES_HOME", str(home))
    monkeypatch.delenv("DAGSTER_HOME")

    assert commands.load([seeds_dir], workers=1) == commands.EXIT_OK
    assert commands.load([seeds_dir], workers=1) == commands.EXIT_OK  # a second run, same home

    assert (home / "dagster" / "dagster.yaml").read_text(encoding="utf-8") == (
        DEFAULT_INSTANCE_YAML
    )
    with persistent_instance(Settings.from_env()) as instance:
        runs = instance.get_runs()
        assert len(runs) == 2
        assert {run.status for run in runs} == {dg.DagsterRunStatus.SUCCESS}
        assert {run.job_name for run in runs} == {"load_batch"}
        newest = runs[0]
        assert newest.tags.get("dagster/partition", "").startswith("load-")
        records = instance.fetch_materializations(dg.AssetKey("raw_documents"), limit=10).records
        assert {record.run_id for record in records} == {run.run_id for run in runs}
        assert records[0].asset_materialization is not None
        assert records[0].asset_materialization.metadata["documents_seen"].value == 5
        # The run log holds the steps' own messages too, not only Dagster's events.
        messages = [event.message for event in instance.all_logs(newest.run_id)]
        assert any("Data Docs" in message for message in messages)
