"""The one persistent Dagster instance every load records its run in.

``cables load``, the inbox sensor and the nightly reconcile (under ``cables serve``) all use
the same instance, so every batch is a run the UI lists with its logs, materialisations and
check results: ``DAGSTER_HOME`` when set (the docker-compose deployment), otherwise
``$CABLES_HOME/dagster``.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Mapping
from pathlib import Path

import dagster as dg
from dagster._core.instance.ref import InstanceRef
from dagster._serdes import ConfigurableClassData

from etl.config import Settings
from etl.pipeline.run_storage import DEFAULT_STORAGE, LoadSqliteStorage

#: Written when the folder has no instance configuration yet; an existing file is left alone.
#: No telemetry, and no community sign-up dialog over the UI's first page.
DEFAULT_INSTANCE_YAML = "telemetry:\n  enabled: false\nnux:\n  enabled: false\n"


def instance_home(settings: Settings, environ: Mapping[str, str] | None = None) -> Path:
    """The instance folder: ``DAGSTER_HOME``, else ``$CABLES_HOME/dagster``."""
    env = os.environ if environ is None else environ
    explicit = env.get("DAGSTER_HOME")
    if explicit:
        return Path(explicit).resolve()
    return settings.home / "dagster"


def prepare_instance_home(home: Path) -> Path:
    """Create ``home`` with a default ``dagster.yaml`` if it has none; returns ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DEFAULT_INSTANCE_YAML, encoding="utf-8")
    return home


def persistent_instance(settings: Settings) -> dg.DagsterInstance:
    """The shared instance (see the module docstring), its folder created on first use."""
    home = prepare_instance_home(instance_home(settings))
    # Opening an instance creates its SQLite storage when it is missing; two loads starting
    # together would both create the same tables ("table ... already exists"), so processes
    # open it one at a time. Runs themselves may then write concurrently (SQLite locking).
    with (home / ".open.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            ref = _with_open_event_log(InstanceRef.from_dir(str(home)))
            return dg.DagsterInstance.from_ref(ref)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _with_open_event_log(ref: InstanceRef) -> InstanceRef:
    """``ref`` with Dagster's default SQLite storage replaced by ``LoadSqliteStorage`` (the same
    files, written through open connections: see ``etl.pipeline.run_storage``); any other
    configured storage (PostgreSQL) is kept."""
    data = ref.storage_data
    if data is None or (data.module_name, data.class_name) != DEFAULT_STORAGE:
        return ref
    replaced = ConfigurableClassData(
        LoadSqliteStorage.__module__, LoadSqliteStorage.__name__, data.config_yaml
    )
    return ref._replace(storage_data=replaced)
