"""the check's figures kept by the push writer: ``check_figures`` and ``check_tombstones``
(``central_server.check_figures``), every synced table counted once

Revision ID: s0014
Revises: s0013
Create Date: 2026-12-06 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0014"
down_revision = "s0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_figures",
        sa.Column("table_name", sa.String(length=80), nullable=False),
        sa.Column("office", sa.String(length=20), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "office", name=op.f("pk_check_figures")),
    )
    op.create_table(
        "check_tombstones",
        sa.Column("table_name", sa.String(length=80), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "record_id", name=op.f("pk_check_tombstones")),
    )
    from central_server.check_figures import recount
    from central_server.db import shared_tables

    bind = op.get_bind()
    present = set(sa.inspect(bind).get_table_names())
    recount(bind, sorted(shared_tables() & present))


def downgrade() -> None:
    op.drop_table("check_tombstones")
    op.drop_table("check_figures")
