"""Server-only tables: offices, devices, applied mutations and the change log.

They live on their own ``ServerBase`` metadata (the workstation never creates them);
the synced tables come from ``desktop_app.models``. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop_app.models.base import NAMING_CONVENTION, utcnow

LEVELS = ("headquarters", "province", "center", "institute")


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Office(ServerBase):
    """An office: headquarters ⊃ provinces ⊃ centers and institutes."""

    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(
        String(20), ForeignKey("offices.code"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Device(ServerBase):
    """An enrolled (or waiting to be enrolled) workstation of one office."""

    __tablename__ = "devices"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    office_code: Mapped[str] = mapped_column(String(20), ForeignKey("offices.code"))
    label: Mapped[str] = mapped_column(String(200), default="")
    enrollment_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrollment_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    device_uid: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    enrolled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The counter number of this workstation in its office (1, 2, 3 …), assigned at
    #: enrollment and kept by a re-enrollment of the same workstation; embedded in every
    #: code it hands out (``desktop_app.models.numbering``), so never given twice.
    counter_number: Mapped[int | None] = mapped_column(Integer, default=None)

    __table_args__ = (UniqueConstraint("office_code", "counter_number"),)


class DeviceState(ServerBase):
    """The last mutation sequence applied for a workstation (kept across re-enrollment)."""

    __tablename__ = "device_states"

    device_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class AppliedMutation(ServerBase):
    """A processed mutation, unique per device: a replay is answered from ``result``."""

    __tablename__ = "applied_mutations"
    __table_args__ = (
        UniqueConstraint("device_uid", "mutation_id"),
        Index("ix_applied_mutations_record", "table_name", "record_id", "change_seq"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    device_uid: Mapped[str] = mapped_column(String(36))
    mutation_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    table_name: Mapped[str] = mapped_column(String(80))
    record_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    fields: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of applied columns
    change_seq: Mapped[int | None] = mapped_column(BigInteger)
    result: Mapped[str] = mapped_column(Text)  # the MutationResult JSON sent back
    payload: Mapped[str] = mapped_column(Text, default="{}")  # the mutation as received
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AppliedRun(ServerBase):
    """A run of a device's plain inserts, applied and stored as ONE row instead of an
    ``AppliedMutation`` each (``central_server.stored_results``): the mutations of
    sequence numbers ``first_seq``‥``last_seq``, each answered ``applied``, version 1,
    nothing ignored. ``mutation_ids`` is their ids in sequence order, 36 characters
    each, no separator; ``change_seqs`` the JSON list of their change-log numbers. A
    replay finds its mutation by sequence number and checks the id there."""

    __tablename__ = "applied_runs"
    __table_args__ = (Index("ix_applied_runs_device_seq", "device_uid", "last_seq"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    device_uid: Mapped[str] = mapped_column(String(36))
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    mutation_ids: Mapped[str] = mapped_column(Text)
    change_seqs: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RecordChange(ServerBase):
    """The change log: one row per record, moved to a new ``seq`` on every change.

    ``seq`` values are taken under a transaction-level advisory lock held until
    commit, so ``seq`` order is commit order (see docs/sync.md).
    """

    __tablename__ = "record_changes"
    #: A pull's page: its offices' changes after ``since`` in ``seq`` order, read from
    #: this index (the changes since the last pull only; SQLite walked every change of
    #: the offices through an index of ``origin_office`` alone and sorted them: 0.15 s
    #: a pull with 100,000 in the log). Migration s0015.
    __table_args__ = (Index("ix_record_changes_office_seq", "origin_office", "seq"),)

    table_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    origin_office: Mapped[str] = mapped_column(String(20))
    #: The workstation whose push made this state, when its copy equals the server's
    #: (applied, not merged): a pull of that workstation skips it (``own_through``).
    origin_device: Mapped[str | None] = mapped_column(String(36), default=None)
    #: The workstation whose push made the record's first change-log row (its insert),
    #: never moved; NULL before migration s0013. An insert stored in a run
    #: (``AppliedRun``) has no fields of its own to read: this says whose it was.
    inserted_by: Mapped[str | None] = mapped_column(String(36), default=None)


class RecordMerge(ServerBase):
    """One record merged into another with the same natural key (one person, one
    record): the ``loser`` arrived second, stays as a tombstone, and every later
    mutation that names it (its own edits, references to it) is applied to the
    ``winner`` instead (``central_server.natural_keys``)."""

    __tablename__ = "record_merges"

    table_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    loser_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    winner_id: Mapped[str] = mapped_column(String(36), index=True)
    device_uid: Mapped[str] = mapped_column(String(36), default="")
    conflict_fields: Mapped[str] = mapped_column(Text, default="[]")
    merged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CertificateInquiryLog(ServerBase):
    """One authenticity inquiry answered over HTTP (``/certificates/inquiry``).

    ``client_key`` is who the rate limit counts: the enrolled device, or the client's
    IP address with the agency it named. The national code asked about is kept (the
    log answers "who asked about whom, when"), the holder's name is not.
    """

    __tablename__ = "certificate_inquiry_log"
    __table_args__ = (Index("ix_certificate_inquiry_log_client_at", "client_key", "asked_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    client_key: Mapped[str] = mapped_column(String(300))
    client_ip: Mapped[str] = mapped_column(String(64), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")
    device_office: Mapped[str] = mapped_column(String(20), default="")
    serial: Mapped[str] = mapped_column(String(40), default="")
    national_code: Mapped[str] = mapped_column(String(20), default="")
    answer: Mapped[str] = mapped_column(String(10), default="unknown")


class EnrollmentAttempt(ServerBase):
    """One ``/sync/enroll`` call: the enrollment rate limit counts the failed ones of a
    client (``clients.client_ip``) in its window, across uvicorn workers."""

    __tablename__ = "enrollment_attempts"
    __table_args__ = (Index("ix_enrollment_attempts_client_at", "client_key", "at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    client_key: Mapped[str] = mapped_column(String(300))
    device_uid: Mapped[str] = mapped_column(String(36), default="")
    ok: Mapped[bool] = mapped_column(Boolean, default=False)


class CheckFigure(ServerBase):
    """The check's count and total of one synced table's rows of one origin office,
    kept by the push writer at numbering time (``central_server.check_figures``). A
    row with ``office`` ``""`` says the table was counted (its figures are kept)."""

    __tablename__ = "check_figures"

    table_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    office: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)


class CheckTombstone(ServerBase):
    """A numbered record whose state is deleted: what the check's total counted of it
    at its last number (``central_server.check_figures``)."""

    __tablename__ = "check_tombstones"

    table_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
