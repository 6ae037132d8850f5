"""The hand-written tag dictionary: well-formed, and right about the codes analysts trip over."""

from __future__ import annotations

import pytest

from etl.reference_data.tag_definitions import (
    REGION_PREFIX,
    parse_tag_definitions,
    read_tag_definitions,
)


def test_state_department_country_codes_are_not_iso_codes() -> None:
    meanings = {d.code: (d.kind, d.meaning) for d in read_tag_definitions()}
    assert meanings["CB"] == ("country", "Cambodia")
    assert meanings["UK"] == ("country", "United Kingdom")
    assert meanings["SP"] == ("country", "Spain")
    assert meanings["BR"] == ("country", "Brazil")
    assert meanings["CH"] == ("country", "China")
    assert meanings["GM"] == ("country", "Germany")
    assert meanings["XF"] == ("country", REGION_PREFIX + "Middle East and North Africa")
    assert meanings["KTIP"] == ("program", "Trafficking in persons")
    assert meanings["PGOV"][0] == "subject"
    assert meanings["NATO"][0] == "organisation"


def test_every_code_of_the_dictionary_is_upper_case_and_unique() -> None:
    codes = [d.code for d in read_tag_definitions()]
    assert len(codes) == len(set(codes)) > 300
    assert all(code == code.upper() for code in codes)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("code,kind\nPGOV,subject\n", "columns"),
        ("code,kind,meaning\nPGOV,topic,Government\n", "unknown kind"),
        ("code,kind,meaning\npgov,subject,Government\n", "upper case"),
        ("code,kind,meaning\nPGOV,subject,\n", "no meaning"),
        ("code,kind,meaning\nPGOV,subject,A\nPGOV,subject,B\n", "twice"),
    ],
)
def test_malformed_dictionaries_are_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_tag_definitions(text)
