"""Input discovery and safe unpacking: paths in, a stream of verbatim documents out.

``iter_inputs(paths, limits)`` walks files, folders, archives (.zip, .tar, .tar.gz/.tgz,
.gz, .bz2, .xz, nested to a bounded depth) and the release's cables.csv (one document per
record), yielding ``InputDocument`` to land (some withheld from parsing, with the reason),
``LargeInput`` for a file too large to hold (landing streams it) and ``InputProblem`` for what
cannot be read. No database and no Dagster here.
"""

from etl.ingest.csv_records import CABLES_CSV_COLUMNS, CABLES_CSV_DIALECT, parse_record
from etl.ingest.discovery import estimate_total, iter_inputs
from etl.ingest.documents import (
    IngestLimits,
    InputDocument,
    InputFormat,
    InputItem,
    InputProblem,
    InputTotals,
    LargeInput,
)

__all__ = [
    "CABLES_CSV_COLUMNS",
    "CABLES_CSV_DIALECT",
    "IngestLimits",
    "InputDocument",
    "InputFormat",
    "InputItem",
    "InputProblem",
    "InputTotals",
    "LargeInput",
    "estimate_total",
    "iter_inputs",
    "parse_record",
]
