"""The lines between the classification line and the first paragraph.

Handling captions, pass lines, ``E.O.``, ``TAGS``, ``SUBJECT``, ``REF`` and ``Classified By``,
in whatever order and wrapping the cable uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.parsing.classification_line import opening_classification
from etl.parsing.page_breaks import PAGE_BREAK
from etl.parsing.references import REF_LABEL
from etl.parsing.tags import parse_tags, tags_label_end
from etl.parsing.vocabulary import CAVEAT_PHRASES, CAVEAT_WORDS

#: ``E.O. 12958``, ``E. O. 11652`` (older cables), ``EO 13526``.
_EO_LINE = re.compile(r"\bE\.?\s?[O0]\.?\s?1[123]\d{3}\b|\bEO\s?1[123]\d{3}\b|^E\.O\.", re.I)
#: ``SUBJECT:``, ``SUBJ:``, and the label with its first letter lost (``UBJECT:``).
_SUBJECT_LABEL = re.compile(r"^(?:SUBJ(?:ECT)?|UBJECT)\s*[:.;]\s*|^SUBJECT\s+(?=\S)", re.I)
_BARE_SUBJECT_LABEL = re.compile(r"^(?:SUBJ(?:ECT)?|UBJECT)\s*[:.;]?$", re.I)
_CLASSIFIED_BY = re.compile(r"^(?:\(U\)\s*)?CLASSIFIED\s+BY\s*[:;.]?\s*", re.I)
#: A numbered paragraph: ``¶1.``, ``1.``, ``2a.``, ``¶ 12.``, ``¶B.``.
#: ``1.(SBU)`` (number glued to its marking) starts a paragraph too.
PARAGRAPH_START = re.compile(r"^(¶\s?)?(?:(\d{1,2}[a-z]?)[.)]|([A-Z])\.)(?=\s|$|\([A-Z])")
_SUBJECT_MARKING = re.compile(r"^\(([A-Z]{1,4}(?:/{1,2}[A-Z]{1,6})?)\)\s*")
_SBU_PHRASE = "SENSITIVE BUT UNCLASSIFIED"
#: A field label glued after other text on the same line (checked in front matter only).
#: A TAGS label may also follow a date with no space at all (``DECL: 03/19/2024TAGS:``).
#: CSV damage may leave quotes or ``,,""`` in front of the label (``... 2034 "TAGS: PINR``).
#: Unwrapped records glue a field onto a caption too (``NOFORNE.O. 12958``, ``SIPDISTAGS:``).
_GLUED_FIELD = re.compile(
    r"(?:(?<=\s)[\",]*|(?<=\d)(?=TAGS?\s?:)"
    r"|(?<=SIPDIS)|(?<=NOFORN)|(?<=EXDIS)|(?<=LIMDIS)|(?<=NODIS))"
    r"(?=(?:TAGS?|SUBJECT|SUBJ|REFS?|REFTEL)\s?:|E\.\s?O\.\s?1[123]\d{3}|CLASSIFIED BY\s?:"
    r"|Classified By\s?:)"
)
#: Escaped line ends of a damaged CSV record left in the text: ``FOR ,,""BIOGRAPHIC``.
_CSV_DAMAGE = re.compile(r'\s*,,"+\s*|\s"+$')
#: How many non-blank lines ahead a TAGS or SUBJECT line makes the lines before it pass
#: lines (``¶W. KULLMAN)`` wrapped out of an office line is no lettered paragraph).
_FIELD_LOOKAHEAD = 6
#: Words a subject line cannot end on: the subject goes on after a blank line.
_JOINING_WORDS = frozenset(
    {"ON", "OF", "AND", "THE", "TO", "IN", "FOR", "WITH", "A", "AN", "AT", "BY", "FROM", "OR"}
)
#: Words that make a line after TAGS prose (a subject without its label), not more codes;
#: none is a country or subject code (``IN``, ``TO`` are India and Tonga).
_PROSE_WORDS = frozenset({"AND", "OF", "THE", "FOR", "WITH", "OTHER", "FROM", "ABOUT"})
#: Pass lines ("STATE PASS USTR FOR ...") before the E.O./TAGS/SUBJECT lines: beyond these
#: limits an unknown line is taken as body text of a cable without those fields.
_LONGEST_PASS_LINE = 250
_MOST_PASS_LINES = 25
#: An unnumbered paragraph opening with its marking; ``(B) AND (D)`` (reasons) is not one.
_MARKING_THEN_WORD = (
    r"\((?:U|C|S|SBU|TS|LOU|FOUO|[CS]\s?/{1,2}\s?NF|U\s?/{1,2}\s?FOUO)\)"
    r"\s+(?!AND\b|OR\b|and\b|or\b)[A-Za-z][A-Za-z/]"
)
_MARKED_TEXT = re.compile("^" + _MARKING_THEN_WORD)
#: The first paragraph's number and marking run onto the end of the subject line with nothing
#: after them (``SUBJECT: A TITLE 1.(SBU)``, its text on the next line): not the subject's.
_TRAILING_OPENER = re.compile(
    r"\s+¶?\s?\d{1,2}\.\s?\((?:U|C|S|SBU|TS|LOU|FOUO|[CS]\s?/{1,2}\s?NF|U\s?/{1,2}\s?FOUO)\)$"
)
#: The first paragraph run onto a REF or Classified By line: ``REF: STATE 74305  (SBU) ...``.
_GLUED_PARAGRAPH = re.compile(r"\s(?=(?:¶\s?)?(?:\d{1,2}[a-z]?\.\s?)?" + _MARKING_THEN_WORD + ")")
#: A dashed section heading run onto a field line: ``------- SUMMARY -------``.
_GLUED_HEADING = re.compile(r"\s*-{3,}\s*([A-Za-z][^-]{0,80}?)\s*-{3,}\s*$")
#: Classified By runs one to three lines; more means the body was swallowed.
_MOST_CLASSIFIED_BY_LINES = 3
#: A REF continuation line starts with an item label (``B.``, ``¶B.``, ``(B)``, ``B)``).
_REF_ITEM_START = re.compile(r"^(?:¶\s?)?(?:\([A-Za-z]\)|[A-Za-z][.)])(?:\s|$)")
_REF_ITEM_LABEL = re.compile(r"^(?:¶\s?)?\(?([A-Za-z])[.)]")
#: Unnumbered prose run onto the REF line after a reference's serial:
#: ``REF: SECSTATE 102414 We delivered points in reftel to ...``.
#: ``... E-MAIL 11/21/2007 Per reftel, Post requests ...``: commas may follow the words.
_GLUED_PROSE = re.compile(r"(?<=\d)\s+(?=[A-Z][a-z]+,?\s+[a-z]+,?\s+[A-Za-z][a-z]*,?\s+[a-z])")


@dataclass(slots=True)
class FrontMatter:
    """What the front matter says, and where the paragraphs begin."""

    end: int = 0
    caveats: list[str] = field(default_factory=list)
    declassification: str | None = None
    classified_by: str | None = None
    tags: list[str] = field(default_factory=list)
    has_tags_line: bool = False
    subject: str | None = None
    subject_marking: str | None = None
    reference_block: str | None = None


def caveats_of_line(line: str) -> list[str] | None:
    """Captions on a line made only of captions (``SIPDIS``, ``SENSITIVE BUT UNCLASSIFIED``)."""
    text = " ".join(line.upper().replace(",", " ").split())
    if text in CAVEAT_PHRASES:
        return [CAVEAT_PHRASES[text]]
    words = text.split()
    if words and len(words) <= 4 and all(word in CAVEAT_WORDS for word in words):
        return words
    return None


def _is_blank(line: str) -> bool:
    return not line.strip() or line == PAGE_BREAK


def _continuation(
    lines: list[str], start: int, stop_on_blank: bool = True, most: int | None = None
) -> tuple[list[str], int]:
    """Lines after ``start`` that continue a field, up to a blank line, another field, a
    marked paragraph (``(C) On June 12 ...``) or ``most`` lines."""
    collected: list[str] = []
    index = start
    while index < len(lines) and (most is None or len(collected) < most):
        line = lines[index]
        if line == PAGE_BREAK:
            index += 1
            continue
        text = line.strip()
        if not text:
            if stop_on_blank:
                break
            index += 1
            continue
        if _starts_field(text) or PARAGRAPH_START.match(text) or _MARKED_TEXT.match(text):
            break
        # "LEGISLATION  REF: A. STATE 123 ...": a field glued onto a wrapped line ends it.
        pieces = _split_glued_fields(text)
        if pieces is not None and len(pieces) > 1:
            lines[index : index + 1] = pieces
            collected.append(pieces[0])
            index += 1
            break
        collected.append(text)
        index += 1
    return collected, index


def _starts_field(text: str) -> bool:
    return bool(
        REF_LABEL.match(text)
        or _SUBJECT_LABEL.match(text)
        or _CLASSIFIED_BY.match(text)
        or tags_label_end(text) is not None
        or _EO_LINE.search(text[:40])
    )


def _split_glued_fields(text: str) -> list[str] | None:
    """``E.O. 12958: N/A TAGS: EAIR BR`` → two lines; None when nothing is glued."""
    if ":" not in text and "E.O" not in text:
        return None
    starts = [match.start() for match in _GLUED_FIELD.finditer(text) if match.start() > 0]
    if not starts:
        return None
    bounds = [0, *starts, len(text)]
    pieces = [
        piece
        for a, b in zip(bounds, bounds[1:], strict=False)
        if (piece := text[a:b].strip().lstrip('",').strip())
    ]
    # "SUBJECT: E.O. 13382 ENTITIES ...": a subject may itself start with a field's words.
    merged: list[str] = []
    for piece in pieces:
        if merged and _BARE_SUBJECT_LABEL.match(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def read_front_matter(lines: list[str]) -> FrontMatter:
    """Read the fields at the top of the body; ``end`` is the index of the first body line.

    ``lines`` may be modified: a line with several fields glued together is split in place.
    """
    front = FrontMatter()
    preview: FrontMatter | None = None
    index = 0
    unknown_lines = 0
    while index < len(lines):
        line = lines[index]
        text = line.strip()
        if _is_blank(line):
            index += 1
            continue
        awaiting_fields = front.subject is None and not front.has_tags_line
        if PARAGRAPH_START.match(text) and not (
            _starts_field(text.lstrip("¶ "))
            or (awaiting_fields and _is_lettered(text) and _field_line_ahead(lines, index + 1))
        ):
            break
        text = text.lstrip("¶ ") if _starts_field(text.lstrip("¶ ")) else text
        pieces = _split_glued_fields(text)
        split = pieces is not None and len(pieces) > 1
        if pieces is not None and split:
            lines[index : index + 1] = pieces
            text = pieces[0]
        after = _read_field(front, lines, index, text)
        if after is not None:
            index = after
            continue
        leading = _leading_caveats(text)
        # A caption opening the line marks it as a pass line however long it runs, and so
        # does a TAGS/SUBJECT/E.O. line right after it (long unwrapped office lists).
        too_long = (
            len(text) > _LONGEST_PASS_LINE
            and not (leading or split)
            and not (awaiting_fields and _field_line_ahead(lines, index + 1))
        )
        if _is_truncated(front) and opening_classification(text) is not None:
            # A preview cut off with "..." and the whole cable again from its classification
            # line: the fields cut short are read again from the whole copy.
            preview = _forget_truncated(front)
            unknown_lines = 0
            lines[index : index + 1] = [text]
            index += 1
            continue
        if front.subject is not None or front.has_tags_line or too_long:
            break
        front.caveats.extend(leading)
        front.caveats.extend(_trailing_caveats(text))
        unknown_lines += 1  # office and pass lines ("STATE FOR EAP/MLS")
        if unknown_lines > _MOST_PASS_LINES:
            break
        index += 1
    front.end = index
    _restore_preview(front, preview)
    _end_reference_block_at_caption(front)
    front.caveats = list(dict.fromkeys(front.caveats))
    return front


def _ends_unfinished(text: str) -> bool:
    """Whether a wrapped line stops mid-phrase: on a joining word, a comma, colon or dash."""
    words = text.split()
    return bool(words) and (words[-1].upper() in _JOINING_WORDS or words[-1][-1] in ",:-/&")


def _after_one_blank(lines: list[str], index: int) -> int | None:
    """The index of the line after exactly one blank line at ``index``, if it is text that
    starts no field or paragraph."""
    if index + 1 >= len(lines) or lines[index].strip() or not lines[index + 1].strip():
        return None
    text = lines[index + 1].strip()
    if _starts_field(text) or PARAGRAPH_START.match(text) or _MARKED_TEXT.match(text):
        return None
    return index + 1


def _is_truncated(front: FrontMatter) -> bool:
    """Whether the last fields read end in ``...`` (a preview of the cable, cut short)."""
    return any(
        value is not None and value.rstrip().endswith("...")
        for value in (front.reference_block, front.subject, front.classified_by)
    )


def _forget_truncated(front: FrontMatter) -> FrontMatter:
    """Drop the fields that end in ``...`` so that the whole copy's values replace them; the
    preview's values are returned, to keep where the copy has none."""
    preview = FrontMatter(
        subject=front.subject,
        reference_block=front.reference_block,
        classified_by=front.classified_by,
    )
    if front.reference_block is not None and front.reference_block.rstrip().endswith("..."):
        front.reference_block = None
    if front.subject is not None and front.subject.rstrip().endswith("..."):
        front.subject = None
    if front.classified_by is not None and front.classified_by.rstrip().endswith("..."):
        front.classified_by = None
    return preview


def _restore_preview(front: FrontMatter, preview: FrontMatter | None) -> None:
    if preview is None:
        return
    front.subject = front.subject if front.subject is not None else preview.subject
    if front.reference_block is None:
        front.reference_block = preview.reference_block
    if front.classified_by is None:
        front.classified_by = preview.classified_by


def starts_subject_or_tags(line: str) -> bool:
    """Whether ``line`` opens a TAGS or SUBJECT field."""
    text = line.strip()
    return tags_label_end(text) is not None or _SUBJECT_LABEL.match(text) is not None


def _is_lettered(text: str) -> bool:
    """A lettered (not numbered) paragraph start: ``B.``, ``¶W.``."""
    match = PARAGRAPH_START.match(text)
    return match is not None and match.group(3) is not None


def _field_line_ahead(lines: list[str], start: int) -> bool:
    """Whether a TAGS, SUBJECT or E.O. line follows within a few non-blank lines, before any
    numbered paragraph."""
    seen = 0
    for line in lines[start:]:
        text = line.strip()
        if not text or line == PAGE_BREAK:
            continue
        if tags_label_end(text) is not None or _SUBJECT_LABEL.match(text):
            return True
        if _EO_LINE.search(text[:40]) or _GLUED_FIELD.search(text):
            return True
        match = PARAGRAPH_START.match(text)
        if match is not None and match.group(3) is None:
            return False
        seen += 1
        if seen >= _FIELD_LOOKAHEAD:
            return False
    return False


def _read_field(front: FrontMatter, lines: list[str], index: int, text: str) -> int | None:
    """Read the field (TAGS, SUBJECT, REF, Classified By, E.O., captions) that starts at
    ``lines[index]`` (stripped: ``text``) into ``front``; the index after it, or None when
    the line starts no field."""
    if (end := tags_label_end(text)) is not None:
        more, after = _tag_continuation(lines, index + 1, lower=text.rstrip().endswith(","))
        front.tags = parse_tags(" ".join([text[end:], *more]))
        front.has_tags_line = True
        return after
    if match := _SUBJECT_LABEL.match(text):
        start = index + 1
        if not text[match.end() :].strip():
            # "SUBJECT:" alone: the subject may follow after blank lines.
            while start < len(lines) and _is_blank(lines[start]):
                start += 1
        more, after = _continuation(lines, start)
        first = " ".join([text[match.end() :], *more])
        if _ends_unfinished(first) and (following := _after_one_blank(lines, after)) is not None:
            # Double-spaced renderings put a blank line inside the wrapped subject.
            extra, after = _continuation(lines, following)
            more = [*more, *extra]
        subject = " ".join(_CSV_DAMAGE.sub(" ", " ".join([text[match.end() :], *more])).split())
        if front.subject:
            return after  # a revised section repeats the SUBJECT: the first one is the cable's
        if marking := _SUBJECT_MARKING.match(subject):
            front.subject_marking = marking.group(1)
            subject = subject[marking.end() :]
        front.subject = _TRAILING_OPENER.sub("", subject)
        return after
    text = _split_glued_paragraph(lines, index, text)
    if match := REF_LABEL.match(text):
        more, after = _reference_continuation(lines, index + 1, text[match.end() :])
        front.reference_block = " ".join([text[match.end() :], *more])
        return after
    if match := _CLASSIFIED_BY.match(text):
        more, after = _continuation(lines, index + 1, most=_MOST_CLASSIFIED_BY_LINES)
        value = " ".join(" ".join([text[match.end() :], *more]).split())
        if "---" in value and (heading := _GLUED_HEADING.search(value)) is not None:
            # "... REASONS 1.5(B)(D) ------- SUMMARY -------": the heading opens the body.
            lines[after:after] = [heading.group(1), "-----"]
            value = value[: heading.start()]
        front.classified_by = value
        return after
    if _EO_LINE.search(text[:60]):
        front.declassification = " ".join(text.split())
        return index + 1
    if (caveats := caveats_of_line(text)) is not None:
        front.caveats.extend(caveats)
        return index + 1
    return None


def _split_glued_paragraph(lines: list[str], index: int, text: str) -> str:
    """A REF or Classified By line with the first paragraph run onto it is split in two
    (in place); returns the line's text after the split."""
    if (
        "(" in text
        and (REF_LABEL.match(text) or _CLASSIFIED_BY.match(text))
        and (glued := _GLUED_PARAGRAPH.search(text, 5)) is not None
    ):
        lines[index : index + 1] = [text[: glued.start()], text[glued.end() :]]
        text = lines[index]
    if (match := REF_LABEL.match(text)) and (
        prose := _GLUED_PROSE.search(text, match.end())
    ) is not None:
        lines[index : index + 1] = [text[: prose.start()], "", text[prose.end() :]]
        text = lines[index]
    return text


def _end_reference_block_at_caption(front: FrontMatter) -> None:
    """ "REF: ... SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT": the caption ends the block."""
    if front.reference_block and _SBU_PHRASE in front.reference_block.upper():
        cut = front.reference_block.upper().index(_SBU_PHRASE)
        front.reference_block = front.reference_block[:cut]
        front.caveats.append(_SBU_PHRASE)


def _leading_caveats(text: str) -> list[str]:
    """Captions run into the start of a pass line: ``NOFORN SIPDIS DEPT FOR NEA/MAG ...``
    (unwrapped records put the caption lines and the pass line on one line)."""
    found: list[str] = []
    for word in text.split():
        if word not in CAVEAT_WORDS:
            break
        found.append(word)
    return found if len(found) < len(text.split()) else []


def _trailing_caveats(text: str) -> list[str]:
    """Captions run onto the end of a pass line: ``... DOL FOR ILAB SENSITIVE SIPDIS``."""
    words = text.split()
    found: list[str] = []
    while len(words) > 1 and words[-1] in CAVEAT_WORDS:
        found.append(words.pop())
    return found[::-1]


def _tag_continuation(lines: list[str], start: int, lower: bool = False) -> tuple[list[str], int]:
    """Wrapped TAGS lines: upper-case codes only (any case when the TAGS line ended on a
    comma), no blank line in between; a field glued onto a wrapped line (``ECON, UK
    SUBJECT: ...``) is split off in place."""
    collected: list[str] = []
    index = start
    while index < len(lines):
        if lines[index] == PAGE_BREAK:
            index += 1
            continue
        text = lines[index].strip()
        if not text or _starts_field(text) or PARAGRAPH_START.match(text):
            break
        pieces = _split_glued_fields(text)
        if pieces is not None and len(pieces) > 1:
            lines[index : index + 1] = pieces
            text = pieces[0]
        if not _looks_like_codes(text, lower):
            break
        collected.append(text)
        index += 1
    return collected, index


def _looks_like_codes(text: str, lower: bool = False) -> bool:
    """Tag codes and person tags; a line with prose words is a subject that lost its label
    (``DISCUSS HAITI AND OTHER ISSUES, 19 AUGUST 2005``)."""
    outside = re.sub(r"\([^()]*\)?", " ", text).replace(",", " ").split()
    if any(word.upper() in _PROSE_WORDS for word in outside):
        return False
    words = text.replace(",", " ").split()
    return bool(words) and all(
        word.isupper() or lower or word.startswith("(") or not word[0].isalpha() for word in words
    )


def _reference_continuation(lines: list[str], start: int, first: str = "") -> tuple[list[str], int]:
    """REF items may be separated by blank lines; a new item starts with a letter label that
    follows the previous item's (``U) PolOffs delivered ...`` after ``REF: STATE 148540`` is
    the body, not item U)."""
    collected: list[str] = []
    index = start
    while index < len(lines):
        line = lines[index]
        text = line.strip()
        if _is_blank(line):
            following = _next_text(lines, index)
            if following is None or not _REF_ITEM_START.match(following):
                break
            if not _is_next_ref_label(following, [first, *collected]):
                break
            if _MARKED_TEXT.match(following) and not _continues_ref_labels(following, collected):
                break  # "(U) Pol/Econ Chief delivered ...": the body, not item U of the REFs
            index += 1
            continue
        if _starts_field(text) or caveats_of_line(text) is not None:
            break
        if PARAGRAPH_START.match(text) and not _REF_ITEM_START.match(text):
            break
        if _MARKED_TEXT.match(text) and not _continues_ref_labels(text, collected):
            break
        collected.append(text)
        index += 1
    return collected, index


def _is_next_ref_label(text: str, block: list[str]) -> bool:
    """Whether the label opening ``text`` is ``A`` or follows a label already in ``block``."""
    match = _REF_ITEM_LABEL.match(text)
    if match is None:
        return False
    label = match.group(1).upper()
    if label == "A":
        return True
    previous = chr(ord(label) - 1)
    pattern = re.compile(rf"(?:^|\s|¶)\(?{previous}[.)]", re.IGNORECASE)
    return any(pattern.search(line) for line in block)


def _continues_ref_labels(text: str, collected: list[str]) -> bool:
    """Whether ``(C) ...`` is the REF item after an item ``B`` already collected."""
    label = text[1 : text.index(")")]
    if len(label) != 1 or label in "Aa":
        return False
    previous = chr(ord(label) - 1)
    starts = (f"{previous}.", f"({previous})", f"{previous})", f"¶{previous}.")
    return any(line.lstrip().startswith(starts) for line in collected) or any(
        f" {previous}." in line or f"({previous})" in line for line in collected
    )


def _next_text(lines: list[str], index: int) -> str | None:
    while index < len(lines):
        if not _is_blank(lines[index]):
            return lines[index].strip()
        index += 1
    return None
