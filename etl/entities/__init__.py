"""Entity extraction: people, organisations and places mentioned in a cable."""

from etl.entities.extractor import MentionExtractor, default_extractor, extract_mentions
from etl.entities.rules import SIGNER_POSITION, RuleBasedExtractor

__all__ = [
    "SIGNER_POSITION",
    "MentionExtractor",
    "RuleBasedExtractor",
    "default_extractor",
    "extract_mentions",
]
