"""Layout (a): the five-line metadata block some sources put before the telegram."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.parsing.dates import parse_ruby_time
from etl.parsing.records import SourceHints
from etl.parsing.vocabulary import normalise_classification

#: A reference id as the release writes it: 2- (rarely 4-) digit year, station, serial.
#: Malformed release ids (``08ECTION01OF02MANAMA492``) still match.
REFERENCE_ID = re.compile(r"^\d{2,4}[A-Z][A-Z0-9]*\d$")


@dataclass(frozen=True, slots=True)
class MetadataBlock:
    """The block's values and the text that follows it."""

    hints: SourceHints
    rest: str


def split_metadata_block(text: str) -> MetadataBlock | None:
    """Recognise the block by its shape: id, subject, Ruby date, classification, origin lines."""
    lines = text.split("\n", 5)
    if len(lines) < 5:
        return None
    ref_id, subject, date_line, classification, origin = (line.strip() for line in lines[:5])
    if not REFERENCE_ID.match(ref_id):
        return None
    created = parse_ruby_time(date_line)
    if created is None:
        return None
    rest = lines[5] if len(lines) > 5 else ""
    return MetadataBlock(
        hints=SourceHints(
            cable_id=ref_id,
            created_at=created,
            created_source="metadata",
            classification=normalise_classification(classification) or classification or None,
            origin=origin or None,
            subject=subject or None,
        ),
        rest=rest,
    )
