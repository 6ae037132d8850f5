"""Page and section breaks inside the body (``page_breaks``). Fragments are written for the tests;
station names are made up."""

from __future__ import annotations


def test_section_header_inside_an_unwrapped_line_is_cut_out() -> None:
    from etl.parsing.page_breaks import remove_page_breaks

    lines = [
        "support for Estonia's role in TALLINN 00000247 002 OF 002 Afghanistan.",
        "a strong reserve BUENOS AIR 00000118 002 OF 006 position.",
        "MEETING WITH THE MINISTER OF FOREIGN AFFAIRS",
    ]
    tallinn, breaks = remove_page_breaks(lines[:1], station="TALLINN")
    assert tallinn == ["support for Estonia's role in Afghanistan."] and breaks == 1
    # The header prints the station cut short; a prefix of the cable's own station matches.
    buenos, _ = remove_page_breaks(lines[1:2], station="BUENOS AIRES")
    assert buenos == ["a strong reserve position."]
    # Without the cable's station, all-caps words are never taken for one.
    untouched, breaks = remove_page_breaks(lines[2:], station="TALLINN")
    assert untouched == lines[2:] and breaks == 0


def test_old_page_header_without_section_count_is_a_break() -> None:
    from etl.parsing.page_breaks import PAGE_BREAK, remove_page_breaks

    cleaned, breaks = remove_page_breaks(
        ["CONFIDENTIAL", "", "PAGE 02 VATICA 01261 061419Z", "TO PRESENT A PRO MEMORIA"]
    )
    assert breaks == 1
    assert cleaned == [PAGE_BREAK, "TO PRESENT A PRO MEMORIA"]


def test_section_number_with_a_revision_is_a_break() -> None:
    from etl.parsing.page_breaks import PAGE_BREAK, remove_page_breaks

    cleaned, breaks = remove_page_breaks(["TAGS PREL, XX", "RIVERTOWN 00000478 001.2 OF 003"])
    assert cleaned == ["TAGS PREL, XX", PAGE_BREAK] and breaks == 1


def test_inline_break_cut_with_the_station_of_the_fm_line() -> None:
    """No classification line was read: the FM line names the station the break prints."""
    from etl.parsing import parse_cable

    from .conftest import cable

    text = cable(
        "E.O. 12958: DECL: 01/17/2016\nTAGS: PREL XX\nSUBJECT: A MEETING\n\n"
        "1. (C) The bank must accumulate a strong reserve RIVERTO 00000042  002 OF 006"
        "  position. The minister agreed.\n"
    )
    parsed = parse_cable(text)
    assert parsed.paragraphs[0].text == (
        "The bank must accumulate a strong reserve position. The minister agreed."
    )


def test_page_header_inside_the_address_list_is_no_recipient() -> None:
    from etl.parsing import parse_cable

    parsed = parse_cable(
        "P R 141616Z JAN 09\nFM SECSTATE WASHDC\nTO AMEMBASSY RIVERTOWN PRIORITY\n"
        "INFO PAGE 02        STATE   003691  141623Z\nSOME REGIME COLLECTIVE\n"
        "AMEMBASSY HILLTOWN\n\nC O N F I D E N T I A L STATE 003691\n\n"
        "E.O. 12958: DECL: 01/31/2034\nTAGS: PARM XX\nSUBJECT: QUESTIONS\n\n1. (C) Text.\n"
    )
    assert [r.name for r in parsed.recipients] == [
        "AMEMBASSY RIVERTOWN",
        "SOME REGIME COLLECTIVE",
        "AMEMBASSY HILLTOWN",
    ]
    assert not parsed.is_partial_extract
