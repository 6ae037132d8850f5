"""Cross-cable identity: written variants of one entity meet under one canonical name.

Two hand-written cables from one embassy: the first writes ``U.S.`` and ``USG`` and is signed
``STAPLETON``, the second writes ``United States`` and is signed ``Stapleton``. As designed (see
README, "Names and identities"): U.S. and United States are one place; USG is the government,
an organisation of its own; the two signatures are one person.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from etl.database import libpq_url
from etl.pipeline.loading import load_paths

_CABLE = """\
VZCZCXRO{serial}
OO RUEHC
DE RUEHFR #{number}/01 0{day}1200
ZNY CCCCC ZZH
O {day}1200Z FEB 07
FM AMEMBASSY PARIS
TO RUEHC/SECSTATE WASHDC IMMEDIATE {serial}

C O N F I D E N T I A L PARIS 000{number}

SIPDIS

E.O. 12958: DECL: 02/{day}/2017
TAGS: PREL FR
SUBJECT: FRENCH VIEWS ON TRADE TALKS

Classified By: Political Counselor Anne Dupuis for reasons 1.4 (b) and (d).

1. (C) {first}

2. (C) Foreign Minister Bernard Kouchner said Paris would consult Washington before the
next round of talks in Geneva.

{signer}
"""


def _write(folder: Path, name: str, **fields: str) -> None:
    (folder / name).write_text(_CABLE.format(**fields), encoding="utf-8")


def _rows(url: str, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(url)) as conn:
        return conn.execute(sql, params).fetchall()


def test_variants_of_one_entity_resolve_to_one_summary_row(
    tmp_path: Path, fresh_warehouse: str
) -> None:
    _write(
        tmp_path,
        "a.txt",
        serial="0101",
        number="101",
        day="01",
        first="The U.S. and France discussed trade. Kouchner told the Ambassador that the USG "
        "position on farm subsidies was well understood in Paris.",
        signer="STAPLETON",
    )
    _write(
        tmp_path,
        "b.txt",
        serial="0202",
        number="202",
        day="02",
        first="France and the United States will hold further trade talks. Kouchner said "
        "farm subsidies remain the hardest question.",
        signer="Stapleton",
    )
    summary = load_paths([tmp_path], database_url=fresh_warehouse, workers=1)
    assert summary.published, summary.error

    places = _rows(
        fresh_warehouse,
        "SELECT name, variants, cable_count FROM places WHERE name = 'United States'",
    )
    assert len(places) == 1, places
    name, variants, cable_count = places[0]
    assert {"U.S.", "United States"} <= set(variants)
    assert cable_count == 2

    # USG is the government (an organisation), not the country: its own identity.
    government = _rows(
        fresh_warehouse,
        "SELECT name, variants FROM organisations WHERE 'USG' = ANY(variants)",
    )
    assert government == [("United States Government", ["USG"])]
    assert not _rows(fresh_warehouse, "SELECT 1 FROM places WHERE 'USG' = ANY(variants)")

    # The signature in capitals and the one in mixed case are one person.
    signers = _rows(fresh_warehouse, "SELECT cable_id, name FROM signers ORDER BY cable_id")
    assert [row[1] for row in signers] == ["Stapleton", "Stapleton"], signers
    people = _rows(
        fresh_warehouse,
        "SELECT cable_count FROM people WHERE name = 'Stapleton'",
    )
    assert people == [(2,)]
    # One summary row per identity, whatever the variants.
    duplicates = _rows(
        fresh_warehouse,
        "SELECT kind, name, count(*) FROM entity_summary GROUP BY kind, name HAVING count(*) > 1",
    )
    assert duplicates == []
