"""Every analyst view and function against the hand-made warehouse of tests/analyst/conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from etl.warehouse.analyst import (
    SUMMARY_TABLES,
    rebuild_analyst_summaries,
    sync_tag_definitions,
)
from tests.analyst.conftest import driver_connection


def _rows(connection: sa.Connection, query: str, **params: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in connection.execute(sa.text(query), params).mappings()]


def _day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_citations_lists_cable_references_with_what_is_known_of_the_cited_cable(
    handmade: sa.Connection,
) -> None:
    rows = _rows(
        handmade,
        "SELECT citing_cable_id, cited_id, cited_in_warehouse, cited_subject "
        "FROM citations ORDER BY citing_cable_id, position",
    )
    assert rows == [
        {
            "citing_cable_id": "09PHNOMPENH100",
            "cited_id": "09STATE5",
            "cited_in_warehouse": False,
            "cited_subject": None,
        },
        {
            "citing_cable_id": "09PHNOMPENH100",
            "cited_id": "09PHNOMPENH50",
            "cited_in_warehouse": True,
            "cited_subject": "Anti-corruption law stalls",
        },
        {
            "citing_cable_id": "09PHNOMPENH50",
            "cited_id": "09STATE5",
            "cited_in_warehouse": False,
            "cited_subject": None,
        },
        {
            "citing_cable_id": "09STATE200",
            "cited_id": "09PHNOMPENH50",
            "cited_in_warehouse": True,
            "cited_subject": "Anti-corruption law stalls",
        },
    ]


def test_citation_counts_give_in_degree_inside_and_outside_the_warehouse(
    handmade: sa.Connection,
) -> None:
    rows = _rows(
        handmade,
        "SELECT cable_id, in_warehouse, citing_cable_count, created_at, first_cited_at, "
        "last_cited_at FROM cable_citation_counts ORDER BY cable_id",
    )
    assert rows == [
        {
            "cable_id": "09PHNOMPENH50",
            "in_warehouse": True,
            "citing_cable_count": 2,
            "created_at": _day("2009-01-15T08:00"),
            "first_cited_at": _day("2009-02-10T12:00"),
            "last_cited_at": _day("2009-03-01T09:30"),
        },
        {
            "cable_id": "09STATE5",
            "in_warehouse": False,
            "citing_cable_count": 2,
            "created_at": None,
            "first_cited_at": _day("2009-01-15T08:00"),
            "last_cited_at": _day("2009-03-01T09:30"),
        },
    ]


def test_entity_summary_counts_cables_and_mentions_with_first_and_last_seen(
    handmade: sa.Connection,
) -> None:
    rows = _rows(
        handmade,
        "SELECT kind, name, cable_count, mention_count, first_cable_id, last_cable_id "
        "FROM entity_summary ORDER BY kind, name",
    )
    assert rows == [
        {
            "kind": "LOCATION",
            "name": "Phnom Penh",
            "cable_count": 1,
            "mention_count": 1,
            "first_cable_id": "09PHNOMPENH100",
            "last_cable_id": "09PHNOMPENH100",
        },
        {
            "kind": "ORGANIZATION",
            "name": "Ministry of Interior",
            "cable_count": 1,
            "mention_count": 1,
            "first_cable_id": "09PHNOMPENH100",
            "last_cable_id": "09PHNOMPENH100",
        },
        {
            "kind": "PERSON",
            "name": "Hun Sen",
            "cable_count": 2,
            "mention_count": 2,
            "first_cable_id": "09PHNOMPENH50",
            "last_cable_id": "09STATE200",
        },
        {
            "kind": "PERSON",
            "name": "Sar Kheng",
            "cable_count": 2,
            "mention_count": 3,
            "first_cable_id": "09PHNOMPENH50",
            "last_cable_id": "09PHNOMPENH100",
        },
    ]


def test_people_organisations_and_places_split_entity_summary_by_kind(
    handmade: sa.Connection,
) -> None:
    people = _rows(handmade, "SELECT name, first_seen_at, last_seen_at FROM people ORDER BY name")
    assert people == [
        {
            "name": "Hun Sen",
            "first_seen_at": _day("2009-01-15T08:00"),
            "last_seen_at": _day("2009-02-10T12:00"),
        },
        {
            "name": "Sar Kheng",
            "first_seen_at": _day("2009-01-15T08:00"),
            "last_seen_at": _day("2009-03-01T09:30"),
        },
    ]
    assert _rows(handmade, "SELECT name FROM organisations") == [{"name": "Ministry of Interior"}]
    assert _rows(handmade, "SELECT name FROM places") == [{"name": "Phnom Penh"}]


def test_stations_learn_routing_indicator_and_country(handmade: sa.Connection) -> None:
    rows = _rows(
        handmade,
        "SELECT origin, routing_indicator, routing_indicators, country_code, country, "
        "cable_count FROM stations ORDER BY origin",
    )
    assert rows == [
        {
            "origin": "Embassy Bangkok",
            "routing_indicator": "RUEHBK",
            "routing_indicators": ["RUEHBK"],
            "country_code": "TH",
            "country": "Thailand",
            "cable_count": 1,
        },
        {
            "origin": "Embassy Phnom Penh",
            "routing_indicator": "RUEHPF",
            "routing_indicators": ["RUEHPF"],
            "country_code": "CB",
            "country": "Cambodia",
            "cable_count": 2,
        },
        {
            "origin": "Secretary of State",
            "routing_indicator": "RUEHC",
            "routing_indicators": ["RUEHC"],
            "country_code": "US",
            "country": "United States",
            "cable_count": 1,
        },
    ]


def test_stations_prefer_the_routing_indicator_used_most(handmade: sa.Connection) -> None:
    handmade.execute(
        sa.text(
            "INSERT INTO cables (cable_id, created_at, created_source, origin, "
            "origin_routing_indicator, parser_version, content_hash) VALUES "
            "('09PHNOMPENH1', '2009-05-01', 'dtg', 'Embassy Phnom Penh', 'RUEHXX', 1, 'x')"
        )
    )
    rebuild_analyst_summaries(driver_connection(handmade))
    row = _rows(
        handmade,
        "SELECT routing_indicator, routing_indicators, cable_count FROM stations "
        "WHERE origin = 'Embassy Phnom Penh'",
    )
    assert row == [
        {
            "routing_indicator": "RUEHPF",
            "routing_indicators": ["RUEHPF", "RUEHXX"],
            "cable_count": 3,
        }
    ]


def test_cable_overview_has_one_row_per_cable_with_its_counts(handmade: sa.Connection) -> None:
    rows = {
        row["cable_id"]: row
        for row in _rows(handmade, "SELECT * FROM cable_overview ORDER BY cable_id")
    }
    assert sorted(rows) == ["09BANGKOK7", "09PHNOMPENH100", "09PHNOMPENH50", "09STATE200"]
    main = rows["09PHNOMPENH100"]
    assert main["tags"] == ["PGOV", "KTIP", "CB", "ZZQQ"]
    assert main["to_recipients"] == ["SECSTATE WASHDC"]
    assert main["info_recipients"] == ["AMEMBASSY BANGKOK"]
    assert (main["recipient_count"], main["reference_count"], main["cited_cable_count"]) == (
        2,
        3,
        2,
    )
    assert (main["mention_count"], main["entity_count"], main["person_count"]) == (4, 3, 1)
    assert (main["organization_count"], main["location_count"]) == (1, 1)
    assert (main["paragraph_count"], main["cited_by_count"]) == (3, 0)
    assert rows["09PHNOMPENH50"]["cited_by_count"] == 2
    quiet = rows["09BANGKOK7"]
    assert (quiet["to_recipients"], quiet["info_recipients"], quiet["reference_count"]) == (
        [],
        [],
        0,
    )


def test_tag_meanings_define_known_codes_and_guess_the_rest(handmade: sa.Connection) -> None:
    rows = {
        row["tag"]: row
        for row in _rows(
            handmade, "SELECT tag, kind, meaning, is_defined, cable_count FROM tag_meanings"
        )
    }
    assert rows["CB"] == {
        "tag": "CB",
        "kind": "country",
        "meaning": "Cambodia",
        "is_defined": True,
        "cable_count": 3,
    }
    assert (rows["KTIP"]["kind"], rows["KTIP"]["meaning"]) == ("program", "Trafficking in persons")
    assert (rows["PGOV"]["kind"], rows["PGOV"]["cable_count"]) == ("subject", 2)
    assert rows["ZZQQ"] == {
        "tag": "ZZQQ",
        "kind": "organisation",
        "meaning": None,
        "is_defined": False,
        "cable_count": 1,
    }
    assert (rows["STEINBERG, JAMES B."]["kind"], rows["STEINBERG, JAMES B."]["is_defined"]) == (
        "person",
        False,
    )


def test_guess_tag_kind_follows_the_state_department_code_shapes(
    handmade: sa.Connection,
) -> None:
    guesses = _rows(
        handmade,
        "SELECT code, guess_tag_kind(code) AS kind FROM unnest("
        "ARRAY['QQ', 'KXYZ', 'PXYZ', 'QXYZ', 'OVIP (BIDEN, JOSEPH)']) AS code",
    )
    assert [g["kind"] for g in guesses] == [
        "country",
        "program",
        "subject",
        "organisation",
        "person",
    ]


def test_search_ranks_matches_and_snippets_the_best_paragraph(handmade: sa.Connection) -> None:
    rows = _rows(handmade, "SELECT * FROM search_cables('trafficking')")
    # The embassy cable says "trafficking" twice (subject and paragraph), State once.
    assert [row["cable_id"] for row in rows] == ["09PHNOMPENH100", "09STATE200"]
    by_id = {row["cable_id"]: row for row in rows}
    assert rows[0]["rank"] >= rows[1]["rank"] > 0
    hit = by_id["09PHNOMPENH100"]
    assert hit["paragraph_position"] == 2
    assert "**trafficking**" in hit["snippet"]
    assert "stalled investigations" in hit["snippet"]  # hard wraps become spaces
    assert (hit["origin"], hit["created_at"]) == ("Embassy Phnom Penh", _day("2009-03-01T09:30"))
    # The State cable has no paragraphs: its snippet comes from the subject.
    subject_only = by_id["09STATE200"]
    assert subject_only["paragraph_position"] is None
    assert subject_only["snippet"] == "Guidance on human **trafficking** demarche"


def test_search_understands_web_search_syntax(handmade: sa.Connection) -> None:
    def ids(query: str) -> list[str]:
        return [r["cable_id"] for r in _rows(handmade, "SELECT * FROM search_cables(:q)", q=query)]

    assert ids("trafficking -guidance") == ["09PHNOMPENH100"]
    assert ids('"anti-corruption law"') == ["09PHNOMPENH50"]
    assert sorted(ids("bangkok or donors")) == ["09BANGKOK7", "09PHNOMPENH50"]
    # English stemming: "investigate" finds "investigations".
    assert ids("investigate") == ["09PHNOMPENH100"]
    assert ids("nonexistentword") == []


def test_search_limits_results(handmade: sa.Connection) -> None:
    rows = _rows(handmade, "SELECT cable_id FROM search_cables('trafficking', 1)")
    assert len(rows) == 1


def test_rebuild_reports_every_summary_table_with_its_row_count(
    handmade: sa.Connection,
) -> None:
    counts = rebuild_analyst_summaries(driver_connection(handmade))
    assert list(counts) == list(SUMMARY_TABLES)
    assert counts == {"cable_citation_counts": 2, "entity_summary": 4, "stations": 3}


def test_summaries_change_only_through_publishing_or_a_rebuild(handmade: sa.Connection) -> None:
    # Writes that bypass publishing (like this one) leave the summary tables as they were.
    handmade.execute(
        sa.text(
            "INSERT INTO entities (cable_id, position, kind, name, surface, "
            "paragraph_position, start_offset, end_offset) "
            "VALUES ('09BANGKOK7', 1, 'PERSON', 'Abhisit Vejjajiva', 'Abhisit', 1, 0, 7)"
        )
    )
    query = "SELECT count(*) FROM people WHERE name = 'Abhisit Vejjajiva'"
    assert handmade.execute(sa.text(query)).scalar_one() == 0
    rebuild_analyst_summaries(driver_connection(handmade))
    assert handmade.execute(sa.text(query)).scalar_one() == 1


def test_sync_restores_the_shipped_tag_dictionary(handmade: sa.Connection) -> None:
    handmade.execute(sa.text("UPDATE tag_definitions SET meaning = 'Kampuchea' WHERE code = 'CB'"))
    handmade.execute(sa.text("DELETE FROM tag_definitions WHERE code = 'KTIP'"))
    handmade.execute(sa.text("INSERT INTO tag_definitions VALUES ('ZZQQ', 'subject', 'Made up')"))
    raw = driver_connection(handmade)
    assert sync_tag_definitions(raw) == 3
    assert sync_tag_definitions(raw) == 0
    meanings: dict[str, str] = dict(
        handmade.execute(
            sa.text("SELECT code, meaning FROM tag_definitions WHERE code IN ('CB','KTIP','ZZQQ')")
        ).all()
    )
    assert meanings == {"CB": "Cambodia", "KTIP": "Trafficking in persons"}
