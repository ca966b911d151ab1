"""list indexes: the enrollments list's default sort (confirmed_at, id) and a whole
asset number, each over live rows only. Independent of the other branches' migrations
(it only adds indexes to tables that exist since 0005 and 0008).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 10:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_enrollments_confirmed_at_live",
        "enrollments",
        ["confirmed_at", "id"],
        sqlite_where=_LIVE,
        postgresql_where=_LIVE,
    )
    op.create_index(
        "ix_equipment_asset_number_live",
        "equipment",
        ["asset_number"],
        sqlite_where=_LIVE,
        postgresql_where=_LIVE,
    )


def downgrade() -> None:
    op.drop_index("ix_equipment_asset_number_live", table_name="equipment")
    op.drop_index("ix_enrollments_confirmed_at_live", table_name="enrollments")
