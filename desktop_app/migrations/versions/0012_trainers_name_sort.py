"""trainers name_sort: the Persian sort key of "last first", indexed, filled for
existing rows (the trainers list sorts by it instead of ``COLLATE PERSIAN``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 02:41:01.980973
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trainers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_sort", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_trainers_name_sort"), ["name_sort"], unique=False)
    _fill_name_sort()


def _fill_name_sort() -> None:
    """The sort key of every existing trainer (new rows get it from the service)."""
    from desktop_app.persian import sort_key

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, first_name, last_name FROM trainers")).all()
    if rows:
        conn.execute(
            sa.text("UPDATE trainers SET name_sort = :key WHERE id = :id"),
            [
                {"key": sort_key(f"{last or ''} {first or ''}"), "id": row_id}
                for row_id, first, last in rows
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("trainers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trainers_name_sort"))
        batch_op.drop_column("name_sort")
