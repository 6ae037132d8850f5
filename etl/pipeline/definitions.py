"""Dagster definitions of the cable warehouse (``dagster dev -m etl.pipeline.definitions``)."""

from __future__ import annotations

import dagster as dg

from etl.config import Settings
from etl.pipeline.assets import ALL_ASSETS
from etl.pipeline.resources import QualityResource, WarehouseResource
from etl.pipeline.schedules import nightly_reconcile
from etl.pipeline.sensors import LOAD_JOB_NAME, inbox_sensor_for

#: Transient database trouble (restart, failover) is retried; data errors are not.
RETRY_POLICY = dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL)

load_batch = dg.define_asset_job(
    LOAD_JOB_NAME,
    selection=dg.AssetSelection.assets(*ALL_ASSETS),
    description="Land, parse, check and publish one batch of inputs.",
    op_retry_policy=RETRY_POLICY,
    # The three steps run one after the other anyway, and the parse step fans out to its own
    # worker processes; one process per run means one Great Expectations context per run
    # instead of a ~5 s GX import in every step's process.
    executor_def=dg.in_process_executor,
)


def resolve_settings(settings: Settings | None = None) -> Settings:
    """``settings``, or when none are given the environment's: the pipeline's one read of it."""
    return settings if settings is not None else Settings.from_env()


def build_definitions(
    database_url: str | None = None, *, settings: Settings | None = None
) -> dg.Definitions:
    """Definitions bound to ``settings`` (default: read from the environment here, once) and
    their warehouse (``database_url`` overrides it: ``DATABASE_URL`` or the embedded server).
    The resources carry the settings as fields, so nothing below reads the environment."""
    settings = resolve_settings(settings)
    return dg.Definitions(
        assets=ALL_ASSETS,
        jobs=[load_batch],
        sensors=[inbox_sensor_for(settings.inbox)],
        schedules=[nightly_reconcile],
        resources={
            "warehouse": WarehouseResource.from_settings(settings, database_url=database_url),
            "quality": QualityResource.from_settings(settings),
        },
    )


defs = build_definitions()
