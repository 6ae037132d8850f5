"""Meanings of the TAGS codes seen in the corpus, read from ``tag_definitions.csv``.

The CSV is written by the project: State Department subject and programme tags, organisation
tags, and two-letter country codes (State uses FIPS 10-4 codes, not ISO: CB is Cambodia, UK
the United Kingdom, SP Spain). Region codes are filed under ``country`` with a meaning that
starts with ``Region:``. Codes whose meaning is not known are left out on purpose; the
``tag_meanings`` view guesses their kind instead.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

#: The kinds a tag can be, in the order the analyst guide lists them.
TAG_KINDS = ("subject", "program", "country", "organisation", "person")

#: Meaning prefix that marks a regional (several-country) code filed under kind ``country``.
REGION_PREFIX = "Region: "

_CSV_NAME = "tag_definitions.csv"
_COLUMNS = ["code", "kind", "meaning"]


@dataclass(frozen=True, slots=True)
class TagCodeDefinition:
    """One row of the tag dictionary."""

    code: str
    kind: str
    meaning: str


def parse_tag_definitions(text: str) -> list[TagCodeDefinition]:
    """Parse and validate the CSV text of the tag dictionary."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != _COLUMNS:
        raise ValueError(f"{_CSV_NAME} must have the columns {_COLUMNS}, got {reader.fieldnames}")
    definitions: list[TagCodeDefinition] = []
    seen: set[str] = set()
    for line_number, row in enumerate(reader, start=2):
        code, kind, meaning = row["code"].strip(), row["kind"].strip(), row["meaning"].strip()
        if not code or code != code.upper():
            raise ValueError(f"{_CSV_NAME} line {line_number}: code {code!r} must be upper case")
        if kind not in TAG_KINDS:
            raise ValueError(f"{_CSV_NAME} line {line_number}: unknown kind {kind!r}")
        if not meaning:
            raise ValueError(f"{_CSV_NAME} line {line_number}: {code} has no meaning")
        if code in seen:
            raise ValueError(f"{_CSV_NAME} line {line_number}: {code} is defined twice")
        seen.add(code)
        definitions.append(TagCodeDefinition(code=code, kind=kind, meaning=meaning))
    return definitions


def read_tag_definitions() -> list[TagCodeDefinition]:
    """The tag dictionary shipped with the package."""
    text = resources.files("etl.reference_data").joinpath(_CSV_NAME).read_text(encoding="utf-8")
    return parse_tag_definitions(text)
