"""Masked national codes and mobiles in lists; personal exports need a supervisor."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from desktop_app.models import AuditEntry, Course, Enrollment
from desktop_app.persian import mask_code, to_persian_digits
from desktop_app.services.accounts.access import CLERK, SUPERVISOR, PermissionDeniedError
from desktop_app.services.core.privacy import mask_rows, masker, personal_export
from tests.accounts.helpers import sign_in_as


@dataclass(frozen=True)
class Row:
    name: str
    national_code: str
    mobile: str


def test_mask_code():
    assert to_persian_digits(mask_code("0012345678")) == "۰۰۱۲****۷۸"
    assert mask_code("09121234567") == "0912*****67"
    assert mask_code("") == "" and mask_code(None) == ""
    assert mask_code("1234") == "**34"


def test_clerks_see_masks_supervisors_see_codes(ctx):
    rows = [Row("علی", "0012345678", "09121234567")]
    sign_in_as(ctx, "clerk1", CLERK)
    assert mask_rows(ctx, rows, ("national_code", "mobile")) == [
        Row("علی", "0012****78", "0912*****67")
    ]
    assert masker(ctx)("0012345678") == "0012****78"
    sign_in_as(ctx, "sup1", SUPERVISOR)
    assert mask_rows(ctx, rows, ("national_code", "mobile")) == rows
    assert masker(ctx)("0012345678") == "0012345678"


def test_personal_export_needs_a_supervisor_and_is_audited(ctx, tmp_path):
    sign_in_as(ctx, "clerk1", CLERK)
    with pytest.raises(PermissionDeniedError):
        personal_export(ctx, "trainees", 12, tmp_path / "t.xlsx")
    sign_in_as(ctx, "sup1", SUPERVISOR)
    personal_export(ctx, "trainees", 12, tmp_path / "t.xlsx")
    with ctx.session() as session:
        row = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert (row.user_name, row.table_name) == ("sup1", "trainees") and "t.xlsx" in row.detail


def test_trainers_list_masks_for_clerks_and_print_is_audited(ctx, tmp_path):
    from desktop_app.services.core.listing import ListQuery
    from desktop_app.services.demo.demo_places import fill_places
    from desktop_app.services.demo.demo_trainers import fill_trainers
    from desktop_app.services.trainers.trainer_print import print_trainer_by_id
    from desktop_app.services.trainers.trainers import delete_trainer, trainer_page

    fill_places(ctx)
    fill_trainers(ctx)
    full = trainer_page(ctx, ListQuery(), 0, 5)
    assert all("*" not in r.national_code for r in full)
    sign_in_as(ctx, "clerk1", CLERK)
    masked = trainer_page(ctx, ListQuery(), 0, 5)
    assert [r.id for r in masked] == [r.id for r in full]
    for shown, real in zip(masked, full, strict=True):
        assert shown.national_code == mask_code(real.national_code)
        assert shown.mobile == mask_code(real.mobile)
    # a clerk still finds a trainer by the full national code they type
    found = trainer_page(ctx, ListQuery(search=full[0].national_code), 0, 5)
    assert [r.id for r in found] == [full[0].id]
    with pytest.raises(PermissionDeniedError):
        delete_trainer(ctx, full[0].id)
    print_trainer_by_id(ctx, full[0].id, tmp_path / "t.pdf")
    with ctx.session() as session:
        row = session.scalars(select(AuditEntry).where(AuditEntry.action == "print")).one()
    assert (row.user_name, row.table_name, row.record_id) == ("clerk1", "trainers", str(full[0].id))


def test_trainee_lists_mask_and_the_introduction_form_print_is_audited(ctx, tmp_path):
    from desktop_app.services.core.listing import ListQuery
    from desktop_app.services.demo.demo import fill_demo
    from desktop_app.services.registration.introduction import print_introduction
    from desktop_app.services.registration.trainees import enrollment_page

    fill_demo(ctx, report=lambda _line: None)
    full = enrollment_page(ctx, ListQuery(), 0, 3)
    assert full and all("*" not in r.national_code for r in full)
    sign_in_as(ctx, "clerk1", CLERK)
    shown = enrollment_page(ctx, ListQuery(), 0, 3)
    assert [r.national_code for r in shown] == [mask_code(r.national_code) for r in full]
    assert [r.mobile for r in shown] == [mask_code(r.mobile) for r in full]
    with ctx.session() as session:  # a course not finished yet: its form may be printed
        code = session.scalars(
            select(Enrollment.tracking_code)
            .join(Course, Course.id == Enrollment.course_id)
            .where(Course.state.in_(("open", "running")))
        ).first()
    print_introduction(ctx, code, tmp_path / "intro.pdf")
    with ctx.session() as session:
        row = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "print", AuditEntry.table_name == "enrollments"
            )
        ).one()
    assert row.user_name == "clerk1" and code in row.detail
