"""Accounts: the first administrator, signing in, locking, passwords, managing users."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop_app.documents.office import OfficeSettings
from desktop_app.models import User, utcnow
from desktop_app.services.accounts.access import (
    ADMINISTRATOR,
    CLERK,
    SUPERVISOR,
    PermissionDeniedError,
)
from desktop_app.services.accounts.accounts import (
    LOCK_MINUTES,
    MAX_FAILED_ATTEMPTS,
    SIGN_IN_REFUSED,
    AccountError,
    UserData,
    change_password,
    check_password_rules,
    count_users,
    create_first_administrator,
    get_user,
    has_users,
    reset_password,
    save_user,
    sign_in,
    sign_out,
    user_page,
)
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.office.settings import save_office_settings
from tests.accounts.helpers import PASSWORD, make_user, sign_in_as


def test_first_administrator_is_made_once_with_every_role_and_the_office_level(ctx):
    save_office_settings(ctx, OfficeSettings(office_code="2701", level="province"))
    ctx.user = None
    assert not has_users(ctx)
    signed = create_first_administrator(ctx, "Admin", "مدير اول", PASSWORD, PASSWORD)
    assert ctx.user == signed.actor
    assert signed.actor.user_name == "admin"  # user names are lower case
    assert signed.actor.roles == {CLERK, SUPERVISOR, ADMINISTRATOR}
    assert (signed.actor.office_level, signed.actor.office_code) == ("province", "2701")
    assert has_users(ctx)
    with ctx.session() as session:
        user = session.scalars(select(User)).one()
        assert user.full_name == "مدیر اول"  # normalized (Arabic ي → ی)
        assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2")
    with pytest.raises(AccountError):
        create_first_administrator(ctx, "other", "دیگری", PASSWORD, PASSWORD)


def test_password_rules_speak_persian():
    for bad, words in (
        ("Ab1", "دست‌کم"),
        ("12345678901", "فقط عدد"),
        ("xadmin-2024", "نام کاربری"),
        ("password", "ساده"),
        ("aaaaaaaaaa", "ساده"),
    ):
        with pytest.raises(AccountError) as info:
            check_password_rules(bad, "admin")
        assert words in info.value.message, bad
    assert check_password_rules("Gorgan-۱۴۰۳") == "Gorgan-1403"


def test_sign_in_with_persian_or_latin_digits(ctx):
    make_user(ctx, "reza", CLERK)
    actor = sign_in(ctx, " Reza ", "Gorgan-۱۴۰۳").actor
    assert ctx.user is actor and actor.roles == {CLERK}
    sign_out(ctx)
    assert ctx.user is None


def test_refusals_do_not_reveal_whether_the_user_exists(ctx):
    make_user(ctx, "reza", CLERK)
    make_user(ctx, "gone", CLERK, active=False)
    messages = []
    for name, password in (("reza", "wrong-pass1"), ("nobody", "wrong-pass1"), ("gone", PASSWORD)):
        with pytest.raises(AccountError) as info:
            sign_in(ctx, name, password)
        messages.append(info.value.message)
    assert messages == [SIGN_IN_REFUSED] * 3


def test_lock_after_repeated_failures_then_open_again(ctx):
    make_user(ctx, "reza", CLERK)
    now = utcnow()
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(AccountError):
            sign_in(ctx, "reza", "wrong-pass1", now=now)
    # locked: even the right password is refused, with the same message
    with pytest.raises(AccountError) as info:
        sign_in(ctx, "reza", PASSWORD, now=now + timedelta(minutes=1))
    assert info.value.message == SIGN_IN_REFUSED
    later = now + timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert sign_in(ctx, "reza", PASSWORD, now=later).actor.user_name == "reza"


def test_a_success_resets_the_failure_count(ctx):
    make_user(ctx, "reza", CLERK)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AccountError):
            sign_in(ctx, "reza", "wrong-pass1")
    sign_in(ctx, "reza", PASSWORD)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AccountError):
            sign_in(ctx, "reza", "wrong-pass1")
    assert sign_in(ctx, "reza", PASSWORD).actor.user_name == "reza"


def test_change_password(ctx):
    sign_in_as(ctx, "reza", CLERK)
    with pytest.raises(AccountError) as info:
        change_password(ctx, "not-it-123", "Sari-Mazand-9", "Sari-Mazand-9")
    assert info.value.field == "old_password"
    with pytest.raises(AccountError) as info:
        change_password(ctx, PASSWORD, "Sari-Mazand-9", "Sari-Mazand-8")
    assert info.value.field == "again"
    change_password(ctx, PASSWORD, "Sari-Mazand-9", "Sari-Mazand-9")
    with pytest.raises(AccountError):
        sign_in(ctx, "reza", PASSWORD)
    assert sign_in(ctx, "reza", "Sari-Mazand-9").must_change_password is False


def test_administrator_resets_a_password_and_unlocks(ctx):
    user = make_user(ctx, "reza", CLERK)
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(AccountError):
            sign_in(ctx, "reza", "wrong-pass1")
    sign_in_as(ctx, "boss", ADMINISTRATOR)
    reset_password(ctx, user.id, "Temp-Pass-77", "Temp-Pass-77")
    signed = sign_in(ctx, "reza", "Temp-Pass-77")
    assert signed.must_change_password
    # a clerk cannot reset anybody's password
    with pytest.raises(PermissionDeniedError):
        reset_password(ctx, user.id, "Other-Pass-77", "Other-Pass-77")


def test_only_administrators_manage_users(ctx):
    sign_in_as(ctx, "sup", SUPERVISOR)
    with pytest.raises(PermissionDeniedError) as info:
        save_user(ctx, UserData(user_name="x1x", full_name="x", password=PASSWORD, again=PASSWORD))
    assert "مدیریت کاربران" in info.value.message
    with pytest.raises(PermissionDeniedError):
        count_users(ctx, ListQuery())


def test_create_edit_deactivate_and_list(ctx):
    sign_in_as(ctx, "boss", ADMINISTRATOR)
    with pytest.raises(AccountError) as info:
        save_user(ctx, UserData(user_name="boss", full_name="x", password=PASSWORD, again=PASSWORD))
    assert info.value.field == "user_name"
    with pytest.raises(AccountError) as info:
        save_user(ctx, UserData(user_name="ali", full_name="علی", roles=()))
    assert info.value.field == "roles"
    ali = save_user(
        ctx, UserData(user_name="ali", full_name="علی رضایی", password=PASSWORD, again=PASSWORD)
    )
    edited = get_user(ctx, ali.id)
    edited.roles = (CLERK, SUPERVISOR)
    edited.active = False
    saved = save_user(ctx, edited)
    assert saved.version == ali.version + 1 and saved.roles == (CLERK, SUPERVISOR)
    with pytest.raises(AccountError):
        sign_in(ctx, "ali", PASSWORD)  # deactivated
    assert ctx.user is None  # a failed sign-in signs the previous user out
    sign_in(ctx, "boss", PASSWORD)
    rows = user_page(ctx, ListQuery(search="رضایی"), 0, 10)
    assert [(r.user_name, r.active) for r in rows] == [("ali", False)]
    assert count_users(ctx, ListQuery().with_filter("active", True)) == 1


def test_the_last_administrator_stays(ctx):
    actor = sign_in_as(ctx, "boss", ADMINISTRATOR)
    me = get_user(ctx, actor.user_id)
    me.active = False
    with pytest.raises(AccountError) as info:
        save_user(ctx, me)
    assert "تنها مدیر" in info.value.message
    make_user(ctx, "second", ADMINISTRATOR)
    me = get_user(ctx, actor.user_id)
    me.roles = (CLERK,)
    assert save_user(ctx, me).roles == (CLERK,)
