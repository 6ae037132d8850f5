"""The Dagster definitions load; the sensor and the schedule ask for the right runs."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from etl.pipeline.assets import BATCHES_PARTITION, batches
from etl.pipeline.definitions import defs
from etl.pipeline.schedules import nightly_reconcile
from etl.pipeline.sensors import LOAD_JOB_NAME, InboxCursor, inbox_sensor_for, new_inbox_entries
from etl.warehouse.analyst import SUMMARY_TABLES
from etl.warehouse.catalog import ANALYST_TABLES, PUBLISHED_TABLES, describe_table


def test_definitions_load_with_every_stage_grouped_and_checked() -> None:
    repository = defs.get_repository_def()
    job = defs.resolve_job_def(LOAD_JOB_NAME)
    graph = defs.resolve_asset_graph()

    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == {
        "raw_documents": "raw",
        "parsed_cables": "parsed",
        **dict.fromkeys(ANALYST_TABLES, "warehouse"),
        **dict.fromkeys(SUMMARY_TABLES, "summaries"),
    }
    assert set(ANALYST_TABLES) == {
        "cables",
        "recipients",
        "tags",
        "paragraphs",
        "entities",
        "cable_references",
    }
    assert set(SUMMARY_TABLES) == {"cable_citation_counts", "entity_summary", "stations"}
    checks = {key.name for key in graph.asset_check_keys}
    assert {"raw_documents_quality", "parsed_cables_quality", "warehouse_quality"} <= checks
    # Every published table has a check of its own, and every check says what it checks.
    assert {key.asset_key.to_user_string() for key in graph.asset_check_keys} == set(groups)
    for check_key in graph.asset_check_keys:
        assert graph.get_check_spec(check_key).description, f"{check_key} has no description"
    # The tables are published by one step, in one transaction.
    published = {graph.get(dg.AssetKey(name)).assets_def for name in PUBLISHED_TABLES}
    assert len(published) == 1
    assert job.partitions_def == batches
    assert job.executor_def.name == "in_process"
    assert {s.name for s in repository.sensor_defs} == {"inbox_sensor"}
    assert {s.name for s in repository.schedule_defs} == {"nightly_reconcile"}
    for key in graph.get_all_asset_keys():
        assert graph.get(key).description, f"{key} has no description"


def test_every_table_asset_carries_the_column_schema_of_its_model() -> None:
    graph = defs.resolve_asset_graph()
    for name, table in (
        *((name, name) for name in PUBLISHED_TABLES),
        ("raw_documents", "etl.raw_documents"),
        ("parsed_cables", "etl.stage_cables"),
    ):
        model = describe_table(table)
        metadata = graph.get(dg.AssetKey(name)).metadata
        schema = metadata["dagster/column_schema"]
        assert isinstance(schema, dg.TableSchema)
        assert [c.name for c in schema.columns] == [c.name for c in model.columns], name
        for column, described in zip(schema.columns, model.columns, strict=True):
            assert column.description, f"{name}.{column.name} has no description"
            assert (column.type, column.description) == (described.type, described.description)
        assert metadata["dagster/table_name"] == model.qualified_name
    cables = graph.get(dg.AssetKey("cables")).metadata["dagster/column_schema"]
    columns = {c.name: c for c in cables.columns}
    assert columns["cable_id"].constraints.unique and not columns["cable_id"].constraints.nullable
    assert columns["caveats"].type == "TEXT[]"
    assert columns["created_at"].type == "TIMESTAMP WITH TIME ZONE"


def _age(path: Path, seconds: float) -> None:
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


def test_inbox_sensor_requests_one_run_per_new_drop_and_advances_its_cursor(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    inbox_sensor = inbox_sensor_for(inbox)
    first = inbox / "06PHNOMPENH534.txt"
    first.write_text("cable one", encoding="utf-8")
    _age(first, 60)
    (inbox / ".hidden.txt").write_text("skipped", encoding="utf-8")
    partial = inbox / "arriving.txt"
    partial.write_text("still being written", encoding="utf-8")
    _age(partial, -600)  # modified "now" however slow this test runs: must wait to settle

    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, cursor=None)
        result = inbox_sensor(context)
        assert isinstance(result, dg.SensorResult)
        assert len(result.run_requests or []) == 1
        request = (result.run_requests or [])[0]
        config = request.run_config["ops"]["raw_documents"]["config"]
        assert config["paths"] == [str(first)]
        assert request.partition_key is not None
        assert [r.partition_keys for r in result.dynamic_partitions_requests or []] == [
            [request.partition_key]
        ]
        cursor = json.loads(result.cursor or "{}")
        assert cursor["mtime_ns"] == first.stat().st_mtime_ns
        assert cursor["names_at_mtime"] == [first.name]

        # Same inbox, advanced cursor: nothing new until the fresh file settles.
        again = inbox_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor))
        assert isinstance(again, dg.SkipReason)

        _age(partial, 30)
        later = inbox_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor))
        assert isinstance(later, dg.SensorResult)
        paths = [
            r.run_config["ops"]["raw_documents"]["config"]["paths"]
            for r in later.run_requests or []
        ]
        assert paths == [[str(partial)]]


def test_inbox_cursor_keeps_files_written_in_the_same_tick(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (a, b):
        path.write_text(path.name, encoding="utf-8")
    moment = time.time() - 60
    os.utime(a, (moment, moment))
    cursor = InboxCursor()
    found, cursor = new_inbox_entries(tmp_path, cursor)
    assert found == [a]
    os.utime(b, (moment, moment))  # b turns up with exactly a's timestamp
    found, cursor = new_inbox_entries(tmp_path, cursor)
    assert found == [b]
    assert cursor.names_at_mtime == ("a.txt", "b.txt")
    assert new_inbox_entries(tmp_path, cursor)[0] == []


def test_nightly_reconcile_requests_a_reparse_batch() -> None:
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(
            instance=instance, scheduled_execution_time=datetime(2026, 11, 23, 2, 30, tzinfo=UTC)
        )
        request = nightly_reconcile(context)
        assert isinstance(request, dg.RunRequest)
        assert request.partition_key is not None
        assert request.partition_key == "reconcile-20261123"
        assert instance.has_dynamic_partition(BATCHES_PARTITION, request.partition_key)
        config = request.run_config["ops"]["raw_documents"]["config"]
        assert config == {"paths": [], "reparse_outdated": True, "workers": 0}
