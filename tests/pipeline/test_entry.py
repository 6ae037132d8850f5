"""The ``cables`` console script (``etl.entry``): after a command that succeeded it ends
without the interpreter's teardown, having run the atexit handlers; everything else exits as
before."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from etl import entry

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "etl" / "sample_cables"
CABLES = Path(sys.executable).parent / "cables"


def _run(argv: list[str], home: Path, url: str) -> subprocess.CompletedProcess[str]:
    """Run `argv` with only the warehouse URL and a private CABLES_HOME in its environment."""
    return subprocess.run(
        argv,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "CABLES_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _cables(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return _run([str(CABLES), *args], home, url)


def test_a_load_with_parsing_workers_ends_cleanly_and_completely(
    tmp_path: Path, fresh_warehouse: str
) -> None:
    result = _cables(tmp_path, fresh_warehouse, "load", "--workers", "2", str(SAMPLES))

    assert result.returncode == 0, result.stderr
    # multiprocessing's handlers ran: no leaked semaphore or fork server is reported.
    assert result.stderr == ""
    assert "cables new" in result.stdout and result.stdout.rstrip().endswith("┘")
    status = _cables(tmp_path, fresh_warehouse, "status")
    assert status.returncode == 0, status.stderr
    assert "published" in status.stdout


#: Runs the entry point with an atexit handler and an object that speaks when torn down.
_PROBE = """
import atexit, sys
class Teardown:
    def __del__(self):
        sys.stderr.write("torn down\\n")
probe = Teardown()
atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
sys.argv = ["cables", *sys.argv[1:]]
from etl.entry import run
run()
"""


def _probe(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-c", _PROBE, *args], home, url)


def test_success_runs_the_atexit_handlers_and_skips_the_teardown(
    tmp_path: Path, fresh_warehouse: str
) -> None:
    result = _probe(tmp_path, fresh_warehouse, "status")

    assert result.returncode == 0, result.stderr
    assert result.stderr == "atexit ran\n"
    assert "warehouse:" in result.stdout  # flushed before the end


def test_a_failure_exits_as_before(tmp_path: Path, fresh_warehouse: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    result = _probe(tmp_path, fresh_warehouse, "load", str(empty))

    assert result.returncode == 4
    assert result.stderr.endswith("atexit ran\ntorn down\n"), result.stderr


def test_a_failed_command_keeps_its_exit_code(tmp_path: Path, fresh_warehouse: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    result = _cables(tmp_path, fresh_warehouse, "load", str(empty))

    assert result.returncode == 4, result.stderr


def test_a_live_non_daemon_thread_means_an_ordinary_exit() -> None:
    assert entry._nothing_waits()
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert not entry._nothing_waits()
    finally:
        release.set()
        worker.join()
    assert entry._nothing_waits()
