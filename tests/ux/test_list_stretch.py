"""A list's stretched column fills the room the other columns leave, also after the
model reloads and the window grows (Qt's own Stretch mode lost count of it after the
first reset and left the audit log's «شرح» at 88 pixels beside an empty band)."""

from __future__ import annotations

from desktop_app.services.accounts.audit import record_event_now


def _room(page, index: int) -> int:
    header = page.table.horizontalHeader()
    others = sum(header.sectionSize(i) for i in range(header.count()) if i != index)
    return page.table.viewport().width() - others


def test_the_stretched_column_fills_the_list(ctx, miz_app, qtbot):
    from desktop_app.ui.accounts.audit_page import AuditLogPage
    from desktop_app.ui.tasks import TaskRunner

    record_event_now(ctx, "print", "certificates", None, "گواهینامه ۲۷۰۱-۲-۰۰۰۰۱۷")
    runner = TaskRunner()
    page = AuditLogPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    header = page.table.horizontalHeader()
    index = next(i for i, c in enumerate(page.config.columns) if c.stretch)
    minimum = page.config.columns[index].min_width
    qtbot.waitUntil(lambda: header.sectionSize(index) == _room(page, index) > minimum)

    page.model.reload()  # a change anywhere reloads the log
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    page.resize(1300, 600)
    qtbot.waitUntil(lambda: header.sectionSize(index) == _room(page, index) > 600)

    page.resize(700, 600)  # too narrow: the column keeps its minimum, the list scrolls
    qtbot.waitUntil(lambda: header.sectionSize(index) == minimum)
    assert page.table.horizontalScrollBar().maximum() > 0
    runner.wait_for_done()
