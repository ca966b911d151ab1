"""The server decides who may do what (issue 16): the course workflow by level, the
certificate serial prefix and issuing office, and references inside the device's scope.
Each test pushes raw mutations as a device would (a hostile client skips the window's
checks) against the real server on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from desktop_app.sync.inquiry_protocol import INQUIRY_PATH


class Device:
    """An enrolled device of one office that pushes whatever it likes."""

    def __init__(self, server, office: str) -> None:
        self.server = server
        self.office = office
        body = {"code": server.enroll_code(office), "device_id": str(uuid.uuid4())}
        answer = server.client.post("/sync/enroll", json=body)
        assert answer.status_code == 200, answer.text
        self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}
        self.seq = 0

    def push(self, table: str, record_id: uuid.UUID, op: str = "insert", **fields: Any) -> dict:
        self.seq += 1
        mutation = {
            "mutation_id": str(uuid.uuid4()),
            "seq": self.seq,
            "table": table,
            "record_id": str(record_id),
            "op": op,
            # the device's copy is the server's current one (as if just pulled)
            "base_seq": _fields(self.server, table, record_id).get("server_seq")
            if op == "update"
            else None,
            "fields": {
                k: str(v) if isinstance(v, uuid.UUID | date) else v for k, v in fields.items()
            },
        }
        answer = self.server.client.post(
            "/sync/push", json={"mutations": [mutation]}, headers=self.headers
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["results"][0]

    def new(self, table: str, **fields: Any) -> uuid.UUID:
        rid = uuid.uuid4()
        result = self.push(table, rid, **fields)
        assert result["status"] == "applied", result
        return rid

    def pulled(self) -> set[str]:
        answer = self.server.client.post("/sync/pull", json={"since": 0}, headers=self.headers)
        return {row["values"]["id"] for row in answer.json()["changes"]}


def _persian(reason: str | None) -> bool:
    return bool(reason) and any("\u0600" <= ch <= "\u06ff" for ch in reason or "")


def _course(center: Device, hq: Device, hours: int = 100, kind: str = "public") -> uuid.UUID:
    standard = hq.new(
        "skill_standards", title="جوشکاری", code=str(uuid.uuid4())[:8], total_hours=hours
    )
    place = center.new("places", name="مرکز", code=str(uuid.uuid4())[:6])
    workshop = center.new("workshops", place_id=place, name="کارگاه")
    return center.new(
        "courses",
        code=f"{center.office}-{uuid.uuid4().hex[:6]}",
        standard_id=standard,
        place_id=place,
        workshop_id=workshop,
        kind=kind,
        state="draft",
    )


def test_a_center_cannot_take_a_province_or_headquarters_step(server):
    hq, p1, c11 = Device(server, "HQ"), Device(server, "P1"), Device(server, "C11")
    course = _course(c11, hq, hours=400)  # longer than 300 hours: needs headquarters
    assert c11.push("courses", course, "update", state="submitted")["status"] == "applied"
    forged = c11.push("courses", course, "update", state="hq_approved")
    assert forged["status"] == "rejected"
    assert _persian(forged["reason"]) and "تأیید ستاد" in forged["reason"]
    assert c11.push("courses", course, "update", state="province_approved")["status"] == "rejected"
    assert p1.push("courses", course, "update", state="province_approved")["status"] == "applied"
    # approved by the province, but it needs headquarters before registration opens
    assert c11.push("courses", course, "update", state="open")["status"] == "rejected"
    assert p1.push("courses", course, "update", state="hq_approved")["status"] == "rejected"
    assert hq.push("courses", course, "update", state="hq_approved")["status"] == "applied"
    # several steps of its own level offline between two syncs are one change
    assert c11.push("courses", course, "update", state="finished")["status"] == "applied"
    assert c11.push("courses", course, "update", state="draft")["status"] == "rejected"


def test_a_new_course_starts_where_its_office_may_put_it(server):
    hq, c11 = Device(server, "HQ"), Device(server, "C11")
    course = _course(c11, hq)
    standard_place = {
        k: v for k, v in _fields(server, "courses", course).items() if k.endswith("_id")
    }
    refused = c11.push("courses", uuid.uuid4(), state="hq_approved", code="C11-9", **standard_place)
    assert refused["status"] == "rejected" and _persian(refused["reason"])
    submitted = c11.push("courses", uuid.uuid4(), state="submitted", code="C11-8", **standard_place)
    assert submitted["status"] == "applied"
    # the kind that decides headquarters approval is fixed once submitted
    changed = c11.push("courses", course, "update", state="submitted")
    assert changed["status"] == "applied"
    assert c11.push("courses", course, "update", kind="private")["status"] == "rejected"


def test_a_workflow_step_names_its_real_level_and_states(server):
    hq, c11 = Device(server, "HQ"), Device(server, "C11")
    course = _course(c11, hq)
    forged = c11.push(
        "course_transitions",
        uuid.uuid4(),
        course_id=course,
        action="hq_approve",
        from_state="province_approved",
        to_state="hq_approved",
        actor_level="headquarters",
    )
    assert forged["status"] == "rejected" and _persian(forged["reason"])
    wrong = c11.push(
        "course_transitions",
        uuid.uuid4(),
        course_id=course,
        action="submit",
        from_state="draft",
        to_state="open",
    )
    assert wrong["status"] == "rejected"
    step = c11.new(
        "course_transitions",
        course_id=course,
        action="submit",
        from_state="draft",
        to_state="submitted",
        actor_level="center",
    )
    assert c11.push("course_transitions", step, "update", to_state="hq_approved")["status"] == (
        "rejected"
    )


def _fields(server, table: str, rid: uuid.UUID) -> dict[str, Any]:
    from sqlalchemy import select

    from desktop_app.models import Base

    t = Base.metadata.tables[table]
    with server.sessions() as s:
        row = s.execute(select(t).where(t.c.id == rid)).mappings().first()
        return dict(row) if row is not None else {}


def _finished_course_with_trainee(c11: Device, hq: Device) -> dict[str, uuid.UUID]:
    course = _course(c11, hq)
    p1 = Device(c11.server, "P1")
    c11.push("courses", course, "update", state="submitted")
    p1.push("courses", course, "update", state="province_approved")
    assert c11.push("courses", course, "update", state="finished")["status"] == "applied"
    trainee = c11.new("trainees", first_name="زهرا", last_name="احمدی", national_code="0012345679")
    enrollment = c11.new(
        "enrollments", trainee_id=trainee, course_id=course, tracking_code=uuid.uuid4().hex[:10]
    )
    return {"course_id": course, "trainee_id": trainee, "enrollment_id": enrollment}


def _inquiry(server, serial: str, national_code: str = "0012345679") -> str:
    body = {"serial": serial, "national_code": national_code, "agency": "بانک ملی"}
    return server.client.post(INQUIRY_PATH, json=body).json()["answer"]


def test_only_the_issuing_office_issues_under_its_own_prefix(server):
    hq, c11, c12 = Device(server, "HQ"), Device(server, "C11"), Device(server, "C12")
    refs = _finished_course_with_trainee(c11, hq)
    cert = dict(refs, national_code="0012345679", first_name="زهرا", last_name="احمدی")
    for serial, office in (("P1-000777", "P1"), ("C12-000777", "C11"), ("C11-000777", "C12")):
        forged = c11.push("certificates", uuid.uuid4(), serial=serial, code_office=office, **cert)
        assert forged["status"] == "rejected" and _persian(forged["reason"])
        assert _inquiry(server, serial) == "unknown"
    issued = c11.new("certificates", serial="C11-000017", code_office="C11", **cert)
    assert _inquiry(server, "C11-000017") == "genuine"
    # another office neither revokes nor re-issues it, though it may write into C11
    p1 = Device(server, "P1")
    revoke = p1.push("certificates", issued, "update", revoked_on="2026-02-01", revoke_reason="x")
    assert revoke["status"] == "rejected" and _persian(revoke["reason"])
    assert p1.push("certificates", issued, "update", duplicate_count=1)["status"] == "rejected"
    assert c12.push("certificates", issued, "update", revoke_reason="x")["status"] == "rejected"
    assert c11.push("certificates", issued, "update", serial="C11-000018")["status"] == "rejected"
    assert c11.push("certificates", issued, "update", duplicate_count=1)["status"] == "applied"
    assert c11.push("certificates", issued, "update", duplicate_count=0)["status"] == "rejected"
    done = c11.push("certificates", issued, "update", revoked_on="2026-02-01", revoke_reason="x")
    assert done["status"] == "applied"
    assert c11.push("certificates", issued, "update", revoked_on=None)["status"] == "rejected"
    assert _inquiry(server, "C11-000017") == "revoked"


def test_the_office_part_of_a_serial_survives_a_counter_number():
    from central_server.authority import serial_office

    assert serial_office("2701-000017") == "2701"
    assert serial_office("2701-2-000017") == "2701"  # office, counter, number
    assert serial_office("2701000017") == ""


def test_a_certificate_needs_a_finished_course_on_the_server(server):
    hq, c11 = Device(server, "HQ"), Device(server, "C11")
    course = _course(c11, hq)
    trainee = c11.new("trainees", first_name="علی", last_name="رضایی", national_code="0012345679")
    enrollment = c11.new("enrollments", trainee_id=trainee, course_id=course, tracking_code="t1")
    early = c11.push(
        "certificates",
        uuid.uuid4(),
        serial="C11-000001",
        code_office="C11",
        course_id=course,
        trainee_id=trainee,
        enrollment_id=enrollment,
    )
    assert early["status"] == "rejected" and "پایان‌یافته" in early["reason"]


def test_a_reference_never_widens_what_a_device_reads(server):
    c11, c21, p1 = Device(server, "C11"), Device(server, "C21"), Device(server, "C21")
    p1 = Device(server, "P1")
    place = c11.new("places", name="گرگان", code="1")
    assert str(place) not in c21.pulled()
    probe = c21.push("workshops", uuid.uuid4(), place_id=place, name="کاوش")
    assert probe["status"] == "rejected" and _persian(probe["reason"])
    assert str(place) not in c21.pulled()
    # an update cannot point an own record there either
    own_place = c21.new("places", name="ساری", code="2")
    own = c21.new("workshops", place_id=own_place, name="کارگاه ساری")
    assert c21.push("workshops", own, "update", place_id=place)["status"] == "rejected"
    assert str(place) not in c21.pulled()
    # a province writing for one center may not point it at a sibling center's record
    c12_place = Device(server, "C12").new("places", name="گنبد", code="3")
    sideways = p1.push("workshops", uuid.uuid4(), place_id=c12_place, name="x", origin_office="C11")
    assert sideways["status"] == "rejected"
    # and what the office may read stays referable
    assert p1.push("workshops", uuid.uuid4(), place_id=c12_place, name="y")["status"] == "applied"
    unknown = c11.push("workshops", uuid.uuid4(), place_id=uuid.uuid4(), name="z")
    assert unknown["status"] == "rejected"
