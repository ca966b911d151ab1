"""The audit trail: a row for each create, edit, delete, print, export, sign-in and
restore, in the same transaction; history and filters; append-only."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from desktop_app.models import AuditEntry, Place, utcnow
from desktop_app.services.accounts.access import CLERK, SUPERVISOR, PermissionDeniedError
from desktop_app.services.accounts.audit import record_event
from desktop_app.services.accounts.audit_log import audit_page, count_audit, record_history
from desktop_app.services.catalog.service_card_io import export_json
from desktop_app.services.catalog.service_card_list import list_cards
from desktop_app.services.catalog.service_card_print import print_service_card
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.demo.demo_service_cards import fill_service_cards
from desktop_app.services.office.backup import backup_database
from desktop_app.services.office.restore import restore_backup
from desktop_app.services.places.places import PlaceData, delete_place, save_place
from tests.accounts.helpers import PASSWORD, make_user, sign_in_as

PLACE = PlaceData(kind="center", province="گلستان", city="گرگان", name="مرکز ۱", code="270101")


def _entries(ctx, **where):
    with ctx.session() as session:
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(AuditEntry, key) == value)
        return session.scalars(stmt).all()


def test_create_edit_delete_rows_with_who_and_what_changed(ctx):
    sign_in_as(ctx, "sup1", SUPERVISOR)
    place = save_place(ctx, PLACE)
    edited = save_place(ctx, PlaceData(**{**PLACE.__dict__, "id": place.id, "version": 1,
                                          "city": "گنبد کاووس"}))  # fmt: skip
    delete_place(ctx, edited.id)
    rows = _entries(ctx, table_name="places")
    assert [r.action for r in rows] == ["create", "edit", "delete"]
    assert {r.user_name for r in rows} == {"sup1"}
    assert all(r.record_id == str(place.id) for r in rows)
    created = json.loads(rows[0].changes)
    assert created["name"] == [None, "مرکز ۱"] and "search_text" not in created
    assert json.loads(rows[1].changes) == {"city": ["گرگان", "گنبد کاووس"]}
    assert json.loads(rows[2].changes)["deleted_at"][0] is None


def test_a_refused_save_leaves_no_audit_row(ctx):
    save_place(ctx, PLACE)
    before = len(_entries(ctx))
    with pytest.raises(ServiceError):
        save_place(ctx, PLACE)  # same code: refused inside the transaction
    with pytest.raises(RuntimeError), ctx.session() as session:
        session.add(Place(name="x", code="99", province="گلستان", city="x"))
        session.flush()  # the audit row is written here …
        raise RuntimeError  # … and rolled back with the place
    assert len(_entries(ctx)) == before


def test_password_hashes_never_reach_the_log(ctx):
    user = make_user(ctx, "reza", CLERK)
    (row,) = _entries(ctx, table_name="users", action="create")
    assert json.loads(row.changes)["password_hash"] == [None, "***"]
    assert "argon2" not in row.changes and row.record_id == str(user.id)


def test_sign_in_events(ctx):
    make_user(ctx, "reza", CLERK)
    from desktop_app.services.accounts.accounts import AccountError, sign_in

    with pytest.raises(AccountError):
        sign_in(ctx, "reza", "wrong-pass1")
    sign_in(ctx, "reza", PASSWORD)
    actions = [(r.action, r.user_name) for r in _entries(ctx, table_name="users")][-2:]
    assert actions == [("sign_in_failed", ""), ("sign_in", "reza")]


def test_print_and_export_are_audited(ctx, tmp_path):
    fill_service_cards(ctx)
    card = list_cards(ctx)[0]
    sign_in_as(ctx, "clerk1", CLERK)
    print_service_card(ctx, str(card.id), tmp_path / "card.pdf")
    export_json(ctx, tmp_path / "cards.json")
    printed = _entries(ctx, action="print")
    assert [(r.user_name, r.record_id) for r in printed] == [("clerk1", str(card.id))]
    exported = _entries(ctx, action="export")
    assert exported[-1].table_name == "service_cards" and "cards.json" in exported[-1].detail


def test_workflow_steps_through_record_event(ctx):
    sign_in_as(ctx, "sup1", SUPERVISOR, level="province")
    with ctx.session() as session:
        record_event(session, ctx, "approve", "courses", "c-1", "تأیید در اداره کل")
    (row,) = _entries(ctx, action="approve")
    assert (row.user_name, row.table_name, row.record_id) == ("sup1", "courses", "c-1")


def test_restore_is_audited_in_the_restored_database(ctx, tmp_path):
    backup = backup_database(ctx, tmp_path / "b.mizbak")
    restore_backup(ctx, backup.path)
    assert [r.action for r in _entries(ctx, table_name="database")] == ["restore"]


def test_the_log_is_append_only(ctx):
    save_place(ctx, PLACE)
    with ctx.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("UPDATE audit_log SET user_name = 'someone else'"))
    with ctx.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("DELETE FROM audit_log"))
    raw = sqlite3.connect(ctx.database_path)  # not even outside the application
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM audit_log")
    raw.close()
    assert len(_entries(ctx)) == 1


def test_history_and_filters_for_supervisors_only(ctx):
    make_user(ctx, "clerk1", CLERK)
    from desktop_app.services.accounts.accounts import sign_in

    sign_in(ctx, "clerk1", PASSWORD)
    place = save_place(ctx, PLACE)
    save_place(ctx, PlaceData(**{**PLACE.__dict__, "id": place.id, "version": 1, "city": "کردکوی"}))
    with pytest.raises(PermissionDeniedError):
        record_history(ctx, "places", place.id)
    sign_in_as(ctx, "sup1", SUPERVISOR)
    history = record_history(ctx, "places", place.id)
    assert [(h.action, h.user_name) for h in history] == [("create", "clerk1"), ("edit", "clerk1")]
    assert history[1].changes == {"city": ["گرگان", "کردکوی"]}
    by_clerk = ListQuery().with_filter("user_name", "clerk1").with_filter("table_name", "places")
    assert count_audit(ctx, by_clerk) == 2
    newest = audit_page(ctx, ListQuery(), 0, 1)[0]
    assert newest.action == "sign_in" and newest.user_name == "sup1"
    today = utcnow().date()
    assert count_audit(ctx, by_clerk.with_filter("since", today)) == 2
    assert count_audit(ctx, by_clerk.with_filter("until", today - timedelta(days=1))) == 0
    assert count_audit(ctx, by_clerk.with_filter("period", 7)) == 2


def test_settings_changes_are_audited(ctx):
    from desktop_app.documents.office import OfficeSettings
    from desktop_app.services.office.settings import save_office_settings

    sign_in_as(ctx, "boss", "administrator")
    save_office_settings(ctx, OfficeSettings(office_code="2701", office_name="مرکز گرگان"))
    save_office_settings(ctx, OfficeSettings(office_code="2701", office_name="مرکز گرگان"))
    (row,) = _entries(ctx, table_name="settings")  # the second save changed nothing
    changes = json.loads(row.changes)
    assert changes["office_code"] == [None, "2701"] and row.user_name == "boss"


def test_accounts_and_the_log_stay_on_the_workstation():
    from desktop_app.models import AuditEntry as Entry
    from desktop_app.models import Record, User, synced_models

    assert User not in synced_models()
    assert not issubclass(Entry, Record)
