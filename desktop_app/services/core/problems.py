"""What went wrong, said in Persian with what to do: the one translation of the
failures a person can meet (a path, a permission, a full disk, a corrupted, locked or
read-only database, an interrupted command) into a message and an exit code.

The command line (``cli.main``) and the window's start (``ui.app.run_gui``) both use
``explain``; no traceback reaches a person. An error this module does not recognise is
written with its traceback to ``miz-errors.log`` (in the data folder when it exists)
and the person is told where that file is. No Qt; any thread.

Exit codes of ``miz`` (documented in ``docs/cli.md``):
0 done; 1 refused (a record not found, input not acceptable — the message says why);
2 partly done (an import that left records out) or the command line itself was wrong;
3 a file or folder problem; 4 the database cannot be opened or written;
5 an unexpected error (details in the log file); 130 interrupted (Ctrl+C).
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.persian.bidi import command, isolate

log = logging.getLogger(__name__)

REFUSED = 1
PARTIAL = 2
FILE_PROBLEM = 3
DATABASE_PROBLEM = 4
UNEXPECTED = 5
INTERRUPTED = 130

ERROR_LOG = "miz-errors.log"


@dataclass(frozen=True)
class Problem:
    message: str
    exit_code: int


def _where(exc: OSError) -> str:
    name = exc.filename or ""
    return f" ({isolate(str(name))})" if name else ""


def _os_problem(exc: OSError) -> Problem:
    where = _where(exc)
    code = exc.errno
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        text = (
            f"پرونده یا پوشه پیدا نشد{where}. نشانی را بررسی کنید؛ "
            "اگر پوشه‌ای در مسیر وجود ندارد، نخست آن را بسازید."
        )
    elif isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        text = f"این نشانی یک پوشه است، نه یک پرونده{where}. نام پرونده را هم بنویسید."
    elif isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        text = f"بخشی از این نشانی یک پرونده است، نه پوشه{where}. نشانی دیگری برگزینید."
    elif isinstance(exc, FileExistsError) or code == errno.EEXIST:
        text = f"پرونده‌ای با همین نام از پیش هست{where}. نام دیگری برگزینید."
    elif isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        text = (
            f"اجازهٔ نوشتن یا خواندن این نشانی را ندارید{where}. پوشهٔ دیگری برگزینید "
            "یا از مسئول رایانه بخواهید دسترسی بدهد."
        )
    elif code == errno.EROFS:
        text = f"این نشانی فقط‌خواندنی است{where}. پوشهٔ دیگری برگزینید."
    elif code in (errno.ENOSPC, errno.EDQUOT):
        text = (
            "فضای دیسک پر است و کار ناتمام ماند؛ آنچه پیش از این ذخیره شده بود سالم است. "
            "جا باز کنید (پرونده‌های کهنه یا پشتیبان‌های قدیمی را جابه‌جا کنید) و دوباره بکوشید."
        )
    else:
        text = f"کار با پرونده انجام نشد{where}. نشانی و دسترسی را بررسی کنید."
    return Problem(text, FILE_PROBLEM)


def _database_problem(exc: BaseException) -> Problem | None:
    """A damaged, locked or read-only database (SQLite's own words, in Persian)."""
    raw = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" in raw or "busy" in raw:
        text = (
            "پایگاه داده را برنامهٔ دیگری (میز دیگری روی همین پوشه) در دست دارد. "
            "آن را ببندید و دوباره بکوشید."
        )
    elif "readonly" in raw or "read-only" in raw or "read only" in raw:
        text = (
            "پایگاه داده فقط‌خواندنی است و چیزی در آن نوشته نمی‌شود. دسترسی نوشتن پوشهٔ "
            "داده‌ها را به کاربر بدهید یا از مسئول رایانه کمک بخواهید."
        )
    elif "not a database" in raw or "malformed" in raw or "corrupt" in raw:
        text = (
            f"پروندهٔ پایگاه داده آسیب دیده است و باز نمی‌شود. با «{command('miz restore')}» "
            f"آخرین پشتیبان را برگردانید (در پوشهٔ {isolate('backups')} کنار داده‌ها) یا از "
            "پشتیبانی کمک بخواهید."
        )
    elif "unable to open" in raw or "disk i/o" in raw:
        text = (
            "پایگاه داده باز نشد: پوشهٔ داده‌ها در دسترس نیست یا اجازهٔ نوشتن در آن نیست. "
            "نشانی پوشه و دسترسی آن را بررسی کنید."
        )
    elif "database or disk is full" in raw or "disk is full" in raw:
        return _os_problem(OSError(errno.ENOSPC, "disk full"))
    else:
        return None
    return Problem(text, DATABASE_PROBLEM)


def explain(exc: BaseException, data_dir: Path | None = None) -> Problem:
    """The Persian message and exit code for ``exc``; unknown errors are logged to a file."""
    if isinstance(exc, KeyboardInterrupt):
        return Problem("کار به خواست شما متوقف شد.", INTERRUPTED)
    if isinstance(exc, EOFError):
        return Problem("ورودی بسته شد پیش از آنکه پاسخی نوشته شود؛ کار انجام نشد.", REFUSED)
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        kind = type(exc).__name__
        code = DATABASE_PROBLEM if kind in ("DatabaseError", "SchemaTooNewError") else REFUSED
        return Problem(message, code)
    if isinstance(exc, UnicodeError):
        return Problem(
            "متن پرونده با کدگذاری UTF-8 خوانا نیست. پرونده را با کدگذاری UTF-8 "
            "ذخیره کنید (در Excel: «CSV UTF-8») و دوباره بکوشید.",
            REFUSED,
        )
    if isinstance(exc, OSError):
        return _os_problem(exc)
    if isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlalchemy"):
        problem = _database_problem(exc)
        if problem is not None:
            return problem
    return Problem(_unexpected(exc, data_dir), UNEXPECTED)


def _unexpected(exc: BaseException, data_dir: Path | None) -> str:
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log_path = write_error_log(details, data_dir)
    where = (
        f"جزئیات در {isolate(str(log_path))} نوشته شد؛ آن را برای پشتیبانی بفرستید."
        if log_path is not None
        else "جزئیات نوشته نشد؛ پیام را برای پشتیبانی بفرستید."
    )
    return (
        "خطای پیش‌بینی‌نشده‌ای رخ داد و کار ناتمام ماند؛ آنچه پیش از این ذخیره شده بود "
        f"سالم است. {where}"
    )


def write_error_log(details: str, data_dir: Path | None) -> Path | None:
    """Append ``details`` to the error log (data folder, else the temp folder)."""
    import tempfile

    folders = [data_dir] if data_dir is not None and Path(data_dir).is_dir() else []
    folders.append(Path(tempfile.gettempdir()))
    for folder in folders:
        path = Path(folder) / ERROR_LOG
        try:
            with path.open("a", encoding="utf-8") as out:
                out.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{details}\n")
            return path
        except OSError:
            continue
    log.error("could not write the error log: %s", details)
    return None
