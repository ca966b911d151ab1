"""The certificates list (on ``ui.listing``: search, «باطل‌شده» filter) with print,
re-issue (المثنی) and revoke (with a reason) for the selected certificate, and the
inquiry log with the service's statistics. UI thread only; every query, print and
change runs on the ``TaskRunner``.
"""

from __future__ import annotations

import uuid
from datetime import UTC
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QMessageBox

from desktop_app.services.core.changes import Change

from ...documents.certificate import ANSWERS
from ...persian import format_jalali, to_persian_digits
from ...services.accounts.access import APPROVE, PRINT, can
from ...services.certificates.certificate_inquiry import (
    ASKER_KINDS,
    SOURCES,
    InquiryStatistics,
    count_inquiries,
    duration_text,
    inquiry_page,
    inquiry_statistics,
)
from ...services.certificates.certificate_print import print_certificate, print_reply_letter
from ...services.certificates.certificates import (
    certificate_page,
    count_certificates,
    reissue_certificate,
    revoke_certificate,
)
from ...services.core.context import AppContext
from ..errors import show_error
from ..listing import Column, FilterSpec, ListConfig, RecordListPage, choices, show
from ..listing.labels import search_hint
from ..tasks import TaskRunner, data_bus
from ..widgets import file_dialogs

PRINTS_FOLDER = "certificates"
CERTIFICATE_KINDS = frozenset({Change.CERTIFICATES})
INQUIRY_KINDS = frozenset({Change.CERTIFICATE_INQUIRIES})


def open_pdf(path: Path) -> None:
    """Hand a PDF to the system's viewer (tests replace ``CertificatesPage.open_file``)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _duplicates(value: Any) -> str:
    return f"المثنی ({to_persian_digits(value)})" if value else ""


def _revoked(value: Any) -> str:
    return f"باطل — {format_jalali(value)}" if value else "معتبر"


def _no_form(page: RecordListPage, _record_id: uuid.UUID | None) -> QDialog:
    raise AssertionError("certificates are issued from the scores tab, not typed in")


CERTIFICATES_LIST = ListConfig(
    kinds=CERTIFICATE_KINDS,
    columns=(
        Column("serial", "شمارهٔ گواهینامه", numeric=True, width=130),
        Column("last_name", "نام خانوادگی", width=130),
        Column("first_name", "نام", width=100),
        Column("national_code", "کد ملی", numeric=True, width=110),
        Column("standard_title", "استاندارد", stretch=True),
        Column("issued_on", "تاریخ صدور", numeric=True, width=95),
        Column("duplicate_count", "المثنی", _duplicates, width=90),
        Column("revoked_on", "وضعیت", _revoked, width=130),
    ),
    count=count_certificates,
    page=certificate_page,
    open_form=_no_form,
    filters=(FilterSpec("revoked", "وضعیت", [(False, "معتبر"), (True, "باطل‌شده")]),),
    search_hint=search_hint("شماره", "نام", "کد ملی", "استاندارد"),
    default_sort="serial",
    describe=lambda row: f"{row.serial} — {row.first_name} {row.last_name}",
)


class CertificatesPage(RecordListPage):
    """The list plus «چاپ», «صدور المثنی» and «ابطال…» for the selected row."""

    open_file = staticmethod(open_pdf)

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, CERTIFICATES_LIST)
        self.new_button.hide()
        self.edit_button.setText("چاپ")
        self.edit_button.setToolTip("Enter: چاپ گواهینامه")
        self.reissue_button = self.add_action(
            "صدور المثنی", self.reissue_selected, after=self.delete_button
        )
        self.revoke_button = self.add_action(
            "ابطال…", self.revoke_selected, after=self.reissue_button
        )
        # Only a supervisor issues or revokes; the services check it again.
        self.reissue_button.setVisible(can(ctx, APPROVE))
        self.revoke_button.setVisible(can(ctx, APPROVE))
        self.edit_button.setVisible(can(ctx, PRINT))

    # Enter / double-click / «چاپ» print the selected certificate.
    def edit_selected(self) -> QDialog | None:
        row = self.selected_row()
        if row is not None:
            self.print_serial(row.serial)
        return None

    def print_serial(self, serial: str) -> None:
        folder = file_dialogs.prints_folder(PRINTS_FOLDER)

        def write(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{serial}.pdf"
            print_certificate(self.ctx, serial, path)
            return path

        self.runner.submit(
            write,
            on_done=self._printed,
            on_error=lambda exc: show_error(self, exc),
            write=True,
        )

    def _printed(self, path: Path) -> None:
        self.last_printed = path
        type(self).open_file(path)

    def confirm(self, text: str) -> bool:
        """Ask before a re-issue (tests replace this)."""
        answer = QMessageBox.question(self, "صدور المثنی", text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_reason(self, row: Any) -> str | None:
        """The revocation reason, or None when cancelled (tests replace this)."""
        text, ok = QInputDialog.getText(
            self,
            "ابطال گواهینامه",
            f"دلیل ابطال گواهینامهٔ {self.config.describe(row)}:",
            QLineEdit.EchoMode.Normal,
        )
        return text if ok else None

    def reissue_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not self.confirm(
            f"برای گواهینامهٔ {self.config.describe(row)} المثنی صادر و چاپ شود؟ "
            "شماره همان می‌ماند و روی آن «المثنی» چاپ می‌شود."
        ):
            return
        serial = row.serial
        self.runner.submit(
            lambda _c: reissue_certificate(self.ctx, serial),
            on_done=lambda _n: self.print_serial(serial),
            on_error=lambda exc: show_error(self, exc),
            write=True,
        )

    def revoke_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        reason = self.ask_reason(row)
        if reason is None:
            return
        serial = row.serial
        self.runner.submit(
            lambda _c: revoke_certificate(self.ctx, serial, reason),
            on_error=lambda exc: show_error(self, exc),
            write=True,
        )


def _when(value: Any) -> str:
    """Jalali date and local time of a stored UTC moment: «۱۴۰۵/۰۹/۰۱ ۱۰:۴۵»."""
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo else value.replace(tzinfo=UTC).astimezone()
    return f"{format_jalali(local.date())} {to_persian_digits(local.strftime('%H:%M'))}"


def _answer(value: Any) -> str:
    return ANSWERS.get(value, show(value))


INQUIRIES_LIST = ListConfig(
    kinds=INQUIRY_KINDS,
    columns=(
        Column("asked_at", "زمان استعلام", _when, numeric=True, width=130),
        Column("asker_kind", "استعلام‌کننده", choices(ASKER_KINDS), width=110),
        Column("asker_name", "نام", stretch=True),
        Column("serial", "شمارهٔ گواهینامه", numeric=True, width=125),
        Column("national_code", "کد ملی", numeric=True, width=105),
        Column("answer", "پاسخ", _answer, width=100),
        Column("source", "منبع پاسخ", choices(SOURCES), width=150),
    ),
    count=count_inquiries,
    page=inquiry_page,
    open_form=_no_form,
    filters=(FilterSpec("answer", "پاسخ", list(ANSWERS.items())),),
    search_hint=search_hint("نام استعلام‌کننده", "شمارهٔ نامه", "شماره", "کد ملی"),
    default_sort="asked_at",
    describe=lambda row: row.asker_name,
)


class InquiryLogPage(RecordListPage):
    """Recorded inquiries (newest first), the reply letter again, and the statistics."""

    open_file = staticmethod(open_pdf)

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, INQUIRIES_LIST)
        self.new_button.hide()
        self.edit_button.setText("چاپ نامهٔ پاسخ")
        self.stats = QLabel()
        self.stats.setObjectName("inquiryStatistics")
        self.stats.setWordWrap(True)
        self.add_banner(self.stats)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.load_statistics()
        data_bus().data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, kinds: Any) -> None:
        if INQUIRY_KINDS & set(kinds):
            self.load_statistics()

    def load_statistics(self) -> None:
        self.runner.submit(lambda _c: inquiry_statistics(self.ctx), on_done=self.show_statistics)

    def show_statistics(self, stats: InquiryStatistics) -> None:
        self.statistics = stats
        fa = to_persian_digits
        answers = "، ".join(
            f"{label}: {fa(stats.answers.get(key, 0))}" for key, label in ANSWERS.items()
        )
        rows = "".join(
            f"<tr><td>{m.label}</td><td align='center'>{fa(m.count)}</td>"
            f"<td>{duration_text(m.average_answer)}</td></tr>"
            for m in stats.months[:6]
        )
        table = (
            "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
            "<tr><th>ماه</th><th>تعداد استعلام</th><th>میانگین زمان پاسخ</th></tr>"
            f"{rows}</table>"
            if rows
            else ""
        )
        self.stats.setText(
            f"<b>آمار خدمت استعلام اصالت:</b> {fa(stats.total)} استعلام ({answers})؛ "
            f"میانگین زمان پاسخ: {duration_text(stats.average_answer)}{table}"
        )

    def edit_selected(self) -> QDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        inquiry_id = row.id
        folder = file_dialogs.prints_folder(PRINTS_FOLDER)

        def write(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"inquiry-{inquiry_id}.pdf"
            print_reply_letter(self.ctx, inquiry_id, path)
            return path

        self.runner.submit(
            write, on_done=type(self).open_file, on_error=lambda exc: show_error(self, exc)
        )
        return None
