"""Reusable Persian input widgets of Miz: digit, code, money and Jalali date fields.

Every field shows Persian digits, takes digits in any script, hands Latin digits or
Python values (``int``, Gregorian ``datetime.date``) to the code, and marks invalid input
with a Persian message without touching what the clerk typed. ``FormRow`` puts a label,
a field and the field's message together.

The names load on first use (PEP 562): the sign-in dialog, shown before anything else
at the app's start, needs only a text field and a form row, not the date and code
fields with their calendars and validators (``ui.startup``).

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.ui.widgets.calendar_popup import CalendarPopup
    from desktop_app.ui.widgets.check_group import CheckGroup
    from desktop_app.ui.widgets.check_list import CheckList
    from desktop_app.ui.widgets.code_edits import (
        CodeEdit,
        MobileEdit,
        NationalCodeEdit,
        PostalCodeEdit,
    )
    from desktop_app.ui.widgets.digit_edit import DigitLineEdit
    from desktop_app.ui.widgets.field import FIELD_STYLE_SHEET, ValidatedField
    from desktop_app.ui.widgets.form_row import FormRow, align_labels
    from desktop_app.ui.widgets.jalali_date_edit import JalaliDateEdit
    from desktop_app.ui.widgets.photo_field import PhotoField
    from desktop_app.ui.widgets.rial_edit import RialEdit
    from desktop_app.ui.widgets.rows_editor import RowColumn, RowsEditor
    from desktop_app.ui.widgets.search_picker import PlacePicker, SearchPicker
    from desktop_app.ui.widgets.summary_view import SummaryView
    from desktop_app.ui.widgets.table_picker import PickerColumn, TablePicker
    from desktop_app.ui.widgets.text_edit import TextAreaEdit, TextLineEdit

#: Exported name -> the module of this package that defines it.
_WHERE = {
    "CalendarPopup": "calendar_popup",
    "CheckGroup": "check_group",
    "CheckList": "check_list",
    "CodeEdit": "code_edits",
    "MobileEdit": "code_edits",
    "NationalCodeEdit": "code_edits",
    "PostalCodeEdit": "code_edits",
    "DigitLineEdit": "digit_edit",
    "FIELD_STYLE_SHEET": "field",
    "ValidatedField": "field",
    "FormRow": "form_row",
    "align_labels": "form_row",
    "JalaliDateEdit": "jalali_date_edit",
    "PhotoField": "photo_field",
    "RialEdit": "rial_edit",
    "RowColumn": "rows_editor",
    "RowsEditor": "rows_editor",
    "PlacePicker": "search_picker",
    "SearchPicker": "search_picker",
    "SummaryView": "summary_view",
    "PickerColumn": "table_picker",
    "TablePicker": "table_picker",
    "TextAreaEdit": "text_edit",
    "TextLineEdit": "text_edit",
}

__all__ = [
    "FIELD_STYLE_SHEET",
    "CalendarPopup",
    "CheckGroup",
    "CheckList",
    "CodeEdit",
    "DigitLineEdit",
    "FormRow",
    "JalaliDateEdit",
    "MobileEdit",
    "NationalCodeEdit",
    "PhotoField",
    "PickerColumn",
    "PlacePicker",
    "PostalCodeEdit",
    "RialEdit",
    "RowColumn",
    "RowsEditor",
    "SearchPicker",
    "SummaryView",
    "TablePicker",
    "TextAreaEdit",
    "TextLineEdit",
    "ValidatedField",
    "align_labels",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
