"""Hints from the name a document arrived under (``source_name``). Fragments are written for the
tests; station names are made up."""

from __future__ import annotations

import pytest

from etl.parsing.source_name import hint_from_source_path, split_reference_id


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
        # Ids the release really used, with the damage its id generator glued in:
        ("08SCTION02OF02RIVERTOWN335.txt", "08SCTION02OF02RIVERTOWN335", (None, None)),
        ("cable/1975/11/7575HILLTOWN1895.html", "7575HILLTOWN1895", (1975, 11)),
        # ... but not any name that starts with digits:
        ("7574HILLTOWN1895.txt", None, (None, None)),
        ("2009REPORT1.txt", None, (None, None)),
        ("09-HILLTOWN-12.txt", None, (None, None)),
    ],
)
def test_hint_from_source_path(
    path: str, cable_id: str | None, folder: tuple[int | None, int | None]
) -> None:
    hint = hint_from_source_path(path)
    assert hint.cable_id == cable_id
    assert (hint.folder_year, hint.folder_month) == folder


def test_split_reference_id_keeps_the_release_station_words() -> None:
    assert split_reference_id("06RIVERTOWN534") == (6, "RIVERTOWN", "534")
    assert split_reference_id("7575HILLTOWN1895") == (75, "75HILLTOWN", "1895")
    assert split_reference_id("08SECTION01GF02HILLTOWN21") == (8, "SECTION01GF02HILLTOWN", "21")
    assert split_reference_id("RIVERTOWN534") is None
