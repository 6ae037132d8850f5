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
