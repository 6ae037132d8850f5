"""Progress for every stage of a load: one line per stage when the output is not a terminal,
count / rate / ETA in each line, and the same lines in the Dagster run log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg

from etl.pipeline.loading import load_paths
from etl.pipeline.progress import STAGES, Stage

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "etl" / "sample_cables"
CABLES = Path(sys.executable).parent / "cables"

#: The stages a first load goes through, in order.
LOAD_STAGES = [
    "landing inputs",
    "checking raw",
    "parsing cables",
    "checking parsed",
    "publishing",
    "summaries",
    "checking warehouse",
    "freezing published tables",
    "Data Docs",
]


def test_a_stage_line_has_count_rate_and_eta() -> None:
    running = Stage("parse", total=1000)
    running.started -= 10.0
    running.done = 250
    line = running.line()
    assert line.startswith("parsing cables: 250 of 1,000 documents, 25/s, ETA 30 s")
    running.finished = running.started + 40.0
    running.done = 1000
    assert running.line() == "parsing cables: 1,000 of 1,000 documents, 25/s, 40.0 s in all"
    assert set(LOAD_STAGES) == {label for label, _ in STAGES.values()}


def test_cables_load_prints_one_line_per_stage_when_not_a_terminal(
    tmp_path: Path, fresh_warehouse: str
) -> None:
    result = subprocess.run(
        [str(CABLES), "load", str(SAMPLES)],
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": fresh_warehouse,
            "CABLES_HOME": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = [line for line in result.stdout.splitlines() if line.startswith("cables load: ")]
    labels = [line.removeprefix("cables load: ").split(":")[0].split(",")[0] for line in lines]
    assert labels == LOAD_STAGES, result.stdout
    assert all(line.endswith(" s in all") for line in lines)
    assert "/s" in lines[LOAD_STAGES.index("parsing cables")]


def test_the_dagster_run_log_has_a_line_per_stage(tmp_path: Path, fresh_warehouse: str) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    with dg.DagsterInstance.ephemeral() as instance:
        # A database of its own: the session database must stay empty for the schema tests.
        load_paths([folder], database_url=fresh_warehouse, instance=instance)
        (run,) = instance.get_runs()
        messages = [
            entry.user_message for entry in instance.all_logs(run.run_id) if entry.user_message
        ]
    for label in ("landing inputs", "checking raw", "Data Docs"):
        assert any(m.startswith(f"{label}") and m.endswith(" s in all") for m in messages), label
