"""Where the summary maintenance of one load spends its time, statement by statement.

Usage: python scripts/measure_summaries.py DATABASE_URL PATH [PATH ...]

Loads PATH as one batch in this process (as ``cables load`` does) with every statement of
``etl.warehouse.analyst`` and ``etl.warehouse.summary_maintenance`` timed (wall time as the
client sees it: the server's execution plus the round trip). Prints the statements grouped by
the summary they serve, the slowest first.
"""

from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psycopg

from etl.pipeline.loading import load_paths
from etl.warehouse import analyst, summary_maintenance

_TARGET = re.compile(
    r"(?:INSERT INTO|UPDATE|DELETE FROM|CREATE TEMP TABLE|ANALYZE|DROP TABLE IF EXISTS)\s+(\w+)"
)
#: Temporary tables by the summary they are built for.
_SERVES = {
    "entity": "entity_summary",
    "cited": "cable_citation_counts",
    "origin": "stations",
    "station": "stations",
}


def _summary_of(query: str) -> str:
    match = _TARGET.search(query)
    target = match.group(1) if match else "other"
    for fragment, summary in _SERVES.items():
        if fragment in target:
            return summary
    return target


def main(argv: list[str]) -> int:
    url, paths = argv[0], [Path(p) for p in argv[1:]]
    spent: dict[str, list[float]] = defaultdict(list)
    execute, count = analyst.execute_statement, analyst.fetch_count

    def timed_execute(conn: psycopg.Connection[Any], query: str) -> int:
        started = time.perf_counter()
        try:
            return execute(conn, query)
        finally:
            spent[_summary_of(query)].append(time.perf_counter() - started)

    def timed_count(conn: psycopg.Connection[Any], query: str) -> int:
        started = time.perf_counter()
        try:
            return count(conn, query)
        finally:
            spent["counts"].append(time.perf_counter() - started)

    # Both modules run their statements through these helpers, each under its own name for them.
    for module in (analyst, summary_maintenance):
        vars(module).update(execute_statement=timed_execute, fetch_count=timed_count)
    summary = load_paths(paths, database_url=url)
    print(
        f"batch {summary.partition_key}: {summary.status}, {summary.cables_new} new, "
        f"{summary.cables_updated} updated"
    )
    for name, times in sorted(spent.items(), key=lambda item: -sum(item[1])):
        print(f"{name:<28}{len(times):>4} statements {sum(times):>8.3f} s")
    print(
        f"{'all':<28}{sum(map(len, spent.values())):>4} statements "
        f"{sum(map(sum, spent.values())):>8.3f} s"
    )
    return 0 if summary.status == "published" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
