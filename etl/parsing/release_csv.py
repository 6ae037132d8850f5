"""The dialect of the release's cables.csv: the one definition the ingest splitter and the
parser's reading of a record share.

The release dump quotes fields with ``"``, escapes a quote, a backslash and a line end inside a
field with a backslash (``\\"``, ``\\\\``, ``\\`` + line end), and also accepts doubled quotes
(``""``). Reading a record with any other dialect cuts a field at the first escaped quote that
a comma follows.
"""

from __future__ import annotations

import csv
import io
from typing import Final


class CablesCsvDialect(csv.Dialect):
    """``csv.reader(..., dialect=CablesCsvDialect)`` reads a record as the release wrote it."""

    delimiter = ","
    quotechar = '"'
    escapechar = "\\"
    doublequote = True
    skipinitialspace = False
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL
    strict = False


CABLES_CSV_DIALECT: Final = CablesCsvDialect
CABLES_CSV_COLUMNS: Final = (
    "id",
    "date",
    "refid",
    "origin",
    "classification",
    "references",
    "header",
    "content",
)


def read_record(text: str) -> list[str]:
    """The fields of one record (its first row; ``[]`` for blank text), escapes resolved.

    A cable's content can be longer than the csv module's default field limit (128 KiB), so the
    limit is raised to the record's length for this read and restored after it.
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect=CABLES_CSV_DIALECT)
        return next(reader, [])
    finally:
        csv.field_size_limit(previous)
