"""Hints from the name a document arrived under (``source_name``). Fragments are written for the
tests; station names are made up."""

from __future__ import annotations

import pytest

from etl.parsing.source_name import (
    hint_from_source_path,
    serials_plausibly_same,
    stations_match,
)


@pytest.mark.parametrize(
    ("path", "cable_id", "folder"),
    [
        ("/data/in/06RIVERTOWN534.txt", "06RIVERTOWN534", (None, None)),
        ("cable/2001/03/01HILLTOWN1261.html", "01HILLTOWN1261", (2001, 3)),
        ("mirror/04HILLTOWN6983__rev20101213.txt", "04HILLTOWN6983", (None, None)),
        ("bundle.zip!cable/2009/11/09RIVERTOWN0042.html", "09RIVERTOWN42", (2009, 11)),
        ("bundle.tar.gz!nested.zip!07HILLTOWN12.txt.gz", "07HILLTOWN12", (None, None)),
        ("cables.csv#row=12", None, (None, None)),
        ("notes/readme.txt", None, (None, None)),
        ("08SCTION02OF02RIVERTOWN335.txt", None, (None, None)),  # malformed release id
    ],
)
def test_hint_from_source_path(
    path: str, cable_id: str | None, folder: tuple[int | None, int | None]
) -> None:
    hint = hint_from_source_path(path)
    assert hint.cable_id == cable_id
    assert (hint.folder_year, hint.folder_month) == folder


def test_serials_plausibly_same() -> None:
    assert serials_plausibly_same("2025", "22025")  # a digit dropped
    assert serials_plausibly_same("401", "40")  # a digit added
    assert serials_plausibly_same("4428", "4427")  # a digit changed
    assert serials_plausibly_same("927", "30927")  # leading digits lost
    assert serials_plausibly_same("000534", "534")  # zero padding is not damage
    assert not serials_plausibly_same("13", "71")
    assert not serials_plausibly_same("561", "595")


def test_stations_match_ignores_efto_and_redaction() -> None:
    assert stations_match("EFTORIVERTOWN", "RIVERTOWN")
    assert stations_match("XXXXXXXXXXXX", "RIVERTOWN")
    assert not stations_match("HILLTOWN", "RIVERTOWN")
