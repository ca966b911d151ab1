"""Permissions in the service layer: a clerk enters and prints but cannot delete,
approve, change settings or restore; nobody signed in can do nothing."""

from __future__ import annotations

import pytest

from desktop_app.documents.office import OfficeSettings
from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.services.accounts.access import (
    ADMINISTRATOR,
    APPROVE,
    CLERK,
    DELETE,
    SUPERVISOR,
    PermissionDeniedError,
    current_actor,
    require,
    system_actor,
)
from desktop_app.services.catalog.service_cards import delete_card, save_card
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.office.backup import backup_database, save_backup_settings
from desktop_app.services.office.restore import restore_backup
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.places.places import (
    PlaceData,
    WorkshopData,
    delete_place,
    delete_workshop,
    save_place,
    save_workshop,
)
from tests.accounts.helpers import sign_in_as

PLACE = PlaceData(kind="center", province="گلستان", city="گرگان", name="مرکز ۱", code="270101")


def _denied(call, *args) -> PermissionDeniedError:
    with pytest.raises(PermissionDeniedError) as info:
        call(*args)
    assert isinstance(info.value, ServiceError)
    return info.value


def test_nobody_signed_in_can_do_nothing(ctx):
    ctx.user = None
    error = _denied(save_place, ctx, PLACE)
    assert "وارد شوید" in error.message
    _denied(current_actor, ctx)


def test_clerk_enters_but_cannot_delete_or_approve(ctx):
    sign_in_as(ctx, "clerk1", CLERK)
    place = save_place(ctx, PLACE)
    workshop = save_workshop(
        ctx, WorkshopData(place_id=place.id, name="برق ۱", occupation_group="برق", status="closed")
    )
    card = save_card(ctx, ServiceCardData(title="آموزش مهارتی"))
    error = _denied(delete_place, ctx, place.id)
    assert "حذف" in error.message and "clerk1" in error.message
    _denied(delete_workshop, ctx, workshop.id)
    _denied(delete_card, ctx, str(card.id))
    _denied(require, ctx, APPROVE)


def test_supervisor_deletes_and_approves(ctx):
    sign_in_as(ctx, "sup1", SUPERVISOR, level="province")
    place = save_place(ctx, PLACE)
    delete_place(ctx, place.id)
    assert require(ctx, APPROVE).office_level == "province"
    assert current_actor(ctx).office_level == "province"


def test_settings_and_restore_need_an_administrator(ctx, tmp_path):
    backup = backup_database(ctx, tmp_path / "b.mizbak")
    for roles in ((CLERK,), (SUPERVISOR,)):
        sign_in_as(ctx, f"user-{roles[0]}", *roles)
        _denied(save_office_settings, ctx, OfficeSettings(office_code="2701"))
        _denied(save_backup_settings, ctx, "", 7, 4)
        _denied(restore_backup, ctx, backup.path)
    sign_in_as(ctx, "admin1", ADMINISTRATOR)
    save_office_settings(ctx, OfficeSettings(office_code="2701"))
    assert restore_backup(ctx, backup.path).revision
    # an administrator alone is not a clerk: entering data is not theirs
    _denied(require, ctx, DELETE)


def test_system_actor_takes_the_office_of_the_settings(ctx):
    save_office_settings(ctx, OfficeSettings(office_code="2701", level="headquarters"))
    ctx.user = system_actor()
    actor = current_actor(ctx)
    assert actor.is_system and actor.user_name.startswith("system:")
    assert (actor.office_level, actor.office_code) == ("headquarters", "2701")


def test_server_address_is_checked_and_kept_per_workstation(ctx, data_dir):
    from desktop_app.services.core.workstation import WorkstationConfig
    from desktop_app.services.office.settings import save_server_address

    for bad in ("miz.example.ir", "ftp://miz.example.ir", "https://", "https://a.ir/?x=1"):
        with pytest.raises(ServiceError) as info:
            save_server_address(ctx, bad)
        assert info.value.field == "server_url"
    assert (
        save_server_address(ctx, " https://miz.example.ir:8443/ ") == "https://miz.example.ir:8443"
    )
    assert WorkstationConfig.load(data_dir).server_url == "https://miz.example.ir:8443"
    sign_in_as(ctx, "clerk1", CLERK)
    _denied(save_server_address, ctx, "")
