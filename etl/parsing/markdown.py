"""Markdown-like artefacts of layout (b): ``[PGOV](#)`` tag links and ``[1](#)`` paragraph marks."""

from __future__ import annotations

import re

#: ``[1](#)`` stands where the rendered page had a ``¶`` link.
_PARAGRAPH_MARK = "[1](#)"
_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\(#?[^()\s]{0,200}\)")


def strip_markdown_artefacts(text: str) -> str:
    """``[1](#)`` → ``¶`` and ``[PGOV](#)`` → ``PGOV``; other text is untouched."""
    if "](" not in text:
        return text
    return _LINK.sub(r"\1", text.replace(_PARAGRAPH_MARK, "¶"))
