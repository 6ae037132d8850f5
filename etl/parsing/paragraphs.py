"""Body paragraphs: numbering, markings, headings, rejoined wrapping, summary and comment."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.parsing.front_matter import PARAGRAPH_START
from etl.parsing.page_breaks import PAGE_BREAK
from etl.parsing.records import Paragraph

_MARKING = re.compile(r"^\(([A-Z]{1,4}(?:\s?/{1,2}\s?[A-Z]{1,6})?)\)\s*")
_RULE = re.compile(r"^[-=_*~ ]{3,}$")
_RULE_CHARACTERS = frozenset("-=_*~")
_RULED_HEADING = re.compile(r"^(?:-{3,}\s*)?([A-Za-z(\"][^.!?]{1,118}?[^.!?\s-])\s*-{3,}$")
_LONGEST_TITLE = 100
#: A dashed heading inside a long unwrapped line.
_INLINE_HEADING = re.compile(r"(?:^|\s)-{4,}\s*([A-Za-z\"'(][^.!?\n]{1,90}?)\s*-{4,}(?=\s|$)")
#: Lines that are never headings: field labels, captions, redactions, section breaks, and
#: lines that stop mid-phrase (``... EDUCATION EFFORTS AND``).
_NOT_HEADING = re.compile(
    r"^(?:REFS?\b|REFTEL\b|REASON\b|CLASSIFIED BY\b|E\.\s?O\.|TAGS\b)"
    r"|^(?:(?:NOFORN|SIPDIS|SENSITIVE|EXDIS|NODIS|LIMDIS)\s*)+$|^X{5,}$"
    r"|\d{4,8}\s+\d{1,3}(?:\.\d)?\s+OF\s+\d{1,3}$"
    r"|\s(?:AND|OF|THE|TO|IN|FOR|WITH|OR)$",
    re.IGNORECASE,
)
_SENTENCE_END = frozenset(".!?:;\")']")
_SUMMARY_START = re.compile(r"^(?:BEGIN\s+|START\s+OF\s+)?SUMMARY\b", re.I)
_SUMMARY_END = re.compile(r"\bEND\s+(?:OF\s+)?SUMMARY\b", re.I)
_COMMENT_START = re.compile(r"^(?:BEGIN\s+|POST\s+|EMBASSY\s+|\d+\.\s+)?COMMENT\b", re.I)
_COMMENT_END = re.compile(r"\bEND\s+(?:OF\s+)?COMMENT\b", re.I)
_SUMMARY_LABEL = re.compile(r"^(?:BEGIN\s+)?SUMMARY\s*(?:[:.\-]+\s*|$)", re.I)
_COMMENT_LABEL = re.compile(r"^(?:BEGIN\s+|POST\s+|EMBASSY\s+)?COMMENT\s*(?:[:.\-]+\s*|$)", re.I)


#: Records unwrapped into one long line keep several paragraphs on it: ``... Kaliningrad.
#: 5. (SBU) When asked ...``. A number with a marking after a sentence end starts one.
_LONG_LINE = 300
_RUN_ON_PARAGRAPH = re.compile(r"\s(?:¶\s?)?\d{1,2}\.\s{0,2}\((?:U|C|S|SBU|TS|LOU|S/NF|C/NF)\)\s")
_SENTENCE_CLOSE = frozenset(".!?\"')-\u201d")
#: A dashed heading run into such a line: ``End summary. ----- EU UNBUNDLING -----`` or
#: ``... in Russia. Environment the Main Concern ------`` at the end of a piece.
_RUN_ON_HEADING = re.compile(
    r"(?:^|(?<=[.!?\"')]))\s*(?:-{3,}\s+)?([^.!?\s\"')-][^.!?]{1,79}?)\s+-{3,}\s*$"
)


def _split_inline_headings(lines: list[str]) -> list[str]:
    """``... (Al Ahram). ------- A Forum Opens ------- The minister ...`` in a long line:
    the heading goes on a line of its own above a rule, the text around it on its own."""
    if not any(len(line) >= _LONG_LINE and "----" in line for line in lines):
        return lines
    split: list[str] = []
    for line in lines:
        if len(line) < _LONG_LINE or "----" not in line:
            split.append(line)
            continue
        start = 0
        for match in _INLINE_HEADING.finditer(line):
            before = line[start : match.start()].strip()
            split.extend([before, ""] if before else [])
            split.extend([match.group(1).strip(), "-----", ""])
            start = match.end()
        split.append(line[start:].strip())
    return split


def _run_on_pieces(line: str) -> list[str] | None:
    """``line`` cut before each numbered, marked paragraph that follows a sentence end; None
    when there is no such cut."""
    cuts = [0]
    for match in _RUN_ON_PARAGRAPH.finditer(line):
        end = match.start()
        while end > 0 and line[end - 1].isspace():
            end -= 1
        if end > 0 and line[end - 1] in _SENTENCE_CLOSE:
            cuts.append(match.start() + 1)
    if len(cuts) == 1:
        return None
    cuts.append(len(line))
    return [line[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _split_run_on(lines: list[str]) -> list[str]:
    """Long lines holding several paragraphs become one line per paragraph, blank lines
    between, with a dashed heading on a line of its own above a rule."""
    split: list[str] = []
    for line in _split_inline_headings(lines):
        pieces = _run_on_pieces(line) if len(line) >= _LONG_LINE and ". (" in line else None
        if pieces is None:
            split.append(line)
            continue
        for piece in pieces:
            heading = _RUN_ON_HEADING.search(piece)
            if heading is not None:
                before = piece[: heading.start()].strip()
                split.extend([before, ""] if before else [])
                split.extend([heading.group(1).strip(), "-----", ""])
            else:
                split.extend([piece.strip(), ""])
    return split


@dataclass(slots=True)
class _Draft:
    lines: list[str] = field(default_factory=list)
    label: str | None = None
    marking: str | None = None
    heading: str | None = None
    numbered: bool = False
    ruled: bool = False  # a dashed rule was printed under it: it is a heading

    def text(self) -> str:
        return _join(self.lines)


@dataclass(frozen=True, slots=True)
class BodyParagraphs:
    """Paragraphs plus the summary and comment passages they contain."""

    paragraphs: list[Paragraph]
    summary: str | None
    comment: str | None


def _join(lines: list[str]) -> str:
    """Rejoin hard-wrapped lines; a word split by a hyphen at a line end keeps its hyphen."""
    parts: list[str] = []
    for line in lines:
        piece = " ".join(line.split()) if "  " in line or "\t" in line else line.strip()
        if not piece:
            continue
        if parts and parts[-1].endswith("-") and parts[-1][-2:-1].isalpha():
            parts[-1] += piece
        else:
            parts.append(piece)
    return " ".join(parts)


def _start_paragraph(text: str, after_blank: bool) -> _Draft | None:
    match = PARAGRAPH_START.match(text)
    if match is None:
        return None
    pilcrow, number, letter = match.groups()
    if pilcrow is None and (letter is not None or not after_blank):
        return None  # "A." or a mid-paragraph "2." is not a paragraph number without a ¶
    rest = text[match.end() :].lstrip()
    marking = _MARKING.match(rest)
    draft = _Draft(label=number or letter, numbered=True)
    if marking:
        draft.marking = " ".join(marking.group(1).split())
        rest = rest[marking.end() :]
    if rest:
        draft.lines.append(rest)
    return draft


def _unnumbered(text: str) -> _Draft:
    """A paragraph without a number; a marking opening it (``(S) A/DCM delivered ...``) is
    its marking, as on a numbered one."""
    marking = _MARKING.match(text) if text[0] == "(" else None
    if marking is None or not text[marking.end() :].strip():
        return _Draft(lines=[text])
    rest = text[marking.end() :]
    return _Draft(lines=[rest], marking=" ".join(marking.group(1).split()))


def _heading_above_rule(draft: _Draft) -> str | None:
    """The last line of ``draft`` when it is a heading printed straight under the previous
    sentence and above a rule (taken off the draft), else None."""
    if len(draft.lines) < (1 if draft.numbered else 2):
        return None
    last = draft.lines[-1].strip()
    before = draft.lines[-2].rstrip() if len(draft.lines) > 1 else ""
    if not last or len(last) > 120 or last[-1] in ".,;" or last[0].islower():
        return None
    if len(draft.lines) > 1 and (not before or before[-1] not in _SENTENCE_CLOSE):
        return None
    if draft.numbered and len(draft.lines) == 1:
        return None
    draft.lines.pop()
    return last


def _continues(previous: _Draft, text: str, across_break: bool) -> bool:
    """Whether a block after a blank line (or page break) is the same sentence going on."""
    if not previous.lines or previous.ruled:
        return False
    tail = previous.lines[-1].rstrip()
    if not tail or tail[-1] in _SENTENCE_END:
        return False
    if across_break:
        return True
    return text[0].islower()


def _fix_labels(drafts: list[_Draft]) -> None:
    """``[1](#)`` artefacts turned ``¶5.`` into ``15.``: restore the number the order implies."""
    expected = 1
    for draft in drafts:
        label = draft.label
        if label is None or not label.isdigit():
            continue
        number = int(label)
        if number != expected and label.startswith("1") and label[1:] == str(expected):
            draft.label = label[1:]
            number = expected
        expected = number + 1


def _is_heading(draft: _Draft) -> bool:
    if draft.numbered or draft.marking or len(draft.lines) != 1:
        return False
    text = draft.lines[0].strip()
    if _NOT_HEADING.search(text):
        return False
    if draft.ruled:
        return len(text) <= 120
    if text[-1] in ".,;" or text[0].islower():
        return False
    # A title-cased or upper-case line may run longer than a plain short line.
    return len(text) <= 60 or (len(text) <= _LONGEST_TITLE and _is_title(text))


def _is_title(text: str) -> bool:
    """Upper case, or most words capitalised (``An Eager Brazil Gives Us the Opportunity``)."""
    if text.isupper():
        return True
    words = [word for word in text.split() if word[0].isalpha()]
    capitalised = sum(1 for word in words if word[0].isupper())
    return len(words) >= 3 and capitalised >= 0.6 * len(words)


def build_paragraphs(lines: list[str]) -> BodyParagraphs:
    """Group body lines into paragraphs (``lines`` start after the front matter)."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    after_blank = True
    across_break = False
    for line in _split_run_on(lines):
        if line == PAGE_BREAK:
            across_break = True
            continue
        text = line.strip()
        if not text:
            after_blank = True
            continue
        if text == "SIPDIS" or text == "NNNN":
            continue  # SIPDIS is stamped in mid-text by the distribution system
        if text.startswith("SIPDIS "):
            text = text[7:]
        if "---" in text and (ruled := _RULED_HEADING.match(text)) is not None:
            # "----- Divisions Dog the Party -----" or "Hopeful for Elections -----": a
            # heading with its rule on the same line.
            current = _Draft(lines=[ruled.group(1)], ruled=True)
            drafts.append(current)
            after_blank = True
            continue
        if text[0] in _RULE_CHARACTERS and _RULE.match(text):
            if current is not None and not current.numbered and len(current.lines) == 1:
                current.ruled = True
            elif current is not None and (heading := _heading_above_rule(current)) is not None:
                # "...last sentence.\nA Heading\n-----": no blank line set the heading apart.
                current = _Draft(lines=[heading], ruled=True)
                drafts.append(current)
            after_blank = True
            continue
        started = (
            _start_paragraph(text, after_blank or across_break)
            if text[0] == "¶" or text[0].isdigit()
            else None
        )
        if started is not None:
            current = started
            drafts.append(current)
        elif (
            current is None
            or current.ruled
            or ((after_blank or across_break) and not _continues(current, text, across_break))
        ):
            current = _unnumbered(text)
            drafts.append(current)
        else:
            current.lines.append(text)
        after_blank = False
        across_break = False
    _fix_labels(drafts)
    return _finish(drafts)


def _finish(drafts: list[_Draft]) -> BodyParagraphs:
    paragraphs: list[Paragraph] = []
    texts = [draft.text() for draft in drafts]
    # Substring checks first: the patterns only run on the few paragraphs that can match.
    uppers = [text.upper() for text in texts]
    # Without an END SUMMARY marker anywhere, a "Summary:" paragraph is the whole summary.
    summary_has_end = any("SUMMARY" in upper and _SUMMARY_END.search(upper) for upper in uppers)
    heading: str | None = None
    in_summary = in_comment = False
    summary_parts: list[str] = []
    comment_parts: list[str] = []
    for index, draft in enumerate(drafts):
        following = drafts[index + 1] if index + 1 < len(drafts) else None
        if _is_heading(draft) and following is not None and not _is_heading(following):
            heading = draft.lines[0].strip().rstrip(":")
            upper = heading.upper()
            in_summary = upper in ("SUMMARY", "SUMMARY AND COMMENT")
            in_comment = upper in ("COMMENT", "COMMENTS", "EMBASSY COMMENT", "POST COMMENT")
            continue
        text = texts[index]
        if not text:
            continue
        upper = uppers[index]
        mentions_summary = "SUMMARY" in upper
        mentions_comment = "COMMENT" in upper
        summary_opened_here = mentions_summary and bool(_SUMMARY_START.match(text))
        in_summary = in_summary or summary_opened_here
        if mentions_comment and _COMMENT_START.match(text):
            in_comment = True
        is_summary, is_comment = in_summary, in_comment
        if is_summary:
            summary_parts.append(text)
        if is_comment:
            comment_parts.append(text)
        if (mentions_summary and _SUMMARY_END.search(upper)) or (
            summary_opened_here and not summary_has_end
        ):
            in_summary = False
        if mentions_comment and _COMMENT_END.search(upper):
            in_comment = False
        paragraphs.append(
            Paragraph(
                position=len(paragraphs) + 1,
                text=text,
                number_label=draft.label,
                marking=draft.marking,
                heading=heading,
                is_summary=is_summary,
                is_comment=is_comment,
            )
        )
    return BodyParagraphs(
        paragraphs=paragraphs,
        summary=_passage(summary_parts, _SUMMARY_LABEL, _SUMMARY_END),
        comment=_passage(comment_parts, _COMMENT_LABEL, _COMMENT_END),
    )


def _passage(parts: list[str], label: re.Pattern[str], end: re.Pattern[str]) -> str | None:
    """Joined passage without its ``SUMMARY:`` label and ``END SUMMARY`` marker."""
    if not parts:
        return None
    text = label.sub("", "\n\n".join(parts), count=1)
    match = end.search(text)
    if match is not None:
        text = text[: match.start()]
    text = text.strip().rstrip("(").strip()
    return text or None
