"""docker-compose.yml and deploy/ agree with each other and with the code.

Docker does not run on the development machines, so the files are parsed and cross-checked;
the Dagster instance configuration is loaded for real against a PostgreSQL server.
"""

from __future__ import annotations

import re
import secrets
import shlex
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from etl import database
from etl.config import Settings
from tests.conftest import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
DEFINITIONS_MODULE = "etl.pipeline.definitions"
ENV_REFERENCE = re.compile(r"\$\{(\w+)(?::-[^}]*)?\}")


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose() -> Any:
    return _yaml(REPO_ROOT / "docker-compose.yml")


def _command(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def _option(command: list[str], flag: str) -> str:
    return command[command.index(flag) + 1]


def _code_server_command(compose: Any) -> list[str]:
    shell_line = _command(compose["services"]["code"])[-1]
    # The code service runs "cables db upgrade && exec dagster code-server start ...".
    return shlex.split(shell_line.split("&&")[-1])


def test_services_present(compose: Any) -> None:
    assert set(compose["services"]) == {"postgres", "code", "webserver", "daemon"}


def test_code_location_serves_the_definitions_module(compose: Any) -> None:
    command = _code_server_command(compose)
    assert command[:4] == ["exec", "dagster", "code-server", "start"]
    assert _option(command, "-m") == DEFINITIONS_MODULE
    assert "cables db upgrade" in _command(compose["services"]["code"])[-1]


def test_definitions_module_exists() -> None:
    module_file = REPO_ROOT / Path(*DEFINITIONS_MODULE.split(".")).with_suffix(".py")
    if not module_file.exists():
        pytest.skip(f"{module_file.relative_to(REPO_ROOT)} is not written yet")
    assert module_file.is_file()


def test_workspace_points_at_the_code_server(compose: Any) -> None:
    workspace = _yaml(DEPLOY / "workspace.yaml")
    [location] = workspace["load_from"]
    server = location["grpc_server"]
    assert server["host"] == "code"
    assert str(server["port"]) == _option(_code_server_command(compose), "-p")
    healthcheck = compose["services"]["code"]["healthcheck"]["test"]
    assert str(server["port"]) == _option(healthcheck, "-p")


def test_webserver_port_is_published(compose: Any) -> None:
    webserver = compose["services"]["webserver"]
    port = _option(_command(webserver), "-p")
    assert f"{port}:{port}" in webserver["ports"]
    assert _option(_command(webserver), "-w") == "/opt/dagster/workspace.yaml"
    assert _option(_command(compose["services"]["daemon"]), "-w") == "/opt/dagster/workspace.yaml"


def test_dockerfile_installs_instance_and_workspace_where_compose_expects() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY deploy/dagster.yaml /opt/dagster/home/dagster.yaml" in dockerfile
    assert "COPY deploy/workspace.yaml /opt/dagster/workspace.yaml" in dockerfile
    assert "-c constraints.txt" in dockerfile


def test_named_volumes_are_declared(compose: Any) -> None:
    used = {
        mount.split(":", 1)[0]
        for service in compose["services"].values()
        for mount in service.get("volumes", [])
        if not mount.startswith((".", "/"))
    }
    assert used == set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]


def test_dagster_services_get_every_variable_dagster_yaml_reads(compose: Any) -> None:
    instance_yaml = (DEPLOY / "dagster.yaml").read_text(encoding="utf-8")
    needed = set(re.findall(r"env:\s*(\w+)", instance_yaml))
    assert needed  # the instance reads its connection from the environment
    for name in ("code", "webserver", "daemon"):
        environment = compose["services"][name]["environment"]
        assert needed <= set(environment), name
        assert environment["DAGSTER_HOME"] == "/opt/dagster/home"


def test_instance_storage_uses_psycopg2_and_its_own_database(compose: Any) -> None:
    instance = _yaml(DEPLOY / "dagster.yaml")
    assert instance["storage"]["postgres"]["postgres_db"]["scheme"] == "postgresql+psycopg2"
    assert instance["telemetry"]["enabled"] is False
    environment = compose["services"]["code"]["environment"]
    warehouse_database = database.database_name(environment["DATABASE_URL"])
    assert environment["DAGSTER_PG_DB"] != warehouse_database
    assert warehouse_database == compose["services"]["postgres"]["environment"]["POSTGRES_DB"]
    init_sql = (DEPLOY / "initdb" / "01-dagster-database.sql").read_text(encoding="utf-8")
    assert f"CREATE DATABASE {environment['DAGSTER_PG_DB']};" in init_sql


def test_code_environment_is_what_settings_read(compose: Any) -> None:
    environment = {
        key: ENV_REFERENCE.sub("pw", str(value))
        for key, value in compose["services"]["code"]["environment"].items()
    }
    settings = Settings.from_env(environment, cwd=Path("/"))
    assert settings.database_url == "postgresql://postgres:pw@postgres:5432/cables"
    assert database.sqlalchemy_url(settings.database_url).startswith("postgresql+psycopg://")
    assert str(settings.inbox) == "/data/inbox"
    assert str(settings.home) == "/data/cables"
    mounts = compose["services"]["code"]["volumes"]
    assert f"inbox:{settings.inbox}" in mounts
    assert f"cables_home:{settings.home}" in mounts


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_constraints_pin_what_pyproject_pins() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = dict(
        line.split("==", 1)
        for line in (REPO_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    constraints = {_canonical(name): version for name, version in pins.items()}
    for requirement in declared:
        name, version = requirement.split("==", 1)
        name = _canonical(name.split("[", 1)[0])
        assert constraints.get(name) == version, requirement


@pytest.fixture
def tcp_server_url() -> Iterator[str]:
    """A fresh database on a TCP PostgreSQL (DATABASE_URL's, else 127.0.0.1:5432)."""
    configured = Settings.from_env().database_url
    url = configured if configured else "postgresql://postgres@127.0.0.1:5432/postgres"
    if "host=" in url or "@/" in url:
        pytest.skip("the Dagster instance needs a TCP server; DATABASE_URL is a socket")
    try:
        with database.psycopg_connect(url):
            pass
    except database.DatabaseUnavailable as exc:
        pytest.skip(f"no TCP PostgreSQL to load the Dagster instance against: {exc}")
    name = f"dagster_test_{secrets.token_hex(4)}"
    yield database.create_database(url, name)
    database.drop_database(url, name)


def test_dagster_instance_loads_with_postgres_storage(
    tcp_server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from urllib.parse import urlsplit

    from dagster import DagsterInstance

    parts = urlsplit(tcp_server_url)
    monkeypatch.setenv("DAGSTER_PG_HOST", parts.hostname or "")
    monkeypatch.setenv("DAGSTER_PG_USER", parts.username or "")
    monkeypatch.setenv("DAGSTER_PG_PASSWORD", parts.password or "")
    monkeypatch.setenv("DAGSTER_PG_DB", database.database_name(tcp_server_url))
    if parts.port and parts.port != 5432:
        pytest.skip("deploy/dagster.yaml fixes port 5432")

    instance = DagsterInstance.from_config(str(DEPLOY))
    try:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert instance.get_runs_count() == 0
    finally:
        instance.dispose()
