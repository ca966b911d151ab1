"""change log: the workstation whose push made a record's current state

Revision ID: s0005
Revises: s0004
Create Date: 2026-12-06 11:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0005"
down_revision = "s0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_changes") as batch:
        batch.add_column(sa.Column("origin_device", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_changes") as batch:
        batch.drop_column("origin_device")
