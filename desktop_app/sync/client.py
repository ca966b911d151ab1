"""The workstation's sync engine: enroll once, then push the outbox and pull changes.

``SyncEngine(ctx).run()`` does one round: push every outbox entry in order (an entry
leaves the outbox only in the same local transaction that records the server's
answer; pipelined: the next batch is built while the server judges one, and sent
before the answer ahead of it is recorded — ``docs/sync.md``), then pull pages of
changes, each applied with its new cursor in one local transaction (pulled rows are
written with Core statements, so they create no outbox entries; columns with unsent
local edits keep the local value: rebase). A pulled row
that cannot be applied here is set aside as a sync problem (``sync.problems``) and the
page goes on; open problems are tried again after every pull. A mutation the server
refuses becomes a conflict row and the ones behind it go on (one that depends on it
is "held" with it). Any failure leaves the outbox and the cursor as they were. HTTPS with the server's certificate
verified (``ca_bundle`` from the workstation config for an intranet CA), gzip,
timeouts, retry with backoff. No Qt: call it from a worker thread (``ui.tasks``) or
the CLI, never from the UI thread.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import httpx
from pydantic import BaseModel
from pydantic_core import PydanticSerializationError, from_json, to_json
from sqlalchemy import Table, bindparam, delete, inspect, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..models import (
    Base,
    Setting,
    SyncConflict,
    SyncOutbox,
    synced_models,
    utcnow,
)
from ..models.numbering import counter_number, set_counter_number
from . import check_window, identity, problems, state
from .bulk import insert_rows
from .codec import decode_values_checked, stamps_kept
from .natural_keys import merge_into_pulled
from .once_only import report_reuse
from .protocol import (
    MAX_BATCH,
    OLDER_MAX_BATCH,
    PROTOCOL_VERSION,
    RUNS_PROTOCOL,
    AppliedRange,
    CheckResponse,
    DeviceInfo,
    EnrollRequest,
    EnrollResponse,
    Mutation,
    MutationResult,
    PullRequest,
    PullResponse,
    PushResponse,
    SnapshotRequest,
)
from .snapshot_load import EmptyTables, load_batch, read_batches
from .superseded import supersede_local
from .token import load_token, save_token

log = logging.getLogger(__name__)

#: A copied data folder (``sync.identity``) before its own enrollment.
COPIED_MESSAGE = (
    "پوشهٔ داده‌های این رایانه از رایانهٔ دیگری رونوشت شده است؛ برای اینکه کدهای دو "
    "رایانه هرگز یکی نشوند، این رایانه شمارهٔ پیشخوان آن رایانه را کنار گذاشت. با یک کد "
    "یک‌بار مصرف تازه از مدیر سرور دوباره ثبتش کنید تا شمارهٔ پیشخوان خودش را بگیرد؛ "
    "تا آن وقت هر چه ثبت می‌کنید روی همین رایانه محفوظ است."
)
Progress = Callable[[str, int], None]
#: Largest push body the client builds (the server refuses more than its own limit).
MAX_BATCH_BYTES = 4 * 1024 * 1024

#: Why the server refused a mutation (``MutationResult.problem``), for the clerk.
REFUSALS: dict[str, str] = {
    "invalid_value": "سرور مقدار این ستون را نپذیرفت: {field}.",
    "unique": "مقدار {field} را رکورد دیگری در سرور دارد؛ آن را تغییر دهید و دوباره بفرستید.",
    "missing_parent": "رکوردِ بالادستِ این رکورد در سرور نیست ({field}).",
    "parent_deleted": "رکوردِ بالادستِ این رکورد ({field}) در رایانهٔ دیگری حذف شده است؛ "
    "سرپرست تصمیم بگیرد.",
    "has_live_children": "این رکورد در رایانهٔ دیگری رکوردهای زندهٔ وابسته دارد و حذف نشد؛ "
    "ابتدا آن‌ها را تعیین تکلیف کنید.",
    "depends": "منتظر تغییر ردشدهٔ دیگری است و همراه آن دوباره فرستاده می‌شود.",
    "scope": "این رکورد بیرون از حوزهٔ این اداره است.",
    "unknown_record": "سرور این رکورد را نمی‌شناسد.",
    "database": "پایگاه دادهٔ سرور این تغییر را نپذیرفت.",
}


def refusal_sentence(result: MutationResult) -> str:
    """A Persian sentence for a refused mutation (the server's English reason after it)."""
    template = REFUSALS.get(result.problem)
    if template is None:
        return result.reason
    field = f"\u2068{result.field}\u2069" if result.field else ""
    return f"{template.format(field=field)} ({result.reason})"


class OutboxEntry(Protocol):
    """An outbox row as the push reads it (a ``sync_outbox`` row, not an ORM object;
    read only: ``_OutboxRow``)."""

    @property
    def seq(self) -> int: ...
    @property
    def mutation_id(self) -> str: ...
    @property
    def table_name(self) -> str: ...
    @property
    def record_id(self) -> str: ...
    @property
    def op(self) -> str: ...
    @property
    def base_seq(self) -> int | None: ...
    @property
    def base_version(self) -> int: ...
    @property
    def fields(self) -> str: ...


class _OutboxRow(NamedTuple):
    """An ``OutboxEntry`` as the push reads it: a plain tuple (a SQLAlchemy ``Row``'s
    attribute look-up costs about a microsecond, and the push reads each entry's
    columns several times: about a fifth of the workstation's part of a first sync)."""

    seq: int
    mutation_id: str
    table_name: str
    record_id: str
    op: str
    base_seq: int | None
    base_version: int
    fields: str


#: The outbox columns the push reads (``OutboxEntry``; not ``created_at``: no date
#: parsed per entry).
_OUTBOX = Base.metadata.tables[SyncOutbox.__tablename__]
_OUTBOX_COLUMNS = tuple(_OUTBOX.c[name] for name in _OutboxRow._fields)
#: The push's statements on the outbox, built once (SQLAlchemy computes a statement's
#: cache key once per object: not once per batch).
#: the first entries after a sequence number (0: the first ones; else the last one sent)
_ENTRIES_AFTER = (
    select(*_OUTBOX_COLUMNS)
    .where(_OUTBOX.c.seq > bindparam("after"))
    .order_by(_OUTBOX.c.seq)
    .limit(bindparam("limit"))
)
_SENT_RUN = delete(_OUTBOX).where(_OUTBOX.c.seq.between(bindparam("first"), bindparam("last")))


class _Flight(NamedTuple):
    """A push batch posted on the sender thread: its entries, whether its body holds
    runs, and the answer to come (``_post``'s: its errors raised by ``result()``)."""

    entries: list[OutboxEntry]
    sent_runs: bool
    future: Future[PushResponse]


def _sender() -> ThreadPoolExecutor:
    """The push's sender thread: one request in flight at a time (the client is used by
    one thread at a time, handed over through the future); leaving it waits for the
    request in flight (an answer then dropped: the resend is a replay)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="miz-push")


def _clean(flight: _Flight, answer: PushResponse) -> bool:
    """Whether an answer lets the next batch go before it is recorded: every entry
    answered by its sequence number (applied, conflict, refusal, merge: recorded in
    order all the same), nothing deferred or expected, the runs taken."""
    if (
        answer.expected_seq is not None
        or answer.deferred
        or (answer.protocol < RUNS_PROTOCOL and flight.sent_runs)
    ):
        return False
    answered = {r.seq for r in answer.results}
    for span in answer.ranges:
        answered.update(range(span.first_seq, span.first_seq + span.count))
    return all(e.seq in answered for e in flight.entries)


class RequestTooLarge(RuntimeError):
    """The server refused a body as too large (413): send smaller batches."""


class SyncError(RuntimeError):
    """A sync round that stopped; ``message`` is Persian, for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RequestRefused(SyncError):
    """The server could not read the request (422)."""


@dataclass
class SyncReport:
    pushed: int = 0
    conflicts: int = 0
    pulled: int = 0
    deferred: str = ""
    reused: int = 0  # once-only codes found in two live records (for the supervisor)
    repaired: list[str] = field(default_factory=list)  # tables re-pulled after the check
    mismatched: list[str] = field(default_factory=list)  # tables still different after it


def _http(ctx: Any, transport: httpx.BaseTransport | None, token: str = "") -> httpx.Client:
    config = ctx.workstation
    if not config.server_url:
        raise SyncError("نشانی سرور مرکزی تنظیم نشده است؛ ابتدا این رایانه را ثبت کنید.")
    headers = {"Accept-Encoding": "gzip"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(
        base_url=config.server_url.rstrip("/"),
        verify=config.ca_bundle or True,
        timeout=httpx.Timeout(60.0, connect=10.0),
        headers=headers,
        transport=transport,
    )


def _post(
    http: httpx.Client,
    path: str,
    body: BaseModel | str,
    answer: type[Any],
    retries: int,
    backoff: float,
) -> Any:
    """POST ``body`` (a message, or its JSON) with retry (safe: every call of the
    protocol is idempotent)."""
    content = body if isinstance(body, str) else body.model_dump_json()
    for attempt in range(retries + 1):
        try:
            response = http.post(
                path, content=content, headers={"Content-Type": "application/json"}
            )
        except httpx.TransportError as exc:
            if attempt == retries:
                raise SyncError(
                    "ارتباط با سرور مرکزی برقرار نشد. تغییرات روی همین رایانه محفوظ است "
                    "و در همگام‌سازی بعدی فرستاده می‌شود."
                ) from exc
            time.sleep(backoff * 2**attempt)
            continue
        if response.status_code == 401:
            raise SyncError(
                "سرور این رایانه را نمی‌شناسد یا دسترسی آن لغو شده است؛ "
                "با کد یک‌بار مصرف دوباره ثبتش کنید."
            )
        if response.status_code == 403:
            raise SyncError(f"سرور درخواست را نپذیرفت: {response.json().get('detail', '')}")
        if response.status_code == 413:
            raise RequestTooLarge()
        if response.status_code == 422:
            raise RequestRefused(
                "سرور قالب پیام این رایانه را نپذیرفت (کد ۴۲۲). تغییرات روی همین رایانه "
                "محفوظ است؛ برنامه را به‌روز کنید یا به پشتیبانی خبر دهید."
            )
        if response.status_code == 429:
            raise SyncError(_server_message(response, "سرور مرکزی فعلاً درخواست تازه نمی‌پذیرد."))
        if response.status_code >= 500 and attempt < retries:
            time.sleep(backoff * 2**attempt)
            continue
        if response.status_code == 503:
            raise SyncError(
                "سرور مرکزی اکنون سرش شلوغ است؛ تغییرات روی همین رایانه محفوظ است، "
                "چند لحظهٔ دیگر دوباره همگام‌سازی کنید."
            )
        if response.status_code != 200:
            raise SyncError(f"سرور مرکزی خطا داد (کد {response.status_code}).")
        return answer.model_validate_json(response.content)
    raise AssertionError("unreachable")


def _server_message(response: httpx.Response, default: str) -> str:
    """The Persian sentence of a server's JSON error body (``central_server.web``)."""
    try:
        body = response.json()
    except ValueError:
        return default
    message = body.get("message") if isinstance(body, dict) else None
    return message if isinstance(message, str) and message else default


def _office_code(session: Session) -> str:
    row = session.get(Setting, "office.office_code")
    value = json.loads(row.value) if row is not None else ""
    return value if isinstance(value, str) else ""


def enroll(
    ctx: Any, server_url: str, code: str, transport: httpx.BaseTransport | None = None
) -> EnrollResponse:
    """Enroll this workstation with a one-time code; stores the token and server address."""
    ctx.workstation.server_url = server_url.rstrip("/")
    with ctx.session() as session:
        local_office = _office_code(session)
    request = EnrollRequest(
        code=code, device_id=ctx.workstation.device_id, office_code=local_office
    )
    with _http(ctx, transport) as http:
        answer: EnrollResponse = _post(http, "/sync/enroll", request, EnrollResponse, 2, 0.5)
    save_token(ctx.data_dir, answer.token)
    ctx.workstation.save(ctx.data_dir)
    with ctx.session() as session:
        if not local_office:
            value = json.dumps(answer.office_code)
            row = session.get(Setting, "office.office_code")
            if row is None:
                session.add(Setting(key="office.office_code", value=value))
            else:
                row.value = value
        if answer.counter:
            set_counter_number(session, answer.counter)
        identity.enrolled_again(session)
        queue_unsent_records(session)
    return answer


def queue_unsent_records(session: Session) -> int:
    """Queue an insert for every local record the server never saw and the outbox lacks
    (records made before this workstation had sync). Returns how many were queued."""
    from .outbox import entry_for_existing

    queued = 0
    local = set(inspect(session.connection()).get_table_names())
    waiting = set(session.scalars(select(SyncOutbox.record_id)))
    for model in _ordered_models():
        if model.__tablename__ not in local:
            continue
        for row in session.scalars(select(model).where(model.server_seq.is_(None))):
            if str(row.id) not in waiting:
                session.add(SyncOutbox(**entry_for_existing(row)))
                queued += 1
    session.flush()
    return queued


def _ordered_models() -> list[Any]:
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    return sorted(synced_models(), key=lambda m: order[m.__tablename__])


class SyncEngine:
    """One workstation's sync rounds against the central server."""

    def __init__(
        self,
        ctx: Any,
        transport: httpx.BaseTransport | None = None,
        batch_size: int = MAX_BATCH,  # per request (a commit each on both sides)
        page_size: int = 500,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.ctx = ctx
        self.transport = transport
        self.batch_size = batch_size
        #: whether a push sends runs of inserts as columns (``InsertRun``): until a server
        #: answers without taking them (an older one: ``PushResponse.protocol`` 1)
        self.send_runs = True
        self.page_size = page_size
        self.retries = retries
        self.backoff = backoff
        #: the check's window to keep, written with the round's last state (``run``)
        self._window: tuple[int, CheckResponse, set[str]] | None = None

    def run(self, progress: Progress | None = None) -> SyncReport:
        """Push, then pull (push before pull). Raises ``SyncError``; keeps every change."""
        token = load_token(self.ctx.data_dir)
        if not token:
            with self.ctx.session() as session:
                copied = identity.copied_from(session)
            if copied:
                raise SyncError(COPIED_MESSAGE)
            raise SyncError("این رایانه هنوز در سرور مرکزی ثبت نشده است.")
        report = SyncReport()
        self._window = None
        with _http(self.ctx, self.transport, token) as http:
            self._learn_counter(http)
            self._push(http, report, progress)
            answer = self._pull(http, report, progress)
            if not report.deferred:
                self._check(http, report, answer)
        with self.ctx.session() as session:
            report.reused = report_reuse(session)
            if self._window is not None:
                check_window.remember(session, *self._window)
            state.set_state(session, state.LAST_SYNC, utcnow().isoformat())
        return report

    def _learn_counter(self, http: httpx.Client) -> None:
        """A workstation enrolled before counters existed asks for its counter number
        once (from then on its codes carry it; see ``models.numbering``)."""
        with self.ctx.session() as session:
            if counter_number(session):
                return
        try:
            response = http.get("/sync/device")
        except httpx.TransportError as exc:
            raise SyncError(
                "ارتباط با سرور مرکزی برقرار نشد. تغییرات روی همین رایانه محفوظ است "
                "و در همگام‌سازی بعدی فرستاده می‌شود."
            ) from exc
        if response.status_code == 401:
            raise SyncError(
                "سرور این رایانه را نمی‌شناسد یا دسترسی آن لغو شده است؛ "
                "با کد یک‌بار مصرف دوباره ثبتش کنید."
            )
        if response.status_code != 200:
            return  # an older server without counters: codes keep the office-only form
        info = DeviceInfo.model_validate_json(response.content)
        if info.counter:
            with self.ctx.session() as session:
                set_counter_number(session, info.counter)

    # -- check after sync ---------------------------------------------------
    def _differing(
        self, http: httpx.Client, windowed: bool, answered: CheckResponse | None = None
    ) -> list[str]:
        """Tables whose figures differ from the server's (``sync.check``): over the
        rows changed since the last equal check when ``windowed`` and one is kept,
        else over the whole scope (``sync.check_window``). ``answered``: the server's
        figures already came with the pull's last page (asked with this round's window)."""
        with self.ctx.session() as session:
            since = check_window.since_to_ask(session) if windowed else None
            cursor = state.get_state(session, state.CURSOR, 0)
        if windowed and answered is not None:
            server = answered
        else:
            answer = http.get("/sync/check", params={} if since is None else {"since": since})
            if answer.status_code != 200:
                return []  # an older server without the check: nothing to compare
            server = CheckResponse.model_validate_json(answer.content)
        local = self._local_tables()
        with self.ctx.session() as session:  # what the office's own figures count
            state.set_state(session, state.OWN_SCOPE, server.own_scope)
            refit = server.since is not None and not check_window.fits(session, server, local)
        if refit:  # the window was checked over other offices or tables
            return self._differing(http, windowed=False)
        with self.ctx.engine.begin() as conn:  # the kept figures may be counted again
            differing = check_window.differing(conn, server, local)
        if differing:
            self._window = None
            with self.ctx.session() as session:
                check_window.forget(session)
        else:  # kept with the round's last write (``run``): one disk flush fewer a round
            self._window = (cursor, server, local)
        return differing

    def _check(
        self, http: httpx.Client, report: SyncReport, answered: CheckResponse | None = None
    ) -> None:
        """After a complete round: compare every table with the server (``answered``: the
        figures the pull's last page brought); re-pull each one that differs from the
        start; report any that still differs."""
        with self.ctx.session() as session:
            if not self._checkable(session):
                return
        try:
            differing = self._differing(http, windowed=True, answered=answered)
            for table in differing:
                key = "backfill:" + table
                with self.ctx.session() as session:
                    state.set_state(session, key, 0)
                self._pull_loop(http, report, None, [table])
            report.repaired = differing
            # a window or a count that differed: the whole scope decides
            report.mismatched = self._differing(http, windowed=False) if differing else []
        except httpx.TransportError:
            return  # the round itself succeeded; the check runs again next time
        with self.ctx.session() as session:
            state.set_state(session, state.CHECK_MISMATCH, report.mismatched)
        if report.mismatched:
            log.warning("tables differ from the server after re-pull: %s", report.mismatched)

    @staticmethod
    def _checkable(session: Session) -> bool:
        """Whether the copies can match: no local edit still on its way, no pulled row
        set aside for a person (shown in the sync section)."""
        return not (state.pending_count(session) or problems.open_problem_count(session))

    # -- push -------------------------------------------------------------
    def _push(self, http: httpx.Client, report: SyncReport, progress: Progress | None) -> None:
        """Send the outbox in batches, pipelined: while the server judges batch k, this
        thread records the answer of batch k-1 and reads and builds batch k+1; one
        sender thread (``_sender``) posts them, one request in flight at a time, so the
        server meets this workstation's pushes in order as before. Batch k+1 is sent as
        soon as k's answer is in and clean (every entry answered, nothing deferred or
        expected, no older protocol: ``_clean``), before k's answer is recorded here;
        any other answer or error is taken as the sequential loop takes it (a body too
        large or unreadable: ``_answer``), and the next batch is read again from the
        first unsent entry."""
        limit = self.batch_size
        left = 0  # what is still to send, for the progress: counted once, then counted down
        flight: _Flight | None = None  # a batch sent, its answer not yet recorded
        with _sender() as sender:
            while True:
                entries, left = self._next_batch(flight, limit, left)
                built = self._build(entries, flight)
                ahead: tuple[_Flight, PushResponse] | None = None  # clean: recorded below
                if flight is not None:
                    answer = self._answer(flight)
                    if isinstance(answer, int):  # its entries sent again, in smaller batches
                        limit, left, flight = answer, left + len(flight.entries), None
                        continue
                    if built is None or not _clean(flight, answer):
                        done, flight = flight, None
                        if not self._take_answer(done, answer, report):
                            return
                        continue
                    ahead = (flight, answer)
                if built is None:
                    return
                flight = self._send(sender, http, entries, built, progress, left)
                left -= len(entries)
                if ahead is not None:  # while the server judges the batch just sent
                    with self.ctx.session() as session:
                        self._record_results(session, ahead[0].entries, ahead[1], report)

    def _next_batch(
        self, flight: _Flight | None, limit: int, left: int
    ) -> tuple[list[OutboxEntry], int]:
        """The next batch: up to ``limit`` entries after the batch in flight (the first
        unsent ones when none is), within ``MAX_BATCH_BYTES``; and what is still to send,
        counted again for the first batch or when more were queued (less the batch in
        flight, still in the outbox)."""
        with self.ctx.session() as session:
            after = flight.entries[-1].seq if flight else 0
            # plain tuples (no ORM identity map): a batch is read, sent and deleted
            rows = session.execute(_ENTRIES_AFTER, {"after": after, "limit": limit})
            entries = _within_bytes(list(map(_OutboxRow._make, rows)))
            if entries and left < len(entries):
                left = state.pending_count(session) - (len(flight.entries) if flight else 0)
        return entries, left

    def _build(self, entries: list[OutboxEntry], flight: _Flight | None) -> tuple[str, bool] | None:
        """The push body of ``entries`` (None: nothing to send). An entry the body cannot
        carry (a damaged outbox row) raises when nothing is in flight; else None: the
        answer ahead is recorded first, as the sequential loop did, and the batch, read
        again from the first unsent entry, raises then."""
        if not entries:
            return None
        try:
            return _push_body(entries, runs=self.send_runs)
        except Exception:
            if flight is None:
                raise
            return None

    def _send(
        self,
        sender: ThreadPoolExecutor,
        http: httpx.Client,
        entries: list[OutboxEntry],
        built: tuple[str, bool],
        progress: Progress | None,
        left: int,
    ) -> _Flight:
        """Post a batch on the sender thread (``_post``, looked up now: tests replace it)."""
        if progress:
            progress("push", left)
        body, sent_runs = built
        future = sender.submit(
            _post, http, "/sync/push", body, PushResponse, self.retries, self.backoff
        )
        return _Flight(entries, sent_runs, future)

    def _answer(self, flight: _Flight) -> PushResponse | int:
        """The server's answer to ``flight``, or the batch size to send its entries again
        with, from the first: half as many when its body was too large (413; a single
        entry: ``SyncError``), ``OLDER_MAX_BATCH`` from now on when a server from before
        issue 22 could not read more (422: it takes at most 500 a push)."""
        try:
            return flight.future.result()
        except RequestTooLarge:
            if len(flight.entries) == 1:
                raise SyncError(
                    "یک تغییرِ این رایانه از حد مجاز سرور بزرگ‌تر است (کد ۴۱۳)؛ "
                    "به پشتیبانی خبر دهید. تغییرات روی همین رایانه محفوظ است."
                ) from None
            return len(flight.entries) // 2
        except RequestRefused:
            if len(flight.entries) <= OLDER_MAX_BATCH:
                raise
            self.batch_size = OLDER_MAX_BATCH
            return OLDER_MAX_BATCH

    def _take_answer(self, flight: _Flight, answer: PushResponse, report: SyncReport) -> bool:
        """Record an answer with nothing else in flight, as the sequential loop does;
        whether to go on (False: the server deferred the rest)."""
        entries = flight.entries
        if flight.sent_runs and answer.protocol < RUNS_PROTOCOL:
            # a server from before protocol 2 ignored the runs (and may have stopped
            # at the gap they left): what it answered is kept, the rest sent again
            # as plain mutations from now on
            self.send_runs = False
            with self.ctx.session() as session:
                self._record_results(session, entries, answer, report)
            if answer.deferred:
                report.deferred = answer.deferred
                return False
            return True
        if (
            not answer.results
            and not answer.ranges
            and answer.expected_seq is None
            and not answer.deferred
        ):
            raise SyncError("سرور به تغییرات فرستاده‌شده پاسخی نداد؛ دوباره تلاش کنید.")
        with self.ctx.session() as session:
            done = self._record_results(session, entries, answer, report)
        if answer.deferred:
            report.deferred = answer.deferred
            return False
        if answer.expected_seq is not None:
            rest = [e for e in entries if e.mutation_id not in done]
            if not rest or rest[0].seq != answer.expected_seq:
                raise SyncError(
                    "ترتیب تغییرات این رایانه با سرور نمی‌خواند (شاید پایگاه داده از "
                    f"پشتیبان برگردانده شده است). سرور منتظر شمارهٔ {answer.expected_seq} است؛ "
                    "با پشتیبانی تماس بگیرید."
                )
        return True

    def _record_results(
        self,
        session: Session,
        entries: Sequence[OutboxEntry],
        answer: PushResponse,
        report: SyncReport,
    ) -> set[str]:
        """Keep what the server answered about ``entries``; the ids it answered."""
        by_id = {e.mutation_id: e for e in entries}
        done: list[str] = []
        answered = [(by_id.get(str(r.mutation_id)), r) for r in answer.results]
        stretches = _in_ranges(entries, answer.ranges)
        _stamp_own(session, answered, stretches)
        in_ranges = [pair for stretch in stretches for pair in stretch]
        done.extend(e.mutation_id for e, _number in in_ranges)
        report.pushed += len(in_ranges)
        for entry, result in answered:
            if entry is None:
                continue
            if result.status in ("conflict", "rejected"):
                report.conflicts += 1
                held = result.problem == "depends" and result.depends_on is not None
                fields = result.conflict_fields or ([result.field] if result.field else [])
                session.add(
                    SyncConflict(
                        mutation_id=entry.mutation_id,
                        kind="held" if held else result.status,
                        table_name=entry.table_name,
                        record_id=entry.record_id,
                        fields=json.dumps(fields),
                        local_values=entry.fields,
                        server_values=json.dumps(result.server_values or {}, ensure_ascii=False),
                        reason=refusal_sentence(result),
                        op=entry.op,
                        depends_on=str(result.depends_on) if held else None,
                    )
                )
            if result.merged_into is not None:
                _record_merge(session, entry, result, report)
            if result.status == "conflict" and result.server_values:
                # The server kept its version: show it (the clerk's is in the conflict row).
                session.execute(
                    delete(SyncOutbox).where(SyncOutbox.mutation_id == entry.mutation_id)
                )
                self._apply_rows(session, [(entry.table_name, result.server_values)])
            else:
                done.append(entry.mutation_id)
                report.pushed += 1
        if done:
            # plain rows were read, no ORM object to keep in step: a Core statement
            if set(done) == set(by_id):  # the whole batch: the first entries by seq
                session.connection().execute(
                    _SENT_RUN, {"first": entries[0].seq, "last": entries[-1].seq}
                )
            else:
                session.connection().execute(
                    delete(_OUTBOX).where(SyncOutbox.mutation_id.in_(done))
                )
        return {str(r.mutation_id) for r in answer.results} | {
            e.mutation_id for e, _number in in_ranges
        }

    # -- pull -------------------------------------------------------------
    def _pull(
        self, http: httpx.Client, report: SyncReport, progress: Progress | None
    ) -> CheckResponse | None:
        """Pull every table; returns the check's figures the last page brought (asked
        when the round can be checked: the push left nothing behind)."""
        with self.ctx.session() as session:
            unknown_before = set(state.get_state(session, state.UNKNOWN_TABLES, []))
            check: tuple[int | None] | None = None
            if not report.deferred and self._checkable(session):
                check = (check_window.since_to_ask(session),)
        now_known = unknown_before & self._local_tables()
        if now_known:  # this app learnt tables it skipped before: fetch them from the start
            self._pull_loop(http, report, progress, sorted(now_known))
        return self._pull_loop(http, report, progress, None, check)

    def _pull_loop(
        self,
        http: httpx.Client,
        report: SyncReport,
        progress: Progress | None,
        tables: list[str] | None,
        check: tuple[int | None] | None = None,
    ) -> CheckResponse | None:
        """Pull pages until the last; ``check``: (the window's since,) to ask the check
        after sync with the last page, whose answer is returned."""
        key = state.CURSOR if tables is None else "backfill:" + ",".join(tables)
        while True:
            with self.ctx.session() as session:
                cursor = state.get_state(session, key, 0)
                own = state.get_state(session, state.OWN_THROUGH, 0) if tables is None else 0
            request = PullRequest(
                since=cursor,
                limit=self.page_size,
                tables=tables,
                own_through=own,
                check=check is not None,
                check_since=check[0] if check is not None else None,
            )
            page: PullResponse = _post(
                http, "/sync/pull", request, PullResponse, self.retries, self.backoff
            )
            if page.snapshot and cursor == 0 and tables is None:
                # a first sync of a long log: one snapshot instead of the pages
                self._from_snapshot(http, report, progress)
                if check is not None:  # the snapshot may stand for the whole check
                    with self.ctx.session() as session:
                        check = (check_window.since_to_ask(session),)
                continue
            with self.ctx.session() as session:  # the page and its cursor: one transaction
                unknown = self._apply_rows(session, [(c.table, c.values) for c in page.changes])
                state.set_state(session, key, page.cursor)
                if tables is not None and not page.more:
                    known = set(state.get_state(session, state.UNKNOWN_TABLES, []))
                    state.set_state(session, state.UNKNOWN_TABLES, sorted(known - set(tables)))
                elif unknown:
                    known = set(state.get_state(session, state.UNKNOWN_TABLES, []))
                    state.set_state(session, state.UNKNOWN_TABLES, sorted(known | unknown))
            report.pulled += len(page.changes)
            if progress:
                progress("pull", report.pulled)
            if not page.more:
                if tables is None:
                    with self.ctx.session() as session:
                        problems.retry_open(session, self.write_rows)
                return page.check

    # -- first sync from a snapshot ------------------------------------------
    def _from_snapshot(
        self, http: httpx.Client, report: SyncReport, progress: Progress | None
    ) -> None:
        """Fetch the office's snapshot (resuming a cut-off download), check its hash,
        apply its rows like pulled rows and set the cursor to its own, in ONE local
        transaction (``central_server.snapshot``)."""
        path = Path(self.ctx.data_dir) / SNAPSHOT_FILE
        digest = self._download_snapshot(http, path)
        pulled = report.pulled
        try:
            self._apply_snapshot(path, report, progress)
        except (ValueError, KeyError, TypeError, OSError, EOFError) as exc:
            # not a snapshot this app can read (its transaction rolled back): start over
            report.pulled = pulled
            path.unlink(missing_ok=True)
            with self.ctx.session() as session:
                state.set_state(session, SNAPSHOT_STATE, "")
            raise SyncError(
                "فایل نخستین همگام‌سازی که سرور فرستاد خوانا نبود و چیزی از آن نوشته نشد؛ "
                "دوباره همگام‌سازی کنید و اگر تکرار شد به پشتیبانی خبر دهید."
            ) from exc
        path.unlink(missing_ok=True)
        log.info("first sync from snapshot %s: %d rows", digest[:12], report.pulled - pulled)

    def _apply_snapshot(self, path: Path, report: SyncReport, progress: Progress | None) -> None:
        """The snapshot's rows and its cursor in ONE local transaction: a table that was
        empty takes a batch in one statement (``sync.snapshot_load``), any other batch —
        or one the fast path doubts — goes through ``_apply_rows`` as a pulled page."""
        local = self._local_tables()
        with gzip.open(path, "rt", encoding="utf-8") as lines, self.ctx.session() as session:
            header = json.loads(next(lines))
            conn = session.connection()
            empty = {  # nothing to merge, supersede or rebase on: straight in
                name
                for name in local
                if conn.execute(select(Base.metadata.tables[name].c.id).limit(1)).first() is None
            }
            unknown: set[str] = set()
            vouched = empty == local  # a new workstation: the file alone fills every table
            # triggers and plain indexes of a table filled from empty: off at its first
            # batch, rebuilt once after (``sync.snapshot_load.EmptyTables``)
            with EmptyTables(conn) as filling:
                for table_name, columns, rows in read_batches(lines):
                    if table_name not in local:
                        unknown.add(table_name)
                    elif table_name not in empty or not _load_fast(
                        session, filling, table_name, columns, rows
                    ):
                        filling.give_back(table_name)  # rows one by one: look-ups by index
                        vouched = False
                        wires = [_wire(columns, row) for row in rows]
                        self._apply_rows(session, [(table_name, w) for w in wires])
                    report.pulled += len(rows)
                    if progress:
                        progress("pull", report.pulled)
            state.set_state(session, state.CURSOR, int(header["cursor"]))
            scope = _check_scope(header)
            if vouched and scope is not None:
                # the copies agree at the cursor: the round's check asks the window above
                offices, checked = scope
                check_window.vouch(session, int(header["cursor"]), offices, sorted(local & checked))
            if unknown:
                known = set(state.get_state(session, state.UNKNOWN_TABLES, []))
                state.set_state(session, state.UNKNOWN_TABLES, sorted(known | unknown))
            state.set_state(session, SNAPSHOT_STATE, "")

    def _download_snapshot(self, http: httpx.Client, path: Path) -> str:
        """The snapshot file at ``path`` whole and checked; returns its sha256. A part
        kept from a cut-off download (its hash in ``sync_state``) is continued."""
        with self.ctx.session() as session:
            begun = str(state.get_state(session, SNAPSHOT_STATE, "") or "")
        offset = path.stat().st_size if begun and path.exists() else 0
        attempt, whole_again = 0, True
        while attempt <= self.retries:
            request = SnapshotRequest(sha256=begun if offset else "", offset=offset)
            try:
                with http.stream(
                    "POST",
                    "/sync/snapshot",
                    content=request.model_dump_json(),
                    headers={"Content-Type": "application/json"},
                ) as answer:
                    if answer.status_code != 200:
                        raise SyncError(f"سرور مرکزی خطا داد (کد {answer.status_code}).")
                    digest = answer.headers["X-Miz-Snapshot-Sha256"]
                    size = int(answer.headers["X-Miz-Snapshot-Size"])
                    start = int(answer.headers["X-Miz-Snapshot-Offset"])
                    with self.ctx.session() as session:
                        state.set_state(session, SNAPSHOT_STATE, digest)
                    begun = digest
                    with path.open("r+b" if start and path.exists() else "wb") as out:
                        out.seek(start)
                        out.truncate()
                        for block in answer.iter_bytes():
                            out.write(block)
            except httpx.TransportError as exc:
                offset = path.stat().st_size if path.exists() and begun else 0
                if attempt == self.retries:
                    raise SyncError(
                        "ارتباط با سرور مرکزی برقرار نشد. دریافت نخستین همگام‌سازی در "
                        "همگام‌سازی بعدی از همان‌جا ادامه می‌یابد."
                    ) from exc
                time.sleep(self.backoff * 2**attempt)
                attempt += 1
                continue
            if path.stat().st_size == size and _sha256(path) == digest:
                return digest
            if not whole_again:
                break
            offset, begun, whole_again = 0, "", False  # a wrong file: fetch it whole, once
        raise SyncError("فایل نخستین همگام‌سازی سالم به دست نیامد؛ دوباره همگام‌سازی کنید.")

    def _local_tables(self) -> set[str]:
        with self.ctx.engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
        return {m.__tablename__ for m in synced_models()} & present

    def _apply_rows(self, session: Session, rows: list[tuple[str, dict[str, Any]]]) -> set[str]:
        """Write server rows with Core (no outbox), keeping columns with unsent local edits;
        a row that cannot be applied is set aside (``sync.problems``), the rest goes on.

        Returns the names of tables this workstation does not have (skipped)."""
        local = self._local_tables()
        unknown: set[str] = set()
        # rows arrive parents first; consecutive rows of one table are written together
        groups: list[tuple[str, list[dict[str, Any]]]] = []
        for table_name, wire in rows:
            if table_name not in local:
                unknown.add(table_name)
                continue
            if not groups or groups[-1][0] != table_name:
                groups.append((table_name, []))
            groups[-1][1].append(wire)
        for table_name, wires in groups:
            problems.apply_isolated(session, table_name, wires, self.write_rows)
        return unknown

    @staticmethod
    def write_rows(session: Session, table_name: str, wires: list[dict[str, Any]]) -> None:
        """Write rows of one table (checked with the shared rules); raises on the first
        row the database or the rules refuse."""
        table: Table = Base.metadata.tables[table_name]
        conn = session.connection()
        decoded = [decode_values_checked(table, wire) for wire in wires]
        merge_into_pulled(conn, _synced_model(table_name), decoded)  # one person, one record
        supersede_local(conn, _synced_model(table_name), decoded)  # one current per key
        mine = state.pending_fields(session, [(table_name, str(v["id"])) for v in decoded])
        ids = [values["id"] for values in decoded]
        existing = set(conn.execute(select(table.c.id).where(table.c.id.in_(ids))).scalars())
        inserts: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for values in decoded:
            record_id = values["id"]
            for column in mine.get((table_name, str(record_id)), {}):
                values.pop(column, None)  # rebase: the unsent local edit stays on top
            if record_id in existing:
                values.pop("id")
                if values:
                    values[_ROW_ID] = record_id
                    updates.setdefault(tuple(sorted(values)), []).append(values)
            else:
                existing.add(record_id)
                inserts.setdefault(tuple(sorted(values)), []).append(values)
        for batch in inserts.values():  # one executemany per set of columns
            insert_rows(conn, table, batch)
        kept = stamps_kept(table)
        for columns, batch in updates.items():
            # a stamp left out (the unsent local save's own) stays as it is
            keep = {k: v for k, v in kept.items() if k not in columns}
            conn.execute(
                update(table).where(table.c.id == bindparam(_ROW_ID)).values(**keep), batch
            )


#: The first-sync snapshot being downloaded (in the data folder), its sha256 in
#: ``sync_state``.
SNAPSHOT_FILE = "first-sync.snapshot"
SNAPSHOT_STATE = "snapshot_sha256"


def _wire(columns: list[str], row: Any) -> dict[str, Any]:
    """A snapshot row as a pulled row's values; ``{}`` (set aside) for a malformed one."""
    if type(row) is not list or len(row) != len(columns):
        return {}
    return dict(zip(columns, row, strict=True))


def _check_scope(header: Any) -> tuple[list[str] | None, set[str]] | None:
    """The offices and tables of the check after sync a snapshot's header names; None
    when it names none (an older server) or not as lists of names."""
    offices, tables = header.get("offices", ""), header.get("tables")  # "": not named
    if not (offices is None or isinstance(offices, list)) or not isinstance(tables, list):
        return None
    if not all(isinstance(name, str) for name in [*(offices or []), *tables]):
        return None
    return offices, set(tables)


def _load_fast(
    session: Session, filling: EmptyTables, table_name: str, columns: list[str], rows: list[Any]
) -> bool:
    """One batch of a snapshot into a table that was empty (``sync.snapshot_load``), in
    a savepoint; False when it must go row by row (nothing of it written)."""
    filling.take(table_name)
    try:
        with problems.savepoint(session):
            return load_batch(session.connection(), Base.metadata.tables[table_name], columns, rows)
    except DBAPIError:  # the database refused the batch (a duplicate, a dangling parent)
        return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: Parameter name of the row id in an executemany UPDATE (never a column name).
_ROW_ID = "_row_id"


def _in_ranges(
    entries: Sequence[OutboxEntry], ranges: list[AppliedRange]
) -> list[list[tuple[OutboxEntry, int]]]:
    """The entries the answer's ranges say were applied as sent, with their change-log
    numbers, as stretches: each range's entries of this batch, consecutive in sequence
    and number, cut where one of its sequence numbers is not the batch's (left out)."""
    by_seq = {e.seq: e for e in entries} if ranges else {}
    stretches: list[list[tuple[OutboxEntry, int]]] = []
    for applied in ranges:
        stretch: list[tuple[OutboxEntry, int]] = []
        for offset in range(applied.count):
            entry = by_seq.get(applied.first_seq + offset)
            if entry is not None:
                stretch.append((entry, applied.first_change_seq + offset))
            elif stretch:
                stretches.append(stretch)
                stretch = []
        if stretch:
            stretches.append(stretch)
    return stretches


def _stamp_own(
    session: Session,
    answered: list[tuple[OutboxEntry | None, MutationResult]],
    stretches: Sequence[list[tuple[OutboxEntry, int]]] = (),
) -> None:
    """Give each record the server applied as sent its change-log number and version
    (what pulling it back would write), and raise ``own_through``: the server then
    skips these changes on the next pull. Same transaction as the outbox removal.
    ``stretches``: inserts a range answered (version 1), with their numbers
    (``_in_ranges``) — each stretch stamped by one ``UPDATE`` joined with the outbox
    (``_stamp_run``), unless a result of the same batch stamps one of its records
    again."""
    top = 0
    applied = [
        (entry, result)
        for entry, result in answered
        if entry is not None and result.status == "applied" and result.change_seq is not None
    ]
    again = {(entry.table_name, entry.record_id) for entry, _result in applied}
    conn = session.connection()
    # one stamp per record: the last of its changes in the batch (results come in
    # device order; an insert then its update share one change-log number)
    stamps: dict[str, dict[str, tuple[str, int, int | None]]] = {}
    for run in stretches:
        top = max(top, run[-1][1])
        shared = again and any((e.table_name, e.record_id) in again for e, _n in run)
        if not shared and _stamp_run(conn, run):
            continue
        for insert, number in run:  # before any later change of their record
            stamps.setdefault(insert.table_name, {})[insert.record_id] = (
                insert.record_id,
                number,
                1,
            )
    for entry, result in applied:
        changed = result.change_seq
        assert changed is not None  # (``applied`` holds numbered results only)
        top = max(top, changed)
        stamps.setdefault(entry.table_name, {})[entry.record_id] = (
            entry.record_id,
            changed,
            result.version,
        )
    for table_name in stamps:
        table = Base.metadata.tables.get(table_name)
        if table is not None:
            _stamp_table(conn, table, list(stamps[table_name].values()))
    if top:
        state.raise_to(session, state.OWN_THROUGH, top)


def _stamp_run(conn: Any, run: list[tuple[OutboxEntry, int]]) -> bool:
    """Stamp a stretch of ``_in_ranges`` (inserts applied as sent: version 1) with ONE
    ``UPDATE`` joined with the outbox rows of its sequence numbers — no Python and no
    JSON per record (about a fifth of ``_stamp_table``'s time a record), once the
    outbox rows at its first and last numbers are still its first and last entries;
    whether it stamped every record. When it did not (an id in another form than the
    canonical one, a record holding a newer number, entries of another table than the
    first's, a table not here, an older SQLite), the caller stamps the stretch with ``_stamp_table``, which finds every
    form and keeps a newer number: what this one wrote is written the same again."""
    first, number = run[0][0].seq, run[0][1]
    table = Base.metadata.tables.get(run[0][0].table_name)
    if table is None or not _sqlite_sets():
        return False
    name = conn.dialect.identifier_preparer.format_table(table)
    outbox = _OUTBOX.name
    stamp = "?1 + (o.seq - ?2)"
    # the stretch's first and last entries still where they were read (anchors: the
    # outbox is insert-only, its numbers never reused): else nothing is stamped here
    anchored = " AND ".join(
        f"EXISTS (SELECT 1 FROM {outbox} WHERE seq = ?{at} AND mutation_id = ?{mid})"
        for at, mid in ((2, 5), (3, 6))
    )
    written = conn.exec_driver_sql(
        f"UPDATE {name} SET server_seq = {stamp}, version = 1 FROM {outbox} AS o "
        f"WHERE {anchored} AND o.seq BETWEEN ?2 AND ?3 AND o.table_name = ?4 "
        f"AND {name}.id = replace(o.record_id, '-', '') "
        f"AND ({name}.server_seq IS NULL OR {name}.server_seq < {stamp})",
        (number, first, run[-1][0].seq, table.name, run[0][0].mutation_id, run[-1][0].mutation_id),
    ).rowcount
    return bool(written == len(run))


def _stamp_table(conn: Any, table: Table, stamps: list[tuple[str, int, int | None]]) -> None:
    """Set ``server_seq`` and ``version`` of ``table``'s records from ``stamps``
    (record id, change-log number, version or None: kept) where the record holds no
    newer number: one ``UPDATE … FROM json_each(?)`` for them all, the stamps as one
    JSON text — no Python per record (the workstation's database is SQLite:
    ``models.database``; a SQLite without ``UPDATE … FROM`` or JSON functions gets the
    same as a prepared ``executemany``). ``updated_at`` is not touched (a stamp is not
    a save). The kept figures' update trigger counts each stamped row as it counts any
    change of ``server_seq`` (measured: below 1 µs a row, left as it is); the lists'
    search triggers watch ``search_text`` only and do not fire."""
    name = conn.dialect.identifier_preparer.format_table(table)
    rows = [(_stored_id(rid), seq, version) for rid, seq, version in stamps]
    if _sqlite_sets():
        conn.exec_driver_sql(
            f"UPDATE {name} SET server_seq = s.seq, version = coalesce(s.version, {name}.version) "
            "FROM (SELECT json_extract(value, '$[0]') AS rid, json_extract(value, '$[1]') AS seq, "
            "json_extract(value, '$[2]') AS version FROM json_each(?)) AS s "
            f"WHERE {name}.id = s.rid AND ({name}.server_seq IS NULL OR {name}.server_seq < s.seq)",
            (json.dumps(rows),),
        )
        return
    conn.exec_driver_sql(
        f"UPDATE {name} SET server_seq = ?2, version = coalesce(?3, version) "
        "WHERE id = ?1 AND (server_seq IS NULL OR server_seq < ?2)",
        rows,
    )


@functools.cache
def _sqlite_sets() -> bool:
    """Whether this SQLite has ``UPDATE … FROM`` (3.33) and the JSON functions."""
    try:
        with sqlite3.connect(":memory:") as probe:
            probe.execute("SELECT value FROM json_each('[1]')").fetchall()
    except sqlite3.Error:
        return False
    return sqlite3.sqlite_version_info >= (3, 33)


def _stored_id(record_id: str) -> str:
    """A record id as the ``Uuid`` column stores it on SQLite (32 hex digits)."""
    if _CANONICAL_UUID.match(record_id):
        return record_id.replace("-", "")
    return uuid.UUID(record_id).hex


def _synced_model(table_name: str) -> Any:
    """The synced model of ``table_name`` (its natural keys are declared on it)."""
    return next(m for m in synced_models() if m.__tablename__ == table_name)


def _within_bytes(entries: Sequence[OutboxEntry]) -> list[OutboxEntry]:
    """The first entries whose values stay under ``MAX_BATCH_BYTES`` (at least one)."""
    kept: list[OutboxEntry] = []
    size = 0
    for entry in entries:
        size += len(entry.fields) + 300
        if kept and size > MAX_BATCH_BYTES:
            break
        kept.append(entry)
    return kept


_COLUMN_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _record_merge(
    session: Session, entry: OutboxEntry, result: MutationResult, report: SyncReport
) -> None:
    """The server merged this record into the one of the same person: the columns both
    had filled differently wait for the clerk as a conflict on the winner (the clerk's
    typed values beside the server's). A column the clerk changed again in a later change
    of the same record still waiting to be sent is left out: that newer value is sent
    next and judged against the winner by itself (an invitation made «pending» then
    answered «yes» at both counters is no conflict)."""
    later: set[str] = set()
    for fields in session.scalars(
        select(SyncOutbox.fields).where(
            SyncOutbox.table_name == entry.table_name,
            SyncOutbox.record_id == entry.record_id,
            SyncOutbox.seq > entry.seq,
        )
    ):
        later |= set(json.loads(fields))
    clashes = [f for f in result.conflict_fields if f not in later]
    if not clashes:
        return
    typed = json.loads(entry.fields)
    report.conflicts += 1
    session.add(
        SyncConflict(
            mutation_id=entry.mutation_id,
            kind="conflict",
            table_name=entry.table_name,
            record_id=str(result.merged_into),
            fields=json.dumps(clashes),
            local_values=json.dumps(
                {k: typed[k] for k in clashes if k in typed}, ensure_ascii=False
            ),
            server_values=json.dumps(result.server_values or {}, ensure_ascii=False),
            reason="merged: the same person was registered at another counter",
        )
    )


def _push_body(entries: Sequence[OutboxEntry], runs: bool = False) -> tuple[str, bool]:
    """The JSON of ``PushRequest(mutations=[_mutation(e) for e in entries])`` without a
    pydantic object per entry, and whether it holds runs: an entry's ``fields`` is JSON
    already and goes as it is when every key can name a column (issue 22; a
    differential test keeps them equal). One loop: each ``fields`` text is read by
    pydantic's JSON parser (Rust: about half the time of json's C scanner; a text it
    refuses that json reads — a lone surrogate, escaped or not — is json's,
    ``_scanned``). A text that is not exactly one JSON object, or anything else
    unusual — a key that cannot name a column, an id not in canonical form — goes
    through ``_mutation``. ``runs``: consecutive inserts of new records of one table
    naming the same columns (``MIN_RUN`` or more) go as one ``InsertRun`` (protocol
    2), their values as read, written as one JSON list of rows."""
    loads = from_json
    seen = _NAMES_SEEN
    canonical = _CANONICAL_UUID.match
    parts: list[str] = []
    run_parts: list[str] = []
    pending: list[tuple[OutboxEntry, dict[str, Any], str]] = []  # a run being gathered
    pending_keys: tuple[str, ...] = ()

    def close() -> None:
        if len(pending) >= MIN_RUN:
            run_parts.append(_run_json(pending))
        else:
            parts.extend(_mutation_json(e, text) for e, _fields, text in pending)
        pending.clear()

    for entry in entries:
        text = entry.fields
        try:
            fields = loads(text)
        except (ValueError, TypeError):  # (TypeError: a str holding a lone surrogate)
            fields = _scanned(text)
        if (
            type(fields) is not dict
            or not (seen.issuperset(fields) or _names_fit(fields))
            or not canonical(entry.mutation_id)
            or not canonical(entry.record_id)
            or entry.op not in ("insert", "update")
            or (entry.table_name not in seen and not _names_fit({entry.table_name: None}))
        ):
            close()
            parts.append(_mutation(entry).model_dump_json())
            continue
        if (
            runs
            and entry.op == "insert"
            and entry.base_seq is None
            and not entry.base_version
            and "\\u" not in text  # an escape (a lone surrogate?): sent as written
        ):
            keys = tuple(fields)
            if pending and (
                keys != pending_keys
                or entry.table_name != pending[0][0].table_name
                or entry.seq != pending[-1][0].seq + 1
            ):
                close()
            if not pending:
                pending_keys = keys
            pending.append((entry, fields, text))
            continue
        close()
        parts.append(_mutation_json(entry, text))
    close()
    body = f'{{"protocol":{PROTOCOL_VERSION},"mutations":[{",".join(parts)}]'
    if not run_parts:
        return body + "}", False
    return f'{body},"runs":[{",".join(run_parts)}]}}', True


#: Fewest consecutive inserts sent as a run (fewer go as mutations).
MIN_RUN = 2


def _mutation_json(entry: OutboxEntry, text: str) -> str:
    """The JSON of ``_mutation(entry)``, ``text`` (its ``fields``, checked) spliced in."""
    base_seq = entry.base_seq
    return (
        f'{{"mutation_id":"{entry.mutation_id}","seq":{int(entry.seq)},'
        f'"table":"{entry.table_name}","record_id":"{entry.record_id}",'
        f'"op":"{entry.op}","base_seq":{"null" if base_seq is None else int(base_seq)},'
        f'"base_version":{int(entry.base_version)},"fields":{text}}}'
    )


def _run_json(run: list[tuple[OutboxEntry, dict[str, Any], str]]) -> str:
    """The JSON of the ``InsertRun`` of ``run`` (entries checked by ``_push_body``)."""
    first = run[0][0]
    return (
        f'{{"table":"{first.table_name}","first_seq":{int(first.seq)},'
        f'"mutation_ids":{_dumps([e.mutation_id for e, _f, _t in run])},'
        f'"record_ids":{_dumps([e.record_id for e, _f, _t in run])},'
        f'"columns":{_dumps(list(run[0][1]))},'
        f'"rows":{_dumps([list(fields.values()) for _e, fields, _t in run])}}}'
    )


def _dumps(value: list[Any]) -> str:
    """Compact JSON of ``value``, not ASCII-escaped (as the outbox writes it), by
    pydantic's serializer (Rust: a third of ``json.dumps``'s time for a run's rows; NaN
    and infinities written as json writes them; a float may take another of its exact
    spellings, ``1e16`` for ``1e+16``); what it refuses is ``json.dumps``'s."""
    try:
        return to_json(value, inf_nan_mode="constants").decode()
    except PydanticSerializationError:
        return _DUMPS(value)


#: JSON as compact as the outbox's (``outbox``: not ASCII-escaped).
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


#: Keys known to match ``_COLUMN_NAME`` (column and table names: a few dozen).
_NAMES_SEEN: set[str] = set()
#: A UUID exactly as ``str(uuid.UUID(...))`` writes it.
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
#: json's scanner (C): the JSON value at a position of a text, and where it ends.
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _scanned(text: str) -> Any:
    """The JSON value ``text`` is exactly, read by json (None: not exactly one value)."""
    try:
        value, end = _SCAN(text, 0)
    except (StopIteration, ValueError):
        return None
    return value if end == len(text) else None


def _names_fit(names: dict[str, Any]) -> bool:
    """Whether every key can name a column (then remembered in ``_NAMES_SEEN``)."""
    if not all(_COLUMN_NAME.fullmatch(k) for k in names):
        return False
    _NAMES_SEEN.update(names)
    return True


def _mutation(entry: OutboxEntry) -> Mutation:
    """The wire form of an outbox entry; a key that cannot name a column is left out
    (the server would ignore it anyway), so no entry can make the batch malformed."""
    fields = {k: v for k, v in json.loads(entry.fields).items() if _COLUMN_NAME.match(k)}
    return Mutation(
        mutation_id=uuid.UUID(entry.mutation_id),
        seq=entry.seq,
        table=entry.table_name,
        record_id=uuid.UUID(entry.record_id),
        op=entry.op,  # type: ignore[arg-type]
        base_seq=entry.base_seq,
        base_version=entry.base_version,
        fields=fields,
    )
