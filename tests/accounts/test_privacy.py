"""Masked national codes and mobiles in lists; personal exports need a supervisor."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from desktop_app.models import AuditEntry
from desktop_app.persian import mask_code, to_persian_digits
from desktop_app.services.access import CLERK, SUPERVISOR, PermissionDeniedError
from desktop_app.services.privacy import mask_rows, masker, personal_export
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
