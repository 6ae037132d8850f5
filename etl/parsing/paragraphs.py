"""Body paragraphs: numbering, markings, headings, rejoined wrapping, summary and comment.

``Paragraph.heading`` is the section line a paragraph falls under (carried to the paragraphs
after it until the next one) or, failing a section line right above it, the inline label
that opens its own text (``2. (C) Comment: ...`` gives ``Comment``). The label stays in the
text, so the text is what the cable says and summary/comment detection reads it as before;
it heads that paragraph only, the section line in force resumes after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.parsing.front_matter import PARAGRAPH_START
from etl.parsing.inline_labels import NOT_HEADING_TEXT, inline_label
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


#: A dashed (or starred, ...) rule (``-----``, ``- - -``); runs split by spaces count as one.
_RULE_RUN = r"(?:[-=_*~]{3,}|[-=_*~](?: [-=_*~]){2,})(?:[ \t]+[-=_*~]+)*"
_RULE_INSIDE = re.compile(r"[-=_*~]{3}|[-=_*~] [-=_*~] [-=_*~]")
#: A line that :data:`_RULE` takes for a rule, searched in a whole body at once.
_ANY_RULE_LINE = re.compile(r"^[ \t]*[-=_*~][-=_*~ \t]{2,}$", re.M)
#: A rule ending a line: ``SUMMARY -------``, ``... rates. Economic Assistance -----``.
_TRAILING_RULE = re.compile(rf"\s*{_RULE_RUN}\s*$")
#: A rule opening a heading: at the line start or after a sentence end
#: (``... (ref J). ----- Relating to the Street -----``).
_OPENING_RULE = re.compile(rf"(?:^|(?<=[.!?\"')\]\u201d])\s+){_RULE_RUN}\s*")
#: A ruled heading glued before the next numbered paragraph: ``----- Heading ----- 2. (C)``.
_RULED_HEAD = re.compile(
    rf"^{_RULE_RUN}\s*(?P<head>[^\s=_*~-](?:(?![-=_*~]{{3}}).){{1,119}}?)\s*{_RULE_RUN}\s+"
    r"(?P<rest>(?:¶\s?)?\d{1,2}[.)].*)$"
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d)\]]*\s+")
_INITIALS = re.compile(r"(?:^|\s)(?:[A-Z]\.)*[A-Z]$")
#: An unwrapped record prints a paragraph per line: a short line right under one of these
#: can be a heading of its own (wrapped records never have lines this long).
_UNWRAPPED_LINE = 100
_HEADING_LINE = 120
_RULE_LINE = "-----"
#: Share of the longer words a heading without a rule must capitalise (title or capitals).
_TITLE_SHARE = 0.6


def _after_last_sentence(text: str) -> int:
    """Where the text after the last sentence end starts (0 when none): initials such as
    ``U.S.`` end no sentence."""
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _INITIALS.search(text, 0, match.start()) is None:
            start = match.end()
    return start


def _heading_like(text: str) -> bool:
    return (
        0 < len(text) <= _HEADING_LINE
        and not text[0].islower()
        and text[-1] not in ".,;:"
        and PARAGRAPH_START.match(text) is None
    )


def _title_like(text: str) -> bool:
    """Title case or capitals: most words of four letters or more capitalised."""
    words = [word for word in text.split() if len(word) >= 4]
    if not words:
        return text[:1].isupper()
    return sum(word[0].isupper() for word in words) >= _TITLE_SHARE * len(words)


def _split_ruled(text: str) -> list[str] | None:
    """A line carrying a ruled heading as separate lines: text above, a blank, the heading
    and a rule under it (the rule marks the heading for :func:`build_paragraphs`)."""
    head = _RULED_HEAD.match(text) if text[0] in _RULE_CHARACTERS else None
    if head is not None:
        return ["", head.group("head"), _RULE_LINE, "", head.group("rest")]
    if text[-1] not in _RULE_CHARACTERS:
        return None  # no rule ends the line (the search below would scan all of it)
    tail = _TRAILING_RULE.search(text)
    if tail is None:
        return None
    body = text[: tail.start()].rstrip()
    openings = list(_OPENING_RULE.finditer(body))
    opening = openings[-1] if openings else None
    if opening is not None:
        before, heading = body[: opening.start()].rstrip(), body[opening.end() :]
    else:
        cut = _after_last_sentence(body)
        before, heading = body[:cut].rstrip(), body[cut:]
        if before and len(body) < _UNWRAPPED_LINE:
            return None  # a short line under a rule: a wrapped sentence, not a heading
    heading = heading.strip()
    if _RULE_INSIDE.search(heading) or not _heading_like(heading.rstrip(".")):
        return None
    return [before, "", heading, _RULE_LINE] if before else ["", heading, _RULE_LINE]


def _split_glued_heading(text: str) -> list[str] | None:
    """``... End Summary. Carl Bildt: Medium Size Dog`` over a numbered paragraph: an
    unwrapped paragraph with the next section's heading glued after its last sentence."""
    cut = _after_last_sentence(text)
    heading = text[cut:]
    if cut == 0 or not _heading_like(heading) or not _title_like(heading):
        return None
    return [text[:cut].rstrip(), "", heading, _RULE_LINE]


def _headings_apart(lines: list[str]) -> list[str]:
    """Heading lines separated from the text around them: ruled headings on a text line,
    and a heading line with no blank line above it (over a rule, or a short line under an
    unwrapped paragraph and over a numbered one)."""
    # A hard-wrapped body with no rule anywhere has none of these: decided by two scans of
    # the joined text instead of the loop (most cables; parse speed).
    if max(map(len, lines), default=0) <= _UNWRAPPED_LINE:
        joined = "\n".join(lines)
        if _RULE_INSIDE.search(joined) is None and _ANY_RULE_LINE.search(joined) is None:
            return lines
    out: list[str] = []
    last = len(lines) - 1
    above = ""  # the previous line, right-stripped
    for index, line in enumerate(lines):
        text = line.strip()
        # Cheap tests first: this runs on every line of the body.
        if len(text) >= 5 and (
            "---" in text or "===" in text or "***" in text or "___" in text or "- - -" in text
        ):
            if _RULE_INSIDE.search(text) is not None and not _RULE.match(text):
                split = _split_ruled(text)
                if split is not None:
                    out.extend(split)
                    above = split[-1]
                    continue
        elif index < last and text:
            if (
                len(text) > _UNWRAPPED_LINE
                and text[-1] not in _SENTENCE_END
                and _numbered_next(lines, index + 1)
            ):
                split = _split_glued_heading(text)
                if split is not None:
                    out.extend(split)
                    above = split[-1]
                    continue
            elif (
                above
                and above[-1] in _SENTENCE_END
                and (len(above) > _UNWRAPPED_LINE or lines[index + 1].lstrip()[:1] in "-=_*~")
                and _heading_like(text)
            ):
                below = lines[index + 1].strip()
                if (below[:1] in _RULE_CHARACTERS and _RULE.match(below) is not None) or (
                    len(above) > _UNWRAPPED_LINE and _numbered_next(lines, index + 1)
                ):
                    out.extend(["", text, _RULE_LINE])
                    above = _RULE_LINE
                    continue
        out.append(line)
        above = text
    return out


def _numbered_next(lines: list[str], start: int) -> bool:
    """Whether the next non-blank line from ``start`` opens a numbered paragraph."""
    for line in lines[start : start + 3]:
        text = line.strip()
        if text:
            return PARAGRAPH_START.match(text) is not None and text[0] in "¶0123456789"
    return False


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


#: A number glued to the first word of its paragraph (``1.Key Points: ...``, ``6.The close
#: cooperation ...``): a capitalised word, so decimals (``1.4``) never match.
_GLUED_NUMBER = re.compile(r"^()(\d{1,2})\.()(?=[A-Z][A-Za-z]{2})")


def _start_paragraph(text: str, after_blank: bool) -> _Draft | None:
    match = PARAGRAPH_START.match(text)
    if match is None:
        match = _GLUED_NUMBER.match(text) if after_blank else None
        if match is None:
            return None
    pilcrow, number, letter = (group or None for group in match.groups())
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
    if _NOT_HEADING.search(text) or NOT_HEADING_TEXT.search(text) is not None:
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
    lines = _headings_apart(lines)
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
    section_above = False
    # In a numbered body a section line stands right above a numbered paragraph; a short
    # line above unnumbered text is a list item or a label's value ("PURPOSE:" / "To be
    # used during ..."), not a heading, unless a rule marks it as one.
    numbered_body = any(draft.numbered for draft in drafts)
    for index, draft in enumerate(drafts):
        following = drafts[index + 1] if index + 1 < len(drafts) else None
        if (
            following is not None
            and (following.numbered or draft.ruled or not numbered_body)
            and not (index and texts[index - 1].endswith(":"))  # a field's value
            and _is_heading(draft)
            and not _is_heading(following)
        ):
            heading = draft.lines[0].strip().rstrip(":")
            upper = heading.upper()
            in_summary = upper in ("SUMMARY", "SUMMARY AND COMMENT")
            in_comment = upper in ("COMMENTS", "EMBASSY COMMENT", "POST COMMENT") or bool(
                _COMMENT_START.match(heading)  # "COMMENT - WHAT TO DO WITH THE FILES?"
            )
            section_above = True
            continue
        text = texts[index]
        if not text:
            continue
        # An inline label heads its paragraph and those after it, like a section line; a
        # section line right above the paragraph stays its heading (the label is in the text).
        label = inline_label(text) if draft.numbered and not section_above else None
        section_above = False
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
                heading=label if label is not None else heading,
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
