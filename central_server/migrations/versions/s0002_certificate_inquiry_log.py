"""certificate inquiry log

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-22 03:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_inquiry_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_key", sa.String(length=300), nullable=False),
        sa.Column("client_ip", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("device_office", sa.String(length=20), nullable=False),
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("national_code", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_inquiry_log")),
    )
    op.create_index(
        "ix_certificate_inquiry_log_client_at",
        "certificate_inquiry_log",
        ["client_key", "asked_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_certificate_inquiry_log_client_at", table_name="certificate_inquiry_log")
    op.drop_table("certificate_inquiry_log")
