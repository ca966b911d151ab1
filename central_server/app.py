"""The FastAPI application: thin routers over ``sync_service`` and ``admin``.

``create_app(settings)`` builds one app (``uvicorn --factory
central_server.app:create_app`` or ``miz-server serve``). Every request runs in its own
session and transaction, committed INSIDE the endpoint before the answer is sent: a
client never hears "applied" about something not yet durable. Workers share nothing
but the database. The OpenAPI document at ``/openapi.json`` is the protocol's contract.
Pushes that arrive together are applied in one transaction (``group_commit``: one
commit, one hold of the change-log lock). A push or pull the database ends for
contention (deadlock) is run again (``retry.run_retrying``); a body over ``max_body_bytes`` is refused with 413
(``request_limits.BodyLimit``).
"""

from __future__ import annotations

import gc
import logging
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from fastapi import FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import Connection, Engine, func, inspect, select
from sqlalchemy.orm import Session

from desktop_app.sync.protocol import (
    MAX_INT,
    PROTOCOL_VERSION,
    CheckResponse,
    DeviceInfo,
    EnrollRequest,
    EnrollResponse,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    SnapshotRequest,
    TableCheck,
)

from . import (
    admin,
    certificate_inquiry,
    check_figures,
    clients,
    figures,
    group_judge,
    limits,
    push_body,
    push_runs,
    run_judge,
    snapshot,
    sync_service,
    token_cache,
    web,
)
from .db import make_engine, make_sessions
from .group_commit import GroupCommit
from .models import Device, DeviceState, EnrollmentAttempt, Office
from .request_limits import BodyLimit
from .retry import run_retrying
from .settings import ServerSettings

log = logging.getLogger(__name__)

_T = TypeVar("_T")


async def _off_loop(body: PushRequest, work: Callable[..., _T], *args: Any) -> _T:
    """``work(*args)`` on a thread of the pool when ``body`` has runs of inserts (a
    backlog's thousands, ``push_runs``), on the event loop otherwise (a push of
    mutations only: nothing to take apart, no thread hop)."""
    if body.runs:
        return await run_in_threadpool(work, *args)
    return work(*args)


#: The tables of each engine's schema (a model newer than the schema has none there);
#: read once: the schema changes only by a migration, before the server serves.
_PRESENT: weakref.WeakKeyDictionary[Engine, frozenset[str]] = weakref.WeakKeyDictionary()


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings()
    # a connection for each request thread and each push writer (group_commit)
    engine = make_engine(settings.database_url, pool_size=settings.threads + settings.push_writers)
    sessions = make_sessions(engine)
    reader_sessions = make_sessions(engine, read_only=True)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # sync endpoints run on anyio's thread pool: as many threads as connections
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # what is loaded by now (modules, mapped models, the app) lives as long as the
        # worker: out of the collector's walks, which were a sixth of a big push's CPU
        gc.freeze()
        yield

    app = FastAPI(title="Miz central server", version=str(PROTOCOL_VERSION), lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    web.install(app)
    app.add_middleware(BodyLimit, max_body_bytes=settings.max_body_bytes)
    trusted = clients.networks(settings.trusted_proxies.split(","))

    @contextmanager
    def transaction() -> Iterator[Session]:
        with sessions() as session, session.begin():
            yield session

    def authenticated(authorization: str) -> Device:
        """The device of a request, looked up in a read-only transaction (before the
        write transaction: on SQLite a bad token never waits for the write lock). The
        first request with a new token spends its enrollment code: a short write."""
        with reader_sessions() as session, session.begin():
            device = device_of(session, authorization, spend=False)
            if device.enrollment_code_hash is None:
                return device
        with transaction() as session:
            return device_of(session, authorization)

    def device_of(session: Session, authorization: str, spend: bool = True) -> Device:
        token = token_cache.bearer(authorization)
        device = admin.device_for_token(session, token, spend=spend) if token else None
        if device is None:
            raise HTTPException(401, token_cache.UNKNOWN_TOKEN)
        return device

    @app.get("/health")
    def health() -> dict[str, object]:
        return {"ok": True, "protocol": PROTOCOL_VERSION}

    def refuse_enrollment_flood(session: Session, key: str) -> None:
        limits.lock_client(session, limits.ENROLL_LOCK_SPACE, key)
        failed, oldest = session.execute(
            select(func.count(), func.min(EnrollmentAttempt.at)).where(
                EnrollmentAttempt.client_key == key,
                EnrollmentAttempt.ok.is_(False),
                EnrollmentAttempt.at > limits.window_start(settings.enroll_window_seconds),
            )
        ).one()
        if failed >= settings.enroll_failure_limit:
            limits.refuse(
                "تلاش‌های ناموفق ثبت رایانه",
                "failed enrollments",
                settings.enroll_failure_limit,
                settings.enroll_window_seconds,
                oldest,
            )

    @app.post("/sync/enroll", response_model=EnrollResponse)
    def enroll(body: EnrollRequest, request: Request) -> EnrollResponse:
        """Redeem a one-time code (idempotent for the same workstation; failed attempts
        of one client IP are limited, ``MIZ_ENROLL_FAILURE_LIMIT``)."""
        key = f"ip:{clients.client_ip(request, trusted)}"
        uid = str(body.device_id)
        with transaction() as session:
            refuse_enrollment_flood(session, key)
            try:
                device, token = admin.redeem_code(
                    session, body.code, body.device_id, body.label, body.office_code
                )
            except admin.AdminError as exc:
                refusal = str(exc)  # redeem_code refuses before it writes anything
                session.add(EnrollmentAttempt(client_key=key[:300], device_uid=uid, ok=False))
            else:
                session.add(EnrollmentAttempt(client_key=key[:300], device_uid=uid, ok=True))
                office = session.get(Office, device.office_code)
                assert office is not None
                return EnrollResponse(
                    token=token,
                    office_code=office.code,
                    office_name=office.name,
                    office_level=office.level,
                    counter=device.counter_number or 0,
                )
        raise HTTPException(403, refusal)  # after the failed attempt was committed

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

    def push_alone(device: Device, body: PushRequest) -> PushResponse:
        def unit() -> PushResponse:
            with transaction() as session:
                # the device read again in the push's own transaction: one revoked since
                # its request was authenticated (or its cached token checked) is refused
                now = token_cache.current(session.connection(), [(device.id, None)])
                if device.id not in now:
                    raise HTTPException(401, token_cache.UNKNOWN_TOKEN)
                response = sync_service.push(session, now[device.id], body)
            return response  # only after the commit succeeded

        return run_retrying(unit)

    tokens = token_cache.TokenCache()
    writer = GroupCommit(
        engine,
        sync_service.judge_push,
        sync_service.finish_pushes,
        push_alone,
        writers=1 if engine.dialect.name == "sqlite" else settings.push_writers,
        judge_group=group_judge.judge_together,
        tokens=tokens,
    )
    app.state.push_writer = writer

    async def push(body: PushRequest, authorization: str = Header(default="")) -> Response:
        """Apply a batch exactly once; pushes arriving together share one transaction
        (``group_commit``), each answered after the commit. A token this worker verified
        before is checked by the writer, in the push's transaction (``token_cache``)."""
        # the body was read by ``push_body.PushRoute`` (by FastAPI when it refused it)
        claimed = tokens.claim(authorization)
        # a run's inserts judged as mutations, taken apart (and answered) off the event
        # loop: a backlog's thousands would hold up this worker's other requests; a run
        # that may be judged as columns is kept (``run_judge``)
        request = await _off_loop(body, push_runs.expanded, body, run_judge.columnar)
        if claimed is None:
            device = await run_in_threadpool(authenticated, authorization)
            tokens.remember(authorization, device)
            answer = await writer.push(device, request)
        else:
            answer = await writer.push(claimed[0], request, claim=claimed[1])
        answer = await _off_loop(body, push_runs.answered, body, answer)  # applied: ranges
        # the answer as built (a PushResponse): not validated again through response_model
        return Response(answer.model_dump_json(), media_type="application/json")

    app.router.add_api_route(
        "/sync/push",
        push,
        methods=["POST"],
        response_model=PushResponse,
        route_class_override=push_body.PushRoute,
    )

    @app.post("/sync/pull", response_model=PullResponse)
    def pull(body: PullRequest, authorization: str = Header(default="")) -> PullResponse:
        device = authenticated(authorization)

        def unit() -> PullResponse:
            with reader_sessions() as session, session.begin():  # a pull writes nothing
                # the offices read once for the page and its check (``admin.OfficeTree``)
                session.info[admin.OFFICE_TREE] = admin.OfficeTree.load(session)
                page = sync_service.pull(session, device, body, settings.page_limit)
                # a page wholly of the device's own changes (it pushed its backlog before
                # its first pull): it holds them, so no snapshot of them (issue 22)
                if body.tables is None and page.more and (page.changes or not body.own_through):
                    page.snapshot = snapshot.worth_it(
                        session, device, body.since, settings.snapshot_min_rows, body.own_through
                    )
                if body.check and body.tables is None and not page.more:
                    # the check after sync, in the page's transaction: one request fewer
                    page.check = check_answer(session, device, body.check_since, doubted)
                return page

        doubted: set[str] = set()
        answer = run_retrying(unit)
        repair_figures(doubted)
        return answer

    snapshots = Path(settings.snapshot_folder) if settings.snapshot_folder else None

    @app.post("/sync/snapshot")
    def fetch_snapshot(body: SnapshotRequest, authorization: str = Header(default="")) -> Response:
        """The office's snapshot for a first sync (``central_server.snapshot``): gzip JSON
        lines, its sha256 and size in headers; resumes at ``offset`` of the same file."""
        device = authenticated(authorization)
        folder = snapshots or snapshot.default_folder()
        uid = device.device_uid or ""
        data = snapshot.stored(folder, uid, body.sha256) if body.sha256 else None
        digest, offset = body.sha256, body.offset
        if data is None or offset > len(data):

            def unit() -> str:
                synced = set(sync_service.synced_tables())
                with reader_sessions() as session, session.begin():
                    return snapshot.build(session, device, synced, folder)[0]

            digest, offset = run_retrying(unit), 0
            data = snapshot.stored(folder, uid, digest)
            if data is None:  # replaced by a build of another request meanwhile
                raise HTTPException(503, "snapshot replaced; ask again")
        return Response(
            content=data[offset:],
            media_type="application/octet-stream",
            headers={
                "X-Miz-Snapshot-Sha256": digest,
                "X-Miz-Snapshot-Size": str(len(data)),
                "X-Miz-Snapshot-Offset": str(offset),
                "Content-Encoding": "identity",
            },
        )

    @app.get("/sync/check", response_model=CheckResponse)
    def check(
        authorization: str = Header(default=""),
        since: int | None = Query(default=None, ge=0, le=MAX_INT),
    ) -> CheckResponse:
        device = authenticated(authorization)
        doubted: set[str] = set()
        # a check writes nothing: on SQLite it never holds the write lock while it scans
        with reader_sessions() as session, session.begin():
            answer = check_answer(session, device, since, doubted)
        repair_figures(doubted)
        return answer

    def repair_figures(doubted: set[str]) -> None:
        """Count again the tables a check doubted (``check_figures.repair``), after its
        answer was computed from a scan; a short write under the change-log lock."""
        if not doubted:
            return

        def unit() -> list[str]:
            with transaction() as session:
                return check_figures.repair(session.connection(), doubted)

        repaired = run_retrying(unit)
        if repaired:
            log.warning("check figures counted again: %s", ", ".join(repaired))

    certificate_inquiry.add_routes(app, transaction, settings)
    return app


def check_answer(
    session: Session, device: Device, since: int | None, doubted: set[str]
) -> CheckResponse:
    """The check after sync (``desktop_app.sync.check``): every synced table's figures
    over what the device's office may read (kept: ``check_figures``), the digests over
    ``server_seq > since``. Asked alone (``GET /sync/check``) or with a pull's last
    page. ``doubted`` gets the tables to count again (answered from a scan here)."""
    tree = admin.OfficeTree.read(session)  # the pull's own when asked with its page
    visible = tree.visible(device.office_code)
    offices = sorted(visible) if visible is not None else None
    conn = session.connection()
    names = sorted(set(sync_service.synced_tables()) & present_tables(conn))
    found, doubt = check_figures.figures_of(conn, names, offices, since)
    doubted.update(doubt)
    tables = [
        TableCheck(table=name, count=f.count, digest=f.digest, total=f.total)
        for name, f in found.items()
    ]
    # the offices whose rows the device's own figures count (the report's scope)
    own = figures.scope_in(tree, device.office_code)
    return CheckResponse(
        offices=offices,
        since=since,
        tables=tables,
        own_scope=sorted(own) if own is not None else None,
    )


def present_tables(conn: Connection) -> frozenset[str]:
    """The tables of ``conn``'s database, read once per engine (``_PRESENT``)."""
    found = _PRESENT.get(conn.engine)
    if found is None:
        found = _PRESENT[conn.engine] = frozenset(inspect(conn).get_table_names())
    return found
