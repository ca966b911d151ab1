"""The Excel export (invitations tab) and the plan-against-actual print (evaluation tab)
driven as a clerk would, through the Persian file dialog's door."""

from __future__ import annotations

import os

from desktop_app.ui.tasks import TaskRunner


def _choose(qtbot, box, value):
    qtbot.waitUntil(lambda: any(box.itemData(i) == value for i in range(box.count())))
    box.setValue(value)


def test_excel_export_from_the_invitations_tab(ctx, qtbot, miz_app, workshop, tmp_path,
                                               monkeypatch):  # fmt: skip
    from openpyxl import load_workbook

    from desktop_app.ui.widgets import file_dialogs
    from desktop_app.ui.workshops.invitations import InvitationsPage

    asked: list[str] = []

    def save_file_name(parent, title, suggested, file_filter=""):
        asked.append(file_filter)
        return str(tmp_path / "کارگاه")  # no suffix typed: .xlsx is added

    monkeypatch.setattr(file_dialogs, "save_file_name", save_file_name)
    page = InvitationsPage(ctx, TaskRunner())
    qtbot.addWidget(page)
    page.show()
    _choose(qtbot, page.workshop, workshop.id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 30)
    assert page.buttons["excel"].isVisible()
    page.buttons["excel"].click()
    qtbot.waitUntil(lambda: "نوشته شد" in page.message.text(), timeout=10000)
    assert asked and "xlsx" in asked[0]
    book = load_workbook(tmp_path / "کارگاه.xlsx")
    assert book["شرکت‌کنندگان"].max_row == 31
    assert "۳۰ شرکت‌کننده" in page.message.text()


def test_plan_against_actual_prints_from_the_evaluation_tab(ctx, qtbot, miz_app, workshop,
                                                            tmp_path, monkeypatch):  # fmt: skip
    from desktop_app.ui.widgets import file_dialogs
    from desktop_app.ui.workshops.evaluation import EvaluationPage

    monkeypatch.setattr(file_dialogs, "save_file_name",
                        lambda *a, **k: str(tmp_path / "plan.pdf"))  # fmt: skip
    page = EvaluationPage(ctx, TaskRunner())
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    opened: list[object] = []
    page.open_file = opened.append  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: "گلستان" in page.plan.text())
    assert page.print_plan_button.isVisible()
    page.print_plan_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    if shots := os.environ.get("MIZ_SHOTS"):  # look at it: MIZ_SHOTS=/some/folder
        page.grab().save(f"{shots}/evaluation-plan.png")
