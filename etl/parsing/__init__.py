"""The parsing core: raw cable text or document bytes in, typed :class:`ParsedCable` out.

Pure functions only (no I/O, database or Dagster); see ``docs`` in the shared folder for the
anatomy of a cable.

The names below are imported on first use: a process that only needs ``etl.parsing.records``
(``PARSER_VERSION``, the row types) or ``release_csv`` (landing, a no-op reload) does not pay
for compiling the parser's patterns (~0.2 s of start-up).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name lives.
_MODULES = {
    "decode_bytes": "etl.parsing.decoding",
    "parse_cable": "etl.parsing.parser",
    "parse_document": "etl.parsing.parser",
    **dict.fromkeys(
        (
            "PARSER_VERSION",
            "CableParseError",
            "Mention",
            "Paragraph",
            "ParsedCable",
            "Recipient",
            "Reference",
            "SourceHints",
        ),
        "etl.parsing.records",
    ),
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
