"""Every load is a Dagster run in the persistent instance that ``cables serve`` shows, and
every published table an asset with its row count, column schema and check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import psycopg
import pytest

from etl.config import Settings
from etl.database import libpq_url
from etl.pipeline import commands
from etl.pipeline.instance import DEFAULT_INSTANCE_YAML, instance_home, persistent_instance
from etl.warehouse.catalog import PUBLISHED_TABLES, describe_table
from etl.warehouse.table_checks import TABLE_CHECKS


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

    settings = Settings.from_env()
    assert commands.load([seeds_dir], workers=1, settings=settings) == commands.EXIT_OK
    # a second run, same home
    assert commands.load([seeds_dir], workers=1, settings=settings) == commands.EXIT_OK
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        expected_rows = {
            name: conn.execute(f"SELECT count(*) FROM public.{name}").fetchone()[0]  # type: ignore[index]
            for name in PUBLISHED_TABLES
        }
    assert expected_rows["cables"] == 5 and all(expected_rows.values())

    assert (home / "dagster" / "dagster.yaml").read_text(encoding="utf-8") == (
        DEFAULT_INSTANCE_YAML
    )
    with persistent_instance(settings) as instance:
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

        # Each published table is its own asset: materialised by the run with its row count,
        # its column schema and the result of its own check.
        for name in PUBLISHED_TABLES:
            record = instance.fetch_materializations(dg.AssetKey(name), limit=1).records[0]
            assert record.run_id == newest.run_id
            materialisation = record.asset_materialization
            assert materialisation is not None
            metadata = materialisation.metadata
            assert metadata["dagster/row_count"].value == expected_rows[name], name
            schema = metadata["dagster/column_schema"].value
            assert isinstance(schema, dg.TableSchema)
            assert [c.name for c in schema.columns] == [
                c.name for c in describe_table(name).columns
            ]
        evaluations: dict[str, bool] = {}
        for record in instance.get_records_for_run(
            newest.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ).records:
            event = record.event_log_entry.dagster_event
            data = event.event_specific_data if event is not None else None
            assert isinstance(data, dg.AssetCheckEvaluation)
            evaluations[data.check_name] = data.passed
        assert set(evaluations) == {check.name for check in TABLE_CHECKS} | {
            "raw_documents_quality",
            "parsed_cables_quality",
            "warehouse_quality",
        }
        assert all(evaluations.values()), evaluations

        # What the UI shows, through the webserver's own GraphQL API on this instance.
        ui = _graphql(instance, _ASSET_QUERY)
        assert {run["runId"] for run in ui["runsOrError"]["results"]} == {
            run.run_id for run in runs
        }
        nodes = {tuple(node["assetKey"]["path"]): node for node in ui["assetNodes"]}
        for name in PUBLISHED_TABLES:
            node = nodes[(name,)]
            assert node["description"] == describe_table(name).description
            schema = next(
                e for e in node["metadataEntries"] if e["label"] == "dagster/column_schema"
            )
            assert [c["description"] for c in schema["schema"]["columns"]] == [
                c.description for c in describe_table(name).columns
            ]
            (latest,) = node["assetMaterializations"]
            assert latest["runId"] == newest.run_id
            row_count = next(
                e for e in latest["metadataEntries"] if e["label"] == "dagster/row_count"
            )
            assert row_count["intValue"] == expected_rows[name]
            checks = node["assetChecksOrError"]["checks"]
            assert checks and all(check["description"] for check in checks)


_ASSET_QUERY = """
query {
  runsOrError { ... on Runs { results { runId } } }
  assetNodes {
    assetKey { path }
    description
    metadataEntries {
      label
      ... on TableSchemaMetadataEntry { schema { columns { name description } } }
    }
    assetMaterializations(limit: 1) {
      runId
      metadataEntries { label ... on IntMetadataEntry { intValue } }
    }
    assetChecksOrError { ... on AssetChecks { checks { name description } } }
  }
}
"""


def _graphql(instance: dg.DagsterInstance, query: str) -> dict[str, Any]:
    """Run ``query`` as the webserver would, against a code server of the definitions."""
    from dagster._core.workspace.context import WorkspaceProcessContext
    from dagster._core.workspace.load_target import ModuleTarget
    from dagster_graphql.test.utils import execute_dagster_graphql

    target = ModuleTarget(
        module_name="etl.pipeline.definitions",
        attribute=None,
        working_directory=None,
        location_name="cables",
    )
    with WorkspaceProcessContext(instance, target, version="") as workspace:
        result = execute_dagster_graphql(workspace.create_request_context(), query)
    assert not result.errors, result.errors
    return dict(result.data)
