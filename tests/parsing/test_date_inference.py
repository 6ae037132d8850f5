"""Creation dates from partial evidence (``date_inference``). Fragments are written for the tests;
station names are made up."""

from __future__ import annotations

from datetime import UTC, date, datetime

from etl.parsing.date_inference import find_day_time, infer_created


def test_day_time_from_page_line_and_dashed_relay_line() -> None:
    found = find_day_time("x\nPAGE 02 HILLTO 01261 061419Z\ny")
    assert found is not None and (found.day, found.hour, found.minute) == (6, 14, 19)
    dashed = find_day_time("      ------------------8A8E0D  271459Z /38\n")
    assert dashed is not None and dashed.day == 27
    assert find_day_time("PAGE 02 HILLTO 01261 991419Z\n") is None  # day 99 is no day


def test_page_day_with_declassification_month() -> None:
    text = "PAGE 02 HILLTO 01261 061419Z\n"
    inferred = infer_created(text, 2001, None, date(2011, 3, 5))
    assert inferred is not None
    assert inferred.created_at == datetime(2001, 3, 6, 14, 19, tzinfo=UTC)


def test_page_day_before_declassification_day_is_next_month() -> None:
    inferred = infer_created("PAGE 02 HILLTO 01261 021419Z\n", 2001, None, date(2011, 12, 28))
    assert inferred is not None
    assert inferred.created_at == datetime(2002, 1, 2, 14, 19, tzinfo=UTC)


def test_release_folder_month_wins_over_declassification_month() -> None:
    inferred = infer_created("PAGE 02 HILLTO 01261 061419Z\n", 2001, 4, date(2011, 3, 5))
    assert inferred is not None and inferred.created_at.month == 4


def test_without_day_time_the_declassification_day_is_an_approximation() -> None:
    inferred = infer_created("no day here", 2003, None, date(2013, 4, 14))
    assert inferred is not None
    assert inferred.created_at == datetime(2003, 4, 14, tzinfo=UTC)
    assert "approximation" in inferred.explanation
    assert infer_created("no day here", None, None, date(2013, 4, 14)) is None
    assert infer_created("no day here", 2003, None, None) is None
    assert infer_created("no day here", 2003, 5, date(2013, 4, 14)) is None  # months disagree
