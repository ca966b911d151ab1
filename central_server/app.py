"""The FastAPI application: thin routers over ``sync_service`` and ``admin``.

``create_app(settings)`` builds one app (``uvicorn --factory
central_server.app:create_app`` or ``miz-server serve``). Every request runs in its own
session and transaction, committed INSIDE the endpoint before the answer is sent: a
client never hears "applied" about something not yet durable. Workers share nothing
but the database. The OpenAPI document at ``/openapi.json`` is the protocol's contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI, Header, HTTPException
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from desktop_app.sync.check import table_digest
from desktop_app.sync.protocol import (
    PROTOCOL_VERSION,
    CheckResponse,
    DeviceInfo,
    EnrollRequest,
    EnrollResponse,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    TableCheck,
)

from . import admin, certificate_inquiry, sync_service
from .db import make_engine, make_sessions
from .models import Device, DeviceState, Office
from .settings import ServerSettings


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings()
    engine = make_engine(settings.database_url)
    sessions = make_sessions(engine)
    app = FastAPI(title="Miz central server", version=str(PROTOCOL_VERSION))
    app.state.settings = settings
    app.state.engine = engine
    app.add_middleware(GZipMiddleware, minimum_size=1000)

    @contextmanager
    def transaction() -> Iterator[Session]:
        with sessions() as session, session.begin():
            yield session

    def device_of(session: Session, authorization: str) -> Device:
        scheme, _, token = authorization.partition(" ")
        device = admin.device_for_token(session, token) if scheme.lower() == "bearer" else None
        if device is None:
            raise HTTPException(401, "unknown or revoked device token")
        return device

    @app.get("/health")
    def health() -> dict[str, object]:
        return {"ok": True, "protocol": PROTOCOL_VERSION}

    @app.post("/sync/enroll", response_model=EnrollResponse)
    def enroll(body: EnrollRequest) -> EnrollResponse:
        with transaction() as session:
            try:
                device, token = admin.redeem_code(
                    session, body.code, body.device_id, body.label, body.office_code
                )
            except admin.AdminError as exc:
                raise HTTPException(403, str(exc)) from None
            office = session.get(Office, device.office_code)
            assert office is not None
            return EnrollResponse(
                token=token,
                office_code=office.code,
                office_name=office.name,
                office_level=office.level,
                counter=device.counter_number or 0,
            )

    @app.get("/sync/device", response_model=DeviceInfo)
    def device_info(authorization: str = Header(default="")) -> DeviceInfo:
        with transaction() as session:
            device = device_of(session, authorization)
            uid = device.device_uid or ""
            state = session.get(DeviceState, uid)
            return DeviceInfo(
                device_id=uid,
                office_code=device.office_code,
                last_seq=state.last_seq if state else 0,
                counter=admin.assign_counter(session, device),
            )

    @app.post("/sync/push", response_model=PushResponse)
    def push(body: PushRequest, authorization: str = Header(default="")) -> PushResponse:
        with transaction() as session:
            response = sync_service.push(session, device_of(session, authorization), body)
        return response  # only after the commit succeeded

    @app.post("/sync/pull", response_model=PullResponse)
    def pull(body: PullRequest, authorization: str = Header(default="")) -> PullResponse:
        with transaction() as session:
            device = device_of(session, authorization)
            return sync_service.pull(session, device, body, settings.page_limit)

    @app.get("/sync/check", response_model=CheckResponse)
    def check(authorization: str = Header(default="")) -> CheckResponse:
        with transaction() as session:
            device = device_of(session, authorization)
            visible = admin.visible_offices(session, device.office_code)
            offices = sorted(visible) if visible is not None else None
            conn = session.connection()
            present = set(inspect(conn).get_table_names())  # a model newer than the schema
            tables = []
            for name in sorted(set(sync_service.synced_tables()) & present):
                count, digest = table_digest(conn, name, offices)
                tables.append(TableCheck(table=name, count=count, digest=digest))
            return CheckResponse(offices=offices, tables=tables)

    certificate_inquiry.add_routes(app, transaction, settings)
    return app
