"""service cards: visit levels ("مراجعه به دستگاه: ملی / استانی / شهرستانی"); existing
cards get an empty list

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 02:02:39.684684
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_cards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("visit_levels", sa.JSON(), server_default="[]", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("service_cards", schema=None) as batch_op:
        batch_op.drop_column("visit_levels")
