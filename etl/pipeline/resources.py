"""Dagster resources: the warehouse database and the quality gate."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import psycopg
from pydantic import PrivateAttr

from etl.config import Settings
from etl.database import database_url, psycopg_connect

if TYPE_CHECKING:
    from etl.quality import QualityGate


class WarehouseResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The PostgreSQL warehouse: ``DATABASE_URL`` when set, else the embedded server.

    The URL is resolved at run time and never stored in run config, so a password cannot
    leak into Dagster's UI or event log. ``database_url`` is for tests and programmatic use.
    """

    database_url: str | None = None

    def url(self) -> str:
        """SQLAlchemy URL of the warehouse."""
        return self.database_url or database_url()

    @contextmanager
    def connect(self) -> Iterator[psycopg.Connection]:
        """A psycopg connection, closed (and its uncommitted work rolled back) on exit."""
        conn = psycopg_connect(self.url())
        try:
            yield conn
        finally:
            conn.close()

    def settings(self) -> Settings:
        """Operator settings (thresholds, folders)."""
        return Settings.from_env()


class QualityResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Great Expectations suites from ``expectations/``; one GX context per process, made on
    first use (importing GX costs seconds, so it stays off the import path)."""

    expectations_dir: str = str(Path(__file__).resolve().parents[2] / "expectations")
    data_docs_dir: str | None = None

    _gate: QualityGate | None = PrivateAttr(default=None)

    def gate(self) -> QualityGate:
        """The process-wide quality gate."""
        if self._gate is None:
            from etl.quality import QualityGate

            docs = (
                Path(self.data_docs_dir)
                if self.data_docs_dir
                else Settings.from_env().home / "data_docs"
            )
            self._gate = QualityGate(suites_dir=Path(self.expectations_dir), data_docs_dir=docs)
        return self._gate
