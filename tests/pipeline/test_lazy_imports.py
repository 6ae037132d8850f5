"""A no-op reload pays only for what it uses: ``cables load`` of files the warehouse already
holds, unchanged, imports neither Great Expectations (nor pandas, numpy, scipy under it) nor
the parser, the entity extractor or the quality gate's runner. A load with new documents does
import them, which shows the probe sees what it looks for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "etl" / "sample_cables"

#: Top-level packages a no-op reload must not import.
HEAVY_PACKAGES = ("great_expectations", "pandas", "numpy", "scipy", "altair", "pyarrow")
#: Modules of the project (and everything under them) it must not import either.
HEAVY_MODULES = (
    "etl.parsing.parser",
    "etl.entities",
    "etl.quality.gate",
    "etl.quality.gx_runner",
    "etl.quality.frames",
    "etl.quality.chunked_results",
    "etl.quality.result_reporting",
)

#: Runs ``cables load`` in this interpreter, then writes its exit code and the heavy modules
#: in ``sys.modules`` to the file named by the first argument.
_PROBE = f"""
import json, sys
from pathlib import Path
from etl.cli import main
code = main(sys.argv[2:])
packages, modules = {HEAVY_PACKAGES!r}, {HEAVY_MODULES!r}
heavy = sorted(
    name for name in sys.modules
    if name.split(".")[0] in packages
    or any(name == m or name.startswith(m + ".") for m in modules)
)
Path(sys.argv[1]).write_text(json.dumps({{"code": code, "heavy": heavy}}))
"""


def _load_and_list(home: Path, url: str, folder: Path) -> tuple[int, list[str], str]:
    """Exit code of ``cables load folder`` and the heavy modules it imported."""
    report = home / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(report), "load", str(folder)],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "CABLES_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert report.exists(), result.stderr
    found = json.loads(report.read_text())
    report.unlink()
    return int(found["code"]), list(found["heavy"]), result.stdout


def test_a_noop_reload_imports_no_checks_parser_or_extractor(
    tmp_path: Path, fresh_warehouse: str
) -> None:
    code, first, _ = _load_and_list(tmp_path, fresh_warehouse, SAMPLES)
    assert code == 0
    # The first load checks and parses new documents: the probe sees those imports.
    assert "great_expectations" in first and "etl.parsing.parser" in first
    assert "etl.entities.extractor" in first

    code, again, stdout = _load_and_list(tmp_path, fresh_warehouse, SAMPLES)

    assert code == 0
    assert "documents new" in stdout  # the reload ran to its summary
    assert again == []
