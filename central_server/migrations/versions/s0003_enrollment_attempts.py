"""enrollment attempts (the enrollment rate limit)

Revision ID: s0003
Revises: s0002
Create Date: 2026-12-06 11:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0003"
down_revision = "s0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enrollment_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_key", sa.String(length=300), nullable=False),
        sa.Column("device_uid", sa.String(length=36), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment_attempts")),
    )
    op.create_index("ix_enrollment_attempts_client_at", "enrollment_attempts", ["client_key", "at"])


def downgrade() -> None:
    op.drop_index("ix_enrollment_attempts_client_at", table_name="enrollment_attempts")
    op.drop_table("enrollment_attempts")
