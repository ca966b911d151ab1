"""Scope is enforced by the server: a center sees its own records and those its
province and headquarters publish, a province its centers' too, headquarters
everything; nobody writes into another office's
records; a revoked device is refused."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from desktop_app.models import Place
from desktop_app.sync import client as client_module
from desktop_app.sync.client import SyncError


def _names(ctx) -> set[str]:
    with ctx.session() as s:
        return set(s.scalars(select(Place.name)))


def test_pull_scope_follows_the_office_tree(server):
    stations = {
        code: server.workstation(code.lower(), code) for code in ("C11", "C12", "P1", "C21", "HQ")
    }
    for code, (ctx, sync, _) in stations.items():
        with ctx.session() as s:
            s.add(Place(name=f"از {code}", code=code))
        sync.run()
    for _code, (_ctx, sync, _) in stations.items():
        sync.run()
    # own office and below, plus what the offices above publish (never a sibling's)
    assert _names(stations["C11"][0]) == {"از C11", "از P1", "از HQ"}
    assert _names(stations["C12"][0]) == {"از C12", "از P1", "از HQ"}
    assert _names(stations["P1"][0]) == {"از C11", "از C12", "از P1", "از HQ"}
    assert _names(stations["C21"][0]) == {"از C21", "از HQ"}
    assert _names(stations["HQ"][0]) == {"از C11", "از C12", "از P1", "از C21", "از HQ"}


def test_cannot_write_into_another_office(server):
    c11, sync11, _ = server.workstation("c11", "C11")
    c12, _sync12, _t12 = server.workstation("c12", "C12")
    with c11.session() as s:
        place = Place(name="گرگان", code="1")
        s.add(place)
    sync11.run()
    token = client_module.load_token(c12.data_dir)
    forged = [
        {  # an edit of C11's record, which C12 never saw
            "mutation_id": str(uuid.uuid4()),
            "seq": 1,
            "table": "places",
            "record_id": str(place.id),
            "op": "update",
            "fields": {"name": "دستکاری"},
        },
        {  # a new record claiming to be another office's
            "mutation_id": str(uuid.uuid4()),
            "seq": 2,
            "table": "places",
            "record_id": str(uuid.uuid4()),
            "op": "insert",
            "fields": {"name": "جعلی", "code": "9", "origin_office": "C21"},
        },
    ]
    answer = server.client.post(
        "/sync/push", json={"mutations": forged}, headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert [r["status"] for r in answer["results"]] == ["rejected", "rejected"]
    sync11.run()
    assert _names(c11) == {"گرگان"}


def test_revoked_or_unknown_device_is_refused(server):
    from central_server import admin
    from central_server.models import Device

    a, sync_a, _ = server.workstation("a", "C11")
    with a.session() as s:
        s.add(Place(name="x", code="1"))
    sync_a.run()
    with server.sessions() as s, s.begin():
        device = s.scalar(select(Device).where(Device.device_uid == a.workstation.device_id))
        admin.revoke_device(s, str(device.id))
    with pytest.raises(SyncError) as info:
        sync_a.run()
    assert "لغو" in info.value.message
    bad = server.client.post(
        "/sync/pull", json={"since": 0}, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401
    # an enrollment code works once (for one workstation: see test_enrollment.py)
    code = server.enroll_code("C11")
    body = {"code": code, "device_id": str(uuid.uuid4())}
    assert server.client.post("/sync/enroll", json=body).status_code == 200
    other = {"code": code, "device_id": str(uuid.uuid4())}
    assert server.client.post("/sync/enroll", json=other).status_code == 403


def test_parent_outside_scope_travels_with_its_visible_child(server):
    from desktop_app.models import Workshop

    c11, sync11, _ = server.workstation("c11", "C11")
    hq, sync_hq, _ = server.workstation("hq", "HQ")
    c21, sync21, _ = server.workstation("c21", "C21")
    with c11.session() as s:
        place = Place(name="گرگان", code="1")
        s.add(place)
    sync11.run()
    sync21.run()  # C21's cursor passes the place it may not see
    sync_hq.run()
    with hq.session() as s:  # headquarters publishes a workshop of that place
        s.add(Workshop(place_id=place.id, name="کارگاه ملی", origin_office="HQ"))
    sync_hq.run()
    assert sync21.run().pulled == 2
    with c21.session() as s:
        assert s.scalar(select(Workshop.name)) == "کارگاه ملی"


def test_openapi_document_is_the_contract(server):
    document = server.client.get("/openapi.json").json()
    assert {"/sync/enroll", "/sync/push", "/sync/pull"} <= set(document["paths"])
    schemas = document["components"]["schemas"]
    assert {"Mutation", "MutationResult", "PullResponse"} <= set(schemas)
    assert "expected_seq" in schemas["PushResponse"]["properties"]
