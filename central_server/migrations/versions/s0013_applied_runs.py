"""stored results: a run of a device's plain inserts in one row (``applied_runs``);
the change log says which workstation inserted a record (``inserted_by``)

Revision ID: s0013
Revises: s0012
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0013"
down_revision = "s0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applied_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("device_uid", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("mutation_ids", sa.Text(), nullable=False),
        sa.Column("change_seqs", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applied_runs")),
    )
    op.create_index("ix_applied_runs_device_seq", "applied_runs", ["device_uid", "last_seq"])
    with op.batch_alter_table("record_changes") as batch:
        batch.add_column(sa.Column("inserted_by", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_changes") as batch:
        batch.drop_column("inserted_by")
    op.drop_index("ix_applied_runs_device_seq", table_name="applied_runs")
    op.drop_table("applied_runs")
