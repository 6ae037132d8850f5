"""The extractor as a whole (`etl.entities.rules.RuleBasedExtractor`): offsets, what is no
mention, the signer, the host country, the sample cables and its memos. The rules of each
kind of mention are tested with their modules (test_people.py, test_organisations.py, ...)."""

from __future__ import annotations

from pathlib import Path

from etl.entities import SIGNER_POSITION, RuleBasedExtractor, extract_mentions
from etl.entities.gazetteer import load_gazetteer
from etl.parsing import parse_document
from tests.entities.fragments import canonicals, mentions_of, names

SEEDS = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"


def test_offsets_point_at_the_surface_text() -> None:
    text = "On Monday Minister of Interior Sar Kheng met Post."
    for mention in mentions_of(text, subject="CAMBODIA: SAR KHENG VISIT"):
        source = text if mention.paragraph_position == 1 else "CAMBODIA: SAR KHENG VISIT"
        assert source[mention.start : mention.end] == mention.surface


def test_tags_are_not_mentions() -> None:
    found = mentions_of("The workshop went well.", tags=["PHUM", "KTIP", "CB"])
    assert names(found, "LOCATION") == set()


def test_government_acronym_resolves_to_the_host_country() -> None:
    found = mentions_of("The GOE offered a compromise.", origin="Embassy Cairo")
    assert names(found, "ORGANIZATION") == {"GOE"}
    assert "Government of Egypt" in canonicals(found, "ORGANIZATION")


def test_signer_is_a_person_outside_the_paragraphs() -> None:
    found = mentions_of("Nothing happened.", signer="MUSSOMELI")
    signer = [m for m in found if m.paragraph_position == SIGNER_POSITION]
    assert [(m.kind, m.name) for m in signer] == [("PERSON", "Mussomeli")]


def test_seed_002_persons_are_exactly_the_people_in_it() -> None:

    seed = next(SEEDS.glob("002_*.txt"))
    found = extract_mentions(parse_document(seed.read_bytes()))
    expected = {
        "Sally Neumann",
        "David Atkinson",
        "Prum Sokha",
        "Sar Kheng",
        "Ing Kantha Phavi",
        "Neou Kassie",
        "Hun Sen",
        "Hok Lundy",
        "Mam Somaly",
        "Christian Guth",
        "Kaign Christy",
    }
    persons = names(found, "PERSON")
    assert persons - {"Mussomeli"} == expected
    organisations = names(found, "ORGANIZATION")
    assert "Ministry of Interior" in canonicals(found, "ORGANIZATION")
    assert {
        "MOI",  # the cable never writes "Ministry of Interior"
        "Ministry of Justice",
        "World Vision",
        "AFESIP",
    } <= organisations
    assert "Chhay Hour II" not in persons


def test_a_repeated_run_gives_the_same_mentions_each_time() -> None:
    sentence = "Prime Minister Hun Sen met Minister of Interior Sar Kheng in Siem Reap."
    found = mentions_of(sentence, sentence, sentence)
    per_paragraph = [
        sorted((m.kind, m.name, m.start, m.end) for m in found if m.paragraph_position == p)
        for p in (1, 2, 3)
    ]
    assert per_paragraph[0] == per_paragraph[1] == per_paragraph[2]
    assert {"Hun Sen", "Sar Kheng"} <= names(found, "PERSON")


def test_remembered_runs_give_what_a_fresh_extractor_gives() -> None:
    cables = [parse_document(path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    warm = RuleBasedExtractor(load_gazetteer())
    for cable in cables:  # fills the per-process memos
        warm.extract(cable)
    for cable in reversed(cables):
        assert warm.extract(cable) == RuleBasedExtractor(load_gazetteer()).extract(cable)
