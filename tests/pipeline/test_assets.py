"""The assets themselves, materialised with Dagster's ``materialize`` (not through the load job,
the CLI or ``load_paths``) on the sample cables, with the real resources and a real database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import psycopg

from etl.config import DEFAULT_REJECT_RATE_THRESHOLD, Settings
from etl.database import libpq_url
from etl.pipeline.assets import ALL_ASSETS, BATCHES_PARTITION
from etl.pipeline.resources import QualityResource, WarehouseResource
from etl.pipeline.sensors import load_run_config


def _count(url: str, table: str) -> int:
    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def _materialized(result: dg.ExecuteInProcessResult) -> dict[str, dict[str, Any]]:
    """Metadata values of each asset materialised in ``result``, by asset name."""
    found: dict[str, dict[str, Any]] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        found[materialization.asset_key.to_user_string()] = {
            key: value.value for key, value in materialization.metadata.items()
        }
    return found


def test_the_assets_land_parse_and_publish_the_samples_and_report_each_table(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=fresh_warehouse,
        home=tmp_path / "home",
        inbox=tmp_path / "home" / "inbox",
        reject_rate_threshold=DEFAULT_REJECT_RATE_THRESHOLD,
    )
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(BATCHES_PARTITION, ["assets-test"])
    run_config = load_run_config([str(seeds_dir)], workers=1)

    result = dg.materialize(
        ALL_ASSETS,
        partition_key="assets-test",
        instance=instance,
        run_config=run_config,
        resources={
            "warehouse": WarehouseResource.from_settings(settings),
            "quality": QualityResource.from_settings(settings),
        },
    )

    assert result.success
    metadata = _materialized(result)
    documents = len(list(seeds_dir.iterdir()))
    assert metadata["raw_documents"]["dagster/partition_row_count"] == documents
    assert metadata["parsed_cables"]["dagster/partition_row_count"] == documents
    # Each table asset reports the row count the table really has after the publish.
    for table in ("cables", "recipients", "tags", "paragraphs", "entities", "cable_references"):
        assert metadata[table]["dagster/row_count"] == _count(fresh_warehouse, table), table
    assert _count(fresh_warehouse, "cables") == documents
    checks = {
        evaluation.check_name: evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }
    assert checks["raw_documents_quality"] and checks["parsed_cables_quality"]
    assert checks["warehouse_quality"]
    assert all(checks.values()), checks
    # The Data Docs went where the settings put them, not under the environment's home.
    assert (settings.home / "data_docs" / "index.html").is_file()
