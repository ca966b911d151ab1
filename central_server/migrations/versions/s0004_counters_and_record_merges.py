"""counter numbers of devices (unique per office; existing enrolled devices numbered
in enrollment order) and the record merges of natural keys

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-06 10:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counter_number", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            "uq_devices_office_code_counter_number", ["office_code", "counter_number"]
        )
    _number_enrolled_devices()
    op.create_table(
        "record_merges",
        sa.Column("table_name", sa.String(length=80), nullable=False),
        sa.Column("loser_id", sa.String(length=36), nullable=False),
        sa.Column("winner_id", sa.String(length=36), nullable=False),
        sa.Column("device_uid", sa.String(length=36), nullable=False),
        sa.Column("conflict_fields", sa.Text(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "loser_id", name=op.f("pk_record_merges")),
    )
    with op.batch_alter_table("record_merges", schema=None) as batch_op:
        batch_op.create_index("ix_record_merges_winner_id", ["winner_id"], unique=False)


def _number_enrolled_devices() -> None:
    """Counters 1, 2, 3 … per office for the workstations enrolled before counters
    existed (in enrollment order); they learn theirs at their next sync."""
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, office_code, device_uid FROM devices WHERE device_uid IS NOT NULL "
            "ORDER BY office_code, enrolled_at, id"
        )
    ).all()
    given: dict[tuple[str, str], int] = {}
    top: dict[str, int] = {}
    for device_id, office, uid in rows:
        number = given.get((office, uid))
        if number is None:
            number = top.get(office, 0) + 1
            top[office] = number
            given[(office, uid)] = number
            conn.execute(
                sa.text("UPDATE devices SET counter_number = :n WHERE id = :id"),
                {"n": number, "id": device_id},
            )


def downgrade() -> None:
    op.drop_table("record_merges")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_constraint("uq_devices_office_code_counter_number", type_="unique")
        batch_op.drop_column("counter_number")
