"""Dagster resources: the warehouse database and the quality gate."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import psycopg
from pydantic import PrivateAttr

from etl.config import (
    DEFAULT_HOME,
    DEFAULT_REJECT_RATE_THRESHOLD,
    DEFAULT_STALE_BATCH_SECONDS,
    Settings,
)
from etl.database import database_url, mask_url, psycopg_connect
from etl.pipeline import cancel
from etl.pipeline.progress import reporter
from etl.quality import skipping
from etl.warehouse.bookkeeping import RunLease

if TYPE_CHECKING:
    from etl.quality.gate import QualityGate
    from etl.quality.report import StageReport
    from etl.quality.suites import SuiteFile


#: Full URLs of the warehouses given to this process, by their masked form. Dagster records
#: resource config in job snapshots (event log, UI), so the config only ever holds the masked
#: URL and the password stays in this process's memory.
_URLS_BY_MASKED: dict[str, str] = {}


def config_safe_url(url: str) -> str:
    """The form of ``url`` to put in Dagster config (password masked); this process keeps the
    full URL so that ``WarehouseResource.url`` can connect."""
    masked = mask_url(url)
    if masked != url:
        _URLS_BY_MASKED[masked] = url
    return masked


class WarehouseResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The PostgreSQL warehouse and the operator settings of a load, as fields
    (``from_settings``: ``build_definitions`` reads the settings once and passes them here).

    ``database_url`` holds the masked URL only (``config_safe_url``): Dagster records resource
    config, so a password cannot leak into its UI or event log. Without a URL the warehouse is
    the embedded server under ``home``.
    """

    database_url: str | None = None
    home: str | None = None
    """``Settings.home`` (``CABLES_HOME``); unset: ``.cables`` in the working directory."""
    inbox: str | None = None
    reject_rate_threshold: float = DEFAULT_REJECT_RATE_THRESHOLD
    stale_batch_seconds: float = DEFAULT_STALE_BATCH_SECONDS
    max_archive_bytes: int | None = None

    _lease: RunLease | None = PrivateAttr(default=None)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, database_url: str | None = None
    ) -> WarehouseResource:
        """The resource for ``settings``; ``database_url`` overrides their warehouse."""
        url = database_url or settings.database_url
        return cls(
            database_url=config_safe_url(url) if url else None,
            home=str(settings.home),
            inbox=str(settings.inbox),
            reject_rate_threshold=settings.reject_rate_threshold,
            stale_batch_seconds=settings.stale_batch_seconds,
            max_archive_bytes=settings.max_archive_bytes,
        )

    def url(self) -> str:
        """SQLAlchemy URL of the warehouse."""
        if self.database_url:
            return _URLS_BY_MASKED.get(self.database_url, self.database_url)
        return database_url(self.settings())

    @contextmanager
    def connect(self) -> Iterator[psycopg.Connection]:
        """A psycopg connection, closed (and its uncommitted work rolled back) on exit. Opening
        one is a safe point of a stoppable load, and a stop can cancel its statements."""
        cancel.checkpoint()
        conn = psycopg_connect(self.url())
        try:
            with cancel.watching(conn):
                yield conn
        finally:
            conn.close()

    def settings(self) -> Settings:
        """Operator settings (thresholds, folders), as ``build_definitions`` passed them."""
        home = Path(self.home) if self.home else Path(DEFAULT_HOME).resolve()
        return Settings(
            database_url=_URLS_BY_MASKED.get(self.database_url, self.database_url)
            if self.database_url
            else None,
            home=home,
            inbox=Path(self.inbox) if self.inbox else home / "inbox",
            reject_rate_threshold=self.reject_rate_threshold,
            stale_batch_seconds=self.stale_batch_seconds,
            max_archive_bytes=self.max_archive_bytes,
        )

    def hold_lease(self, batch_id: int) -> None:
        """Hold the run's lease on ``batch_id`` until the run ends (``RunLease``). The job's
        in-process executor sets this resource up once per run, so the lease spans every
        step, and the waits between a failed step and its retry."""
        if self._lease is None:
            url = self.url()
            self._lease = RunLease(lambda: psycopg_connect(url, autocommit=True))
        self._lease.hold(batch_id)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """The run is over: end its leases."""
        if self._lease is not None:
            self._lease.release()
            self._lease = None


class QualityResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Great Expectations suites from ``expectations/``; one GX context per process, made on
    first use (importing GX costs seconds, so it stays off the import path). A stage with
    nothing new to check (``etl.quality.skipping``) is reported without starting GX, and a
    run in which no suite ran leaves the Data Docs of the last one that did."""

    expectations_dir: str = str(Path(__file__).resolve().parents[2] / "expectations")
    data_docs_dir: str
    """Where the Data Docs go (``$CABLES_HOME/data_docs``), from the settings."""
    max_reject_rate: float
    """``Settings.reject_rate_threshold``, from the settings."""

    _gate: QualityGate | None = PrivateAttr(default=None)
    _suites: dict[str, SuiteFile] | None = PrivateAttr(default=None)
    _validated: bool = PrivateAttr(default=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> QualityResource:
        """The resource for ``settings`` (Data Docs under their home, their reject rate)."""
        return cls(
            data_docs_dir=str(settings.home / "data_docs"),
            max_reject_rate=settings.reject_rate_threshold,
        )

    def gate(self) -> QualityGate:
        """The process-wide quality gate, made with this resource's settings."""
        if self._gate is None:
            from etl.quality import QualityGate

            self._gate = QualityGate(
                suites_dir=Path(self.expectations_dir),
                data_docs_dir=Path(self.data_docs_dir),
                max_reject_rate=self.max_reject_rate,
            )
        return self._gate

    def check_raw(
        self, conn: psycopg.Connection, batch_id: int, *, may_be_empty: bool = False
    ) -> StageReport:
        """Raw-stage checks of the batch's landed documents (``QualityGate.check_raw``), or
        their SQL remainder when every document was checked by an earlier batch."""
        skipped = skipping.raw_without_new_documents(
            conn, batch_id, self.suites(), may_be_empty=may_be_empty
        )
        if skipped is not None:
            return skipped
        with self._stage("checks_raw") as gate:
            return gate.check_raw(conn, batch_id, may_be_empty=may_be_empty)

    def check_parsed(self, conn: psycopg.Connection, batch_id: int) -> StageReport:
        """Parsed-stage checks of the batch's staged rows (``QualityGate.check_parsed``);
        only the reject rate when it staged none."""
        skipped = skipping.parsed_without_staged_rows(
            conn, batch_id, self.suites(), max_reject_rate=self.max_reject_rate
        )
        if skipped is not None:
            return skipped
        with self._stage("checks_parsed") as gate:
            return gate.check_parsed(conn, batch_id)

    def check_warehouse(self, conn: psycopg.Connection, batch_id: int) -> StageReport:
        """Warehouse checks in the publish transaction (``QualityGate.check_warehouse``). The
        last safe point before the commit: a stop requested by then rolls the publish back.
        Skipped when the batch published no cable."""
        cancel.checkpoint()
        skipped = skipping.warehouse_without_changes(conn, batch_id, self.suites())
        if skipped is not None:
            return skipped
        with self._stage("checks_warehouse") as gate:
            return gate.check_warehouse(conn, batch_id)

    def build_data_docs(self) -> Path | None:
        """Render the Data Docs of this run's validations; returns their ``index.html``
        (None: no suite ran in this run, so the Data Docs already there are left as they are)."""
        if not self._validated:
            return None
        with self._stage("data_docs") as gate:
            return gate.build_data_docs()

    def suites(self) -> dict[str, SuiteFile]:
        """The expectation suites (read once; no GX needed)."""
        if self._suites is None:
            if self._gate is not None:
                self._suites = self._gate.suites
            else:
                from etl.quality.suites import load_suite_files

                self._suites = load_suite_files(Path(self.expectations_dir))
        return self._suites

    @contextmanager
    def _stage(self, step: str) -> Iterator[QualityGate]:
        """Run a quality stage as a progress stage: its rows counted, each chunk a safe
        point of a stoppable load; the stage ends with the block (also on an error)."""
        progress = reporter()
        progress.start(step)
        gate = self.gate()
        self._validated = True
        gate.progress = progress.advance
        try:
            yield gate
        finally:
            gate.progress = None
        progress.finish()
