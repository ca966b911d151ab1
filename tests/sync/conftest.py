"""Sync test harness: a central server (SQLite file or the real PostgreSQL) run
in-process, and workstations (real data folders) enrolled to it through an httpx
transport that can inject faults.

PostgreSQL: one uniquely named database per test session on 127.0.0.1:5432 (trust
auth, user postgres), migrated once, emptied before each test, dropped at the end.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # pragma: no cover - only without PostgreSQL
        return f"PostgreSQL on 127.0.0.1:5432 is not reachable ({type(exc).__name__})"


@pytest.fixture(scope="session")
def pg_database_url():
    reason = _pg_reachable()
    if reason:
        if os.environ.get("MIZ_REQUIRE_POSTGRES"):  # CI: PostgreSQL must be there
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"miz_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    from central_server.db import make_engine, migrate

    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        names = list(
            conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname='public' "
                    "AND tablename NOT LIKE '%alembic_version'"
                )
            ).scalars()
        )
        tables = ", ".join(f'"{n}"' for n in names)
        conn.execute(text(f"TRUNCATE {tables} CASCADE"))
        # the check's kept figures of the emptied tables, as the migration counts them
        from central_server.check_figures import recount
        from central_server.db import shared_tables

        # (a model a test module declares has no table here: the migrated ones only)
        recount(conn, shared_tables() & set(names))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    from central_server.db import make_engine, migrate

    path = tmp_path_factory.mktemp("server-template") / "server.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


class FaultyTransport(httpx.BaseTransport):
    """Forwards to the server; ``faults`` is a list of what to do with the next requests:
    "drop-request" (never reaches the server), "drop-response" (the server handled it,
    the answer is lost), "ok". Requests are counted per path."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.faults: list[str] = []
        self.calls: list[str] = []
        self.before: Callable[[httpx.Request], None] | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request.url.path)
        fault = self.faults.pop(0) if self.faults else "ok"
        if fault == "drop-request":
            raise httpx.ConnectError("injected: request dropped", request=request)
        if self.before:
            self.before(request)
        response = self.inner.handle_request(request)
        if fault == "drop-response":
            response.read()
            raise httpx.ReadError("injected: response dropped", request=request)
        return response


class Harness:
    """A server (app + admin sessions) and the workstations enrolled to it."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        from fastapi.testclient import TestClient

        from central_server.app import create_app
        from central_server.db import make_engine, make_sessions
        from central_server.settings import ServerSettings

        self.url = url
        self.tmp_path = tmp_path
        self.app = create_app(ServerSettings(database_url=url, page_limit=1000))
        self.client = TestClient(self.app, base_url="https://miz.test")
        self.engine = make_engine(url)
        self.sessions = make_sessions(self.engine)
        self.contexts: list = []
        with self.sessions() as s, s.begin():
            from central_server import admin

            admin.create_office(s, "HQ", "ستاد", "headquarters")
            admin.create_office(s, "P1", "اداره کل گلستان", "province", "HQ")
            admin.create_office(s, "P2", "اداره کل مازندران", "province", "HQ")
            admin.create_office(s, "C11", "مرکز گرگان", "center", "P1")
            admin.create_office(s, "C12", "مرکز گنبد", "center", "P1")
            admin.create_office(s, "C21", "مرکز ساری", "center", "P2")

    def transport(self) -> FaultyTransport:
        return FaultyTransport(self.client._transport)

    def enroll_code(self, office: str) -> str:
        from central_server import admin

        with self.sessions() as s, s.begin():
            return admin.enroll_device(s, office, "test")

    def workstation(self, name: str, office: str):
        """A fresh workstation of ``office``, enrolled; returns (ctx, engine, transport)."""
        from desktop_app.services.core.context import AppContext
        from desktop_app.sync.client import SyncEngine, enroll

        ctx = AppContext.open(self.tmp_path / name)
        self.contexts.append(ctx)
        transport = self.transport()
        enroll(ctx, "https://miz.test", self.enroll_code(office), transport=transport)
        return ctx, SyncEngine(ctx, transport=transport, retries=0, backoff=0), transport

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()
        self.client.close()
        self.app.state.engine.dispose()
        self.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path, sqlite_template):
    """The harness on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_database_url")
        _empty_pg(url)
    harness = Harness(url, tmp_path)
    yield harness
    harness.close()


@pytest.fixture
def pg_server(tmp_path, pg_database_url):
    """The harness on PostgreSQL only."""
    _empty_pg(pg_database_url)
    harness = Harness(pg_database_url, tmp_path)
    yield harness
    harness.close()
