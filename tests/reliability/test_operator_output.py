"""What an operator sees when things go wrong: one clear line and a documented exit code for
every expected failure (the trace only with ``--verbose``), passwords never printed, and file
names printed literally, escaped for the terminal."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import pytest

from etl.database import libpq_url, mask_url
from etl.pipeline.commands import printable

from .conftest import CABLES_SCRIPT, RunCables, cables_env, corpus_or_variants

Sql = Callable[..., list[tuple[Any, ...]]]

SECRET = "s3cr3t-Pw-Marker"


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def _junk(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"junk_{index}.bin").write_bytes(os.urandom(3000))


def test_an_empty_folder_is_one_line_exit_4_and_opens_no_batch(
    tmp_path: Path, fresh_warehouse: str, run_cables: RunCables, sql: Sql
) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cables("load", str(tmp_path / "empty"), env=cables_env(fresh_warehouse, tmp_path))
    assert result.returncode == 4
    assert "nothing to load" in _one_line(result.stderr)
    assert sql(fresh_warehouse, "SELECT count(*) FROM etl.batches") == [(0,)]


def test_a_folder_of_junk_is_blocked_by_the_gate_in_one_line_and_verbose_shows_the_trace(
    tmp_path: Path, fresh_warehouse: str, run_cables: RunCables, sql: Sql
) -> None:
    _junk(tmp_path / "junk", 3)
    env = cables_env(fresh_warehouse, tmp_path / "home")
    result = run_cables("load", str(tmp_path / "junk"), env=env)
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "was not published (blocked)" in line and "CABLES_REJECT_RATE_THRESHOLD" in line
    assert "Traceback" not in result.stdout
    assert sql(fresh_warehouse, "SELECT status FROM etl.batches") == [("blocked",)]

    _junk(tmp_path / "more junk", 3)  # new bytes: the first junk is already rejected
    verbose = run_cables("load", "--verbose", str(tmp_path / "more junk"), env=env)
    assert verbose.returncode == 1
    # The run's failure with its trace, down to the gate's frame. (Not the step's own
    # STEP_FAILURE line: Dagster prints it on some runs and not others, the same code and data.)
    assert "RUN_FAILURE" in verbose.stderr and "Stack Trace" in verbose.stderr
    assert "parsed_cables" in verbose.stderr and "etl/pipeline/assets.py" in verbose.stderr


@pytest.mark.parametrize("command", [("status",), ("db", "url")])
def test_a_broken_ipv6_url_is_one_line_exit_3_without_the_password(
    tmp_path: Path, run_cables: RunCables, command: tuple[str, ...]
) -> None:
    url = f"postgresql://analyst:{SECRET}@[::1:5432/cables"
    result = run_cables(*command, env=cables_env(url, tmp_path))
    assert result.returncode == 3
    line = _one_line(result.stderr)
    assert "not a valid URL" in line and "analyst:***@" in line
    assert SECRET not in result.stderr + result.stdout


def test_a_percent_encoded_password_parameter_is_masked(
    tmp_path: Path, fresh_warehouse: str, run_cables: RunCables
) -> None:
    base = libpq_url(fresh_warehouse)
    # The embedded server's URL already has a query (?host=<socket directory>).
    url = f"{base}{'&' if '?' in base else '?'}pass%77ord={SECRET}&application_name=x"
    status = run_cables("status", env=cables_env(url, tmp_path))
    assert status.returncode == 0, status.stderr
    assert SECRET not in status.stdout + status.stderr
    assert "pass%77ord=***" in status.stdout
    shown = run_cables("db", "url", env=cables_env(url, tmp_path))
    assert SECRET not in shown.stdout and "pass%77ord=***" in shown.stdout


@pytest.mark.parametrize(
    ("url", "hidden"),
    [
        ("postgresql://u:pw1@h/db", "pw1"),
        ("postgresql://u@h/db?password=pw2", "pw2"),
        ("postgresql://u@h/db?%70assword=pw3&sslmode=require", "pw3"),
        ("postgresql://u:pw4@[::1/db", "pw4"),
        ("host=h password=pw5 dbname=db", "pw5"),
    ],
)
def test_mask_url_hides_every_spelling_of_a_password(url: str, hidden: str) -> None:
    masked = mask_url(url)
    assert hidden not in masked and "***" in masked


def test_printable_escapes_terminal_controls_and_keeps_text() -> None:
    assert printable("Café 東京 [/bold].bin") == "Café 東京 [/bold].bin"
    assert printable("a\x1b]0;title\x07b") == "a\\x1b]0;title\\x07b"
    assert printable("x\u202eevil") == "x\\u202eevil"
    assert printable("line\nbreak\x9b") == "line\\x0abreak\\x9b"


def test_names_with_markup_and_escape_sequences_are_printed_literally(
    tmp_path: Path, fresh_warehouse: str, run_cables: RunCables
) -> None:
    folder = corpus_or_variants(tmp_path / "input", 4)
    (folder / "evil[").mkdir()
    (folder / "evil[" / "bold].bin").write_bytes(os.urandom(3000))  # path: evil[/bold].bin
    (folder / "title\x1b]0;pwned\x07\x1b[2J.bin").write_bytes(os.urandom(3000))
    env = cables_env(fresh_warehouse, tmp_path / "home", COLUMNS="400")
    for args in (("load", str(folder)), ("status",)):
        result = run_cables(*args, env=env)
        assert result.returncode == 0, result.stderr
        output = result.stdout + result.stderr
        assert "Traceback" not in output and "\x1b" not in output and "\x07" not in output
        assert "evil[/bold].bin" in output
        assert "title\\x1b]0;pwned\\x07\\x1b[2J.bin" in output, output


class _Proxy:
    """A TCP forwarder to PostgreSQL that can vanish: ``close()`` drops every connection and
    stops listening, as a server that disappears would. ``target`` is (host, port), or the path
    of a Unix socket (the embedded server listens on one)."""

    def __init__(self, target: tuple[str, int] | str) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.sockets: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if isinstance(self.target, str):
                upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                upstream.connect(self.target)
            else:
                upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.closed = True
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()


@pytest.fixture
def proxied(fresh_warehouse: str) -> Iterator[tuple[str, _Proxy]]:
    parts = urlsplit(fresh_warehouse)
    query = dict(parse_qsl(parts.query))
    port = parts.port or int(query.pop("port", 5432))
    socket_dir = query.pop("host", "")
    # The embedded server is reached through a socket directory given as ?host=/path.
    target: tuple[str, int] | str = (
        f"{socket_dir}/.s.PGSQL.{port}"
        if socket_dir.startswith("/")
        else (parts.hostname or "127.0.0.1", port)
    )
    proxy = _Proxy(target)
    netloc = parts.netloc.rsplit("@", 1)
    user = f"{netloc[0]}@" if len(netloc) == 2 else ""
    through_proxy = parts._replace(netloc=f"{user}127.0.0.1:{proxy.port}", query=urlencode(query))
    yield urlunsplit(through_proxy), proxy
    proxy.close()


@pytest.mark.slow
def test_a_database_that_disappears_mid_load_is_one_line_exit_3(
    tmp_path: Path, proxied: tuple[str, _Proxy]
) -> None:
    url, proxy = proxied
    folder = corpus_or_variants(tmp_path / "input", 80)
    process = subprocess.Popen(
        [str(CABLES_SCRIPT), "load", str(folder)],
        env=cables_env(url, tmp_path / "home"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        with psycopg.connect(libpq_url(url), autocommit=True) as conn:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and process.poll() is None:
                row = conn.execute("SELECT bool_or(timings ? 'land') FROM etl.batches").fetchone()
                if row and row[0]:
                    break
                time.sleep(0.05)
        proxy.close()
        stdout, stderr = process.communicate(timeout=180)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 3, stderr
    assert _one_line(stderr).startswith("cables: cannot connect to PostgreSQL at ")
    assert "Traceback" not in stdout
