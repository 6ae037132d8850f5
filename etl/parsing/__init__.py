"""The parsing core: raw cable text or document bytes in, typed :class:`ParsedCable` out.

Pure functions only (no I/O, database or Dagster); see ``docs`` in the shared folder for the
anatomy of a cable.
"""

from etl.parsing.decoding import decode_bytes
from etl.parsing.parser import parse_cable, parse_document
from etl.parsing.records import (
    PARSER_VERSION,
    CableParseError,
    Mention,
    Paragraph,
    ParsedCable,
    Recipient,
    Reference,
    SourceHints,
)

__all__ = [
    "PARSER_VERSION",
    "CableParseError",
    "Mention",
    "Paragraph",
    "ParsedCable",
    "Recipient",
    "Reference",
    "SourceHints",
    "decode_bytes",
    "parse_cable",
    "parse_document",
]
