"""Human-facing numbers that never collide: one numbering rule for every series.

A tracking code, a course code, a certificate serial — and every number a later
domain hands out (donation receipts, invitation letters, public-request tracking
codes) — is made by :func:`next_code`. No Qt; any thread, inside the caller's
session (the caller's transaction owns the number: a rolled-back transaction hands
it out again, a committed one never).

A code is ``OFFICE-COUNTER-NUMBER`` (``2701-2-000017``):

- ``OFFICE`` is the office code (normalized: digits and letters, never a dash);
- ``COUNTER`` is this workstation's counter number, assigned by the central server
  at enrollment: sequential per office, bound to the device, never given to another
  device of the office (``devices.counter_number``, unique per office on the server),
  returned in the enroll answer and kept in the local ``sync_state`` (:data:`COUNTER`);
- ``NUMBER`` is the largest number this counter has used in this series (every row
  of the table counts: tombstones and rows pulled back from the server too) plus
  one, zero-padded to the series' width.

So two workstations never make the same code: different offices differ in
``OFFICE``; two counters of one office differ in ``COUNTER``; one counter never
repeats a number because it counts on from its own largest one, in the same
transaction that stores the code. A workstation that was never enrolled (a
single-counter office without a server) has counter 0 and keeps the old form
``OFFICE-NUMBER`` (``2701-000017``), which can never equal a form with a counter
(it has one dash fewer). Codes already printed are never rewritten.

A numbered model mixes in :class:`Numbered` and names its code column and width::

    class Receipt(Numbered, Record):
        __code_column__ = "receipt_number"
        __code_width__ = 6
        receipt_number: Mapped[str] = mapped_column(String(40), default="")

    code = next_code(session, Receipt)       # IssuedCode("2701-2-000001", ...)
    code.assign(receipt)                      # sets the code and its three parts
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import live
from .sync_local import SyncState

#: ``sync_state`` key of this workstation's counter number (absent/0: never enrolled).
COUNTER = "counter_number"


class Numbered:
    """Columns of a record that carries a human-facing code made by :func:`next_code`."""

    __code_column__: str = "code"
    __code_width__: int = 6

    code_office: Mapped[str] = mapped_column(String(20), default="")
    code_counter: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    code_number: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class IssuedCode:
    code: str
    office: str
    counter: int
    number: int

    def assign(self, record: Any) -> None:
        """Write the code and its parts onto a :class:`Numbered` record."""
        setattr(record, type(record).__code_column__, self.code)
        record.code_office, record.code_counter, record.code_number = (
            self.office,
            self.counter,
            self.number,
        )


def counter_number(session: Session) -> int:
    """This workstation's counter number (0 when it was never enrolled)."""
    row = session.get(SyncState, COUNTER)
    value = json.loads(row.value) if row is not None else 0
    return value if isinstance(value, int) and value > 0 else 0


def set_counter_number(session: Session, counter: int) -> None:
    """Store the counter the server assigned (enrollment, or the first sync after an
    update for a workstation enrolled before counters existed)."""
    row = session.get(SyncState, COUNTER)
    if row is None:
        session.add(SyncState(key=COUNTER, value=json.dumps(counter)))
    else:
        row.value = json.dumps(counter)
    session.flush()


def format_code(office: str, counter: int, number: int, width: int) -> str:
    if counter:
        return f"{office}-{counter}-{number:0{width}d}"
    return f"{office}-{number:0{width}d}"


def next_code(
    session: Session,
    model: type[Numbered],
    office: str,
    shared: Sequence[type[Numbered]] = (),
) -> IssuedCode:
    """The next code of ``model``'s series at this counter of ``office``.

    ``shared`` names other numbered models whose codes are the SAME series (one space
    of printed numbers kept in several tables, e.g. skill and workshop-completion
    certificate serials, which one inquiry looks up in both): the number is the
    largest of this office and counter over all of them, plus one. Every table of a
    series must name the others, so whichever table the next code goes to it is
    larger than every code of the series this counter made."""
    counter = counter_number(session)
    used = 0
    for table in (model, *shared):
        value = session.scalar(
            select(func.max(table.code_number)).where(
                table.code_office == office, table.code_counter == counter
            )
        )
        used = max(used, int(value or 0))
    number = used + 1
    return IssuedCode(
        format_code(office, counter, number, model.__code_width__), office, counter, number
    )


def code_lookup_keys(text: str, width: int) -> list[str]:
    """The stored forms a typed code may stand for (any digit script, dashes or not),
    the most likely first: the form as typed, then ``OFFICE-NUMBER``, then
    ``OFFICE-COUNTER-NUMBER`` for every place the counter could start."""
    from ..persian import to_ascii_digits

    raw = to_ascii_digits(text or "")
    parts = ["".join(ch for ch in p if ch.isalnum()) for p in raw.split("-")]
    parts = [p for p in parts if p]
    if len(parts) >= 3:
        return ["-".join(parts)]
    keys = ["-".join(parts)] if len(parts) == 2 else []
    code = "".join(parts)
    if len(code) > width:
        prefix, number = code[:-width], code[-width:]
        keys.append(f"{prefix}-{number}")
        keys += [
            f"{prefix[:cut]}-{prefix[cut:]}-{number}"
            for cut in range(1, len(prefix))
            if prefix[cut] != "0"
        ]
    elif code:
        keys.append(code)
    return list(dict.fromkeys(keys))


def find_by_code(session: Session, model: type[Numbered], text: str) -> Any | None:
    """The live record of ``model`` whose code is what the clerk typed (or None): the
    exact form first; a form read another way only when exactly one record has it."""
    keys = code_lookup_keys(text, model.__code_width__)
    if not keys:
        return None
    column = getattr(model, model.__code_column__)
    rows = list(session.scalars(select(model).where(column.in_(keys), live(model))))
    by_code = {getattr(r, model.__code_column__): r for r in rows}
    if keys[0] in by_code:
        return by_code[keys[0]]
    return rows[0] if len(rows) == 1 else None
