"""Split the release's cables.csv into verbatim records without reading it whole.

The file is ~1.7 GB with quoted, multi-line fields, so it is scanned as bytes in chunks and
each record is cut out exactly as written. The splitter follows the same dialect as
``csv.reader(..., dialect=CABLES_CSV_DIALECT)``, so every record it yields re-parses alone with the
csv module: quotes open a field only at its start, ``""`` inside quotes is a literal quote,
and a backslash escapes the next byte (the released file escapes quotes and line ends that way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from etl.parsing.release_csv import CABLES_CSV_COLUMNS, CABLES_CSV_DIALECT, read_record

__all__ = [
    "CABLES_CSV_COLUMNS",
    "CABLES_CSV_DIALECT",
    "CsvRecordSplitter",
    "CsvRecordTooLarge",
    "is_header_record",
    "iter_csv_records",
    "looks_like_cables_csv",
    "parse_record",
]

_QUOTE, _BACKSLASH, _COMMA, _NEWLINE, _CR = 0x22, 0x5C, 0x2C, 0x0A, 0x0D
_QUOTED_EVENT = re.compile(rb'["\\]')
_UNQUOTED_EVENT = re.compile(rb"[,\r\n\\]")
_FIELD_START, _UNQUOTED, _QUOTED, _AFTER_QUOTE = range(4)
_CHUNK_BYTES = 1024 * 1024


class CsvRecordTooLarge(Exception):
    """A record grew past the size limit (often an unbalanced quote swallowing the file)."""


class CsvRecordSplitter:
    """Incremental splitter: ``feed`` bytes, get back the records completed so far."""

    def __init__(self, max_record_bytes: int) -> None:
        self._max_record_bytes = max_record_bytes
        self._buffer = bytearray()
        self._scan_pos = 0
        self._state = _FIELD_START
        #: Fields seen so far in the record being read (including the current one).
        self.pending_fields = 1

    def feed(self, chunk: bytes) -> list[bytes]:
        """Add bytes; return each record completed by them, without its line ending.

        Call ``check_pending_size`` after each feed to bound memory.
        """
        buffer = self._buffer
        buffer += chunk
        end = len(buffer)
        pos, state, record_start = self._scan_pos, self._state, 0
        records: list[bytes] = []
        while pos < end:
            if state == _QUOTED:
                match = _QUOTED_EVENT.search(buffer, pos)
                if match is None:
                    pos = end
                    break
                at = match.start()
                if buffer[at] == _BACKSLASH:
                    if at + 1 >= end:  # the escaped byte has not arrived yet
                        pos = at
                        break
                    pos = at + 2
                else:
                    state, pos = _AFTER_QUOTE, at + 1
                continue
            if state == _AFTER_QUOTE:
                if buffer[pos] == _QUOTE:  # doubled quote: still inside the field
                    state, pos = _QUOTED, pos + 1
                else:
                    state = _UNQUOTED
                continue
            if state == _FIELD_START:
                if buffer[pos] == _QUOTE:
                    state, pos = _QUOTED, pos + 1
                    continue
                state = _UNQUOTED
            match = _UNQUOTED_EVENT.search(buffer, pos)
            if match is None:
                pos = end
                break
            at = match.start()
            byte = buffer[at]
            if byte == _BACKSLASH:
                if at + 1 >= end:
                    pos = at
                    break
                pos = at + 2
            elif byte == _COMMA:
                state, pos = _FIELD_START, at + 1
                self.pending_fields += 1
            else:
                # Like csv.reader: a line ends at \n, \r\n or a lone \r outside quotes.
                terminator = 1
                if byte == _CR:
                    if at + 1 >= end:  # is it \r\n? wait for the next byte
                        pos = at
                        break
                    if buffer[at + 1] == _NEWLINE:
                        terminator = 2
                if at > record_start:  # blank lines are not records
                    records.append(bytes(buffer[record_start:at]))
                record_start = pos = at + terminator
                state = _FIELD_START
                self.pending_fields = 1
        del buffer[:record_start]
        self._scan_pos, self._state = pos - record_start, state
        return records

    def check_pending_size(self) -> None:
        """Raise CsvRecordTooLarge when the unfinished record is already over the limit."""
        if len(self._buffer) > self._max_record_bytes:
            raise CsvRecordTooLarge(
                f"a cables.csv record grew beyond {self._max_record_bytes:,} bytes "
                "(an unbalanced quote can make the rest of the file look like one record)"
            )

    def finish(self) -> bytes | None:
        """The last record when the input does not end with a line break."""
        tail = bytes(self._buffer).rstrip(b"\r")
        self._buffer.clear()
        self._scan_pos, self._state, self.pending_fields = 0, _FIELD_START, 1
        return tail or None


def iter_csv_records(stream: IO[bytes], max_record_bytes: int) -> Iterator[bytes]:
    """Yield each non-blank record of a CSV stream verbatim (line ending removed)."""
    splitter = CsvRecordSplitter(max_record_bytes)
    while chunk := stream.read(_CHUNK_BYTES):
        yield from splitter.feed(chunk)
        splitter.check_pending_size()
    tail = splitter.finish()
    if tail is not None:
        yield tail


def parse_record(record: bytes) -> list[str]:
    """Parse one record cut by the splitter into its fields (bytes mapped 1:1 via Latin-1)."""
    # Latin-1 keeps byte offsets intact, so field boundaries are found without guessing the
    # encoding; the parser decodes the cable text properly later (with the same dialect).
    return read_record(record.decode("latin-1"))


_ROW_NUMBER_START = re.compile(rb'\A\s*"?\d+"?,')
_HEADER_WORDS = frozenset(CABLES_CSV_COLUMNS) | {"refid", "reference_id", "body", "created"}


def is_header_record(fields: list[str]) -> bool:
    """True when a first record names columns instead of holding a cable."""
    if not fields or fields[0].strip().isdigit():
        return False
    named = {field.strip().lower() for field in fields}
    return len(named & _HEADER_WORDS) >= 2


def looks_like_cables_csv(head: bytes, head_is_whole_stream: bool, max_record_bytes: int) -> bool:
    """Whether the first bytes of a stream have the shape of cables.csv (8 fields a record).

    The first record may not fit in ``head`` (the content field of one cable can be long):
    then having reached the 8th field is enough.
    """
    splitter = CsvRecordSplitter(max_record_bytes)
    records = splitter.feed(head)
    if not records and head_is_whole_stream:
        tail = splitter.finish()
        records = [tail] if tail is not None else []
    if records:
        fields = parse_record(records[0])
        if len(fields) != len(CABLES_CSV_COLUMNS):
            return False
        return fields[0].strip().isdigit() or is_header_record(fields)
    return (
        splitter.pending_fields >= len(CABLES_CSV_COLUMNS)
        and _ROW_NUMBER_START.match(head) is not None
    )
