"""The ``cables`` console script: ``etl.cli.main``, then, after a command that succeeded, an
exit that skips the interpreter's teardown.

Once Dagster, SQLAlchemy and psycopg are imported, tearing the interpreter down (freeing every
module and object one by one) takes a noticeable part of a small command's wall time, for
nothing: the process is about to end. After a command returned 0, this runs what an ordinary
exit would run that matters (the ``atexit`` handlers: logging's flush and close, the
finalizers of temporary files and folders, multiprocessing's clean-up of its fork server,
resource tracker and semaphores), closes the pooled database connections, flushes the standard
streams and ends with ``os._exit(0)``.

Everything else exits as before (``sys.exit`` with the code): a failed command, an exception,
or a process that still has a non-daemon thread (an ordinary exit would wait for it), or when
CPython's ``atexit._run_exitfuncs`` is not there. A flush that fails (a closed pipe) also
falls back, so that Python reports it as it always did.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading


def run() -> None:
    """Run the command line and end the process with its exit code."""
    from etl.cli import main

    code = main()
    if code == 0 and _nothing_waits():
        _exit_now()
    sys.exit(code)


def _nothing_waits() -> bool:
    """True when an ordinary exit would only run the atexit handlers and tear down: no other
    thread that it would wait for is alive, and the handlers can be run from here."""
    if not callable(getattr(atexit, "_run_exitfuncs", None)):
        return False
    main_thread = threading.main_thread()
    return all(t is main_thread or t.daemon for t in threading.enumerate())


def _exit_now() -> None:
    """Run the atexit handlers, close the database pools, flush, and end with status 0;
    returns (for an ordinary exit) only if a flush failed."""
    database = sys.modules.get("etl.database")
    if database is not None:
        database.dispose_engines()
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(0)
