"""Parsing, entity extraction and row encoding in worker processes, with a bounded queue.

The parent process reads documents from the database and writes staged rows; the workers turn
bytes into ``ParsedCable`` objects and those into COPY text for the staging tables, so the
parent only forwards bytes. At most ``2 × workers`` chunks are in flight, so memory stays flat
however large the batch is, and results come back in input order.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import islice

from etl.parsing.records import CableParseError, ParsedCable
from etl.warehouse.staging import StagedRows, encode_staged_rows


@dataclass(frozen=True, slots=True)
class WorkItem:
    """What a worker needs to parse one document."""

    document_id: int
    fmt: str
    data: bytes
    source_path: str  # a name that is a reference id is a hint for the parser
    sha256: str = ""  # content hash, stored with the staged cable


@dataclass(frozen=True, slots=True)
class WorkResult:
    """A parsed cable, or the reason the document could not become one."""

    document_id: int
    cable: ParsedCable | None
    reject_reason: str | None = None
    cable_id: str | None = None


def process_document(item: WorkItem) -> WorkResult:
    """Parse one document and extract its entities; never raises."""
    from etl.parsing.parser import parse_document  # not imported by a load that parses none

    try:
        cable = parse_document(item.data, item.fmt, item.source_path)
    except CableParseError as exc:
        return WorkResult(item.document_id, None, str(exc))
    except Exception as exc:
        return WorkResult(
            item.document_id,
            None,
            f"The parser failed on this input ({type(exc).__name__}: {exc}).",
        )
    if not cable.cable_id:
        return WorkResult(
            item.document_id,
            None,
            "No reference id could be read or derived from this text, so it cannot be stored "
            "as a cable.",
        )
    # Imported on the first cable (its lexicons cost a load that parses nothing ~0.2 s);
    # the worker processes have it preloaded (``worker_preload``).
    from etl.entities import extract_mentions

    try:
        cable.mentions = extract_mentions(cable)
    except Exception as exc:
        cable.problems.append(f"Entity extraction failed ({type(exc).__name__}: {exc}).")
        cable.mentions = []
    return WorkResult(item.document_id, cable, cable_id=cable.cable_id)


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    """A chunk's staged rows (COPY text) and, per document, its cable id or reject reason."""

    results: list[WorkResult]  # without the parsed cables: their rows are in ``staged``
    staged: StagedRows


def process_chunk(items: list[WorkItem], batch_id: int) -> ChunkOutcome:
    """Worker entry point: one round trip per chunk keeps inter-process overhead low, and
    only bytes and short results travel back."""
    results = [process_document(item) for item in items]
    parsed = [
        (item, result.cable)
        for item, result in zip(items, results, strict=True)
        if result.cable is not None
    ]
    return ChunkOutcome(
        [WorkResult(r.document_id, None, r.reject_reason, r.cable_id) for r in results],
        encode_staged_rows(batch_id, parsed),
    )


#: prctl(2) option: the signal the kernel sends this process when its parent thread exits.
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent dies, even by ``kill -9`` (Linux;
    elsewhere nothing). Called in the fork server (its parent: the load process) and in each
    worker (its parent: the fork server), so ``kill -9`` of the load leaves nothing behind."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return
    if os.getppid() != parent or parent == 1:  # the parent died before prctl took effect
        os._exit(1)


def init_worker() -> None:
    """Initialiser of every parsing process: die with the parent, and leave Ctrl-C (sent to
    the terminal's whole process group) to the load process, which stops the batch."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_workers() -> int:
    """One worker per core (the parent mostly waits on PostgreSQL)."""
    return max(1, os.cpu_count() or 1)


def _worker_context() -> multiprocessing.context.ForkServerContext:
    # forkserver: workers start from a clean interpreter (no inherited DB connections or
    # Dagster threads) but share what the server preloaded, so start-up is cheap.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["etl.pipeline.worker_preload"])
    return context


def start_worker_server() -> None:
    """Start the workers' fork server now, without waiting for it: it imports the parsing
    code and builds the entity extractor (~2-3 s) on another core while this process goes on
    (the load does this before its raw-document checks)."""
    _worker_context()
    multiprocessing.forkserver.ensure_running()


def parse_stream(
    items: Iterable[WorkItem],
    batch_id: int,
    *,
    workers: int | None = None,
    chunk_size: int = 64,
    initializer: Callable[[], None] | None = init_worker,
) -> Iterator[ChunkOutcome]:
    """Yield outcomes chunk by chunk, in input order. With ``workers=1`` everything runs in
    this process (no start-up cost for small batches)."""
    count = workers or default_workers()
    iterator = iter(items)
    if count <= 1:
        while chunk := list(islice(iterator, chunk_size)):
            yield process_chunk(chunk, batch_id)
        return
    # Small chunks keep both workers busy until the end of a batch; only bytes travel back.
    with ProcessPoolExecutor(
        max_workers=count, mp_context=_worker_context(), initializer=initializer
    ) as pool:
        in_flight: deque[Future[ChunkOutcome]] = deque()
        work = partial(process_chunk, batch_id=batch_id)
        try:
            while True:
                while len(in_flight) < 2 * count:
                    chunk = list(islice(iterator, chunk_size))
                    if not chunk:
                        break
                    in_flight.append(pool.submit(work, chunk))
                if not in_flight:
                    return
                yield in_flight.popleft().result()
        finally:
            # Stopped early (a stop request, an error): drop the queued chunks instead of
            # parsing them only to throw them away.
            pool.shutdown(wait=True, cancel_futures=True)
