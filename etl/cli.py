"""The ``cables`` command line.

Exit codes: 0 success, 1 the command ran and failed, 2 usage error or pipeline not installed,
3 database unreachable or ``DATABASE_URL`` invalid, 4 nothing could be read, 130 / 143 a load
stopped by SIGINT / SIGTERM. Expected failures print one line on stderr, never a traceback
(unless ``--verbose``) and never a password.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DATABASE_UNAVAILABLE = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, the shell's convention

#: Module that implements load/status/serve (the Dagster pipeline); imported only when needed
#: because importing Dagster costs about a second.
PIPELINE_COMMANDS = "etl.pipeline.commands"


def _pipeline() -> ModuleType | None:
    try:
        return importlib.import_module(PIPELINE_COMMANDS)
    except ModuleNotFoundError as exc:
        if exc.name is not None and PIPELINE_COMMANDS.startswith(exc.name):
            return None
        raise


def _run_pipeline_command(name: str, *args: object) -> int:
    module = _pipeline()
    command: Callable[..., int] | None = getattr(module, name, None) if module else None
    if command is None:
        print(
            f"cables {name}: the pipeline is not installed yet ({PIPELINE_COMMANDS}.{name} "
            "is missing); only `cables db ...` works for now.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return command(*args)


def _db_upgrade(args: argparse.Namespace) -> int:
    from etl import database
    from etl.warehouse.migrations import upgrade

    url = database.database_url()
    upgrade(url, args.revision)
    shown = database.mask_url(database.libpq_url(url))
    print(f"database at {shown} is at revision {args.revision}")
    return EXIT_OK


def _db_url(args: argparse.Namespace) -> int:
    from etl import database

    url = database.libpq_url(database.database_url())
    print(url if args.show_password else database.mask_url(url))
    return EXIT_OK


def _db_stop(args: argparse.Namespace) -> int:
    from etl import database
    from etl.config import Settings

    settings = Settings.from_env()
    if settings.database_url:
        print("DATABASE_URL is set: there is no embedded server to stop.", file=sys.stderr)
        return EXIT_USAGE
    stopped = database.stop_embedded_server(settings.pgdata)
    print(f"embedded server in {settings.pgdata} {'stopped' if stopped else 'was not running'}")
    return EXIT_OK


def _db_grant_analyst(args: argparse.Namespace) -> int:
    import os

    from etl import database
    from etl.warehouse.roles import create_analyst_role

    password: str | None = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            print(f"cables db grant-analyst: {args.password_env} is not set", file=sys.stderr)
            return EXIT_USAGE
    url = database.database_url()
    with database.psycopg_connect(url) as connection:
        try:
            create_analyst_role(connection, args.name, password)
        except ValueError as exc:
            print(f"cables db grant-analyst: {exc}", file=sys.stderr)
            return EXIT_USAGE
    print(
        f"role {args.name} can now read (not write) the analyst tables at "
        f"{database.mask_url(database.libpq_url(url))}"
    )
    return EXIT_OK


def _load(args: argparse.Namespace) -> int:
    return _run_pipeline_command(
        "load", [Path(path) for path in args.paths], args.workers, args.verbose
    )


def _status(args: argparse.Namespace) -> int:
    return _run_pipeline_command("status", args.verbose)


def _serve(args: argparse.Namespace) -> int:
    return _run_pipeline_command("serve", args.host, args.port)


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
    db_grant.set_defaults(handler=_db_grant_analyst)

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
    return parser


def _database_error_line(exc: BaseException) -> str:
    from etl import database
    from etl.config import Settings

    if isinstance(exc, database.DatabaseUnavailable):
        return str(exc)
    configured = Settings.from_env().database_url
    if configured:
        return str(database.unavailable(configured, exc))
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return f"database error: {database.mask_url(first_line)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cables`` console script; returns the exit code."""
    import psycopg
    import sqlalchemy.exc

    from etl.database import DatabaseUnavailable

    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except (DatabaseUnavailable, psycopg.OperationalError, sqlalchemy.exc.OperationalError) as exc:
        _trace_if_verbose(args)
        print(f"cables: {_database_error_line(exc)}", file=sys.stderr)
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
