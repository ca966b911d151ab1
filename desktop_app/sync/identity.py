"""Which machine and folder this database belongs to: a copied data folder is found.

A workstation's identity — its device id (``workstation.json``), its sync token and
the counter number the server assigned it (``models.numbering``) — all live in the data
folder, so a copy of the folder (a second counter set up by copying the first one's
folder, or a backup opened on another machine) would carry them all and hand out the
original's codes. The *place* of a database is what the copy cannot carry: a digest of
the machine's install id, kept outside the data folder (``services.core.workstation``),
and the folder's absolute path. The database remembers the place it was last opened at
(``sync_state`` key :data:`HOLDER`). Opened anywhere else while it holds a counter, it
is a copy: ``claim`` gives the counter up at once (codes made from then on have no
counter part), renumbers the waiting outbox from 1 for the new device id the caller
gives the folder, and remembers the device it was copied from (:data:`COPIED_FROM`),
so sync asks for a new enrollment, which assigns a new counter. No Qt; any thread,
inside the caller's session.
"""

from __future__ import annotations

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from ..models import SyncOutbox, SyncState
from ..models.numbering import COUNTER, counter_number
from . import state

#: ``sync_state`` key: the place (digest of install id and folder) the database was last opened at.
HOLDER = "place"
#: ``sync_state`` key: the device id of the workstation this database was copied from.
COPIED_FROM = "copied_from"


def place_unchanged(session: Session, place: str) -> bool:
    return state.get_state(session, HOLDER) == place


def holds_counter(session: Session) -> bool:
    """Whether the database holds a counter it was last opened elsewhere with."""
    return state.get_state(session, HOLDER) is not None and counter_number(session) > 0


def claim(session: Session, place: str, device_id: str) -> bool:
    """Record that the database is now opened at ``place``; True when it holds a counter
    and was last opened elsewhere (a copy: the counter is given up, the outbox
    renumbered for a new device, and ``device_id`` — the one it was copied with —
    remembered). The caller then gives the folder a new device id and drops its token."""
    held = state.get_state(session, HOLDER)
    copied = held is not None and held != place and counter_number(session) > 0
    if copied:
        row = session.get(SyncState, COUNTER)
        if row is not None:
            session.delete(row)
        _restart_outbox(session)
        state.set_state(session, COPIED_FROM, device_id)
    if held != place:
        state.set_state(session, HOLDER, place)
    session.flush()
    return copied


def copied_from(session: Session) -> str:
    """The device id this database was copied from and not yet enrolled again ("" if none)."""
    value = state.get_state(session, COPIED_FROM, "")
    return value if isinstance(value, str) else ""


def enrolled_again(session: Session) -> None:
    """The copy got its own enrollment (and counter): nothing is waiting any more."""
    row = session.get(SyncState, COPIED_FROM)
    if row is not None:
        session.delete(row)
        session.flush()


def _restart_outbox(session: Session) -> None:
    """Number the waiting mutations 1, 2, … in their order (a new device's sequence
    starts at 1 on the server), and the next one after them."""
    seqs = list(session.scalars(select(SyncOutbox.seq).order_by(SyncOutbox.seq)))
    for number, seq in enumerate(seqs, start=1):  # ascending: never onto a taken number
        if number != seq:
            session.execute(update(SyncOutbox).where(SyncOutbox.seq == seq).values(seq=number))
    session.execute(
        text("UPDATE sqlite_sequence SET seq = :n WHERE name = 'sync_outbox'"), {"n": len(seqs)}
    )
