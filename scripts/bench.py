"""``make bench``: load a release-sized synthetic corpus end-to-end and report where time goes.

Phases (each a ``cables load`` subprocess against a fresh database, so start-up counts):
  full         the whole corpus (folder of .txt files, or cables.csv with ``--format csv``)
  incremental  1,000 new cables into the full warehouse
  noop         a 5,000-file folder that is already loaded

One line per measurement is printed with the change against the previous run; the figures are
saved to ``.cables/bench/results/<timestamp>.json`` and ``.cables/bench/bench-latest.json``.

Usage: .venv/bin/python scripts/bench.py [--cables N] [--format folder|csv] [--skip PHASE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.process_tree import TreeMemory
from benchmarks.synthetic_corpus import (
    CABLES_PER_FOLDER,
    GENERATOR_VERSION,
    RELEASE_SIZE,
    CorpusPaths,
    ensure_corpus,
)
from etl.config import Settings
from etl.database import (
    create_database,
    drop_database,
    embedded_server_url,
    libpq_url,
    mask_url,
    psycopg_connect,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO / ".." / "shared" / "corpus" / "cables"
BENCH_HOME = REPO / ".cables" / "bench"
PHASES = ("full", "incremental", "noop")
INCREMENTAL_CABLES = 1_000
STAGES = (
    "land",
    "checks_raw",
    "parse",
    "checks_parsed",
    "publish",
    "checks_warehouse",
    "summaries",
    "vacuum",
    "data_docs",
)
MB = 1024 * 1024


# --- running one phase -----------------------------------------------------------------------


@dataclass(slots=True)
class PhaseResult:
    """What one ``cables load`` did and cost."""

    name: str
    exit_code: int
    wall_seconds: float
    memory: TreeMemory
    batch: dict[str, object]
    database_bytes: int
    log: Path
    load_average: float  # 1-minute load average when the phase ended (the machine is shared)


def _cables_command(inputs: Path, workers: int, profile: Path | None) -> list[str]:
    if profile is not None:
        # One process, so that parsing (normally in worker processes) shows in the profile.
        cli = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "etl.cli"]
        return [*cli, "load", str(inputs), "--workers", "1"]
    command = [str(Path(sys.executable).parent / "cables"), "load", str(inputs)]
    return command + ["--workers", str(workers)] if workers else command


def run_phase(
    name: str,
    inputs: Path,
    database_url: str,
    log_dir: Path,
    *,
    workers: int = 0,
    profile: Path | None = None,
) -> PhaseResult:
    """Run ``cables load inputs`` as a subprocess against ``database_url`` and measure it."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["DATABASE_URL"] = database_url
    env["CABLES_HOME"] = str(BENCH_HOME / "home")
    log = log_dir / f"{name}.log"
    memory = TreeMemory()
    started = time.perf_counter()
    with log.open("wb") as out:
        child = subprocess.Popen(
            _cables_command(inputs, workers, profile),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO,
        )
        sampler = memory.watch(child.pid)
        exit_code = child.wait()
    wall = time.perf_counter() - started
    memory.stop(sampler)
    with psycopg_connect(database_url) as conn:
        cur = conn.execute("SELECT * FROM etl.batches ORDER BY batch_id DESC LIMIT 1")
        row = cur.fetchone()
        columns = [c.name for c in cur.description or ()]
        batch = dict(zip(columns, row, strict=True)) if row else {}
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return PhaseResult(
        name, exit_code, wall, memory, batch, int(size[0]) if size else 0, log, os.getloadavg()[0]
    )


def phase_measurements(result: PhaseResult, cables: int, corpus_bytes: int) -> dict[str, float]:
    """The flat ``name → value`` figures of one phase (units in the name)."""
    prefix = result.name
    figures: dict[str, float] = {
        f"{prefix}.input_cables": cables,
        f"{prefix}.input_mb": round(corpus_bytes / MB, 1),
        f"{prefix}.exit_code": result.exit_code,
        f"{prefix}.wall_s": round(result.wall_seconds, 2),
    }
    timings = result.batch.get("timings") or {}
    assert isinstance(timings, Mapping)
    staged = 0.0
    for stage in STAGES:
        seconds = float(timings.get(stage, 0.0))
        staged += seconds
        figures[f"{prefix}.stage.{stage}_s"] = round(seconds, 2)
    figures[f"{prefix}.stage.startup_and_other_s"] = round(result.wall_seconds - staged, 2)
    figures[f"{prefix}.cables_per_s"] = round(cables / result.wall_seconds, 1)
    for key in ("documents_seen", "documents_new", "cables_new", "cables_updated"):
        figures[f"{prefix}.batch.{key}"] = float(str(result.batch.get(key) or 0))
    figures[f"{prefix}.batch.cables_unchanged"] = float(
        str(result.batch.get("cables_unchanged") or 0)
    )
    figures[f"{prefix}.batch.rejected"] = float(str(result.batch.get("rejected") or 0))
    figures[f"{prefix}.peak_pss_tree_mb"] = round(result.memory.peak_pss_sum / MB, 1)
    figures[f"{prefix}.peak_rss_tree_mb"] = round(result.memory.peak_rss_sum / MB, 1)
    figures[f"{prefix}.peak_rss_largest_process_mb"] = round(result.memory.peak_single_rss / MB, 1)
    figures[f"{prefix}.peak_processes"] = result.memory.peak_processes
    figures[f"{prefix}.db_size_mb"] = round(result.database_bytes / MB, 1)
    figures[f"{prefix}.load_average_1m"] = round(result.load_average, 2)
    return figures


# --- reporting -------------------------------------------------------------------------------


def _format(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def print_line(key: str, value: float, previous: Mapping[str, float] | None) -> None:
    """One measurement, with the change against the previous run when it had the same line."""
    text = f"{key:<44} {_format(value):>14}"
    if previous is not None and key in previous:
        before = float(previous[key])
        delta = value - before
        percent = f" ({delta / before:+.1%})" if before else ""
        text += f"   prev {_format(before):>12}  Δ {delta:+,.2f}{percent}"
    print(text, flush=True)


def _git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}{'-dirty' if dirty else ''}"


def _machine() -> dict[str, object]:
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(ram / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def save_results(
    record: Mapping[str, object], *, update_latest: bool = True
) -> tuple[Path, dict[str, object] | None]:
    """Write the run's JSON (and make it the latest unless told not to); return its path and
    the previous latest run (if any)."""
    results = BENCH_HOME / "results"
    results.mkdir(parents=True, exist_ok=True)
    latest = BENCH_HOME / "bench-latest.json"
    previous: dict[str, object] | None = None
    if latest.exists():
        previous = json.loads(latest.read_text(encoding="utf-8"))
    path = results / f"{record['started']}.json".replace(":", "")
    text = json.dumps(record, indent=2, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    if update_latest:
        latest.write_text(text, encoding="utf-8")
    return path, previous


def print_profile(profile: Path, limit: int = 25) -> None:
    """The heaviest functions of a profiled load, by own time and by cumulative time."""
    stats = pstats.Stats(str(profile))
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)


# --- main ------------------------------------------------------------------------------------


def _server_url(settings: Settings) -> str:
    if settings.database_url:
        return libpq_url(settings.database_url)
    return embedded_server_url(settings.pgdata)


def _inputs(corpus: CorpusPaths, fmt: str) -> Path:
    return corpus.csv if fmt == "csv" else corpus.folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cables", type=int, default=RELEASE_SIZE, help="corpus size")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="real cables")
    parser.add_argument("--format", choices=("folder", "csv"), default="folder")
    parser.add_argument("--skip", nargs="*", choices=PHASES, default=[], help="phases to skip")
    parser.add_argument("--workers", type=int, default=0, help="passed to cables load")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the full load in one process"
    )
    parser.add_argument(
        "--keep-database", action="store_true", help="keep the bench database afterwards"
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="build (or reuse) the corpus and stop"
    )
    args = parser.parse_args(argv)
    started = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_dir = BENCH_HOME / "runs" / started
    run_dir.mkdir(parents=True, exist_ok=True)

    gen_started = time.perf_counter()
    corpus, manifest, built = ensure_corpus(
        args.source.resolve(),
        BENCH_HOME,
        args.cables,
        workers=os.cpu_count() or 1,
        incremental=INCREMENTAL_CABLES,
    )
    corpus_bytes = int(str(manifest["csv_bytes" if args.format == "csv" else "folder_bytes"]))
    print(
        f"corpus {corpus.root} ({'built' if built else 'reused'} in "
        f"{time.perf_counter() - gen_started:.1f} s): {args.cables:,} cables, "
        f"{corpus_bytes / MB:,.1f} MB as {args.format}; pool {manifest['pool_templates']:,} of "
        f"{manifest['pool_sources']:,} source files",
        flush=True,
    )
    if args.generate_only:
        return 0

    settings = Settings.from_env()
    server = _server_url(settings)
    name = f"bench_{started.lower()}"
    database_url = create_database(server, name)
    with psycopg_connect(database_url) as conn:
        version_row = conn.execute("SHOW server_version").fetchone()
    server_version = str(version_row[0]) if version_row else "unknown"
    server_kind = "external" if settings.database_url else "embedded"
    print(
        f"fresh database {mask_url(database_url)} ({server_kind} PostgreSQL {server_version})",
        flush=True,
    )
    latest = BENCH_HOME / "bench-latest.json"
    previous_record = json.loads(latest.read_text(encoding="utf-8")) if latest.exists() else None
    previous: dict[str, float] | None = None
    if previous_record is not None:
        previous = dict(previous_record.get("measurements", {}))
        if (
            previous_record.get("cables") != args.cables
            or previous_record.get("format") != args.format
        ):
            print(
                f"(previous run had {previous_record.get('cables')} cables as "
                f"{previous_record.get('format')}: deltas compare different sizes)"
            )
    measurements: dict[str, float] = {"corpus.cables": args.cables}
    measurements["corpus.mb"] = round(corpus_bytes / MB, 1)
    for key, value in measurements.items():
        print_line(key, value, previous)
    plan = [
        ("full", _inputs(corpus, args.format), args.cables, corpus_bytes),
        ("incremental", corpus.incremental, INCREMENTAL_CABLES, 0),
        ("noop", corpus.first_part(), min(args.cables, CABLES_PER_FOLDER), 0),
    ]
    exit_code = 0
    try:
        for phase, inputs, count, size in plan:
            if phase in args.skip:
                continue
            if size == 0:
                size = sum(p.stat().st_size for p in inputs.iterdir())
            profile = run_dir / f"{phase}.prof" if args.profile and phase == "full" else None
            print(f"-- {phase}: cables load {inputs}", flush=True)
            result = run_phase(
                phase, inputs, database_url, run_dir, workers=args.workers, profile=profile
            )
            figures = phase_measurements(result, count, size)
            for key, value in figures.items():
                print_line(key, value, previous)
            measurements.update(figures)
            if result.exit_code != 0:
                exit_code = 1
                print(f"   {phase} failed (exit {result.exit_code}); see {result.log}")
            if profile is not None and profile.exists():
                print_profile(profile)
    finally:
        if not args.keep_database:
            drop_database(server, name)
    record: dict[str, object] = {
        "started": started,
        "git_commit": _git_commit(),
        "cables": args.cables,
        "format": args.format,
        "generator_version": GENERATOR_VERSION,
        "skipped": list(args.skip),
        "workers": args.workers,
        "machine": _machine(),
        "server": {"kind": server_kind, "version": server_version},
        "corpus": manifest,
        "measurements": measurements,
    }
    # A profiled run is much slower: it must not become the baseline of the next comparison.
    path, _ = save_results(record, update_latest=not args.profile)
    print(f"saved {path}; logs in {run_dir}")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
