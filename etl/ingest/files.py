"""One input file: the documents it holds, and the file itself, kept whole when part of it
could not be landed.

A file part of whose content could not be landed on its own (a damaged or truncated archive,
a member over the size limit, a bomb stopped by the budget, a cables.csv record that never
ends) is also landed exactly as it is, withheld from parsing: once the inbox is cleaned, its
bytes are still in the warehouse. The file's own problems become the reason it is withheld;
the problems of its parts are listed as they are.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO

from etl.ingest.documents import (
    IngestLimits,
    InputDocument,
    InputItem,
    InputProblem,
    LargeInput,
)
from etl.ingest.streams import DocumentTooLarge, read_bounded
from etl.ingest.unpacking import DAMAGE_ERRORS, StreamSource, expand_stream


def expand_file(
    source: StreamSource, stream: IO[bytes], limits: IngestLimits
) -> Iterator[InputItem]:
    """The items of the regular file open as ``stream`` (seekable, at its start)."""
    own: list[str] = []  # problems of the file itself, not of a part of it
    lost = False
    try:
        for item in expand_stream(source, stream, limits, None, 0):
            if isinstance(item, InputProblem) and item.content_lost:
                lost = True
                if item.source_path == source.display:
                    own.append(item.reason)
                    continue
            yield item
    except DAMAGE_ERRORS as error:
        own.append(f"Reading this file failed part way: {error}.")
        lost = True
    if lost:
        yield from _keep_whole(source, stream, limits, own)


def _keep_whole(
    source: StreamSource, stream: IO[bytes], limits: IngestLimits, own: list[str]
) -> Iterator[InputItem]:
    reason = (
        " ".join(own)
        if own
        else (
            "Part of what this file holds could not be read; each part is listed with its reason."
        )
    )
    kept = f"{reason} The file is kept as received (not parsed), so nothing of it is lost."
    try:
        stream.seek(0)
        data = read_bounded(stream, limits.max_document_bytes)
    except DocumentTooLarge:
        # Streamed into storage by landing, never held whole here.
        stream.seek(0)
        yield LargeInput(source.display, stream, os.fstat(stream.fileno()).st_size, kept)
        return
    except (OSError, ValueError):
        yield InputProblem(source.display, reason)
        return
    yield InputDocument(source.display, data, "text", source.note, withheld=kept)
