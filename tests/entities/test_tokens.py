"""The fast tokeniser keeps what the rules read from the complete one."""

from __future__ import annotations

import pytest

from etl.entities.tokens import (
    CONNECTORS,
    _matched_capitalised,
    _split_capitalised,
    is_upper_text,
    tokenize,
    tokenize_capitalised,
    tokenize_window,
    tokens_from,
    word_after,
)

SAMPLES = [
    "Deputy Prime Minister and Minister of Interior Sar Kheng told the U.S. Ambassador that "
    "the Ministry of Women's Affairs (MOWA) would act; J. Smith disagreed.",
    "On March 3, the Cambodian National Police (CNP) raided Chhay Hour II in Toul Kork.",
    "Libyan leader Muammar al-Qadhafi met Bogotá's mayor and the iPhone-maker's staff.",
    "Seif el Din of the Foreign and Commonwealth Office said:\n\nPresident Hun Sen agreed.",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_capitalised_tokens_are_the_complete_tokens_that_can_start_a_name(text: str) -> None:
    complete = tokenize(text)
    fast = tokenize_capitalised(text)
    capitalised = [t for t in complete if t.is_capitalised]
    assert [t[:4] for t in fast if t.is_capitalised] == [t[:4] for t in capitalised]
    assert all(t.is_capitalised or t.lower in CONNECTORS for t in fast)


@pytest.mark.parametrize("text", SAMPLES)
def test_glue_between_kept_tokens_means_the_words_are_adjacent(text: str) -> None:
    complete = {(t.start, t.end): index for index, t in enumerate(tokenize(text))}
    fast = tokenize_capitalised(text)
    for token, following in zip(fast, fast[1:], strict=False):
        if token.glued_to_next:
            assert complete[(following.start, following.end)] == 1 + complete.get(
                (token.start, token.end), -2
            )


def test_an_arabic_article_joined_by_a_hyphen_stays_in_the_name() -> None:
    words = [t.text for t in tokenize_capitalised("leader Muammar al-Qadhafi said")]
    assert words == ["Muammar", "al-Qadhafi"]
    assert tokenize_capitalised("leader Muammar al-Qadhafi said")[0].glued_to_next


def test_words_around_a_run_are_read_from_the_text() -> None:
    text = "the party's spokesman, Sam Rainsy, said"
    after = word_after(text, text.index("Rainsy") + len("Rainsy"))
    assert after is not None and after.lower == "said"
    assert [t.lower for t in tokens_from(text, text.index("spokesman"), 3)] == [
        "spokesman",
        "sam",
        "rainsy",
    ]


def test_upper_text_is_told_from_mixed_text() -> None:
    assert is_upper_text("THE AMBASSADOR MET PRIME MINISTER HUN SEN ON MONDAY.")
    assert not is_upper_text("The Ambassador met Prime Minister Hun Sen on Monday.")
    assert not is_upper_text("OK.")


@pytest.mark.parametrize("text", SAMPLES)
def test_a_window_is_tokenised_like_the_same_slice(text: str) -> None:
    for begin, end in [(0, len(text)), (5, 60), (len(text) // 3, len(text) - 7)]:
        shifted = [
            t._replace(start=t.start + begin, end=t.end + begin) for t in tokenize(text[begin:end])
        ]
        assert tokenize_window(text, begin, end) == shifted


SPLIT_SAMPLES = [
    *SAMPLES,
    "The Deputy's aide and the Governors' Council met O'Brien, U.S.-Iraqi O.K. (Jones's) in Hue.",
    '  Minister   of\tthe Interior\n\nSam said: "No" at  the UN;McDonald X.Y.Z. left.',
    "Ali's,Bob'  Carl' s ISO9000 A.",
]


# Non-ASCII text always takes the match-by-match path, so only ASCII samples compare the two.
@pytest.mark.parametrize("text", [text for text in SPLIT_SAMPLES if text.isascii()])
def test_the_split_path_gives_the_tokens_of_the_match_by_match_path(text: str) -> None:
    found = _split_capitalised(text)
    assert found is not None, "an ASCII sample without a capital inside a word takes the split path"
    raw, gaps = found
    matched = _matched_capitalised(text)
    assert raw == matched
    ends = [token[1] for token in matched[1:]] + [len(text)]
    assert gaps == [text[token[3] : end] for token, end in zip(matched, ends, strict=True)]


def test_a_capital_inside_a_word_takes_the_match_by_match_path() -> None:
    assert _split_capitalised("leader Muammar al-Qadhafi said") is None
    assert [t[0] for t in _matched_capitalised("leader Muammar al-Qadhafi said")] == [
        "Muammar",
        "al-Qadhafi",
    ]
