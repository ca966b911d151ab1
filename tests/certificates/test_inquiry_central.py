"""The inquiry against a running central server (in-process FastAPI app on a migrated
SQLite database, reached through httpx): the HTTP endpoint for other agencies, the
workstation's fallback for another office's certificates, rate limiting, the log."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from desktop_app.services.accounts.access import system_actor
from desktop_app.services.certificates.certificate_central import central_lookup
from desktop_app.services.certificates.certificate_inquiry import InquiryRequest, inquire
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.settings import load_office_settings, save_office_settings
from desktop_app.sync.inquiry_protocol import INQUIRY_PATH
from tests.certificates.conftest import issue_all
from tests.certificates.helpers import set_office
from tests.registration.helpers import make_course
from tests.sync.conftest import _empty_pg, pg_database_url  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def server_template(tmp_path_factory):
    from central_server.db import make_engine, migrate

    path = tmp_path_factory.mktemp("server") / "server.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


class Central:
    """The central server app with two offices; office 2701 has synced its certificates."""

    def __init__(self, url: str, limit: int = 30) -> None:
        from fastapi.testclient import TestClient

        from central_server import admin
        from central_server.app import create_app
        from central_server.db import make_engine, make_sessions
        from central_server.settings import ServerSettings

        self.app = create_app(
            ServerSettings(database_url=url, inquiry_limit=limit, inquiry_window_seconds=60)
        )
        self.client = TestClient(self.app, base_url="https://miz.test")
        self.engine = make_engine(url)
        self.sessions = make_sessions(self.engine)
        with self.sessions() as s, s.begin():
            admin.create_office(s, "HQ", "ستاد", "headquarters")
            admin.create_office(s, "27", "اداره کل گلستان", "province", "HQ")
            admin.create_office(s, "2701", "مرکز گرگان", "center", "27")
            admin.create_office(s, "2702", "مرکز گنبد", "center", "27")
        self.contexts: list[AppContext] = []

    def transport(self) -> httpx.BaseTransport:
        return self.client._transport

    def workstation(self, tmp_path, office: str) -> AppContext:
        from central_server import admin
        from desktop_app.sync.client import enroll

        ctx = AppContext.open(tmp_path / f"ws-{office}")

        ctx.user = system_actor()
        self.contexts.append(ctx)
        set_office(ctx, code=office)
        with self.sessions() as s, s.begin():
            code = admin.enroll_device(s, office, "test")
        enroll(ctx, "https://miz.test", code, transport=self.transport())
        return ctx

    def sync(self, ctx: AppContext) -> None:
        from desktop_app.sync.client import SyncEngine

        SyncEngine(ctx, transport=self.transport(), retries=0, backoff=0).run()

    def log(self) -> list:
        from central_server.models import CertificateInquiryLog

        with self.sessions() as s:
            return list(s.scalars(select(CertificateInquiryLog).order_by(CertificateInquiryLog.id)))

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()
        self.client.close()
        self.app.state.engine.dispose()
        self.engine.dispose()


def sqlite_url(template, tmp_path) -> str:
    import shutil

    path = tmp_path / "server.sqlite3"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_url(request, server_template, tmp_path) -> str:
    """A migrated, empty server database: a SQLite file, or the PostgreSQL of the sync
    tests (``tests/sync/conftest.py``: 127.0.0.1:5432, skipped when unreachable)."""
    if request.param == "sqlite":
        return sqlite_url(server_template, tmp_path)
    url = request.getfixturevalue("pg_database_url")
    _empty_pg(url)
    return url


@pytest.fixture
def central(server_url):
    harness = Central(server_url)
    yield harness
    harness.close()


def approved_course(central: Central, gorgan: AppContext) -> object:
    """A course of 2701 on its real road: submitted and synced, approved by the province
    (the server accepts a finished course's certificates only), then opened by the center."""
    from central_server import admin
    from desktop_app.models import Course

    set_office(gorgan, code="2701")
    course_id = make_course(gorgan, code="2701-00001", state="submitted")
    central.sync(gorgan)
    with central.sessions() as s, s.begin():
        code = admin.enroll_device(s, "27", "province")
    token = central.client.post(
        "/sync/enroll", json={"code": code, "device_id": "5f0c63c4-7d3a-4c44-9a41-1c5e1e0d0a27"}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    seq = central.client.post("/sync/pull", json={"since": 0}, headers=headers).json()["cursor"]
    step = {
        "mutation_id": "0a7c9f64-55b1-4c59-8a1c-0d5ad8a2b001",
        "seq": 1,
        "table": "courses",
        "record_id": str(course_id),
        "op": "update",
        "base_seq": seq,
        "fields": {"state": "province_approved"},
    }
    answer = central.client.post("/sync/push", json={"mutations": [step]}, headers=headers)
    assert answer.json()["results"][0]["status"] == "applied", answer.text
    central.sync(gorgan)
    with gorgan.session() as s:
        course = s.get(Course, course_id)
        assert course.state == "province_approved"
        course.state = "open"
    return course_id


@pytest.fixture
def synced(central, tmp_path):
    """Office 2701 issued three certificates (the second revoked) and synced them."""
    from desktop_app.services.certificates.certificates import revoke_certificate

    gorgan = central.workstation(tmp_path, "2701")
    holders = issue_all(gorgan, course_id=approved_course(central, gorgan))
    revoke_certificate(gorgan, holders[1].serial, "تقلب در آزمون عملی")
    central.sync(gorgan)
    return holders


def test_agency_endpoint_answers_only_on_serial_and_national_code(central, synced):
    body = {"serial": synced[0].serial, "national_code": synced[0].national_code}
    answer = central.client.post(INQUIRY_PATH, json={**body, "agency": "سفارت کانادا"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["answer"] == "genuine" and data["holder_name"] == synced[0].name
    revoked = central.client.post(
        INQUIRY_PATH,
        json={
            "serial": synced[1].serial,
            "national_code": synced[1].national_code,
            "agency": "سفارت کانادا",
        },
    ).json()
    assert revoked["answer"] == "revoked" and revoked["revoke_reason"] == "تقلب در آزمون عملی"
    wrong = central.client.post(
        INQUIRY_PATH,
        json={**body, "national_code": synced[1].national_code, "agency": "سفارت کانادا"},
    ).json()
    assert wrong["answer"] == "unknown"
    assert wrong["holder_name"] == "" and wrong["standard_title"] == ""
    assert central.client.post(INQUIRY_PATH, json=body).status_code == 422  # agency required
    log = central.log()
    assert [row.answer for row in log] == ["genuine", "revoked", "unknown"]
    assert all(row.agency == "سفارت کانادا" and row.client_ip for row in log)


def test_rate_limit_per_client_answers_429(server_url):
    central = Central(server_url, limit=3)
    try:
        body = {"serial": "2701-000001", "national_code": "0012345679"}
        for _ in range(3):
            ok = central.client.post(INQUIRY_PATH, json={**body, "agency": "شرکت الف"})
            assert ok.status_code == 200
        refused = central.client.post(INQUIRY_PATH, json={**body, "agency": "شرکت الف"})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        detail = refused.json()["detail"]
        assert "حد مجاز" in detail["message"] and "Too many inquiries" in detail["message_en"]
        # Naming another agency from the same address buys nothing (issue 16): the key
        # is what the client cannot choose.
        other = central.client.post(INQUIRY_PATH, json={**body, "agency": "شرکت ب"})
        assert other.status_code == 429
        assert len(central.log()) == 3  # refused requests are not logged
    finally:
        central.close()


def test_workstation_asks_the_central_server_for_another_office(central, synced, tmp_path):
    gonbad = central.workstation(tmp_path, "2702")
    lookup = central_lookup(gonbad, transport=central.transport())
    assert lookup is not None
    record = inquire(
        gonbad,
        InquiryRequest(synced[0].serial, synced[0].national_code, asker_name="شرکت البرز"),
        central=lookup,
    )
    assert record.result.answer == "genuine" and record.result.source == "central"
    assert record.result.holder_name == synced[0].name
    wrong = inquire(
        gonbad,
        InquiryRequest(synced[0].serial, synced[1].national_code, asker_name="شرکت البرز"),
        central=lookup,
    ).result
    assert wrong.answer == "unknown" and wrong.holder_name == ""
    log = central.log()
    assert [row.device_office for row in log] == ["2702", "2702"]
    assert log[0].agency == load_office_settings(gonbad).office_name


def test_unreachable_server_leaves_the_local_answer_with_a_note(tmp_path, holders, ctx):
    ctx.workstation.server_url = "https://miz.test"

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route", request=request)

    lookup = central_lookup(ctx, transport=httpx.MockTransport(refuse))
    save_office_settings(ctx, load_office_settings(ctx))
    result = inquire(
        ctx, InquiryRequest("2799-000001", "0012345679", asker_name="شرکت"), central=lookup
    ).result
    assert result.answer == "unknown" and result.source == "local"
    assert "در دسترس نبود" in result.note
    # A serial of this office is never sent to the server.
    calls: list = []

    def count(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(500)

    lookup = central_lookup(ctx, transport=httpx.MockTransport(count))
    inquire(ctx, InquiryRequest("2701-000404", "0012345679", asker_name="شرکت"), central=lookup)
    assert calls == []


def test_no_server_configured_means_no_lookup(ctx):
    assert central_lookup(ctx) is None


def test_rate_limit_holds_for_parallel_requests_to_a_real_server(server_url, monkeypatch):
    """A real ``miz-server serve`` process (uvicorn runs the endpoint in parallel
    threads); 12 requests at once from one client with a limit of 4: exactly 4 are
    answered, the rest get 429. On PostgreSQL this fails without the per-client
    advisory lock (every request read "under the limit")."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.sync.server_process import free_port, start_server

    monkeypatch.setenv("MIZ_INQUIRY_LIMIT", "4")
    monkeypatch.setenv("MIZ_INQUIRY_WINDOW_SECONDS", "120")
    port = free_port()
    proc = start_server(server_url, port)
    try:
        body = {"serial": "2701-000001", "national_code": "0012345679", "agency": "شرکت الف"}

        def ask(_i: int) -> int:
            url = f"http://127.0.0.1:{port}{INQUIRY_PATH}"
            return httpx.post(url, json=body, timeout=30).status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            codes = list(pool.map(ask, range(12)))
        assert sorted(codes) == [200] * 4 + [429] * 8
    finally:
        proc.terminate()
        proc.wait(timeout=30)
