"""The extractor interface and the module-level entry point used by the pipeline."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from etl.parsing.records import Mention, ParsedCable


class MentionExtractor(Protocol):
    """Anything that turns a parsed cable into entity mentions (rules today, a model later)."""

    def extract(self, cable: ParsedCable) -> list[Mention]:
        """Mentions in the cable's subject, paragraphs and signer, with normalised names."""
        ...


@lru_cache(maxsize=1)
def default_extractor() -> MentionExtractor:
    """The rule-and-gazetteer extractor, built once per process (loads the gazetteer)."""
    from etl.entities.rules import RuleBasedExtractor

    return RuleBasedExtractor()


def extract_mentions(
    cable: ParsedCable, extractor: MentionExtractor | None = None
) -> list[Mention]:
    """Entity mentions of one cable; pure apart from loading the packaged gazetteer once."""
    return (extractor or default_extractor()).extract(cable)
