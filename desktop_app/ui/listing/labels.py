"""The words of the actions every list and form shares, written once so that every
section says them the same way. UI thread only (plain strings; no Qt).

Rules: an action that asks something more before it acts (a file dialog, a preview)
ends with "…"; a file is «فایل» («پرونده» is a trainer's dossier); Excel is «اکسل»;
a "new X" button names the record (``ListConfig.new_label``: «مکان جدید»); a search
box says what it searches (``search_hint``).
"""

from __future__ import annotations

NEW = "جدید"
EDIT = "ویرایش"
DELETE = "حذف"
SAVE = "ذخیره"
CANCEL = "انصراف"
SEARCH = "جستجو"

EXPORT_EXCEL = "خروجی اکسل…"
EXPORT_EXCEL_TITLE = "خروجی اکسل"
EXCEL_FILTER = "اکسل (*.xlsx)"
WRITING_EXCEL = "در حال نوشتن فایل اکسل…"
PDF_FILTER = "PDF (*.pdf)"
SAVE_PDF = "ذخیرهٔ PDF…"
SAVE_PDF_TITLE = "ذخیرهٔ PDF"
PRINT = "چاپ…"
PRINT_PREVIEW = "پیش‌نمایش چاپ…"


def print_label(what: str, asks: bool = True) -> str:
    """«چاپ پرونده…»: a print button that then asks where to save (or shows a preview);
    ``asks=False`` for one that prints straight away («چاپ دوبارهٔ فرم معرفی»)."""
    return f"چاپ {what}…" if asks else f"چاپ {what}"


def search_hint(*fields: str) -> str:
    """«جستجو در نام، کد یا شهر…» — the placeholder of a list's search box."""
    if not fields:
        return f"{SEARCH}…"
    listed = fields[0] if len(fields) == 1 else "، ".join(fields[:-1]) + " یا " + fields[-1]
    return f"{SEARCH} در {listed}…"
