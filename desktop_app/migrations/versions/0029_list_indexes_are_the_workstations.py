"""the lists' sort and search indexes are the workstation's: the central server drops
them (``models.database.LIST_KEYS``; issue 22: each cost every record a push writes)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 16:50:00
"""

from __future__ import annotations

from alembic import op

from desktop_app.models.database import serves_lists

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

#: (table, index, column): the indexes of a list key when this migration was written.
INDEXES = (
    ("benefactors", "ix_benefactors_name_sort", "name_sort"),
    ("counseling_sessions", "ix_counseling_sessions_search_text", "search_text"),
    ("courses", "ix_courses_search_text", "search_text"),
    ("enrollments", "ix_enrollments_search_text", "search_text"),
    ("equipment", "ix_equipment_name_sort", "name_sort"),
    ("places", "ix_places_name", "name"),
    ("places", "ix_places_name_sort", "name_sort"),
    ("places", "ix_places_search_text", "search_text"),
    ("skill_standards", "ix_skill_standards_search_text", "search_text"),
    ("skill_standards", "ix_skill_standards_title", "title"),
    ("trainees", "ix_trainees_last_name", "last_name"),
    ("trainees", "ix_trainees_search_text", "search_text"),
    ("trainers", "ix_trainers_last_name", "last_name"),
    ("trainers", "ix_trainers_name_sort", "name_sort"),
    ("trainers", "ix_trainers_search_text", "search_text"),
    ("volunteers", "ix_volunteers_name_sort", "name_sort"),
    ("workshops", "ix_workshops_name", "name"),
    ("workshops", "ix_workshops_name_sort", "name_sort"),
    ("workshops", "ix_workshops_search_text", "search_text"),
)


def upgrade() -> None:
    if serves_lists():
        return  # a workstation keeps them
    for table, index, _column in INDEXES:
        op.drop_index(index, table_name=table)


def downgrade() -> None:
    if serves_lists():
        return
    for table, index, column in INDEXES:
        op.create_index(index, table, [column])
