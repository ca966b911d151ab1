"""The users section (administrators): the list of accounts, the user form, and
setting a new password for someone. UI thread only.

Built on ``ui.listing``: ``USERS_LIST`` is the ``ListConfig``, ``UserForm`` the
``RecordFormDialog``. Users are deactivated in the form (the "فعال" box), never
deleted, so the list has no Delete button.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

from desktop_app.services.core.changes import Change

from ...services.accounts.access import MANAGE_USERS, ROLE_TITLES
from ...services.accounts.accounts import (
    UserData,
    count_users,
    get_user,
    new_user_defaults,
    reset_password,
    roles_title,
    save_user,
    user_page,
)
from ...services.core.context import AppContext
from ...services.office.settings import OFFICE_LEVELS
from ..listing import ChoiceBox, Column, FilterSpec, ListConfig, RecordFormDialog, RecordListPage
from ..listing.binding import Field
from ..listing.columns import choices
from ..listing.history import format_moment
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, TextLineEdit
from .dialogs import AccountDialog, latin_edit


class ResetPasswordDialog(AccountDialog):
    """An administrator sets a new password; the user changes it at next sign-in."""

    title = "تعیین گذرواژهٔ تازه"
    ok_label = "ثبت گذرواژه"
    intro = "کاربر باید در ورود بعدی این گذرواژه را عوض کند؛ قفل حسابش هم باز می‌شود."

    def __init__(self, ctx: AppContext, runner: TaskRunner, user_id: uuid.UUID, parent=None):
        self.user_id = user_id
        super().__init__(ctx, runner, parent)

    def build(self) -> None:
        self.new_password = self.add_row("new_password", "گذرواژهٔ تازه", latin_edit(password=True))
        self.again = self.add_row("again", "تکرار گذرواژه", latin_edit(password=True))

    def call(self) -> Callable[[], None]:
        values = (self.new_password.text(), self.again.text())
        return lambda: reset_password(self.opened_ctx, self.user_id, *values)


class RolesBox(QWidget):
    """One check box per role."""

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = {role: QCheckBox(title) for role, title in ROLE_TITLES.items()}
        for box in self.boxes.values():
            layout.addWidget(box)
        layout.addStretch(1)

    def value(self) -> tuple[str, ...]:
        return tuple(role for role, box in self.boxes.items() if box.isChecked())

    def setValue(self, roles: tuple[str, ...]) -> None:
        for role, box in self.boxes.items():
            box.setChecked(role in roles)


class UserForm(RecordFormDialog):
    new_title = "کاربر جدید"
    edit_title = "ویرایش کاربر"
    data_class = UserData
    fields = (
        Field("user_name", "نام کاربری (لاتین)", latin_edit, True),
        Field("full_name", "نام و نام خانوادگی", partial(TextLineEdit, required=True), True),
        Field("roles", "نقش‌ها", RolesBox, True),
        Field("office_level", "سطح اداره", partial(ChoiceBox, OFFICE_LEVELS.items())),
        Field("office_code", "کد اداره", partial(DigitLineEdit, max_digits=10)),
        Field("active", "فعال", partial(QCheckBox, "می‌تواند وارد شود")),
        Field("password", "گذرواژه", partial(latin_edit, password=True), True),
        Field("again", "تکرار گذرواژه", partial(latin_edit, password=True), True),
    )
    office_level: ChoiceBox  # bound
    office_code: DigitLineEdit

    def build(self) -> None:
        self.bind(self.fields)
        self.reset_button = QPushButton("تعیین گذرواژهٔ تازه…")
        self.reset_button.clicked.connect(self.reset_password)
        self.buttons.addButton(self.reset_button, self.buttons.ButtonRole.ActionRole)
        new = self.record_id is None
        for key in ("password", "again"):
            self.rows[key].setVisible(new)
        self.reset_button.setVisible(not new)

    def show_new_defaults(self, defaults: UserData) -> None:
        self.office_level.setValue(defaults.office_level)
        self.office_code.setValue(defaults.office_code)

    def load(self, record_id: uuid.UUID) -> UserData:
        return get_user(self.ctx, record_id)

    def show_data(self, data: UserData) -> None:
        super().show_data(data)
        if data.id is None:
            self.runner.submit(
                lambda _c: new_user_defaults(self.ctx), on_done=self.show_new_defaults
            )

    def store(self, data: UserData) -> UserData:
        return save_user(self.ctx, data)

    def reset_password(self) -> ResetPasswordDialog | None:
        if self.record_id is None:
            return None
        dialog = ResetPasswordDialog(self.ctx, self.runner, self.record_id, self)
        dialog.open()
        return dialog


def _user_form(page: RecordListPage, record_id: uuid.UUID | None) -> UserForm:
    return UserForm(page.ctx, page.runner, record_id, page)


USERS_LIST = ListConfig(
    kinds=frozenset({Change.USERS}),
    columns=(
        Column("user_name", "نام کاربری", width=130),
        Column("full_name", "نام", stretch=True),
        Column("roles", "نقش‌ها", roles_title, width=200),
        Column("office_level", "سطح", choices(OFFICE_LEVELS), width=120),
        Column("office_code", "کد اداره", numeric=True, width=80),
        Column("active", "فعال", width=60),
        Column("last_sign_in_at", "آخرین ورود", format_moment, numeric=True, width=140),
    ),
    count=count_users,
    page=user_page,
    open_form=_user_form,
    describe=lambda row: str(row.user_name),
    filters=(FilterSpec("active", "وضعیت", [(True, "فعال"), (False, "غیرفعال")]),),
    search_hint=search_hint("نام کاربری", "نام"),
    new_label="کاربر جدید",
    default_sort="user_name",
    enter_permission=MANAGE_USERS,
    audit_table="users",
)


def users_page(ctx: AppContext, runner: TaskRunner) -> RecordListPage:
    return RecordListPage(ctx, runner, USERS_LIST)
