"""Enrollment is safe and idempotent (issue 16): a workstation belongs to one live
enrollment, the same workstation retrying the same code gets the same answer, failed
attempts are limited per client IP; rate limits key on what a client cannot choose
(the IP, behind a configured trusted proxy the address it forwards); every error is a
JSON body with a code and a Persian message, and every answer carries security headers.
Against the real server on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from desktop_app.models import Place
from desktop_app.sync.client import SyncEngine, enroll, load_token
from desktop_app.sync.inquiry_protocol import INQUIRY_PATH


def _enroll(server, code: str, device_id: str, **headers: str):
    body = {"code": code, "device_id": device_id}
    return server.client.post("/sync/enroll", json=body, headers=headers)


def _persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_a_workstation_enrolled_in_one_office_cannot_be_taken_by_another(server):
    c11, sync11, _ = server.workstation("c11", "C11")
    uid = str(c11.workstation.device_id)
    taken = _enroll(server, server.enroll_code("C21"), uid)
    assert taken.status_code == 403
    body = taken.json()
    assert body["code"] == "forbidden" and _persian(body["message"]) and "C11" in body["message"]
    with c11.session() as s:
        s.add(Place(name="گرگان", code="1"))
    assert sync11.run().pushed == 1  # the real workstation goes on syncing
    # after its enrollment is revoked the workstation may be enrolled again
    from central_server import admin

    with server.sessions() as s, s.begin():
        admin.revoke_device(s, uid)
    assert _enroll(server, server.enroll_code("C11"), uid).status_code == 200


def test_a_lost_enrollment_answer_is_answered_again(server, tmp_path):
    from desktop_app.services.core.context import AppContext

    ctx = AppContext.open(tmp_path / "ws")
    server.contexts.append(ctx)
    transport = server.transport()
    code = server.enroll_code("C11")
    transport.faults = ["drop-response"]  # the server enrolled it; the answer is lost
    answer = enroll(ctx, "https://miz.test", code, transport=transport)  # retried inside
    assert answer.office_code == "C11"
    with ctx.session() as s:
        s.add(Place(name="گرگان", code="1"))
    sync = SyncEngine(ctx, transport=transport, retries=0, backoff=0)
    assert sync.run().pushed == 1
    # once the token was used the code is spent, even for the same workstation
    again = _enroll(server, code, str(ctx.workstation.device_id))
    assert again.status_code == 403
    assert load_token(ctx.data_dir)  # and the workstation keeps its working token
    assert sync.run().pushed == 0


def test_the_same_workstation_retrying_gets_the_same_office(server):
    code, uid = server.enroll_code("P1"), str(uuid.uuid4())
    first, second = _enroll(server, code, uid), _enroll(server, code, uid)
    assert first.status_code == second.status_code == 200
    assert first.json()["office_code"] == second.json()["office_code"] == "P1"
    # the newest answer's token is the one that works
    token = second.json()["token"]
    pulled = server.client.post(
        "/sync/pull", json={"since": 0}, headers={"Authorization": f"Bearer {token}"}
    )
    assert pulled.status_code == 200
    assert _enroll(server, code, str(uuid.uuid4())).status_code == 403


def test_failed_enrollments_are_limited_per_client_ip(server):
    server.app.state.settings.enroll_failure_limit = 3
    for _ in range(3):
        assert _enroll(server, "AAA-BBB-CCC", str(uuid.uuid4())).status_code == 403
    refused = _enroll(server, server.enroll_code("C11"), str(uuid.uuid4()))
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.json()["code"] == "rate_limited" and _persian(refused.json()["message"])


def test_rate_limits_trust_forwarded_addresses_only_from_trusted_proxies(server):
    settings = server.app.state.settings
    settings.inquiry_limit = 2
    # The test client's peer is "testclient"; untrusted, so a forged header changes nothing
    answers = [
        server.client.post(
            INQUIRY_PATH,
            json={"serial": "C11-000001", "national_code": "0012345679", "agency": f"بانک {i}"},
            headers={"X-Forwarded-For": f"10.0.0.{i}"},
        ).status_code
        for i in range(4)
    ]
    assert answers == [200, 200, 429, 429]  # varying the agency or the header does not help


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted():
    from starlette.requests import Request

    from central_server.clients import client_ip, networks

    def request(peer: str, forwarded: str) -> Request:
        headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
        return Request({"type": "http", "client": (peer, 1), "headers": headers})

    trusted = networks(["127.0.0.1", "10.1.0.0/16"])
    assert client_ip(request("127.0.0.1", "5.6.7.8"), trusted) == "5.6.7.8"
    # a client writing its own X-Forwarded-For: nginx appends the real address at the right
    assert client_ip(request("127.0.0.1", "1.1.1.1, 5.6.7.8"), trusted) == "5.6.7.8"
    assert client_ip(request("127.0.0.1", "5.6.7.8, 10.1.2.3"), trusted) == "5.6.7.8"
    assert client_ip(request("9.9.9.9", "1.1.1.1"), trusted) == "9.9.9.9"  # not a proxy


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("post", "/sync/push", {"mutations": []}, 401, "unauthorized"),
        ("post", "/sync/pull", {"since": "x"}, 422, "invalid_request"),
        ("get", "/nowhere", None, 404, "not_found"),
        ("post", "/sync/enroll", {"code": "x", "device_id": "y"}, 422, "invalid_request"),
    ],
)
def test_errors_are_json_with_a_code_and_headers_are_set(server, method, path, body, status, code):
    answer = getattr(server.client, method)(path, **({"json": body} if body is not None else {}))
    assert answer.status_code == status
    data = answer.json()
    assert data["code"] == code and _persian(data["message"])
    assert "Traceback" not in answer.text
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_an_unexpected_failure_answers_without_a_stack_trace(server, monkeypatch):
    from fastapi.testclient import TestClient

    from central_server import sync_service

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(sync_service, "pull", broken)
    c11, _sync, _ = server.workstation("c11", "C11")
    token = load_token(c11.data_dir)
    client = TestClient(server.app, base_url="https://miz.test", raise_server_exceptions=False)
    answer = client.post(
        "/sync/pull", json={"since": 0}, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 500
    assert answer.json()["code"] == "internal_error"
    assert "secret" not in answer.text and "Traceback" not in answer.text
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    with c11.session() as s:
        assert s.scalar(select(Place.id)) is None
