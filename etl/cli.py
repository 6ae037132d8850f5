"""The ``cables`` command line.

Exit codes: 0 success, 1 the command ran and failed, 2 usage error,
3 database unreachable or ``DATABASE_URL`` invalid, 4 nothing could be read (``cables load``),
5 the database server's disk is full, 130 / 143 a load stopped by SIGINT / SIGTERM. Expected
failures print one line on stderr, never a traceback (unless ``--verbose``) and never a
password.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.config import Settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DATABASE_UNAVAILABLE = 3
EXIT_DISK_FULL = 5
EXIT_INTERRUPTED = 130  # 128 + SIGINT, the shell's convention

#: Module that implements load/status/serve (the Dagster pipeline); imported only when needed
#: because importing Dagster costs about a second.
PIPELINE_COMMANDS = "etl.pipeline.commands"


def _run_pipeline_command(name: str, settings: Settings, *args: object) -> int:
    command: Callable[..., int] = getattr(importlib.import_module(PIPELINE_COMMANDS), name)
    return command(*args, settings=settings)


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from etl import database
    from etl.warehouse.migrations import upgrade

    url = database.database_url(settings)
    upgrade(url, args.revision)
    shown = database.mask_url(database.libpq_url(url))
    print(f"database at {shown} is at revision {args.revision}")
    return EXIT_OK


def _db_url(args: argparse.Namespace, settings: Settings) -> int:
    from etl import database

    url = database.libpq_url(database.database_url(settings))
    print(url if args.show_password else database.mask_url(url))
    return EXIT_OK


def _db_stop(args: argparse.Namespace, settings: Settings) -> int:
    from etl import database

    if settings.database_url:
        print("DATABASE_URL is set: there is no embedded server to stop.", file=sys.stderr)
        return EXIT_USAGE
    stopped = database.stop_embedded_server(settings.pgdata)
    print(f"embedded server in {settings.pgdata} {'stopped' if stopped else 'was not running'}")
    return EXIT_OK


def _db_grant_analyst(args: argparse.Namespace, settings: Settings) -> int:
    import os

    import psycopg

    from etl import database
    from etl.warehouse import roles

    prefix = "cables db grant-analyst:"
    try:
        roles.check_role_name(args.name)
    except roles.RoleError as exc:
        print(f"{prefix} {exc}", file=sys.stderr)
        return EXIT_USAGE
    password: str | None = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            print(f"{prefix} {args.password_env} is not set", file=sys.stderr)
            return EXIT_USAGE
    url = database.database_url(settings)
    with database.psycopg_connect(url) as connection:
        try:
            grant = roles.create_analyst_role(
                connection,
                args.name,
                password,
                statement_timeout=args.statement_timeout,
                idle_in_transaction_timeout=args.idle_timeout,
            )
        except roles.RoleError as exc:
            print(f"{prefix} {exc}", file=sys.stderr)
            return EXIT_FAILED if isinstance(exc, roles.ConnectingRoleError) else EXIT_USAGE
        except psycopg.Error as exc:
            if isinstance(exc, psycopg.OperationalError) and connection.closed:
                raise
            return _database_failure(prefix, exc)
    verb = "created" if grant.created else "updated"
    print(f"role {grant.name} {verb}: it can read (not write) the analyst tables in schema public")
    for right in grant.demoted:
        print(f"  taken away: {right}")
    print(
        f"  sessions start with statement_timeout {args.statement_timeout} and "
        f"idle_in_transaction_session_timeout {args.idle_timeout} (SET changes them per session)"
    )
    shown = roles.analyst_url(
        database.libpq_url(url), grant.name, with_password=password is not None
    )
    print(f"  connect with: {shown}")
    for right in grant.remaining:
        print(
            f"{prefix} warning: {grant.name} still has {right} through PUBLIC (only a superuser "
            "can withdraw it)",
            file=sys.stderr,
        )
    return EXIT_OK


def _database_failure(prefix: str, exc: BaseException) -> int:
    """Say on stderr what the database refused (its first line, any password masked)."""
    from etl import database

    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    print(f"{prefix} {database.mask_url(first)}", file=sys.stderr)
    return EXIT_FAILED


def _export_progress(label: str, interval: float) -> Callable[[int, int | None], None]:
    """Progress of one export on stderr: one updated line on a terminal, else a line at most
    every ``interval`` seconds."""
    import time

    started = last = time.monotonic()
    terminal = sys.stderr.isatty()

    def report(rows: int, expected: int | None) -> None:
        nonlocal last
        now = time.monotonic()
        if not terminal and now - last < interval:
            return
        last = now
        rate = rows / max(now - started, 1e-6)
        of = f" of about {expected:,}" if expected else ""
        line = f"{label}: {rows:,}{of} rows, {rate:,.0f} rows/s"
        print(f"\r{line}" if terminal else line, end="" if terminal else "\n", file=sys.stderr)

    return report


def _export(args: argparse.Namespace, settings: Settings) -> int:
    import psycopg

    from etl import database
    from etl.warehouse import export as exporting

    prefix = "cables export:"
    if bool(args.names) == bool(args.query):
        print(f"{prefix} name tables or views, or give --query, not both", file=sys.stderr)
        return EXIT_USAGE
    output = Path(args.output)
    many = len(args.names) > 1 or output.is_dir()
    try:
        if args.query and many:
            raise exporting.ExportError(f"--output {output} is a folder; a query needs a file name")
        if many and not args.format:
            raise exporting.ExportError(
                "several files are written: say --format csv or --format parquet"
            )
        file_format = exporting.export_format(output, args.format)
        url = database.database_url(settings)
        with database.psycopg_connect(url, autocommit=True) as connection:
            jobs = (
                [("query", sql_query, output, None) for sql_query in [args.query]]
                if args.query
                else [
                    (
                        name,
                        exporting.relation_query(connection, name),
                        output / f"{name}.{file_format}" if many else output,
                        exporting.estimated_rows(connection, name),
                    )
                    for name in args.names
                ]
            )
            if many:
                output.mkdir(parents=True, exist_ok=True)
            for label, statement, path, expected in jobs:
                progress = _export_progress(label, args.progress_seconds)
                result = exporting.export(
                    connection,
                    statement,
                    path,
                    file_format,
                    batch_rows=args.batch_rows,
                    expected_rows=expected,
                    progress=progress,
                )
                if sys.stderr.isatty():
                    print(file=sys.stderr)
                print(f"{label}: {result.rows:,} rows, {len(result.columns)} columns -> {path}")
    except exporting.ExportError as exc:
        print(f"{prefix} {exc}", file=sys.stderr)
        return EXIT_USAGE
    except psycopg.Error as exc:
        if isinstance(exc, psycopg.OperationalError):
            raise
        return _database_failure(prefix, exc)
    except OSError as exc:
        print(f"{prefix} {exc.strerror or exc}: {exc.filename or output}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _load(args: argparse.Namespace, settings: Settings) -> int:
    return _run_pipeline_command(
        "load", settings, [Path(path) for path in args.paths], args.workers, args.verbose
    )


def _status(args: argparse.Namespace, settings: Settings) -> int:
    return _run_pipeline_command("status", settings, args.verbose)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    return _run_pipeline_command("serve", settings, args.host, args.port)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cables`` (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="cables",
        description="Load US diplomatic cables into a documented PostgreSQL warehouse.",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="on an error, print its full trace too"
    )
    # Accepted after the subcommand as well (``cables load -v PATH``).
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="on an error, print its full trace too",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    _add_db_commands(commands, verbose)
    _add_pipeline_commands(commands, verbose)
    _add_export_command(commands)
    return parser


def _add_db_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    verbose: argparse.ArgumentParser,
) -> None:
    """``cables db upgrade|url|stop|grant-analyst``."""
    db = commands.add_parser("db", help="manage the warehouse database")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_upgrade = db_commands.add_parser(
        "upgrade", parents=[verbose], help="apply migrations (alembic upgrade)"
    )
    db_upgrade.add_argument("--revision", default="head", help="target revision (default: head)")
    db_upgrade.set_defaults(handler=_db_upgrade)
    db_url = db_commands.add_parser(
        "url", parents=[verbose], help="print the connection URL in use"
    )
    db_url.add_argument(
        "--show-password", action="store_true", help="print the password instead of ***"
    )
    db_url.set_defaults(handler=_db_url)
    db_stop = db_commands.add_parser(
        "stop", parents=[verbose], help="stop the embedded PostgreSQL server"
    )
    db_stop.set_defaults(handler=_db_stop)
    db_grant = db_commands.add_parser(
        "grant-analyst",
        parents=[verbose],
        help="create or update a read-only login role for analysts",
        description="Create (or update) a LOGIN role that can SELECT the analyst tables and "
        "views in schema public, and cannot write, change the schema or read schema etl.",
    )
    db_grant.add_argument("name", help="role name")
    db_grant.add_argument(
        "--password-env",
        metavar="VAR",
        help="environment variable holding the role's password (never pass it as an argument)",
    )
    db_grant.add_argument(
        "--statement-timeout",
        default="5min",
        metavar="DURATION",
        help="longest a statement of the role may run, e.g. 30s, 5min; 0 for no limit "
        "(default: 5min)",
    )
    db_grant.add_argument(
        "--idle-timeout",
        default="15min",
        metavar="DURATION",
        help="longest a transaction of the role may stay open and idle (default: 15min)",
    )
    db_grant.set_defaults(handler=_db_grant_analyst)


def _add_pipeline_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    verbose: argparse.ArgumentParser,
) -> None:
    """``cables load``, ``status`` and ``serve`` (the Dagster pipeline)."""
    load = commands.add_parser("load", parents=[verbose], help="ingest files, folders and archives")
    load.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or archive")
    load.add_argument(
        "--workers", type=int, default=0, help="parsing processes (default: 0 = automatic)"
    )
    load.set_defaults(handler=_load)
    status = commands.add_parser(
        "status", parents=[verbose], help="last batches, counts, rejects and checks"
    )
    status.set_defaults(handler=_status)
    serve = commands.add_parser(
        "serve", parents=[verbose], help="run the Dagster webserver and daemon"
    )
    serve.add_argument("--host", default="127.0.0.1", help="webserver address")
    serve.add_argument("--port", type=int, default=3000, help="webserver port")
    serve.set_defaults(handler=_serve)


def _add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``cables export``."""
    export_parser = commands.add_parser(
        "export",
        help="write tables, views or a query to CSV or Parquet",
        description="Write analyst tables or views (schema public unless NAME says schema.name), "
        "or the rows of a read-only --query, to CSV or Parquet, streamed in batches with "
        "progress on stderr.",
    )
    export_parser.add_argument("names", nargs="*", metavar="NAME", help="table or view")
    export_parser.add_argument("--query", help="a SELECT to export instead of tables")
    export_parser.add_argument(
        "--output",
        "-o",
        required=True,
        help="file to write (several NAMEs or an existing folder: one file per NAME in it)",
    )
    export_parser.add_argument(
        "--format", choices=["csv", "parquet"], help="default: from the file's suffix"
    )
    export_parser.add_argument(
        "--batch-rows", type=int, default=10_000, help="rows read and written at a time"
    )
    export_parser.add_argument(
        "--progress-seconds",
        type=float,
        default=5.0,
        help="seconds between progress lines when stderr is not a terminal (default: 5)",
    )
    export_parser.set_defaults(handler=_export)


def _database_error_line(exc: BaseException, settings: Settings) -> str:
    from etl import database

    if isinstance(exc, database.DatabaseUnavailable):
        return str(exc)
    configured = settings.database_url
    if configured:
        return str(database.unavailable(configured, exc))
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return f"database error: {database.mask_url(first_line)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cables`` console script; returns the exit code."""
    import psycopg
    import psycopg.errors
    import sqlalchemy.exc

    from etl.config import Settings
    from etl.database import DatabaseDiskFull, DatabaseUnavailable, disk_full_line

    args = build_parser().parse_args(argv)
    # The one read of the environment: every command gets these settings from here.
    settings = Settings.from_env()
    try:
        code: int = args.handler(args, settings)
    except DatabaseDiskFull as exc:
        print(f"cables: {exc}", file=sys.stderr)
        return EXIT_DISK_FULL
    except (DatabaseUnavailable, psycopg.OperationalError, sqlalchemy.exc.OperationalError) as exc:
        cause = getattr(exc, "orig", exc)  # SQLAlchemy wraps the driver's error
        if isinstance(cause, psycopg.errors.DiskFull):
            print(f"cables: {disk_full_line(str(cause))}", file=sys.stderr)
            return EXIT_DISK_FULL
        _trace_if_verbose(args)
        print(f"cables: {_database_error_line(exc, settings)}", file=sys.stderr)
        return EXIT_DATABASE_UNAVAILABLE
    except KeyboardInterrupt:
        # Ctrl-C outside a load's own handling (start-up, migrations, status): no trace.
        _trace_if_verbose(args)
        print("cables: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


def _trace_if_verbose(args: argparse.Namespace) -> None:
    """With ``--verbose``, the trace of the exception being handled goes first (masked)."""
    if getattr(args, "verbose", False):
        import traceback

        from etl.database import mask_url

        print(mask_url(traceback.format_exc()), file=sys.stderr, end="")


if __name__ == "__main__":
    sys.exit(main())
