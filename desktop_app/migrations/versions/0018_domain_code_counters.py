"""domain code counters: donation receipts, training workshops, workshop letters and
completion certificates remember which counter (workstation) of the office made their
code (``code_counter``; 0 for every code made before, which keeps it valid and
findable as printed). Their codes now come from ``models.numbering.next_code``.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 12:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TABLES = ("gifts", "training_workshops", "workshop_letters", "workshop_certificates")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("code_counter", sa.Integer(), nullable=False, server_default="0")
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("code_counter")
