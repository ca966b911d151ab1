"""sync problems (pulled rows set aside) and held conflicts

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 11:00:00

Independent of other branches' migrations: it only creates ``sync_problems`` and adds
two columns to ``sync_conflicts``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop_app.models.database import migrates_table

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not migrates_table(
        "sync_problems"
    ):  # the sync client's own tables are local to the workstation
        return
    op.create_table(
        "sync_problems",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=80), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("values", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_tried_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_problems")),
    )
    with op.batch_alter_table("sync_problems", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_problems_record_id"), ["record_id"], unique=False)
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("op", sa.String(length=10), nullable=False, server_default="update")
        )
        batch_op.add_column(sa.Column("depends_on", sa.String(length=36), nullable=True))


def downgrade() -> None:
    if not migrates_table(
        "sync_problems"
    ):  # the sync client's own tables are local to the workstation
        return
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_column("depends_on")
        batch_op.drop_column("op")
    with op.batch_alter_table("sync_problems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_problems_record_id"))
    op.drop_table("sync_problems")
