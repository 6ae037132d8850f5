"""Text written in capitals only (`etl.entities.capitals`), on fragments built by hand."""

from __future__ import annotations

from tests.entities.fragments import canonicals, mentions_of, names


def test_capitals_only_text_is_handled() -> None:
    found = mentions_of(
        "THE FOREIGN MINISTER TOLD US THAT PRESIDENT AHMADINEJAD WILL VISIT CAIRO AND THE "
        "IAEA WILL MEET IN TEHRAN."
    )
    assert "Ahmadinejad" in names(found, "PERSON")
    assert {"Cairo", "Tehran"} <= names(found, "LOCATION")
    assert "United States" not in names(found, "LOCATION")  # `US` is the pronoun here
    assert "IAEA" in names(found, "ORGANIZATION")  # as written: the cable never expands it
    assert "International Atomic Energy Agency" in canonicals(found, "ORGANIZATION")


def test_descriptive_words_in_capitals_are_not_part_of_a_body() -> None:
    found = mentions_of(
        "THE PROSPECTS FOR PRESUMPTIVE WORKERS' PARTY CANDIDATE DILMA ROUSSEFF ARE GOOD."
    )
    assert "Workers' Party" in names(found, "ORGANIZATION")
