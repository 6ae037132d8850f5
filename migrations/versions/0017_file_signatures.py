"""File signatures: a reload of unchanged files does not read or hash them again.

``etl.file_signatures`` keeps, per input file read in full that held only plain documents, its
real path and what ``stat`` said (device, inode, size, modification and status-change times in
nanoseconds); ``etl.file_signature_documents`` the documents it held. A load that finds the
same signature takes those documents as landed (``etl.ingest.signatures``).

Revision ID: 0017_file_signatures
Revises: 0016_listed_renderings
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_file_signatures"
down_revision: str | Sequence[str] | None = "0016_listed_renderings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _column(name: str, comment: str) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), nullable=False, comment=comment)


def upgrade() -> None:
    op.create_table(
        "file_signatures",
        sa.Column(
            "file_key",
            sa.Text(collation="C"),
            nullable=False,
            comment="Real (absolute) path of the file.",
        ),
        _column("device", "Device number of the file system holding it (st_dev)."),
        _column("inode", "Inode number (st_ino)."),
        _column("size_bytes", "Size in bytes (st_size)."),
        _column("mtime_ns", "Last modification, nanoseconds since the epoch (st_mtime_ns)."),
        _column(
            "ctime_ns",
            "Last status change, nanoseconds since the epoch (st_ctime_ns; changes with any "
            "write, even one that keeps the modification time).",
        ),
        _column("batch_id", "Batch that read the file with this signature (etl.batches)."),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the signature was recorded.",
        ),
        sa.PrimaryKeyConstraint("file_key", name=op.f("pk_file_signatures")),
        schema="etl",
        comment="One row per input file read in full that held only plain documents: its "
        "signature when it was read; a later load finding the same signature takes its "
        "documents (etl.file_signature_documents) as landed without reading it.",
    )
    op.create_table(
        "file_signature_documents",
        sa.Column(
            "file_key",
            sa.Text(collation="C"),
            nullable=False,
            comment="File that held the document (etl.file_signatures).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order of the document in the file (1-based).",
        ),
        sa.Column(
            "suffix",
            sa.Text(),
            nullable=False,
            comment="What the document's source path adds to the file's: empty for a plain "
            "file, !member for an archive member, #row=N for a cables.csv record.",
        ),
        _column("document_id", "The document's content (etl.raw_documents)."),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["etl.raw_documents.document_id"],
            name=op.f("fk_file_signature_documents_document_id_raw_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["file_key"],
            ["etl.file_signatures.file_key"],
            name=op.f("fk_file_signature_documents_file_key_file_signatures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("file_key", "position", name=op.f("pk_file_signature_documents")),
        schema="etl",
        comment="The documents a signed file (etl.file_signatures) held when it was read, in "
        "reading order.",
    )
    op.create_index(
        op.f("ix_file_signature_documents_document_id"),
        "file_signature_documents",
        ["document_id"],
        unique=False,
        schema="etl",
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_file_signature_documents_document_id"),
        table_name="file_signature_documents",
        schema="etl",
    )
    op.drop_table("file_signature_documents", schema="etl")
    op.drop_table("file_signatures", schema="etl")
