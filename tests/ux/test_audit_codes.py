"""Codes inside audit-log details read in their own order: the detail is stored as
written (``فرم معرفی 2701-2-000017``) and the log's list, the entry dialog and a record's
history isolate its codes, file names and paths (``persian.bidi.isolate_runs``).

Two judges of the order: python-bidi (the Unicode algorithm the PDFs rely on) and Qt's
own text layout of the label, whose caret positions must grow left to right along the
code as they do in «2701-2-000017»."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

from desktop_app.persian.bidi import LRI, PDI, code, isolate, isolate_runs, strip_isolates
from desktop_app.services.accounts.audit import record_event_now

SERIAL = "2701-2-000017"
SHOWN = "۲۷۰۱-۲-۰۰۰۰۱۷"  # what the clerk must read, left to right


def visual(text: str) -> str:
    from bidi import get_display

    return strip_isolates(get_display(text, base_dir="R"))


def test_codes_paths_and_latin_words_are_isolated():
    assert isolate_runs(f"فرم معرفی {SERIAL}") == f"فرم معرفی {code(SERIAL)}"
    assert isolate_runs(f"گواهینامه {SERIAL}.") == f"گواهینامه {code(SERIAL)}."  # dot outside
    assert isolate_runs("12 دوره → courses.xlsx") == f"۱۲ دوره → {isolate('courses.xlsx')}"
    assert isolate_runs("پوشهٔ tmp/gui/data/ پر است") == f"پوشهٔ {isolate('tmp/gui/data/')} پر است"
    assert isolate_runs("ساعت 14:05 تاریخ 1405/09/15") == (
        f"ساعت {code('14:05')} تاریخ {code('1405/09/15')}"
    )
    assert isolate_runs("clerk1 وارد شد") == f"{isolate('clerk1')} وارد شد"  # never clerk۱
    assert isolate_runs("نام کاربری ناشناخته") == "نام کاربری ناشناخته"
    once = isolate_runs(f"رسید {SERIAL} ({LRI}A5{PDI})")
    assert isolate_runs(once) == once  # already isolated runs are left alone


def test_the_bidi_algorithm_reads_the_code_in_order():
    plain = f"فرم معرفی {SHOWN}"
    assert SHOWN not in visual(plain)  # the bug: shown as ۰۰۰۰۱۷-۲-۲۷۰۱
    assert SHOWN in visual(isolate_runs(plain))
    path = "پوشهٔ tmp/gui/data/ پر است"
    assert "tmp/gui/data/" not in visual(path)  # the slash jumps to the start
    assert "tmp/gui/data/" in visual(isolate_runs(path))


def _left_to_right_in_qt(label: QLabel, piece: str) -> bool:
    """True when Qt lays ``piece`` of the label's text out left to right, in order."""
    text = label.text().split("\n")[-1]
    start = text.index(piece)
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    # the caret between two characters of the piece (its ends are ambiguous at a run's edge)
    xs = [line.cursorToX(i)[0] for i in range(start + 1, start + len(piece))]
    return xs == sorted(xs) and len(set(xs)) == len(xs)


def test_the_entry_dialog_and_the_log_show_the_serial_in_order(ctx, miz_app, qtbot):
    from desktop_app.ui.accounts.audit_page import AuditLogPage
    from desktop_app.ui.listing.history import AuditEntryDialog, RecordHistoryDialog
    from desktop_app.ui.tasks import TaskRunner

    course_id = "8d3b2a4e-0000-4000-8000-000000000017"
    record_event_now(ctx, "print", "certificates", course_id, f"گواهینامه {SERIAL}")
    runner = TaskRunner()
    page = AuditLogPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)

    # the list's «شرح» cell
    model = page.model
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    summary = column.index("شرح")
    row = next(r for r in range(model.rowCount()) if SHOWN in str(model.index(r, summary).data()))
    cell = str(model.index(row, summary).data())
    assert cell == f"گواهینامه {code(SERIAL)}" and SHOWN in visual(cell)

    # opened as the clerk opens it: select the row, press the details button
    page.table.setCurrentIndex(page.proxy.mapFromSource(model.index(row, summary)))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AuditEntryDialog))
    qtbot.waitExposed(dialog)
    assert dialog.row.detail == f"گواهینامه {SERIAL}"  # the row the clerk chose
    head = dialog.findChildren(QLabel)[0]
    assert code(SERIAL) in head.text() and SHOWN in visual(head.text().split("\n")[-1])
    assert _left_to_right_in_qt(head, SHOWN)
    first_line = head.text().split("\n")[0]
    assert isolate(dialog.row.user_name) in first_line  # never runs into the date

    unisolated = QLabel(f"گواهینامه {SHOWN}")
    unisolated.setFont(head.font())
    assert not _left_to_right_in_qt(unisolated, SHOWN)  # what the clerk saw before
    dialog.reject()

    # a record's history (from any list's «سابقه»)
    history = RecordHistoryDialog(ctx, runner, "certificates", course_id, "گواهینامه")
    qtbot.addWidget(history)
    table = history.findChildren(QTableWidget)[0]
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=10_000)
    assert table.item(0, 3).text() == f"گواهینامه {code(SERIAL)}"
    runner.wait_for_done()


def test_history_shows_persian_labels_of_stored_keys(ctx, miz_app, qtbot):
    """A place's kind and a course's state read «مرکز», «پیش‌نویس» in a record's history,
    not the stored ``center``/``draft``."""
    from desktop_app.services.places.places import PlaceData, save_place
    from desktop_app.ui.listing.history import RecordHistoryDialog
    from desktop_app.ui.tasks import TaskRunner

    place = save_place(ctx, PlaceData(name="مرکز ۱", code="2701", province="گلستان", city="گرگان"))
    runner = TaskRunner()
    dialog = RecordHistoryDialog(ctx, runner, "places", place.id, "مکان")
    qtbot.addWidget(dialog)
    dialog.show()
    history, changes = dialog.findChildren(QTableWidget)[:2]
    qtbot.waitUntil(lambda: history.rowCount() > 0, timeout=10_000)
    history.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: changes.rowCount() > 0)
    cells = {
        changes.item(r, 0).text(): changes.item(r, 2).text() for r in range(changes.rowCount())
    }
    assert cells["نوع"] == "مرکز"
    assert "نام برای مرتب‌سازی" not in cells  # a derived sort key is not a clerk's change
    runner.wait_for_done()
