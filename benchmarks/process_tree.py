"""Peak memory of a process tree (a command and every process it starts), sampled from /proc.

``getrusage(RUSAGE_CHILDREN)`` reports the largest single descendant, not what the parent and
its parsing workers hold together; sampling the whole tree sees the sum, at the price of
missing peaks shorter than the sampling interval.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

SAMPLE_SECONDS = 0.2


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                # The command name (field 2) may hold spaces: fields after its ")" are fixed.
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _tree(root: int) -> list[int]:
    children = _children_map()
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _rss_and_pss(pid: int) -> tuple[int, int]:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            values = {
                line.split(":")[0]: int(line.split()[1]) * 1024
                for line in rollup
                if line.startswith(("Rss:", "Pss:"))
            }
        return values.get("Rss", 0), values.get("Pss", 0)
    except (OSError, ValueError, IndexError):
        return 0, 0


@dataclass(slots=True)
class TreeMemory:
    """Peak memory of a process and all its descendants (worker processes included).

    RSS counts pages shared between forked workers once per process; PSS splits them, so the
    PSS sum is the tree's real footprint and the RSS sum an upper bound.
    """

    peak_rss_sum: int = 0
    peak_pss_sum: int = 0
    peak_single_rss: int = 0
    peak_processes: int = 0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def watch(self, root: int) -> threading.Thread:
        def run() -> None:
            while not self._stop.is_set():
                rss_sum = pss_sum = single = 0
                pids = _tree(root)
                for pid in pids:
                    rss, pss = _rss_and_pss(pid)
                    rss_sum, pss_sum, single = rss_sum + rss, pss_sum + pss, max(single, rss)
                self.peak_rss_sum = max(self.peak_rss_sum, rss_sum)
                self.peak_pss_sum = max(self.peak_pss_sum, pss_sum)
                self.peak_single_rss = max(self.peak_single_rss, single)
                self.peak_processes = max(self.peak_processes, len(pids))
                self.samples += 1
                self._stop.wait(SAMPLE_SECONDS)

        thread = threading.Thread(target=run, name="memory-sampler", daemon=True)
        thread.start()
        return thread

    def stop(self, thread: threading.Thread) -> None:
        self._stop.set()
        thread.join()
