"""The TAGS line: subject and country codes, person tags, typos in the label."""

from __future__ import annotations

import re

#: ``TAGS:``, ``TAGS``, and the label typos seen in real cables (TAGE, TAS, TGS, TAG).
TAGS_LABEL = re.compile(r"^(?:TAGSS|TAGS|TAGE|TAS|TGS|TAG)\b\s*[:;.]?\s*", re.I)
_TOKEN = re.compile(r"\(([^()\n]{0,120})\)|[^\s,;()]+")


def tags_label_end(line: str) -> int | None:
    """Where the tag codes start if ``line`` is a TAGS line, else None."""
    match = TAGS_LABEL.match(line)
    if match is None:
        return None
    label = line[: match.end()].strip().rstrip(":;.").upper()
    # "TAS"/"TAG" are typos only when followed by a colon or codes, never prose like "Task".
    if label in ("TAS", "TAG", "TGS") and ":" not in line[: match.end() + 1]:
        rest = line[match.end() :].split()
        if not rest or not rest[0].rstrip(",").isupper():
            return None
    return match.end()


def parse_tags(text: str) -> list[str]:
    """``PGOV, ZANU-PF OVIP (X, Y)`` → ``["PGOV", "ZANU-PF", "OVIP (X, Y)"]``.

    A parenthesised person name belongs to the tag before it (``OVIP``).
    """
    tags: list[str] = []
    for match in _TOKEN.finditer(text):
        person = match.group(1)
        if person is not None:
            if tags and person.strip():
                tags[-1] = f"{tags[-1]} ({' '.join(person.split())})"
            continue
        token = match.group(0).strip(".:-_*'\"")
        if token:
            tags.append(token.upper())
    return list(dict.fromkeys(tags))
