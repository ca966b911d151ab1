"""Contention on the real PostgreSQL through a real uvicorn server: 32 devices pushing
updates of the same 4 records in random orders get 0 HTTP 5xx — rows are locked in
one stable order and a deadlock or serialization failure is retried with jitter
(``central_server.retry``) — and every mutation gets its exact answer."""

from __future__ import annotations

import random
import threading
import uuid

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from central_server import admin
from central_server.retry import is_contention, run_retrying
from tests.sync.server_process import free_port, start_server

pytestmark = pytest.mark.postgres

DEVICES = 32
RECORDS = 4
ROUNDS = 4


def _tokens(server, count: int) -> list[str]:
    tokens = []
    with server.sessions() as s, s.begin():
        for _ in range(count):
            code = admin.enroll_device(s, "C11", "load")
            _device, token = admin.redeem_code(s, code, uuid.uuid4(), "", "")
            tokens.append(token)
    return tokens


def _mutation(seq: int, record_id: str, op: str, fields: dict) -> dict:
    return {
        "mutation_id": str(uuid.uuid4()),
        "seq": seq,
        "table": "places",
        "record_id": record_id,
        "op": op,
        # a copy newer than any change: the updates are applied, not conflicts,
        # so every push really writes the shared rows
        "base_seq": 10**12 if op == "update" else None,
        "fields": fields,
    }


def test_32_devices_on_4_shared_records_never_get_a_5xx(pg_server, pg_database_url):
    tokens = _tokens(pg_server, DEVICES + 1)
    port = free_port()
    proc = start_server(pg_database_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        records = [str(uuid.uuid4()) for _ in range(RECORDS)]
        with httpx.Client(base_url=base, timeout=120) as http:
            seed = [
                _mutation(i + 1, rid, "insert", {"name": f"مرکز {i}", "code": f"55{i}"})
                for i, rid in enumerate(records)
            ]
            answer = http.post(
                "/sync/push",
                json={"mutations": seed},
                headers={"Authorization": f"Bearer {tokens[-1]}"},
            )
            assert [r["status"] for r in answer.json()["results"]] == ["applied"] * RECORDS
        statuses: list[int] = []
        outcomes: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(DEVICES)

        def device(n: int) -> None:
            rng = random.Random(n)
            seq = 0
            with httpx.Client(
                base_url=base, timeout=120, headers={"Authorization": f"Bearer {tokens[n]}"}
            ) as http:
                start.wait()
                for round_ in range(ROUNDS):
                    order = rng.sample(records, RECORDS)
                    batch = []
                    for rid in order:
                        seq += 1
                        batch.append(_mutation(seq, rid, "update", {"manager": f"d{n}-r{round_}"}))
                    response = http.post("/sync/push", json={"mutations": batch})
                    with lock:
                        statuses.append(response.status_code)
                        if response.status_code == 200:
                            outcomes.extend(r["status"] for r in response.json()["results"])

        threads = [threading.Thread(target=device, args=(n,)) for n in range(DEVICES)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert len(statuses) == DEVICES * ROUNDS
        assert [s for s in statuses if s >= 500] == []
        assert set(statuses) == {200}
        assert len(outcomes) == DEVICES * ROUNDS * RECORDS
        assert set(outcomes) <= {"applied", "merged"}
    finally:
        proc.terminate()
        proc.wait(10)


class _Deadlock(Exception):
    sqlstate = "40P01"


def test_a_deadlocked_transaction_is_run_again_and_gives_up_with_503():
    calls = []

    def unit() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("UPDATE …", {}, _Deadlock("deadlock detected"))
        return "done"

    assert run_retrying(unit, base_delay=0) == "done" and len(calls) == 3
    assert is_contention(OperationalError("x", {}, _Deadlock("deadlock detected")))
    assert not is_contention(OperationalError("x", {}, Exception("syntax error")))

    def always() -> str:
        raise OperationalError("UPDATE …", {}, _Deadlock("deadlock detected"))

    from fastapi import HTTPException

    with pytest.raises(HTTPException) as refused:
        run_retrying(always, attempts=3, base_delay=0)
    assert refused.value.status_code == 503
    assert refused.value.headers == {"Retry-After": "2"}
