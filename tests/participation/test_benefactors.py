"""Benefactors: the three kinds and their rules, the natural key (the same person or
organization never twice), masking for clerks, finding one again, deletes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.models import Benefactor
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.participation.benefactors import (
    BenefactorData,
    benefactor_page,
    delete_benefactor,
    find_benefactor,
    save_benefactor,
)
from tests.accounts.helpers import sign_in_as
from tests.participation.conftest import CODE_A, LEGAL, cash


def _error(ctx, data) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        save_benefactor(ctx, data)
    return caught.value


def test_person_requires_valid_code_and_names(office):
    assert _error(office, BenefactorData(kind="person", national_code="1234567890",
                                          first_name="ع", last_name="ن")).field == "national_code"  # fmt: skip
    assert (
        _error(office, BenefactorData(kind="person", national_code=CODE_A, last_name="ن")).field
        == "first_name"
    )
    err = _error(office, BenefactorData(kind="person", national_code=CODE_A, first_name="ع",
                                         last_name="ن", mobile="0912"))  # fmt: skip
    assert err.field == "mobile"
    err = _error(office, BenefactorData(kind="person", national_code=CODE_A, first_name="ع",
                                         last_name="ن", contact_by="sms"))  # fmt: skip
    assert err.field == "mobile" and "پیامک" in err.message


def test_organization_needs_legal_id_and_name(office):
    assert _error(office, BenefactorData(kind="organization", legal_id="10101234567",
                                          org_name="شرکت")).field == "legal_id"  # fmt: skip
    assert _error(office, BenefactorData(kind="organization", legal_id=LEGAL)).field == "org_name"
    saved = save_benefactor(
        office, BenefactorData(kind="organization", legal_id=LEGAL, org_name="شرکت نان سحر")
    )
    assert saved.legal_id == LEGAL and saved.national_code == ""


def test_anonymous_needs_nothing_and_is_never_merged(office):
    a = save_benefactor(office, BenefactorData(kind="anonymous"))
    b = save_benefactor(office, BenefactorData(kind="anonymous"))
    assert a.id != b.id
    rows = benefactor_page(office, ListQuery(), 0, 10)
    assert {r.name for r in rows} == {"خیّر بی‌نام"}


def test_same_person_never_twice_in_any_digit_script(office, person):
    persian_digits = CODE_A.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    err = _error(office, BenefactorData(kind="person", national_code=persian_digits,
                                         first_name="زهرا", last_name="حسینی‌نژاد"))  # fmt: skip
    assert err.field == "national_code" and "زهرا حسینی" in err.message
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Benefactor)) == 1
    save_benefactor(office, BenefactorData(kind="organization", legal_id=LEGAL, org_name="الف"))
    assert (
        _error(office, BenefactorData(kind="organization", legal_id=LEGAL, org_name="ب")).field
        == "legal_id"
    )


def test_database_refuses_a_racing_duplicate(office, person):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), office.session() as s:
        s.add(Benefactor(kind="person", national_code=CODE_A, first_name="x", last_name="y"))


def test_edit_keeps_the_same_record_and_key(office, person):
    edited = save_benefactor(office, BenefactorData(**{**person.__dict__, "address": "گرگان"}))
    assert edited.id == person.id and edited.address == "گرگان"


def test_found_again_by_code_mobile_or_name(office, person):
    assert find_benefactor(office, CODE_A).id == person.id
    assert find_benefactor(office, "۰۹۱۱۳۲۰۷۹۱۹").id == person.id
    assert [r.id for r in benefactor_page(office, ListQuery(search="حسيني"), 0, 5)] == [person.id]
    assert [r.id for r in benefactor_page(office, ListQuery(search="3207919"), 0, 5)] == [person.id]
    with pytest.raises(ServiceError):
        find_benefactor(office, "0000")


def test_clerk_sees_codes_masked(office, person):
    sign_in_as(office, "clerk1", "clerk")
    row = benefactor_page(office, ListQuery(), 0, 5)[0]
    assert "*" in row.national_code and "*" in row.mobile
    sign_in_as(office, "super1", "supervisor")
    assert benefactor_page(office, ListQuery(), 0, 5)[0].national_code == CODE_A


def test_delete_refused_while_gifts_exist(office, person):
    cash(office, benefactor=person.id)
    with pytest.raises(ServiceError) as caught:
        delete_benefactor(office, person.id)
    assert "مشارکت" in caught.value.message


def test_clerk_may_not_delete(office, person):
    sign_in_as(office, "clerk1", "clerk")
    with pytest.raises(ServiceError):
        delete_benefactor(office, person.id)
