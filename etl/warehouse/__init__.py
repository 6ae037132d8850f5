"""The warehouse schema: typed SQLAlchemy models of the analyst and bookkeeping tables."""

from etl.warehouse.models import (
    ETL_SCHEMA,
    Base,
    Batch,
    BatchDocument,
    Cable,
    CableReference,
    Entity,
    Paragraph,
    QualityResult,
    RawDocument,
    Recipient,
    Reject,
    Tag,
)

__all__ = [
    "ETL_SCHEMA",
    "Base",
    "Batch",
    "BatchDocument",
    "Cable",
    "CableReference",
    "Entity",
    "Paragraph",
    "QualityResult",
    "RawDocument",
    "Recipient",
    "Reject",
    "Tag",
]

# Imported for its side effect: the staging tables join Base.metadata (Alembic sees them).
import etl.warehouse.staging  # noqa: F401
