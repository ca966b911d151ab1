"""the change log read by office and number: ``ix_record_changes_office_seq``
(``origin_office``, ``seq``) in place of the index of ``origin_office`` alone (a
pull's page is its offices' changes after ``since`` in ``seq`` order: the changes
since the last pull are read, not every change of the offices, then sorted)

Revision ID: s0015
Revises: s0014
Create Date: 2026-12-07 14:20:00
"""

from __future__ import annotations

from alembic import op

revision = "s0015"
down_revision = "s0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_record_changes_origin_office", table_name="record_changes")
    op.create_index(
        "ix_record_changes_office_seq", "record_changes", ["origin_office", "seq"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_record_changes_office_seq", table_name="record_changes")
    op.create_index(
        "ix_record_changes_origin_office", "record_changes", ["origin_office"], unique=False
    )
