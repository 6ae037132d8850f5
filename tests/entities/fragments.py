"""Helpers of the entity tests: the mentions of a cable built from invented paragraphs."""

from __future__ import annotations

from etl.entities import extract_mentions
from etl.parsing.records import Mention, Paragraph, ParsedCable


def mentions_of(*paragraphs: str, subject: str = "", **fields: object) -> list[Mention]:
    """The mentions of a cable whose paragraphs are ``paragraphs`` (other fields as given)."""
    cable = ParsedCable(
        subject=subject,
        paragraphs=[Paragraph(i, text) for i, text in enumerate(paragraphs, start=1)],
        **fields,  # type: ignore[arg-type]
    )
    return extract_mentions(cable)


def names(mentions: list[Mention], kind: str) -> set[str]:
    """The names of the mentions of ``kind``."""
    return {m.name for m in mentions if m.kind == kind}


def canonicals(mentions: list[Mention], kind: str) -> set[str]:
    """The canonical names (identities) of the mentions of ``kind``."""
    return {m.canonical for m in mentions if m.kind == kind}
