"""completion certificate replaced by a re-issue: the old serial names its replacement,
the new one the serial it replaces; one current (live, not replaced) certificate per
invitation; an inquiry records the serial that replaced the one asked about

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 13:58:54.435757
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificate_inquiries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("replaced_by", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("replaced_on", sa.Date(), nullable=True))
    with op.batch_alter_table("workshop_certificates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("replaces", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("replaced_by", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("replaced_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("replace_reason", sa.Text(), nullable=False, server_default="")
        )
        batch_op.drop_index("uq_workshop_certificates_invitation_live")
        batch_op.create_index(
            "uq_workshop_certificates_invitation_current",
            ["invitation_id"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL AND replaced_by = ''"),
            postgresql_where=sa.text("deleted_at IS NULL AND replaced_by = ''"),
        )


def downgrade() -> None:
    with op.batch_alter_table("workshop_certificates", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_workshop_certificates_invitation_current",
            sqlite_where=sa.text("deleted_at IS NULL AND replaced_by = ''"),
            postgresql_where=sa.text("deleted_at IS NULL AND replaced_by = ''"),
        )
        batch_op.create_index(
            "uq_workshop_certificates_invitation_live",
            ["invitation_id"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_column("replace_reason")
        batch_op.drop_column("replaced_on")
        batch_op.drop_column("replaced_by")
        batch_op.drop_column("replaces")
    with op.batch_alter_table("certificate_inquiries", schema=None) as batch_op:
        batch_op.drop_column("replaced_on")
        batch_op.drop_column("replaced_by")
