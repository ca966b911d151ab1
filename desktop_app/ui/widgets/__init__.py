"""Reusable Persian input widgets of Miz: digit, code, money and Jalali date fields.

Every field shows Persian digits, takes digits in any script, hands Latin digits or
Python values (``int``, Gregorian ``datetime.date``) to the code, and marks invalid input
with a Persian message without touching what the clerk typed. ``FormRow`` puts a label,
a field and the field's message together.

Qt widgets: use on the UI thread only.
"""

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
from desktop_app.ui.widgets.text_edit import TextAreaEdit, TextLineEdit

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
    "PlacePicker",
    "PostalCodeEdit",
    "RialEdit",
    "RowColumn",
    "RowsEditor",
    "SearchPicker",
    "TextAreaEdit",
    "TextLineEdit",
    "ValidatedField",
    "align_labels",
]
