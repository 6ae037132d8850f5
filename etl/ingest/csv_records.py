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
from typing import IO, Literal, NamedTuple, TypeAlias

from etl.parsing.release_csv import CABLES_CSV_COLUMNS, CABLES_CSV_DIALECT, read_record

__all__ = [
    "CABLES_CSV_COLUMNS",
    "CABLES_CSV_DIALECT",
    "CsvRecord",
    "CsvRecordSplitter",
    "CsvRecordTooLarge",
    "is_header_record",
    "iter_csv_records",
    "looks_like_cables_csv",
    "parse_record",
]

_QUOTE, _BACKSLASH, _COMMA, _NEWLINE, _CR = 0x22, 0x5C, 0x2C, 0x0A, 0x0D
_QUOTED_EVENT = re.compile(rb'["\\\r\n]')
_UNQUOTED_EVENT = re.compile(rb"[,\r\n\\]")
_FIELD_START, _UNQUOTED, _QUOTED, _AFTER_QUOTE = range(4)
_CHUNK_BYTES = 1024 * 1024
#: The start of a cables.csv record: row number, date, and the opening of a reference id
#: (``"12","3/21/2006 9:59","06ANKARA1`` or unquoted); no cable text line looks like that.
_RECORD_START = re.compile(
    rb'"?\d{1,9}"?,"?(?:\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})[ \d:]{0,9}"?,"?\d{2}[A-Z]'
)
#: What a record starts with: a quote or a digit.
_RECORD_FIRST_BYTES = b'"0123456789'
#: Bytes ``_RECORD_START`` may need after a line end before it can decide.
_RECORD_START_LOOKAHEAD = 48

#: Why a record's quoting is broken: a quote was still open where the next record starts
#: (``"next-record"``) or where the input ends (``"end"``).
OpenQuote: TypeAlias = Literal["next-record", "end"]


class CsvRecord(NamedTuple):
    """One record exactly as written (line ending removed), and whether a quote ran past it."""

    data: bytes
    open_quote: OpenQuote | None = None


def _record_starts_after(buffer: bytearray, line_end: int, final: bool) -> bool | None:
    """Whether a record starts after the line end at ``line_end`` inside quotes; None while
    too few bytes follow to tell (which also settles whether a last \\r is a \\r\\n)."""
    following = line_end + 1
    if following < len(buffer) and buffer[following] not in _RECORD_FIRST_BYTES:
        return False  # most lines: decided without the pattern or waiting for more bytes
    if len(buffer) - line_end <= _RECORD_START_LOOKAHEAD and not final:
        return None
    return _RECORD_START.match(buffer, line_end + 1) is not None


class CsvRecordTooLarge(Exception):
    """A record grew past the size limit (often an unbalanced quote swallowing the file)."""


class CsvRecordSplitter:
    """Incremental splitter: ``feed`` bytes, get back the records completed so far.

    A quote left open does not swallow the records after it: a line end inside quotes that
    is followed by the start of a record ends the record there, flagged ``open_quote``.
    """

    def __init__(self, max_record_bytes: int) -> None:
        self._max_record_bytes = max_record_bytes
        self._buffer = bytearray()
        self._scan_pos = 0
        self._state = _FIELD_START
        #: Fields seen so far in the record being read (including the current one).
        self.pending_fields = 1

    def feed(self, chunk: bytes) -> list[CsvRecord]:
        """Add bytes; return each record completed by them.

        Call ``check_pending_size`` after each feed to bound memory.
        """
        self._buffer += chunk
        return self._scan(final=False)

    def _scan(self, *, final: bool) -> list[CsvRecord]:
        buffer = self._buffer
        end = len(buffer)
        pos, state, record_start = self._scan_pos, self._state, 0
        records: list[CsvRecord] = []
        while pos < end:
            if state == _QUOTED:
                match = _QUOTED_EVENT.search(buffer, pos)
                if match is None:
                    pos = end
                    break
                at = match.start()
                byte = buffer[at]
                if byte == _QUOTE:
                    state, pos = _AFTER_QUOTE, at + 1
                    continue
                if byte == _BACKSLASH:
                    if at + 1 >= end:  # the escaped byte has not arrived yet
                        pos = at
                        break
                    if buffer[at + 1] != _NEWLINE or (
                        at + 2 < end and buffer[at + 2] not in _RECORD_FIRST_BYTES
                    ):
                        pos = at + 2
                        continue
                    at += 1  # an escaped line end, after which a record may start too
                elif byte == _CR and at + 1 < end and buffer[at + 1] == _NEWLINE:
                    pos = at + 1  # the \n decides
                    continue
                # A line end inside quotes: the field goes on, unless a record starts here.
                starts = _record_starts_after(buffer, at, final)
                if starts is None:
                    pos = at
                    break
                if not starts:
                    pos = at + 1
                    continue
                line_end = at - 1 if at > record_start and buffer[at - 1] == _CR else at
                records.append(CsvRecord(bytes(buffer[record_start:line_end]), "next-record"))
                record_start = pos = at + 1
                state, self.pending_fields = _FIELD_START, 1
                continue
            if state == _AFTER_QUOTE:  # a doubled quote stays inside the field
                state, pos = (_QUOTED, pos + 1) if buffer[pos] == _QUOTE else (_UNQUOTED, pos)
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
                    if at + 1 >= end and not final:  # is it \r\n? wait for the next byte
                        pos = at
                        break
                    if at + 1 < end and buffer[at + 1] == _NEWLINE:
                        terminator = 2
                if at > record_start:  # blank lines are not records
                    records.append(CsvRecord(bytes(buffer[record_start:at])))
                record_start = pos = at + terminator
                state, self.pending_fields = _FIELD_START, 1
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

    def finish(self) -> list[CsvRecord]:
        """The records left at the end of the input (the last one may lack a line break)."""
        records = self._scan(final=True)
        open_quote: OpenQuote | None = "end" if self._state == _QUOTED else None
        tail = bytes(self._buffer)
        if open_quote:  # the file's last line end still ends the record
            tail = tail.removesuffix(b"\n")
        tail = tail.removesuffix(b"\r")
        if tail:
            records.append(CsvRecord(tail, open_quote))
        self._buffer.clear()
        self._scan_pos, self._state, self.pending_fields = 0, _FIELD_START, 1
        return records


def iter_csv_records(stream: IO[bytes], max_record_bytes: int) -> Iterator[CsvRecord]:
    """Yield each non-blank record of a CSV stream verbatim (line ending removed)."""
    splitter = CsvRecordSplitter(max_record_bytes)
    while chunk := stream.read(_CHUNK_BYTES):
        yield from splitter.feed(chunk)
        splitter.check_pending_size()
    yield from splitter.finish()


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
        records = splitter.finish()
    if records:
        fields = parse_record(records[0].data)
        if len(fields) != len(CABLES_CSV_COLUMNS):
            return False
        return fields[0].strip().isdigit() or is_header_record(fields)
    return (
        splitter.pending_fields >= len(CABLES_CSV_COLUMNS)
        and _ROW_NUMBER_START.match(head) is not None
    )
