"""code counters: enrollments, courses and certificates remember which counter
(workstation) of the office made their code (``code_counter``; 0 for every code made
before counters existed, which keeps it valid and findable as printed).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("enrollments", "courses", "certificates")


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
