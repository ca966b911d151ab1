"""Sign-in, first administrator and change-password dialogs. UI thread only.

Each dialog runs its service call on the write worker (argon2 takes a moment and a
sign-in writes the failed-attempt counter), shows a refusal under the field it
concerns (or above the buttons) and keeps what was typed, except passwords, which a
refusal clears. ``succeeded(result)`` is emitted before the dialog accepts;
``submitted`` once the call is on its way (the session builds the main window meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.core.errors import ServiceError
from ..errors import error_message
from ..tasks import TaskRunner
from ..widgets.fit import fit_to_screen
from ..widgets.form_row import ERROR_COLOR, FormRow, align_labels
from ..widgets.keyboard import keyboard_first
from ..widgets.text_edit import TextLineEdit

if TYPE_CHECKING:  # the data layer loads behind the sign-in window (``ui.startup``)
    from ...services.accounts.accounts import SignedIn
    from ...services.core.context import AppContext

#: Shown when «ورود» is pressed while the database is still being opened.
PREPARING = "میز در حال آماده شدن است؛ چند لحظه صبر کنید…"


def latin_edit(password: bool = False, required: bool = True) -> TextLineEdit:
    """A left-to-right field for a user name or (hidden) password."""
    edit = TextLineEdit(required=required)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class AccountDialog(QDialog):
    """Base: rows of fields, a message line, OK/Cancel, the call on the write worker."""

    succeeded = Signal(object)
    submitted = Signal()  # the call went to the write worker; its answer will follow
    title = ""
    ok_label = "تأیید"
    cancel_label = "انصراف"
    intro = ""
    #: the call's writes are a sign-in's bookkeeping, not a save to confirm (``TaskRunner``)
    quiet = False

    def __init__(self, ctx: AppContext | None, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        # None while the app is still opening the database behind the dialog
        # (``ui.startup``); ``attach`` hands it over and runs a submission that waited.
        self.ctx = ctx
        self.runner = runner
        self._waiting = False
        self.rows: dict[str, FormRow] = {}
        self.setWindowTitle(self.title)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        if self.intro:
            intro = QLabel(self.intro)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.fields = QWidget()
        self.fields_layout = QVBoxLayout(self.fields)
        self.fields_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fields)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.hide()
        layout.addWidget(self.message)
        self.ok_button = QPushButton(self.ok_label)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.cancel_label)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self.build()
        align_labels(*self.rows.values())
        if self.ctx is not None:
            self._limit_fields()
        keyboard_first(self, self.ok_button)
        fit_to_screen(self)

    def add_row(self, key: str, label: str, editor: TextLineEdit) -> TextLineEdit:
        row = FormRow(label, editor, required=editor.is_required())
        self.rows[key] = row
        self.fields_layout.addWidget(row)
        return editor

    def field(self, key: str) -> TextLineEdit:
        editor = self.rows[key].editor()
        assert isinstance(editor, TextLineEdit)
        return editor

    # -- for subclasses -----------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def call(self) -> Callable[[], Any]:
        """The service call to run on the write worker, with what was typed."""
        raise NotImplementedError

    # -- running ------------------------------------------------------------------------
    def submit(self) -> None:
        self.message.hide()
        if not all([self.field(k).validate() for k in self.rows]):
            return
        self.fields.setEnabled(False)
        self.ok_button.setEnabled(False)
        if self.ctx is None:  # typed before the database was open: sent once it is
            self._waiting = True
            self.message.setStyleSheet("")  # a note, not a refusal
            self.message.setText(PREPARING)
            self.message.show()
            return
        call = self.call()
        self.runner.submit(
            lambda _c: call(),
            on_done=self._done,
            on_error=self._failed,
            write=True,
            quiet=self.quiet,
        )
        self.submitted.emit()

    @property
    def opened_ctx(self) -> AppContext:
        """The context once the database is open (``call`` runs only then)."""
        assert self.ctx is not None, "call() before the database was open"
        return self.ctx

    def _limit_fields(self) -> None:
        """Lengths from the model; the models load behind the sign-in window, so a dialog
        shown before the database opened takes them in ``attach``."""
        from ..widgets.limits import limit_field

        for key, row in self.rows.items():
            limit_field(key, row.editor())

    def attach(self, ctx: AppContext) -> None:
        """The database is open: a submission that waited for it goes now."""
        self.ctx = ctx
        self._limit_fields()
        if self._waiting:
            self._waiting = False
            self.fields.setEnabled(True)
            self.ok_button.setEnabled(True)
            self.submit()

    def _done(self, result: Any) -> None:
        self.fields.setEnabled(True)
        self.ok_button.setEnabled(True)
        self.succeeded.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.fields.setEnabled(True)
        self.ok_button.setEnabled(True)
        for row in self.rows.values():  # a refused password is typed again
            editor = row.editor()
            if isinstance(editor, QLineEdit) and editor.echoMode() == QLineEdit.EchoMode.Password:
                editor.clear()
        field = exc.field if isinstance(exc, ServiceError) else None
        if field in self.rows:
            self.field(field).set_error(error_message(exc))
            self.field(field).setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.message.setStyleSheet(f"color: {ERROR_COLOR};")
            self.message.setText(error_message(exc))
            self.message.show()


class SignInDialog(AccountDialog):
    title = "ورود به میز خدمت"
    quiet = True
    ok_label = "ورود"
    cancel_label = "بستن برنامه"

    def build(self) -> None:
        self.user_name = self.add_row("user_name", "نام کاربری", latin_edit())
        self.password = self.add_row("password", "گذرواژه", latin_edit(password=True))

    def call(self) -> Callable[[], SignedIn]:
        from ...services.accounts.accounts import sign_in

        name, password = self.user_name.text(), self.password.text()
        return lambda: sign_in(self.opened_ctx, name, password)


class FirstAdministratorDialog(AccountDialog):
    title = "نخستین اجرای میز خدمت"
    quiet = True
    ok_label = "ساخت حساب و ورود"
    cancel_label = "بستن برنامه"
    intro = (
        "هنوز هیچ کاربری در این رایانه تعریف نشده است. حساب مدیر سامانه را بسازید؛ "
        "او می‌تواند کاربران دیگر (کارشناس، سرپرست) را تعریف کند. میز گذرواژهٔ "
        "پیش‌فرض ندارد: گذرواژه‌ای برگزینید که دست‌کم ۸ نویسه و شامل حرف باشد."
    )

    def build(self) -> None:
        self.user_name = self.add_row("user_name", "نام کاربری (لاتین)", latin_edit())
        self.full_name = self.add_row(
            "full_name", "نام و نام خانوادگی", TextLineEdit(required=True)
        )
        self.password = self.add_row("password", "گذرواژه", latin_edit(password=True))
        self.again = self.add_row("again", "تکرار گذرواژه", latin_edit(password=True))

    def call(self) -> Callable[[], SignedIn]:
        from ...services.accounts.accounts import create_first_administrator

        values = (self.user_name.text(), self.full_name.text())
        passwords = (self.password.text(), self.again.text())
        return lambda: create_first_administrator(self.opened_ctx, *values, *passwords)


class ChangePasswordDialog(AccountDialog):
    title = "تغییر گذرواژه"
    ok_label = "تغییر گذرواژه"

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        parent: QWidget | None = None,
        forced: bool = False,
    ):
        if forced:
            self.intro = "گذرواژهٔ شما را مدیر سامانه تعیین کرده است؛ پیش از ادامه آن را عوض کنید."
            self.cancel_label = "خروج از حساب"
        super().__init__(ctx, runner, parent)

    def build(self) -> None:
        self.old_password = self.add_row("old_password", "گذرواژهٔ کنونی", latin_edit(password=True))
        self.new_password = self.add_row("new_password", "گذرواژهٔ تازه", latin_edit(password=True))
        self.again = self.add_row("again", "تکرار گذرواژهٔ تازه", latin_edit(password=True))

    def call(self) -> Callable[[], None]:
        from ...services.accounts.accounts import change_password

        values = (self.old_password.text(), self.new_password.text(), self.again.text())
        return lambda: change_password(self.opened_ctx, *values)
