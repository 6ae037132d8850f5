"""Every worked example of the analyst guide runs against the loaded sample and gives the answer
a reader of the five sample cables expects, so the guide cannot rot.

The guide is read from the "Analyst guide" section of README.md when there is one, else from
docs/analyst-guide.md. Each ```sql block starts with ``-- example: <name>``; every name needs a
checker below, and every checker an example.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

REPO_ROOT = Path(__file__).resolve().parents[2]
_GUIDE_HEADING = re.compile(r"^(#{1,6})\s+Analyst guide\b.*$", re.MULTILINE | re.IGNORECASE)
_SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.MULTILINE | re.DOTALL)
_EXAMPLE_NAME = re.compile(r"\A--\s*example:\s*(\w+)\s*\n")

Rows = list[dict[str, Any]]

# What a careful reader sees in the five sample cables (etl/sample_cables).
ORIGIN = "Embassy Phnom Penh"
SBU = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
SENT = {
    "06PHNOMPENH534": date(2006, 3, 21),
    "06PHNOMPENH1092": date(2006, 6, 9),
    "06PHNOMPENH1606": date(2006, 9, 6),
    "09PHNOMPENH637": date(2009, 8, 28),
    "09PHNOMPENH907": date(2009, 12, 14),
}
TAGS = {
    "06PHNOMPENH534": ["PHUM", "PREL", "CB"],
    "06PHNOMPENH1092": ["PGOV", "PHUM", "PREL", "CB", "KWMN"],
    "06PHNOMPENH1606": ["PGOV", "PHUM", "PREL", "CB", "KWMN"],
    "09PHNOMPENH637": ["PGOV", "PHUM", "PREL", "KTIP", "KWMN", "CB"],
    "09PHNOMPENH907": ["PGOV", "PHUM", "PREL", "KTIP", "CB"],
}
CITES = {
    "06PHNOMPENH534": [],
    "06PHNOMPENH1092": ["06STATE85578", "06STATE89018"],
    "06PHNOMPENH1606": ["06STATE123359", "06PHNOMPENH1424"],
    "09PHNOMPENH637": ["09STATE87525"],
    "09PHNOMPENH907": ["09PHNOMPENH744", "09PHNOMPENH709"],
}
TAG_MEANINGS = {
    "CB": ("country", "Cambodia"),
    "PHUM": ("subject", "Human rights"),
    "PREL": ("subject", "External political relations"),
    "PGOV": ("subject", "Internal government affairs"),
    "KWMN": ("program", "Women's issues"),
    "KTIP": ("program", "Trafficking in persons"),
}


def guide_source(root: Path = REPO_ROOT) -> tuple[Path, str]:
    """The guide's file and text: README's "Analyst guide" section if any, else the docs page."""
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        heading = _GUIDE_HEADING.search(text)
        if heading is not None:
            level = len(heading.group(1))
            rest = text[heading.end() :]
            following = re.search(rf"^#{{1,{level}}}\s", rest, re.MULTILINE)
            return readme, rest[: following.start()] if following else rest
    page = root / "docs" / "analyst-guide.md"
    return page, page.read_text(encoding="utf-8")


def guide_examples(root: Path = REPO_ROOT) -> dict[str, str]:
    """SQL of every worked example, by name."""
    source, text = guide_source(root)
    examples: dict[str, str] = {}
    for block in _SQL_BLOCK.findall(text):
        name = _EXAMPLE_NAME.match(block)
        assert name is not None, f"a sql block in {source} lacks '-- example: <name>': {block}"
        assert name.group(1) not in examples, f"example {name.group(1)} appears twice"
        examples[name.group(1)] = block
    return examples


def _rows(connection: sa.Connection, query: str) -> Rows:
    return [dict(row) for row in connection.execute(sa.text(query)).mappings()]


def _month(day: date) -> date:
    return day.replace(day=1)


def check_cables_per_origin_month(rows: Rows, connection: sa.Connection) -> None:
    per_month = Counter(_month(day) for day in SENT.values())
    assert rows == [
        {"origin": ORIGIN, "month": month, "cables": n} for month, n in sorted(per_month.items())
    ]


def check_classification_by_year(rows: Rows, connection: sa.Connection) -> None:
    per_year = Counter(day.year for day in SENT.values())
    assert rows == [
        {"year": year, "classification": SBU, "cables": n} for year, n in sorted(per_year.items())
    ]


def check_most_cited_cables(rows: Rows, connection: sa.Connection) -> None:
    # No sample cable cites another sample cable: every cited id is outside, cited once.
    cited = sorted(cable for cables in CITES.values() for cable in cables)
    assert rows == [
        {"cable_id": cable, "citing_cable_count": 1, "in_warehouse": False, "subject": None}
        for cable in cited
    ]


def check_cables_citing_a_cable(rows: Rows, connection: sa.Connection) -> None:
    assert [(row["citing_cable_id"], row["label"]) for row in rows] == [("06PHNOMPENH1092", "A")]
    assert rows[0]["citing_created_at"].date() == SENT["06PHNOMPENH1092"]
    assert "85578" in rows[0]["raw"]


def check_search_with_snippets(rows: Rows, connection: sa.Connection) -> None:
    # Only 09PHNOMPENH907 speaks of a "national committee" (to combat human trafficking).
    assert [row["cable_id"] for row in rows] == ["09PHNOMPENH907"]
    assert rows[0]["sent"] == SENT["09PHNOMPENH907"]
    assert rows[0]["rank"] > 0
    assert "**Committee**" in rows[0]["snippet"] or "**COMMITTEE**" in rows[0]["snippet"]


def _persons_by_cable(connection: sa.Connection) -> dict[str, set[str]]:
    persons: dict[str, set[str]] = defaultdict(set)
    # `people` keys on the identity across cables (migration 0015).
    for cable_id, name in connection.execute(
        sa.text(
            "SELECT cable_id, coalesce(canonical_name, name) FROM entities WHERE kind = 'PERSON'"
        )
    ):
        persons[cable_id].add(name)
    return persons


def check_people_mentioned_together(rows: Rows, connection: sa.Connection) -> None:
    pairs: Counter[tuple[str, str]] = Counter()
    for names in _persons_by_cable(connection).values():
        ordered = sorted(names)
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    expected = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:20]
    assert [((r["person"], r["mentioned_with"]), r["cables"]) for r in rows] == expected
    # Seed 002 names the Deputy Prime Minister and the Prime Minister together.
    assert pairs[("Hun Sen", "Sar Kheng")] >= 1


def check_most_mentioned_people(rows: Rows, connection: sa.Connection) -> None:
    cables: dict[str, set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    # `people` keys on the identity across cables (migration 0015).
    for cable_id, name in connection.execute(
        sa.text(
            "SELECT cable_id, coalesce(canonical_name, name) FROM entities WHERE kind = 'PERSON'"
        )
    ):
        cables[name].add(cable_id)
        mentions[name] += 1
    expected = sorted(cables, key=lambda name: (-len(cables[name]), -mentions[name], name))[:10]
    assert [row["name"] for row in rows] == expected
    for row in rows:
        seen = [SENT[cable] for cable in cables[row["name"]]]
        assert (row["cable_count"], row["mention_count"]) == (
            len(cables[row["name"]]),
            mentions[row["name"]],
        )
        assert (row["first_seen"], row["last_seen"]) == (min(seen), max(seen))
    # The Deputy Prime Minister Sar Kheng appears in every sample cable.
    assert (rows[0]["name"], rows[0]["cable_count"]) == ("Sar Kheng", len(SENT))


def check_signers_as_people(rows: Rows, connection: sa.Connection) -> None:
    # The sample's signers, as their cables write them: STORELLA, RODLEY twice, Mussomeli and
    # MUSSOMELI. One person each, whatever the letter case.
    assert [(row["name"], row["cables_signed"]) for row in rows] == [
        ("Mussomeli", 2),
        ("Rodley", 2),
        ("Storella", 1),
    ]
    for row in rows:
        cables = connection.execute(
            sa.text(
                "SELECT count(DISTINCT cable_id) FROM entities "
                "WHERE kind = 'PERSON' AND coalesce(canonical_name, name) = :name"
            ),
            {"name": row["name"]},
        ).scalar_one()
        assert row["cables_mentioning"] == cables >= row["cables_signed"]
    mussomeli = next(row for row in rows if row["name"] == "Mussomeli")
    assert mussomeli["signed_as"] == ["MUSSOMELI", "Mussomeli"]


def check_tags_with_meanings(rows: Rows, connection: sa.Connection) -> None:
    uses = Counter(tag for tags in TAGS.values() for tag in tags)
    expected = sorted(uses.items(), key=lambda item: (-item[1], item[0]))
    assert rows == [
        {
            "tag": tag,
            "kind": TAG_MEANINGS[tag][0],
            "meaning": TAG_MEANINGS[tag][1],
            "cable_count": n,
        }
        for tag, n in expected
    ]


def check_cables_with_tags(rows: Rows, connection: sa.Connection) -> None:
    expected = sorted(
        (cable for cable, tags in TAGS.items() if {"KTIP", "CB"} <= set(tags)), key=SENT.__getitem__
    )
    assert [row["cable_id"] for row in rows] == expected
    assert [row["tags"] for row in rows] == [TAGS[cable] for cable in expected]


def check_stations(rows: Rows, connection: sa.Connection) -> None:
    assert rows == [
        {
            "origin": ORIGIN,
            "routing_indicator": "RUEHPF",
            "country": "Cambodia",
            "cable_count": len(SENT),
            "first_cable": min(SENT.values()),
            "last_cable": max(SENT.values()),
        }
    ]


def check_top_addressees(rows: Rows, connection: sa.Connection) -> None:
    # Every sample cable goes TO the Secretary of State; INFO copies vary (001 and 004 glue the
    # last addressee to the classification line).
    assert rows[0] == {"name": "SECSTATE WASHDC", "for_action": len(SENT), "for_information": 0}
    assert {"name": "AMEMBASSY BANGKOK", "for_action": 0, "for_information": 3} in rows
    assert {"name": "ASEAN MEMBER COLLECTIVE", "for_action": 0, "for_information": 3} in rows
    totals = [row["for_action"] + row["for_information"] for row in rows]
    assert totals == sorted(totals, reverse=True)


def check_comments_mentioning(rows: Rows, connection: sa.Connection) -> None:
    expected = [
        (cable_id, position)
        for cable_id, position, text in connection.execute(
            sa.text(
                "SELECT cable_id, position, text FROM paragraphs WHERE is_comment "
                "ORDER BY cable_id, position"
            )
        )
        if re.search(r"\bpolice\b", text, re.IGNORECASE)
    ]
    assert [(row["cable_id"], row["position"]) for row in rows] == expected
    # 06PHNOMPENH1092's COMMENT: "the police have not been as diligent in anti-TIP ...".
    assert "06PHNOMPENH1092" in {row["cable_id"] for row in rows}
    assert all("police" in row["opening"].lower() or len(row["opening"]) == 100 for row in rows)


def check_missing_cited_cables(rows: Rows, connection: sa.Connection) -> None:
    first_cited = {cited: SENT[cable] for cable, cites in CITES.items() for cited in cites}
    assert rows == [
        {"cable_id": cited, "citing_cable_count": 1, "first_cited": first_cited[cited]}
        for cited in sorted(first_cited)
    ]


def check_paragraph_search(rows: Rows, connection: sa.Connection) -> None:
    matching = {
        (str(cable_id), int(position))
        for cable_id, position in connection.execute(
            sa.text(
                "SELECT cable_id, position FROM paragraphs "
                "WHERE to_tsvector('english', text) @@ websearch_to_tsquery('english', 'police')"
            )
        )
    }
    assert len(matching) > 5
    assert len(rows) == 5 and {(r["cable_id"], r["position"]) for r in rows} <= matching
    assert all(row["total_matches"] == len(matching) for row in rows)
    assert [row["rank"] for row in rows] == sorted((row["rank"] for row in rows), reverse=True)
    assert all("**police**" in row["snippet"].lower() for row in rows)


def check_filtered_search(rows: Rows, connection: sa.Connection) -> None:
    # Both 2009 cables carry KTIP and speak of trafficking: one shown, two counted.
    expected = {c for c, tags in TAGS.items() if "KTIP" in tags and SENT[c] >= date(2009, 1, 1)}
    assert len(expected) == 2
    assert len(rows) == 1 and rows[0]["cable_id"] in expected
    assert rows[0]["total_matches"] == len(expected)
    assert rows[0]["sent"] == SENT[rows[0]["cable_id"]]


def check_release_links(rows: Rows, connection: sa.Connection) -> None:
    assert rows == [
        {"cable_id": c, "release_url": f"https://wikileaks.org/cable/{SENT[c]:%Y/%m}/{c}.html"}
        for c in sorted(SENT, key=SENT.__getitem__)
    ]


CHECKERS: dict[str, Callable[[Rows, sa.Connection], None]] = {
    "cables_per_origin_month": check_cables_per_origin_month,
    "classification_by_year": check_classification_by_year,
    "most_cited_cables": check_most_cited_cables,
    "cables_citing_a_cable": check_cables_citing_a_cable,
    "search_with_snippets": check_search_with_snippets,
    "people_mentioned_together": check_people_mentioned_together,
    "most_mentioned_people": check_most_mentioned_people,
    "signers_as_people": check_signers_as_people,
    "tags_with_meanings": check_tags_with_meanings,
    "cables_with_tags": check_cables_with_tags,
    "stations": check_stations,
    "top_addressees": check_top_addressees,
    "comments_mentioning": check_comments_mentioning,
    "missing_cited_cables": check_missing_cited_cables,
    "paragraph_search": check_paragraph_search,
    "filtered_search": check_filtered_search,
    "release_links": check_release_links,
}


def test_guide_has_at_least_ten_examples_each_with_a_checker() -> None:
    examples = guide_examples()
    assert len(examples) >= 10
    assert set(examples) == set(CHECKERS)


def test_guide_is_read_from_the_readme_section_once_it_moves_there(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "analyst-guide.md").write_text(
        "```sql\n-- example: from_docs\nSELECT 1;\n```\n", encoding="utf-8"
    )
    assert list(guide_examples(tmp_path)) == ["from_docs"]
    (tmp_path / "README.md").write_text(
        "# Cables\n```sql\n-- example: before\nSELECT 0;\n```\n"
        "## Analyst guide\n### Questions\n```sql\n-- example: inside\nSELECT 1;\n```\n"
        "## Development\n```sql\n-- example: after\nSELECT 2;\n```\n",
        encoding="utf-8",
    )
    assert guide_examples(tmp_path) == {"inside": "-- example: inside\nSELECT 1;\n"}


def test_guide_names_every_analyst_view_and_function(handmade_engine: sa.Engine) -> None:
    # The guide and the README's data dictionary together document every object.
    source, _ = guide_source()
    text = source.read_text(encoding="utf-8")
    with handmade_engine.connect() as connection:
        names = connection.execute(
            sa.text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm') "
                "AND c.relname <> 'alembic_version' "
                "UNION SELECT p.proname FROM pg_proc p "
                "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
            )
        ).scalars()
        missing = [name for name in names if f"`{name}" not in text]
    assert missing == []


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_guide_example_gives_the_expected_answer(name: str, seed_engine: sa.Engine) -> None:
    examples = guide_examples()
    assert name in examples, f"the guide no longer has example {name}"
    with seed_engine.connect() as connection:
        CHECKERS[name](_rows(connection, examples[name]), connection)
