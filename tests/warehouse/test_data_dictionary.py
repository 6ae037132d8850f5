"""The README's data dictionary says what the column comments say."""

from __future__ import annotations

import re

import pytest

from etl.warehouse.models import Base
from tests.conftest import REPO_ROOT

ANALYST_TABLES = (
    "cables",
    "recipients",
    "tags",
    "paragraphs",
    "entities",
    "cable_references",
    "cable_quality_flags",
)
TABLE_HEADING = re.compile(r"^### `(\w+)`$", re.MULTILINE)
COLUMN_ROW = re.compile(r"^\| `(\w+)` \| [^|]+ \| (.+) \|$", re.MULTILINE)


def _dictionary() -> dict[str, tuple[str, dict[str, str]]]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Data dictionary", 1)[1]
    headings = list(TABLE_HEADING.finditer(section))
    tables: dict[str, tuple[str, dict[str, str]]] = {}
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        body = section[heading.end() : following.start() if following else len(section)]
        intro = body.strip().split("\n", 1)[0]
        columns = {m.group(1): m.group(2) for m in COLUMN_ROW.finditer(body)}
        tables[heading.group(1)] = (intro, columns)
    return tables


def test_every_analyst_table_is_documented() -> None:
    assert set(ANALYST_TABLES) <= set(_dictionary())


@pytest.mark.parametrize("table_name", ANALYST_TABLES)
def test_table_entry_matches_model_comments(table_name: str) -> None:
    intro, columns = _dictionary()[table_name]
    table = Base.metadata.tables[table_name]
    assert table.comment is not None
    assert intro.startswith(table.comment)
    assert columns == {column.name: column.comment for column in table.columns}
