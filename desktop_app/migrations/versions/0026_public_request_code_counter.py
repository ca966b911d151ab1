"""public-request tracking codes on the shared numbering: a request remembers which
counter (workstation) of the office made its code (``code_counter``; 0 for every code
made before, ``2701-R000012``, which stays valid and findable as printed). New codes
come from ``models.numbering.next_code``.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("public_requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("code_counter", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("public_requests", schema=None) as batch_op:
        batch_op.drop_column("code_counter")
