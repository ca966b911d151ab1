"""Showing an error to the clerk in Persian. UI thread only."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

UNEXPECTED = (
    "خطای پیش‌بینی‌نشده‌ای رخ داد و کار ناتمام ماند. آنچه پیش از این ذخیره شده بود "
    "سالم است. اگر دوباره رخ داد، متن زیر را برای پشتیبانی بفرستید."
)


def error_message(exc: BaseException) -> str:
    """The Persian message of a service/validation error, or a generic one."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    return f"{UNEXPECTED}\n\n{type(exc).__name__}: {exc}"


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if getattr(exc, "message", None) is None:
        log.error("unexpected error shown to the clerk", exc_info=exc)
    QMessageBox.warning(parent, "میز خدمت", error_message(exc))
