"""CPU time of one command and of the PostgreSQL backends serving its database.

Usage: python scripts/measure_load_cpu.py DBNAME -- cables load FOLDER

On a shared machine wall time says little; this reports the user + system CPU seconds of the
command's process tree (from the kernel's accounting of waited children) and of the local
server's backends connected to DBNAME (sampled from /proc every 50 ms, so a backend that lives
less than that may be missed). The server must run on this machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def _backend_cpu(database: str, seen: dict[tuple[int, str], float]) -> None:
    """Record the CPU seconds so far of every backend connected to ``database``."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            title = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if not title.startswith("postgres: ") or f" {database} " not in title:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # Fields after the command name: utime and stime are the 12th and 13th, start time 20th.
        key = (int(proc.name), fields[19])
        seen[key] = (int(fields[11]) + int(fields[12])) / _TICKS


def main(argv: list[str]) -> int:
    database, command = argv[0], argv[argv.index("--") + 1 :]
    seen: dict[tuple[int, str], float] = {}
    _backend_cpu(database, seen)
    before = dict(seen)
    started = time.perf_counter()
    child = subprocess.Popen(command)
    while child.poll() is None:
        _backend_cpu(database, seen)
        time.sleep(0.05)
    _backend_cpu(database, seen)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    backends = sum(cpu - before.get(key, 0.0) for key, cpu in seen.items())
    print(
        f"exit {child.returncode}  wall {time.perf_counter() - started:.2f} s  "
        f"process CPU {usage.ru_utime + usage.ru_stime:.2f} s  backend CPU {backends:.2f} s"
    )
    return child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
