"""Every section words the shared actions the same way (``ui.listing.labels``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from desktop_app.ui.listing import labels
from desktop_app.ui.tasks import TaskRunner

UI = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"


def test_search_hint_lists_the_fields_in_persian():
    assert labels.search_hint() == "جستجو…"
    assert labels.search_hint("نام") == "جستجو در نام…"
    assert labels.search_hint("نام", "کد", "شهر") == "جستجو در نام، کد یا شهر…"
    assert labels.print_label("پرونده") == "چاپ پرونده…"
    assert labels.print_label("دوبارهٔ فرم", asks=False) == "چاپ دوبارهٔ فرم"


@pytest.mark.parametrize(
    "wording",
    [
        r"Excel…",  # the export reads «خروجی اکسل…»
        r"\"Excel \(\*\.xlsx\)\"",
        r"\"PDF \(\*\.pdf\)\"",
        r"QPushButton\(\"(ویرایش|حذف|ذخیره|انصراف|چاپ…|ذخیرهٔ PDF…)\"\)",
        r"QPushButton\(\"چاپ [^\"]*\"\)",  # print buttons go through print_label
        r"search_hint=\"",
        r"پروندهٔ (اکسل|خروجی|CSV|عکس)",  # a file is «فایل»; «پرونده» is a trainer's dossier
    ],
)
def test_no_section_writes_a_shared_label_itself(wording):
    offenders = [
        f"{path.relative_to(UI)}: {line.strip()}"
        for path in UI.rglob("*.py")
        if path.name != "labels.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(wording, line)
    ]
    assert offenders == []


def test_export_and_print_buttons_read_the_same_in_every_list(ctx, miz_app, qtbot):
    from desktop_app.ui.courses.pages import CoursesPage
    from desktop_app.ui.places.equipment_pages import EquipmentListPage
    from desktop_app.ui.service_cards.pages import CatalogPage
    from desktop_app.ui.trainers.pages import TrainerListPage

    runner = TaskRunner()
    pages = [
        cls(ctx, runner) for cls in (CoursesPage, EquipmentListPage, CatalogPage, TrainerListPage)
    ]
    for page in pages:
        qtbot.addWidget(page)
    texts = [{b.text() for b in page.findChildren(QPushButton)} for page in pages]
    for found in texts[:3]:
        assert labels.EXPORT_EXCEL in found
    for found in texts:
        assert {labels.EDIT, labels.DELETE} <= found
        assert all(t.endswith("…") for t in found if t.startswith("چاپ"))
    qtbot.waitUntil(lambda: all(p.model.is_ready() for p in pages))
    runner.wait_for_done()


def test_qt_standard_buttons_speak_persian(miz_app):
    """Qt's own message-box buttons read in Persian (qtbase_fa, bundled by the installer)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    texts = {b.text() for b in box.buttons()}
    assert texts == {"تأیید", labels.CANCEL}
