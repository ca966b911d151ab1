"""How long a whole day of attendance for 30 people takes at the keyboard, next to a
baseline measured in the same run.

- Measured: the attendance screen (offscreen) for a workshop day of 30 people and two
  sessions: 60 key presses (one per person and session, the cursor moving by itself),
  Ctrl+S, until the save is committed; and the «همه حاضر» way (Ctrl+Shift+H, three
  exceptions, Ctrl+S). Both the keystrokes a clerk types and the machine's time.
- Baseline: saving ONE mark through ``record_attendance`` (one short write transaction).

The goal of issue 19 is human: a whole day in under a minute. The clerk's part is the
keystroke count (60 at one per person and session, 5 with «همه حاضر»); the machine's
part is reported as a ratio to the baseline and in milliseconds.

    python benchmarks/bench_attendance.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop_app.documents.office import OfficeSettings
from desktop_app.persian import today
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.demo.demo_registration import national_code
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.workshops.attendance import (
    Mark,
    Subject,
    attendance_sheet,
    record_attendance,
)
from desktop_app.services.workshops.invitations import invitations, invite, record_answer
from desktop_app.services.workshops.participants import ParticipantData, save_participant
from desktop_app.services.workshops.programme import WorkshopData, change_state, save_workshop
from desktop_app.services.workshops.templates import ensure_cbr_template
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.workshops.attendance import FIXED, AttendancePage


def workshop(ctx: AppContext):
    save_office_settings(ctx, OfficeSettings(office_code="2701", province="گلستان"))
    data = save_workshop(ctx, WorkshopData(title="سنجش", province="گلستان",
                                           template_id=ensure_cbr_template(ctx, "گلستان"),
                                           start_date=today() - timedelta(days=20)))  # fmt: skip
    ids = [save_participant(ctx, ParticipantData(national_code=national_code(300 + 7 * n),
                                                 first_name="نام", last_name=f"خانواده{n:02d}")).id
           for n in range(30)]  # fmt: skip
    invite(ctx, data.id, ids)
    for line in invitations(ctx, data.id):
        record_answer(ctx, line.id, "yes")
    change_state(ctx, data.id, "start")
    return data


def key(
    widget, text: str, key_code=Qt.Key.Key_unknown, mods=Qt.KeyboardModifier.NoModifier
) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key_code, mods, text))


def wait(app: QApplication, done) -> None:
    while not done():
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        ctx.user = system_actor()
        data = workshop(ctx)
        subject = Subject("workshop", data.id)
        runner = TaskRunner()
        page = AttendancePage(ctx, runner)
        page.show()
        wait(app, lambda: page.subject.count() > 1)
        page.subject.setValue(("workshop", data.id))
        baseline, typed, filled = [], [], []
        for run in range(args.runs):
            day = run + 1
            sheet = attendance_sheet(ctx, subject, day + 6)
            one = sheet.slots[0]
            started = time.perf_counter()
            record_attendance(ctx, subject, [Mark(sheet.people[0].id, one.day, one.start, "late")])
            baseline.append(time.perf_counter() - started)

            page.day.setValue(day)
            wait(app, lambda d=day: page.model.sheet is not None and page.model.sheet.day_number == d
                 and page.model.rowCount() == 30)  # fmt: skip
            page.table.setCurrentIndex(page.model.index(0, FIXED))
            page.message.setText("")
            started = time.perf_counter()
            for _ in range(60):
                key(page.table, "1")
            page.save()
            wait(app, lambda: "ذخیره شد" in page.message.text())
            typed.append(time.perf_counter() - started)

            page.day.setValue(day + 6)
            wait(app, lambda d=day + 6: page.model.sheet is not None
                 and page.model.sheet.day_number == d and page.model.rowCount() == 30)  # fmt: skip
            page.message.setText("")
            started = time.perf_counter()
            page.fill_present()
            for row in (3, 11, 24):
                page.table.setCurrentIndex(page.model.index(row, FIXED))
                key(page.table, "غ")
            page.save()
            wait(app, lambda: "ذخیره شد" in page.message.text())
            filled.append(time.perf_counter() - started)
        runner.wait_for_done()
        page.close()
        page.deleteLater()
        app.processEvents()
        ctx.close()
    base, t1, t2 = (statistics.median(x) for x in (baseline, typed, filled))
    print(f"baseline: one mark saved                       {base * 1000:8.1f} ms")
    print(
        f"a day of 30 × 2 sessions, one key each (61 keys) {t1 * 1000:8.1f} ms  ({t1 / base:5.1f}× baseline)"
    )
    print(
        f"«همه حاضر» + 3 exceptions + save (5 keys)        {t2 * 1000:8.1f} ms  ({t2 / base:5.1f}× baseline)"
    )


if __name__ == "__main__":
    main()
