"""drop the workstation's own tables from a server migrated before the table scope

The server runs the workstation's migrations for the synced tables; before the table
scope (``desktop_app.models.database.migrates_table``) it also got the tables local to
a workstation, never used on the server and always empty there. A fresh server never
has them; this drops them from an older one. There is nothing to bring back.

Revision ID: s0012
Revises: s0005
Create Date: 2026-12-06 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0012"
down_revision = "s0005"
branch_labels = None
depends_on = None

#: As they were at workstation migration 0019 (frozen: a later table is scoped anyway).
WORKSTATION_ONLY = (
    "settings",
    "registration_drafts",
    "audit_log",
    "users",
    "sync_conflicts",
    "sync_outbox",
    "sync_state",
    "sync_problems",
)


def upgrade() -> None:
    bind = op.get_bind()
    present = set(sa.inspect(bind).get_table_names())
    for table in WORKSTATION_ONLY:
        if table in present:
            op.drop_table(table)
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")


def downgrade() -> None:
    pass
