"""Inline labels: the short phrase that opens a numbered paragraph's own text
(``2. (C) Comment: ...`` gives ``Comment``); ``paragraphs`` makes it that paragraph's heading
when no section line stands above it."""

from __future__ import annotations

import re

#: Lines shaped like a heading that are none: the front matter's classification reasons,
#: the station's website banner, a redaction, an ``END SUMMARY`` marker.
NOT_HEADING_TEXT = re.compile(
    r"^(?:classified\s+by|derived\s+from|end\s+(?:of\s+)?(?:summary|comment|note)\b)"
    r"|\b1\.[45]\s?\(|classified\s+web\s?site"
    r"|https?:|www\.|^[xX\s]+$",
    re.I,
)


#: An inline label opening a numbered paragraph: ``Summary:``, ``Key Points --``,
#: ``E-VOTING.``, ``Summary.`` (the terminator decides which checks apply, see
#: :func:`inline_label`). Labels hold no sentence end and no colon of their own.
_LABEL = re.compile(
    r"^(?P<label>[A-Z0-9][^:.!?;\n]{0,78}?)\s*(?P<end>:(?!\d|//)|--+|\.(?=\s|$))\s*"
)
#: A label without a terminator: a stock label in capitals before mixed-case text.
_BARE_LABEL = re.compile(r"^(?P<label>SUMMARY|KEY POINTS|COMMENT)(?:\s+(?=[A-Z][a-z])|\s*$)")
_LABEL_WORDS = 8
#: Words that make a colon-ended opening a sentence ("Post is permitted to provide the
#: following statement:", "The multilateral priorities ... include:"), not a label.
_SENTENCE_WORDS = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
        "did", "will", "would", "can", "could", "should", "may", "might", "must", "shall",
        "include", "includes", "included", "including", "said", "says", "told", "noted", "stated",
        "added", "asked", "explained", "follows", "following", "below", "consists", "because",
        "that", "which", "who", "whom", "whose", "he", "she", "they", "we", "it", "there", "this",
        "these", "those", "our", "their", "his", "her", "its",
    }
)  # fmt: skip
#: Articles (in lower case) make a phrase a sentence when they stand after its first word.
_ARTICLES = frozenset({"a", "an", "the"})
#: Labels in mixed case that end in a period: stock ones only, since any short sentence
#: ("Thanks.") would match the shape.
_STOCK_LABELS = frozenset(
    {"summary", "comment", "comments", "background", "action request", "action requested",
     "introduction", "conclusion", "summary and comment", "key points", "begin summary"}
)  # fmt: skip
_CONTINUED = re.compile(r"\s+(?:continued|cont'?d\.?|\(cont'?d\.?\))$", re.I)


def _label_words_ok(label: str) -> bool:
    words = label.split()
    if not words or len(words) > _LABEL_WORDS or "http" in label:
        return False
    lowered = [word.strip(",()\"'").casefold() for word in words]
    if any(word in _SENTENCE_WORDS for word in lowered):
        return False
    # only a lower-case article: "Question A" and "PREVENTING A COLLAPSE" are labels
    return not any(word in _ARTICLES for word in words[1:])


def _is_stock(label: str) -> bool:
    return _CONTINUED.sub("", label).casefold() in _STOCK_LABELS


def inline_label(text: str) -> str | None:
    """The label that opens a numbered paragraph's text, without its terminator.

    ``Summary: ...`` and ``Key Points -- ...`` take any short noun phrase (no verb-like or
    pronoun word, no article after the first word: a sentence ending in a colon is no label);
    a period ends a label when it is a stock one (``Summary.``) or in capitals before
    mixed-case text (``E-VOTING. Estonia ...``); ``SUMMARY Egypt has ...`` has none."""
    match = _LABEL.match(text)
    if match is not None:
        label = match.group("label").strip()
        end = match.group("end")
        if NOT_HEADING_TEXT.search(label) is not None:
            return None
        if end[0] != ".":
            return label if _label_words_ok(label) else None
        if _is_stock(label):
            return label
        rest = text[match.end() :]
        capitals = label.upper() == label and sum(char.isalpha() for char in label) > 1
        if capitals and _label_words_ok(label) and any(char.islower() for char in rest[:200]):
            return label
    bare = _BARE_LABEL.match(text)
    return bare.group("label") if bare is not None else None
