"""The course workflow through accounts: a clerk enters and submits but cannot
approve, reject or delete; a supervisor decides at their own office's level only;
each step has its audit row naming the signed-in user."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.models import AuditEntry
from desktop_app.services.accounts.access import CLERK, SUPERVISOR, PermissionDeniedError
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.courses.course_workflow import perform, workflow_view
from desktop_app.services.courses.courses import delete_course
from tests.accounts.helpers import sign_in_as
from tests.courses.helpers import make_office


def test_clerk_cannot_approve_or_delete_a_course(ctx):
    office = make_office(ctx)  # made by the system actor
    first, second = office.draft(), office.draft(capacity=12)
    sign_in_as(ctx, "center_clerk", CLERK, level="center")
    perform(ctx, first.id, "submit")
    with pytest.raises(PermissionDeniedError):
        delete_course(ctx, second.id)
    sign_in_as(ctx, "province_clerk", CLERK, level="province")
    assert workflow_view(ctx, first.id).actions == []  # the window shows no decision buttons
    for action in ("province_approve", "province_reject", "cancel"):
        with pytest.raises(PermissionDeniedError):
            perform(ctx, first.id, action, "دلیل")
    # a supervisor decides, at their own level only
    sign_in_as(ctx, "center_sup", SUPERVISOR, level="center")
    with pytest.raises(ServiceError, match="اداره کل"):
        perform(ctx, first.id, "province_approve")
    sign_in_as(ctx, "province_sup", SUPERVISOR, level="province")
    assert "province_approve" in workflow_view(ctx, first.id).actions
    assert perform(ctx, first.id, "province_approve") == "province_approved"
    with ctx.session() as session:
        steps = session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.table_name == "courses",
                AuditEntry.action.in_(["submit", "province_approve"]),
            )
            .order_by(AuditEntry.id)
        ).all()
    assert [(s.action, s.user_name) for s in steps] == [
        ("submit", "center_clerk"),
        ("province_approve", "province_sup"),
    ]
