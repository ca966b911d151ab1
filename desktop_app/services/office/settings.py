"""Office settings: the office's identity and the values the counter works with.

``load_office_settings`` / ``save_office_settings`` read and write the
``settings`` table; the whole set is validated before anything is written, so a
refused save changes nothing. No Qt; any thread (one short session per call).
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import tempfile
from dataclasses import asdict, fields
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from desktop_app.documents.office import AGENCY_KINDS, OFFICE_LEVELS, OfficeSettings
from desktop_app.models import Setting
from desktop_app.persian import normalize, to_ascii_digits
from desktop_app.persian.bidi import isolate
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event, record_event_now
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError

_OFFICE_CODE = re.compile(r"^[0-9]{2,10}$")


def validated_office_settings(settings: OfficeSettings) -> OfficeSettings:
    """A normalized copy, or ``ServiceError`` naming the first bad field."""
    code = to_ascii_digits(settings.office_code).strip()
    if code and not _OFFICE_CODE.match(code):
        raise ServiceError("کد اداره باید از ۲ تا ۱۰ رقم باشد.", "office_code")
    if settings.level not in OFFICE_LEVELS:
        raise ServiceError("سطح اداره باید مرکز، اداره کل یا ستاد باشد.", "level")
    if settings.registration_fee < 0:
        raise ServiceError("مبلغ کارت ثبت‌نام نمی‌تواند منفی باشد.", "registration_fee")
    if settings.agency_kind not in AGENCY_KINDS:
        raise ServiceError("سازمان اداره را انتخاب کنید.", "agency_kind")
    return OfficeSettings(
        office_name=normalize(settings.office_name),
        office_code=code,
        province=normalize(settings.province),
        agency=normalize(settings.agency),
        parent_agency=normalize(settings.parent_agency),
        level=settings.level,
        registration_fee=int(settings.registration_fee),
        agency_kind=settings.agency_kind,
    )


_KEY_PREFIX = "office."


@access.operation(access.SIGNED_IN)
def load_office_settings(ctx: AppContext) -> OfficeSettings:
    return office_settings_unchecked(ctx)


@access.operation(
    access.OPEN, "the first administrator takes the office's level before anyone signs in"
)
def office_settings_unchecked(ctx: AppContext) -> OfficeSettings:
    """The office settings without a sign-in: for the steps before sign-in only;
    everything else asks ``load_office_settings``."""
    settings = OfficeSettings()
    with ctx.session() as session:
        rows = session.scalars(select(Setting).where(Setting.key.like(f"{_KEY_PREFIX}%")))
        stored = {row.key.removeprefix(_KEY_PREFIX): json.loads(row.value) for row in rows}
    for f in fields(OfficeSettings):
        if f.name in stored:
            setattr(settings, f.name, stored[f.name])
    return settings


@access.operation(access.SIGNED_IN)
def load_agency_kind(ctx: AppContext) -> str:
    """The office's organization (``AGENCY_KINDS`` key; "tvto" until set): one key read."""
    with ctx.session() as session:
        row = session.get(Setting, f"{_KEY_PREFIX}agency_kind")
        value = json.loads(row.value) if row is not None else None
    return value if value in AGENCY_KINDS else "tvto"


@access.operation(access.SETTINGS)
def save_server_address(ctx: AppContext, url: str) -> str:
    """Store this workstation's central server address (``SETTINGS``; "" = no sync).

    It is per workstation (``workstation.json``): two machines of one office may reach
    the server by different addresses.
    """
    text = to_ascii_digits(url).strip().rstrip("/")
    if text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServiceError(
                f"نشانی سرور باید با {isolate('http://')} یا {isolate('https://')} آغاز شود، "
                f"مانند {isolate('https://miz.example.ir')}",
                "server_url",
            )
        if parts.query or parts.fragment or " " in text:
            raise ServiceError("نشانی سرور نباید فاصله، ? یا # داشته باشد.", "server_url")
    old = ctx.workstation.server_url
    ctx.workstation.server_url = text
    ctx.workstation.save(ctx.data_dir)
    if old != text:
        record_event_now(ctx, "edit", "settings", "server_url", changes={"server_url": [old, text]})
    return text


_WINDOWS_EXAMPLE = "D:\\Miz"


def writable_folder_problem(folder: Path) -> str | None:
    """Why files cannot be written in ``folder`` (created if missing), or None."""
    shown = isolate(str(folder))
    if folder.exists() and not folder.is_dir():
        return f"{shown} یک پرونده است، نه پوشه؛ پوشهٔ دیگری برگزینید."
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return f"پوشهٔ {shown} ساخته نمی‌شود؛ مسیر را درست کنید یا پوشهٔ دیگری برگزینید."
    try:  # the real test: permissions, a read-only drive, a full share
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".miz-write-test-"):
            pass
    except OSError:
        return (
            f"در پوشهٔ {shown} نمی‌توان پرونده نوشت؛ پوشهٔ دیگری برگزینید "
            "یا از مدیر شبکه اجازهٔ نوشتن بگیرید."
        )
    return None


@access.operation(access.SETTINGS)
def save_documents_folder(ctx: AppContext, folder: str) -> str:
    """Store this workstation's documents folder (``SETTINGS``; "" = the default).

    The file dialogs open there and prints are saved there by default. It is per
    workstation (``workstation.json``): one machine writes to a USB drive, another to
    the office's share. The folder is created if missing and must take a file.
    """
    text = os.path.expanduser(to_ascii_digits(folder).strip())
    if text:
        path = Path(text)
        if not path.is_absolute():
            raise ServiceError(
                f"مسیر پوشهٔ اسناد باید کامل باشد، مانند {isolate(_WINDOWS_EXAMPLE)} "
                f"یا {isolate('/home/miz/Documents')}",
                "documents_dir",
            )
        problem = writable_folder_problem(path)
        if problem is not None:
            raise ServiceError(problem, "documents_dir")
        text = str(path)
    old = ctx.workstation.documents_dir
    ctx.workstation.documents_dir = text
    ctx.workstation.save(ctx.data_dir)
    if old != text:
        record_event_now(
            ctx, "edit", "settings", "documents_dir", changes={"documents_dir": [old, text]}
        )
    return text


LOGO_KEY = "logo.office"  # not under "office.": the bytes are loaded only to print
LOGO_MAX_PIXELS = 600


@access.operation(access.SIGNED_IN)
def load_office_logo(ctx: AppContext) -> bytes | None:
    """The office's logo for printed forms (PNG bytes), or None."""
    with ctx.session() as session:
        row = session.get(Setting, LOGO_KEY)
        value = json.loads(row.value) if row is not None else None
    return base64.b64decode(value) if isinstance(value, str) and value else None


@access.operation(access.SETTINGS)
def save_office_logo(ctx: AppContext, image: bytes | None) -> bytes | None:
    """Store (``SETTINGS``) the logo from an image file's bytes, or remove it (None).

    Any format Pillow reads; stored as a PNG at most ``LOGO_MAX_PIXELS`` on a side, so
    one logo stays small in the database, in backups and in every printed PDF.
    """
    png: bytes | None = None
    if image:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(image)) as opened:
                opened.load()
                picture = opened.convert("RGBA")
            picture.thumbnail((LOGO_MAX_PIXELS, LOGO_MAX_PIXELS))
            out = io.BytesIO()
            picture.save(out, format="PNG", optimize=True)
            png = out.getvalue()
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise ServiceError(
                "این فایل تصویر نیست یا خراب است؛ یک فایل PNG یا JPG برگزینید.", "logo"
            ) from exc
    text = json.dumps(base64.b64encode(png).decode("ascii") if png else "")
    with ctx.session() as session:
        row = session.get(Setting, LOGO_KEY)
        if row is None:
            session.add(Setting(key=LOGO_KEY, value=text))
        else:
            row.value = text
        detail = "نشان اداره تازه شد" if png else "نشان اداره برداشته شد"
        record_event(session, ctx, "edit", "settings", "logo", detail)
    return png


@access.operation(access.SETTINGS)
def save_office_settings(ctx: AppContext, settings: OfficeSettings) -> OfficeSettings:
    """Validate and store all office settings in one transaction (``SETTINGS``)."""
    clean = validated_office_settings(settings)
    with ctx.session() as session:
        changes: dict[str, list[object]] = {}
        for name, value in asdict(clean).items():
            key = _KEY_PREFIX + name
            row = session.get(Setting, key)
            old = json.loads(row.value) if row is not None else None
            if old != value:
                changes[name] = [old, value]
            if row is None:
                session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
            else:
                row.value = json.dumps(value, ensure_ascii=False)
        if changes:  # settings are not records: the audit row is written here
            record_event(session, ctx, "edit", "settings", "office", changes=changes)
    return clean
