"""What a device may write beyond "its office's scope": workflow steps, certificate
serials and references. The push handler asks ``Authority.refusal`` once per mutation,
before the row is written (the one call is marked ``AUTHORITY CHECK`` in
``sync_service``); a refusal is a Persian sentence saying what was refused and why,
sent back as the mutation's ``reason``.

The rules (docs/sync.md, "Who may write what"):

- **Course workflow.** A pushed change of a course's ``state`` must be a run of steps
  the device's level may take (``course_workflow.reachable``: the same ``ACTIONS``
  table the workstation's buttons come from); a new course starts from ``draft``.
  Whether the course needs headquarters is decided here from the server's copy of the
  standard and the course's kind, never from the client's ``needs_headquarters``. The
  fields that decide it (``kind``, ``standard_id``) change only while the course is
  editable. A ``course_transitions`` row must name a step of the device's level with
  its real source and target states, and is never rewritten.
- **Certificates.** Only the issuing office issues, re-issues or revokes: a new
  certificate's ``code_office`` and the office part of its ``serial`` (everything
  before the first dash; the counter part after it may be any shape) are the device's
  office, its course is finished, and afterwards only that office changes it; serial,
  counter and verification code never change, a revocation is never undone and the
  duplicate count never goes down.
- **Completion certificates** (``workshop_certificates``, issue 19): the same issuing
  office rule (revoke and re-issue are the supervisor's on the workstation, the
  ``approve`` permission; the server knows no users, so it holds the office to it),
  for a workshop the server knows as finished. A serial is used once in the shared
  series of both certificate tables. Revoked (``revoked_on``) and replaced
  (``replaced_by``) are never cleared, re-dated or re-pointed, a replaced certificate
  is not revoked nor a revoked one replaced, and no issued certificate is tombstoned:
  nothing is ever made current again. A re-issue (a new row with ``replaces``) follows
  the series: ``OFFICE-COUNTER-NUMBER`` made of its own ``code_*`` parts, the counter
  this device's (or 0, never enrolled when it was made), and it names a certificate
  of the same invitation and office whose ``replaced_by`` is this serial.
- **The participation account** (``participation_account.AccountRule``): allocations
  never exceed what their intention received, a gift's hand-outs never exceed the gift,
  and a gift whose money is allocated or whose goods are handed out is not cancelled.
- **References.** Every foreign key a mutation sets points at a record the server has
  and both the device and the record's own office may read
  (``admin.visible_offices``), so pulling never hands a device a parent it could not
  read before it wrote the child.

No Qt; request threads of uvicorn workers, inside the push's session.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Mapping
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from desktop_app.documents.course_workflow import (
    ACTIONS,
    EDITABLE_STATES,
    STATES,
    needs_headquarters,
    reachable,
)
from desktop_app.documents.office import OFFICE_LEVELS
from desktop_app.models import Base, synced_models
from desktop_app.models.numbering import format_code

from . import admin, merges, participation_account
from .participation_account import PER_ROW_TABLES, AccountRule
from .push_rules import ParentRows

#: Server office levels → the workflow's levels (an institute acts as a center).
WORKFLOW_LEVEL = {"headquarters": "headquarters", "province": "province", "center": "center"}
WORKFLOW_LEVEL["institute"] = "center"
#: Fields of a course that decide which approvals it needs.
HQ_DECIDING = ("kind", "standard_id")
#: Fields of a certificate fixed at issue.
CERTIFICATE_FIXED = ("serial", "code_office", "code_number", "verification_code")
#: Fields of a completion certificate fixed at issue (or re-issue).
COMPLETION_FIXED = (
    *CERTIFICATE_FIXED, "code_counter", "replaces", "invitation_id", "training_workshop_id",
)  # fmt: skip
#: The two tables of the one certificate serial series (``models.CERTIFICATE_SERIES``).
SERIES_TABLES = ("certificates", "workshop_certificates")
#: Fields of a workflow step fixed when it is written.
TRANSITION_FIXED = ("course_id", "action", "from_state", "to_state", "actor_level")


def serial_office(serial: str) -> str:
    """The office part of a certificate serial or course code (before the first dash)."""
    return serial.split("-", 1)[0] if "-" in serial else ""


def _state(state: str) -> str:
    return STATES.get(state, state)


class Authority:
    """The checks of one push (one device, one session)."""

    def __init__(
        self,
        session: Session,
        office_code: str,
        counter: int | None = None,
        tree: admin.OfficeTree | None = None,
        synced: Collection[str] | None = None,
    ) -> None:
        self.session = session
        self.office = office_code
        #: the pushing device's counter in its office (None: never given one)
        self.counter = counter or 0
        #: the offices as read in this push's transaction (the push's own read, or its group's)
        self.tree = tree or admin.OfficeTree.read(session)
        self.level = WORKFLOW_LEVEL.get(self.tree.level(office_code) or "", "center")
        self._visible: dict[str, set[str] | None] = {}
        self.synced = synced if synced is not None else {m.__tablename__ for m in synced_models()}
        self.account = AccountRule(session, self.tree)
        #: tables whose inserts are judged one at a time, never in a batch
        self.per_row = PER_ROW_TABLES
        #: parent rows read ahead for a run of inserts (the push's ``PushRules.known``)
        self.known = ParentRows()

    # -- entry point ---------------------------------------------------------------------

    def refusal(
        self,
        table: str,
        row: Mapping[str, Any] | None,
        values: Mapping[str, Any],
        sent: Mapping[str, Any] | None = None,
    ) -> str | None:
        """Why the device may not write ``values`` into ``table`` (None: it may).

        ``row`` is the server's current row (None for a new record); ``values`` are the
        decoded fields the device sent (server-owned ones already removed), with
        references to merged-away records re-pointed to their winners; ``sent`` the same
        before that re-pointing. References are judged as sent: the device may point at
        its own record, which the server merged into another office's (the same person).
        """
        if row is not None:
            values = {k: v for k, v in values.items() if k in row and row[k] != v}
        origin = str(
            row["origin_office"] if row is not None else values.get("origin_office") or self.office
        )
        as_sent = {k: sent.get(k, v) for k, v in values.items()} if sent else values
        reason = self._references(table, as_sent, origin)
        own = OWN_RULES.get(table)
        if reason is None and own is not None:
            reason = own(self, row, values)
        if reason is None:
            reason = self.account.refusal(table, row, values, origin)
        return reason

    def may_refuse_new(self, table: str) -> bool:
        """Whether ``refusal`` has a rule that may refuse a new record of ``table`` (row
        None) past its references: one of ``OWN_RULES`` or the account's
        (``participation_account.NEW_RECORD_RULES``), the ones ``refusal`` dispatches
        through. Otherwise ``refusal`` of a new record that names no record is None
        whatever its values, and a run of inserts of a table with no references is not
        asked record by record (``_Push.plain``)."""
        return table in OWN_RULES or table in participation_account.NEW_RECORD_RULES

    # -- references ----------------------------------------------------------------------

    def visible(self, office: str) -> set[str] | None:
        if office not in self._visible:
            self._visible[office] = self.tree.visible(office)
        return self._visible[office]

    def _readable(self, reader: str, owner: str) -> bool:
        seen = self.visible(reader)
        return seen is None or owner in seen

    def _references(self, table_name: str, values: Mapping[str, Any], origin: str) -> str | None:
        table: Table = Base.metadata.tables[table_name]
        for fk in table.foreign_keys:
            target = fk.column.table
            value = values.get(fk.parent.name)
            if value is None or target.name not in self.synced:
                continue
            known = self.known.get(target.name, str(value))
            owner = (
                known.origin_office
                if known is not None
                else self.session.scalar(
                    select(target.c.origin_office).where(target.c.id == _uuid(value))
                )
            )
            if owner is None:
                continue  # a missing parent is the push rules' (missing_parent / depends)
            if not (
                self._readable(self.office, owner) and self._readable(origin, owner)
            ) and not merges.merged_from(self.session, target, _uuid(value), self.visible(origin)):
                # (the winner of a merge with a record this office had: the same person)
                return (
                    f"ستون «{fk.parent.name}» به رکوردی از «{target.name}» متعلق به اداره "
                    f"{owner} اشاره می‌کند که این اداره اجازهٔ دیدنش را ندارد؛ "
                    "رکورد پذیرفته نشد."
                )
        return None

    # -- course workflow ------------------------------------------------------------------

    def _needs_hq(self, row: Mapping[str, Any] | None, values: Mapping[str, Any]) -> bool:
        def now(name: str, default: Any) -> Any:
            if name in values:
                return values[name]
            return row[name] if row is not None else default

        standards = Base.metadata.tables["skill_standards"]
        standard_id = now("standard_id", None)
        hours = 0
        if standard_id is not None:
            hours = (
                self.session.scalar(
                    select(standards.c.total_hours).where(standards.c.id == _uuid(standard_id))
                )
                or 0
            )
        return needs_headquarters(str(now("kind", "public")), int(hours))

    def _course(self, row: Mapping[str, Any] | None, values: Mapping[str, Any]) -> str | None:
        before = str(row["state"]) if row is not None else "draft"
        after = str(values.get("state", before))
        if after not in STATES:
            return f"وضعیت «{after}» در گردش کار دوره‌ها تعریف نشده است؛ دوره پذیرفته نشد."
        if row is not None and before not in EDITABLE_STATES:
            changed = [name for name in HQ_DECIDING if name in values]
            if changed:
                return (
                    f"دوره در وضعیت «{_state(before)}» است و نوع یا استاندارد آن دیگر "
                    "تغییر نمی‌کند؛ تغییر پذیرفته نشد."
                )
        if before == after:
            return None
        if reachable(before, after, self.level, self._needs_hq(row, values)) is None:
            who = OFFICE_LEVELS.get(self.level, self.level)
            return (
                f"{who} نمی‌تواند دوره را از وضعیت «{_state(before)}» به «{_state(after)}» "
                "ببرد (گردش کار دوره‌ها)؛ تغییر وضعیت پذیرفته نشد."
            )
        return None

    def _transition(self, row: Mapping[str, Any] | None, values: Mapping[str, Any]) -> str | None:
        if row is not None:
            if any(name in values for name in TRANSITION_FIXED):
                return "گامی از گردش کار که ثبت شده است بازنویسی نمی‌شود؛ تغییر پذیرفته نشد."
            return None
        action = ACTIONS.get(str(values.get("action", "")))
        if action is None:
            return f"گام «{values.get('action', '')}» در گردش کار دوره‌ها تعریف نشده است."
        if self.level not in action.levels:
            who = OFFICE_LEVELS.get(self.level, self.level)
            return f"«{action.label}» کارِ {who} نیست؛ این گام از گردش کار پذیرفته نشد."
        if (
            values.get("from_state") not in action.sources
            or values.get("to_state") != action.target
        ):
            return (
                f"گام «{action.label}» از «{_state(str(values.get('from_state', '')))}» به "
                f"«{_state(str(values.get('to_state', '')))}» نمی‌رود؛ پذیرفته نشد."
            )
        return None

    # -- certificates ---------------------------------------------------------------------

    def _certificate(self, row: Mapping[str, Any] | None, values: Mapping[str, Any]) -> str | None:
        if row is None:
            serial = str(values.get("serial") or "")
            if values.get("code_office") != self.office or serial_office(serial) != self.office:
                return (
                    f"گواهینامهٔ «{serial}» با پیشوند شمارهٔ ادارهٔ دیگری است؛ هر اداره فقط "
                    f"با پیشوند خودش ({self.office}) گواهینامه صادر می‌کند. پذیرفته نشد."
                )
            if (values.get("origin_office") or self.office) != self.office:
                return "گواهینامه را فقط خود ادارهٔ صادرکننده ثبت می‌کند؛ پذیرفته نشد."
            courses = Base.metadata.tables["courses"]
            course_id = values.get("course_id")
            state = (
                self.session.scalar(select(courses.c.state).where(courses.c.id == _uuid(course_id)))
                if course_id is not None
                else None
            )
            if state != "finished":
                return (
                    f"گواهینامهٔ «{serial}» برای دوره‌ای صادر شده که روی سرور پایان‌یافته "
                    "نیست؛ پذیرفته نشد."
                )
            return self._serial_taken(serial, "certificates")
        if row["code_office"] != self.office:
            return (
                f"گواهینامهٔ «{row['serial']}» را ادارهٔ {row['code_office']} صادر کرده است؛ "
                "المثنی و ابطال و هر تغییر آن فقط کار همان اداره است. پذیرفته نشد."
            )
        if any(name in values for name in CERTIFICATE_FIXED):
            return "شماره، پیشوند و کد رهگیری گواهینامهٔ صادرشده تغییر نمی‌کند؛ پذیرفته نشد."
        if row["revoked_on"] is not None and "revoked_on" in values:
            return "گواهینامهٔ ابطال‌شده به حال پیش برنمی‌گردد؛ تغییر پذیرفته نشد."
        if int(values.get("duplicate_count", row["duplicate_count"])) < row["duplicate_count"]:
            return "شمار المثنی‌های گواهینامه کم نمی‌شود؛ تغییر پذیرفته نشد."
        return None

    # -- completion certificates (workshop_certificates) ---------------------------------

    def _serial_taken(self, serial: str, table: str) -> str | None:
        """A serial is used once in the series of both certificate tables."""
        for other in SERIES_TABLES:
            if other == table:
                continue  # the table's own unique index holds it there
            t = Base.metadata.tables[other]
            if self.session.scalar(select(t.c.id).where(t.c.serial == serial)) is not None:
                return (
                    f"شمارهٔ «{serial}» پیش‌تر به گواهی دیگری داده شده است (گواهینامهٔ مهارت "
                    "و گواهی شرکت در کارگاه یک سری شماره دارند)؛ پذیرفته نشد."
                )
        return None

    def _completion(self, row: Mapping[str, Any] | None, values: Mapping[str, Any]) -> str | None:
        table = Base.metadata.tables["workshop_certificates"]
        if row is None:
            return self._completion_issued(table, values)
        serial = row["serial"]
        if row["code_office"] != self.office:
            return (
                f"گواهی شرکت «{serial}» را ادارهٔ {row['code_office']} صادر کرده است؛ "
                "ابطال و صدور دوباره و هر تغییر آن فقط کار همان اداره است. پذیرفته نشد."
            )
        if any(name in values for name in COMPLETION_FIXED):
            return (
                f"شماره، کد رهگیری، دعوت و گواهیِ جایگزین‌شدهٔ گواهی شرکت «{serial}» پس از "
                "صدور تغییر نمی‌کند؛ پذیرفته نشد."
            )
        if values.get("deleted_at") is not None:
            return (
                f"گواهی شرکت «{serial}» صادر شده است و حذف نمی‌شود؛ اگر اعتبار ندارد، "
                "ابطالش کنید. پذیرفته نشد."
            )
        if row["revoked_on"] is not None and ({"revoked_on", "revoke_reason"} & set(values)):
            return f"گواهی شرکت «{serial}» ابطال شده است و ابطال آن برنمی‌گردد؛ پذیرفته نشد."
        if row["replaced_by"] and ({"replaced_by", "replaced_on"} & set(values)):
            return (
                f"گواهی شرکت «{serial}» با گواهی «{row['replaced_by']}» جایگزین شده است و "
                "دوباره معتبر نمی‌شود؛ پذیرفته نشد."
            )
        if row["replaced_by"] and values.get("revoked_on") is not None:
            return (
                f"گواهی شرکت «{serial}» با گواهی «{row['replaced_by']}» جایگزین شده است؛ "
                "گواهی تازه را ابطال کنید. پذیرفته نشد."
            )
        if values.get("replaced_by"):
            if row["revoked_on"] is not None or values.get("revoked_on") is not None:
                return f"گواهی شرکت «{serial}» ابطال شده است و دوباره صادر نمی‌شود؛ پذیرفته نشد."
            return self._replacement(table, row, str(values["replaced_by"]))
        return None

    def _completion_issued(self, table: Table, values: Mapping[str, Any]) -> str | None:
        serial = str(values.get("serial") or "")
        if values.get("code_office") != self.office or serial_office(serial) != self.office:
            return (
                f"گواهی شرکت «{serial}» با پیشوند شمارهٔ ادارهٔ دیگری است؛ هر اداره فقط "
                f"با پیشوند خودش ({self.office}) گواهی صادر می‌کند. پذیرفته نشد."
            )
        if (values.get("origin_office") or self.office) != self.office:
            return "گواهی شرکت را فقط خود ادارهٔ صادرکننده ثبت می‌کند؛ پذیرفته نشد."
        if values.get("deleted_at") is not None:
            return None  # a tombstone is never current: nothing to judge
        workshops = Base.metadata.tables["training_workshops"]
        workshop_id = values.get("training_workshop_id")
        state = (
            self.session.scalar(
                select(workshops.c.state).where(workshops.c.id == _uuid(workshop_id))
            )
            if workshop_id is not None
            else None
        )
        if state != "finished":
            return (
                f"گواهی شرکت «{serial}» برای کارگاهی صادر شده که روی سرور پایان‌یافته "
                "نیست؛ پذیرفته نشد."
            )
        taken = self._serial_taken(serial, table.name)
        if taken is not None:
            return taken
        if values.get("replaced_by"):
            if values.get("revoked_on") is not None:
                return f"گواهی شرکت «{serial}» هم ابطال‌شده است و هم جایگزین‌شده؛ پذیرفته نشد."
            reason = self._replacement(table, values, str(values["replaced_by"]))
            if reason is not None:
                return reason
        replaces = str(values.get("replaces") or "")
        if not replaces:
            return None
        # a re-issue: a serial of this device's own counter, in the series' own form
        counter = int(values.get("code_counter") or 0)
        number = int(values.get("code_number") or 0)
        width = int(getattr(_model(table.name), "__code_width__", 6))
        if (
            counter not in (0, self.counter)
            or number <= 0
            or serial != format_code(self.office, counter, number, width)
        ):
            form = format_code(self.office, self.counter, 1, width)
            return (
                f"شمارهٔ گواهیِ دوباره‌صادرشدهٔ «{serial}» از سری شمارهٔ این باجه نیست "
                f"(به شکل {form} با شمارهٔ باجهٔ {self.counter})؛ پذیرفته نشد."
            )
        old = (
            self.session.execute(select(table).where(table.c.serial == replaces)).mappings().first()
        )
        if old is None or old["deleted_at"] is not None:
            return (
                f"گواهی «{replaces}» که این گواهی به جای آن صادر شده، روی سرور نیست؛ پذیرفته نشد."
            )
        if old["code_office"] != self.office or str(old["invitation_id"]) != str(
            values.get("invitation_id")
        ):
            return (
                f"گواهی «{serial}» به جای گواهی «{replaces}» صادر شده که از همین اداره و "
                "برای همین شرکت‌کننده در همین کارگاه نیست؛ پذیرفته نشد."
            )
        if old["revoked_on"] is not None:
            return f"گواهی «{replaces}» ابطال شده است و به جای آن گواهی صادر نمی‌شود؛ پذیرفته نشد."
        if old["replaced_by"] != serial:
            return (
                f"گواهی «{replaces}» با گواهی «{old['replaced_by'] or '—'}» جایگزین شده است، نه "
                f"«{serial}»؛ پذیرفته نشد."
            )
        return None

    def _replacement(self, table: Table, row: Mapping[str, Any], new: str) -> str | None:
        """``row`` marked replaced by the serial ``new``: a certificate the server has
        may be named only when it is the one re-issued for it, or (one person certified
        at two counters, ``sync.superseded``) the current one of the same invitation;
        a serial not here yet is of this office and this counter (``OFFICE-COUNTER-
        NUMBER``, or ``OFFICE-NUMBER`` never enrolled) and not itself."""
        holder = (
            self.session.execute(
                select(
                    table.c.replaces, table.c.invitation_id, table.c.replaced_by, table.c.deleted_at
                ).where(table.c.serial == new)
            )
            .mappings()
            .first()
        )
        if holder is not None and new != row["serial"]:
            made_for_it = holder["replaces"] == row["serial"]
            current_twin = (
                str(holder["invitation_id"]) == str(row.get("invitation_id"))
                and holder["deleted_at"] is None
                and not holder["replaced_by"]
            )
            if made_for_it or current_twin:
                return None
            return (
                f"شمارهٔ «{new}» مال گواهی دیگری است؛ گواهی «{row['serial']}» با آن "
                "جایگزین نمی‌شود. پذیرفته نشد."
            )
        parts = new.split("-")
        own_counter = parts[1] in ("0", str(self.counter)) if len(parts) == 3 else True
        if (
            serial_office(new) != self.office
            or new == row["serial"]
            or len(parts) not in (2, 3)
            or not own_counter
            or not parts[-1].isdigit()
        ):
            return (
                f"گواهی شرکت «{row['serial']}» فقط با گواهی تازه‌ای از همین اداره و همین "
                f"باجه ({self.office}-{self.counter}-…) جایگزین می‌شود، نه «{new}»؛ پذیرفته نشد."
            )
        return self._serial_taken(new, table.name)


#: ``rule(authority, row, values)``: why the device may not write ``values`` (None: it may).
OwnRule = Callable[[Authority, Mapping[str, Any] | None, Mapping[str, Any]], str | None]
#: The authority's own rule of each table it has one for, judging new records and
#: changes alike (past references; the participation account's are its own:
#: ``AccountRule.refusal``): ``Authority.refusal`` dispatches through it and
#: ``Authority.may_refuse_new`` asks it, so the two cannot disagree.
OWN_RULES: dict[str, OwnRule] = {
    "courses": Authority._course,
    "course_transitions": Authority._transition,
    "certificates": Authority._certificate,
    "workshop_certificates": Authority._completion,
}


def _model(table_name: str) -> Any:
    return next(m for m in synced_models() if m.__tablename__ == table_name)


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
