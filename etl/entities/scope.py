"""What of a paragraph is outside the scope of entities: a telegram header repeated inside it.

Renderings repeat the header of a cable (or of each of its sections) in the body: the spaced
classification, the post and number, handling words, `E.O.`, `TAGS`, the subject in capitals,
`REF` and the `Classified By` line. The parser keeps such a block inside a paragraph's text;
the gold guidelines put all of it out of scope. `masked` blanks it with spaces, so the
offsets of everything else in the paragraph stay as they are.
"""

from __future__ import annotations

import re

_HEADER = re.compile(
    r"(?:(?:[A-Z] ){3,}[A-Z]|\bUNCLAS(?:SIFIED)?|\bSECRET|\bCONFIDENTIAL)\s+"
    r"(?:SECTION\s+\d+\s+OF\s+\d+\s+)?"
    r"[A-Z][A-Z .'-]{0,40}?\s+\d{5,6}"  # post and message number
    r"(?:\s+(?:NOFORN|SIPDIS|SENSITIVE|EXDIS|NODIS|LIMDIS|CORRECTED\s+COPY)\b)*"
    r"(?:\s+E\.\s?O\.\s?\d+:?\s*(?:DECL:?\s*)?"
    r"(?:\d{1,2}/\d{1,2}/\d{2,4}|N/A|[A-Z]+(?: [A-Z]+){0,3}(?=\s+TAGS)))?"
    r"(?:\s+TAGS:?(?:\s+(?!SUBJ)[A-Z0-9_/-]{2,}(?![a-z:]))+)?"
    r"(?:\s+SUBJECT:?\s+[^a-z¶]*?(?=\s+(?:REF\b|Classified|CLASSIFIED|¶|\d{1,2}\.\s*\()|"
    r"\s+[A-Z][a-z]|\s*$))?"
    r"(?:\s+REF:?\s+[^a-z¶]*?(?=\s+(?:Classified|CLASSIFIED|¶|\d{1,2}\.\s*\()|\s+[A-Z][a-z]|\s*$))?"
    r"(?:\s+(?:Classified|CLASSIFIED)\s+(?:By|BY):?[^¶]{0,300}?(?:Reasons?|REASONS?):?\s*"
    r"1\.\d\s*\(?[a-hA-H]\)?(?:\s*(?:,|and|AND|&)\s*\(?[a-hA-H]\)?)*\.?)?",
)
_CLASSIFIED_BY = re.compile(
    r"\s*(?:Classified|CLASSIFIED)\s+(?:By|BY):?[^¶]{0,300}?(?:Reasons?|REASONS?):?\s*1\.\d\s*"
    r"\(?[a-hA-H]\)?(?:\s*(?:,|and|AND|&)\s*\(?[a-hA-H]\)?)*\.?"
)


_HEADER_WORDS = ("E.O.", "E. O.", "TAGS", "SIPDIS", "SECTION", "Classified", "CLASSIFIED")


def masked(text: str) -> str:
    """`text` with repeated header blocks (and a `Classified By` line opening it) blanked."""
    if not any(word in text for word in _HEADER_WORDS):
        return text  # most paragraphs: nothing to look for
    spans = [match.span() for match in _HEADER.finditer(text) if _looks_like_header(match)]
    opening = _CLASSIFIED_BY.match(text)
    if opening:
        spans.append(opening.span())
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _looks_like_header(match: re.Match[str]) -> bool:
    """A real header block has at least one of its later parts, not just a marking and a
    number (`SECRET 123456` alone could be text)."""
    block = match.group(0)
    return any(word in block for word in _HEADER_WORDS[:5])
