"""kept sync figures: the check's count and total of each synced table kept by triggers
in ``sync_figures``, and an index on ``server_seq`` for the check's window
(``models.kept_figures``; workstation SQLite only)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 20:10:00
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from desktop_app.models.database import TABLE_SCOPE
from desktop_app.models.kept_figures import (
    FIGURES_TABLE,
    drop_statements,
    ensure_kept_figures,
)

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

#: The synced tables when this migration was written (a later one is given its
#: figures by ``ensure_kept_figures`` after the migration that creates it).
TABLES = (
    "allocations", "attendance", "bank_statement_lines", "benefactors",
    "certificate_inquiries", "certificates", "counseling_sessions", "course_trainers",
    "course_transitions", "courses", "enrollments", "equipment", "equipment_moves",
    "exam_scores", "faqs", "gift_items", "gifts", "participation_areas", "places",
    "public_requests", "registration_payments", "service_cards", "skill_standards",
    "survey_answers", "survey_questions", "trainees", "trainer_education",
    "trainer_retraining", "trainers", "training_workshops", "volunteer_hours",
    "volunteers", "work_calendars", "workshop_certificates", "workshop_invitations",
    "workshop_letters", "workshop_participants", "workshop_sessions",
    "workshop_templates", "workshops",
)  # fmt: skip


def _kept_here() -> bool:
    """Only a workstation's SQLite file: not the central server (a table scope), not
    PostgreSQL."""
    config = op.get_context().config
    scoped = config is not None and config.attributes.get(TABLE_SCOPE) is not None
    return op.get_bind().dialect.name == "sqlite" and not scoped


def upgrade() -> None:
    if _kept_here():
        ensure_kept_figures(op.get_bind(), TABLES)


def downgrade() -> None:
    if _kept_here():
        for table in TABLES:
            for statement in drop_statements(table):
                op.execute(text(statement))
        op.execute(text(f"DROP TABLE IF EXISTS {FIGURES_TABLE}"))
