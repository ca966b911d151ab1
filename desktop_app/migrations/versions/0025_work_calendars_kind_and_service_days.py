"""work calendars kind and service days: the deadline table keeps answer days per request
kind (``kind_days``: {"complaint": 7, …}) and per service card (``service_days``: {card
id: days}, the service's own SLA promise); a request waits its service's days, else its
kind's, else ``answer_days``. Every table saved before names none, so its requests keep
the deadline they had.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("work_calendars", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind_days", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(
            sa.Column("service_days", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("work_calendars", schema=None) as batch_op:
        batch_op.drop_column("service_days")
        batch_op.drop_column("kind_days")
