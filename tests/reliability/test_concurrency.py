"""Two ``cables load`` processes on overlapping folders at the same time."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.pipeline.loading import load_paths

from .conftest import CABLES_SCRIPT, Fingerprint, cables_env

Sql = Callable[..., list[tuple[Any, ...]]]


@pytest.mark.slow
def test_two_overlapping_loads_at_once_both_succeed_and_equal_one_load(
    tmp_path: Path,
    make_database: Callable[..., str],
    make_variants: Callable[[Path, int], list[Path]],
    fingerprint: Fingerprint,
    sql: Sql,
) -> None:
    cables = make_variants(tmp_path / "all", 36)
    left, right = tmp_path / "left", tmp_path / "right"
    left.mkdir()
    right.mkdir()
    for path in cables[:24]:  # 12 cables only left, 12 in both (under other names), 12 only right
        shutil.copyfile(path, left / path.name)
    for path in cables[12:]:
        shutil.copyfile(path, right / f"copy of {path.name}")
    together = make_database()

    processes = [
        subprocess.Popen(
            [str(CABLES_SCRIPT), "load", str(folder)],
            env=cables_env(together, tmp_path / "home"),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (left, right)
    ]
    outputs = [process.communicate(timeout=600) for process in processes]

    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
        assert "deadlock" not in stderr.lower() and "Traceback" not in stderr
    single = make_database()
    assert load_paths([tmp_path / "all"], database_url=single).published
    assert fingerprint(together) == fingerprint(single)
    assert fingerprint(single)["cables"][0] == len(cables)
    # Each content is stored once although both loads landed the shared twelve.
    assert sql(together, "SELECT count(*), count(DISTINCT sha256) FROM etl.raw_documents") == [
        (len(cables), len(cables))
    ]
    assert sql(together, "SELECT status, count(*) FROM etl.batches GROUP BY 1") == [
        ("published", 2)
    ]
