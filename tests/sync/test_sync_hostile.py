"""Hostile requests to the sync and inquiry endpoints: never a 5xx, never a value
coerced. Malformed messages are 422 (the field named in ``detail``), a bad value in
one mutation refuses only that mutation (``problem``/``field``), a body too large is
413 before it is read whole; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.models import Place, Workshop
from desktop_app.sync.client import load_token
from desktop_app.sync.protocol import MAX_BATCH


class Device:
    """Raw HTTP as one enrolled workstation, sending its own mutation numbers."""

    def __init__(self, server, name: str = "raw") -> None:
        ctx, _engine, _transport = server.workstation(name, "C11")
        self.client = server.client
        self.headers = {"Authorization": f"Bearer {load_token(ctx.data_dir)}"}
        self.seq = 0

    def post(self, path: str, body: Any = None, content: bytes | None = None):
        if content is None:
            content = json.dumps(body).encode()  # ensure_ascii: lone surrogates stay escaped
        headers = dict(self.headers, **{"Content-Type": "application/json"})
        return self.client.post(path, content=content, headers=headers)

    def mutation(self, fields: dict[str, Any], table: str = "places", **kw: Any) -> dict:
        self.seq += 1
        body = {
            "mutation_id": str(uuid.uuid4()),
            "seq": self.seq,
            "table": table,
            "record_id": str(uuid.uuid4()),
            "op": "insert",
            "fields": fields,
        }
        body.update(kw)
        return body

    def push_one(self, fields: dict[str, Any], table: str = "places", **kw: Any) -> dict:
        m = self.mutation(fields, table, **kw)
        response = self.post("/sync/push", {"mutations": [m]})
        assert response.status_code == 200, response.text
        (result,) = response.json()["results"]
        return dict(result, record_id=m["record_id"])


def _place(code: str, **kw: Any) -> dict[str, Any]:
    return {"name": "مرکز", "code": code, "province": "گلستان", "city": "گرگان", **kw}


BAD_VALUES = [
    ("name", "م" * 201),  # longer than its column
    ("name", "a\x00b"),  # NUL
    ("name", "\ud800"),  # lone surrogate
    ("licence_expiry", "1403-13-45"),  # not a date
    ("licence_expiry", 20240101),  # not a date string
    ("deleted_at", "yesterday"),  # not a datetime
    ("kind", "mobile_unit"),  # not one of its choices
    ("kind", 7),  # a number in a text column
    ("name", ["a"]),  # a list in a text column
    ("server_seq", "x"),  # server-owned, still checked
]


def test_each_bad_value_refuses_only_its_mutation_naming_the_field(server):
    device = Device(server)
    for i, (field, value) in enumerate(BAD_VALUES):
        result = device.push_one(_place(f"9{i:02d}", **{field: value}))
        assert result["status"] == "rejected", (field, value)
        assert result["problem"] == "invalid_value" and result["field"] == field
    assert device.push_one(_place("990"))["status"] == "applied"  # the device is not stuck


def test_workshop_values_are_never_coerced(server):
    device = Device(server)
    place = device.push_one(_place("980"))
    pid = place["record_id"]
    base = {"place_id": pid, "name": "جوشکاری", "occupation_group": "برق"}
    cases = [
        ("area_m2", 3.7),
        ("area_m2", "12"),
        ("area_m2", True),
        ("area_m2", 10**20),
        ("capacity", "ده"),
        ("place_id", "not-a-uuid"),
        ("status", "open"),
    ]
    for field, value in cases:
        result = device.push_one(dict(base, **{field: value}), table="workshops")
        assert (result["status"], result["field"]) == ("rejected", field), (field, value)
    unknown = device.push_one(dict(base, place_id=str(uuid.uuid4())), table="workshops")
    assert (unknown["problem"], unknown["field"]) == ("missing_parent", "place_id")
    ok = device.push_one(dict(base, area_m2=4), table="workshops")
    assert ok["status"] == "applied"
    with server.sessions() as s:
        assert s.get(Workshop, uuid.UUID(ok["record_id"])).area_m2 == 4


def test_a_text_boolean_is_refused_not_stored_as_true(server):
    device = Device(server)
    result = device.push_one(_place("970", deleted_at=None, **{"kind": "center"}))
    assert result["status"] == "applied"
    from desktop_app.models import Trainer  # a model with a boolean column

    refused = device.push_one({"first_name": "رضا", "active": "false"}, table="trainers")
    assert (refused["status"], refused["field"]) == ("rejected", "active")
    with server.sessions() as s:
        assert s.get(Trainer, uuid.UUID(refused["record_id"])) is None


def test_bad_base64_in_a_binary_column_is_refused(server):
    device = Device(server)
    result = device.push_one({"first_name": "رضا", "photo": "***not base64***"}, table="trainers")
    assert (result["status"], result["field"]) == ("rejected", "photo")


@pytest.mark.parametrize(
    "body",
    [
        {"since": 10**30},
        {"since": -1},
        {"limit": 10**20},
        {"tables": ["places\x00"]},
        {"tables": ["\ud800"]},
        {"protocol": 10**30},
        "not an object",
    ],
)
def test_malformed_pull_requests_are_422(server, body):
    response = Device(server).post("/sync/pull", body)
    assert response.status_code == 422


def test_malformed_push_requests_are_422_and_never_500(server):
    device = Device(server)
    m = device.mutation(_place("960"))
    cases = [
        {"mutations": [m, dict(m, seq=m["seq"] + 1)]},  # one mutation id twice in a batch
        {"mutations": [dict(m, base_seq=10**30)]},
        {"mutations": [dict(m, seq=10**30)]},
        {"mutations": [dict(m, mutation_id="not-a-uuid")]},
        {"mutations": [dict(m, record_id="1234")]},
        {"mutations": [dict(m, table="places; drop table places")]},
        {"mutations": [dict(m, fields={"na\x00me": "x"})]},
        {"mutations": [dict(m, op="delete")]},
        {"mutations": [m] * (MAX_BATCH + 1)},
    ]
    for body in cases:
        response = device.post("/sync/push", body)
        assert response.status_code == 422, (body, response.text)
    cut = json.dumps({"mutations": [m]}).encode()[:-7]
    assert device.post("/sync/push", content=cut).status_code == 422


def test_a_body_over_the_limit_is_413_before_it_is_read(server):
    device = Device(server)
    big = b'{"mutations": [' + b" " * (17 * 1024 * 1024) + b"]}"
    response = device.post("/sync/push", content=big)
    assert response.status_code == 413
    assert "حجم" in response.json()["detail"]["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"serial": "27\x0001", "national_code": "0012345679", "agency": "بانک"},
        {"serial": "\ud800", "national_code": "0012345679", "agency": "بانک"},
        {"serial": "2701-000001", "national_code": "0012\x00345679", "agency": "بانک"},
        {"serial": "2701-000001", "national_code": "0012345679", "agency": "ب" * 5000},
    ],
)
def test_hostile_inquiries_are_422(server, body):
    response = server.client.post(
        "/certificates/inquiry",
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422


def test_enrollment_with_hostile_text_is_refused_not_500(server):
    for code in ("a\x00b", "\ud800", "x" * 5000):
        response = server.client.post(
            "/sync/enroll",
            content=json.dumps({"code": code, "device_id": str(uuid.uuid4())}).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 422


def test_nothing_hostile_reached_the_database(server):
    device = Device(server)
    for field, value in BAD_VALUES:
        device.push_one(_place("950", **{field: value}))
    with server.sessions() as s:
        assert s.scalars(select(Place).where(Place.code == "950")).all() == []
