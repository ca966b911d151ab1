"""Asking the central server about a certificate of another office (the workstation's
side of ``POST /certificates/inquiry``).

``central_lookup(ctx)`` gives the ``CentralLookup`` that ``certificate_inquiry.inquire``
calls when a serial of another office is not found locally, or ``None`` when this
workstation has no central server configured (then only local data answers). The
request carries the office's name as the asking agency and the device token when the
workstation is enrolled (the server then counts its rate limit per device). A server
that cannot be reached, refuses (429, 5xx) or answers nonsense raises
``CentralUnavailable`` with a Persian message: the inquiry is still answered from local
data and says that the central server was not asked.

No Qt; network I/O: worker threads or the CLI only.
"""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from desktop_app.documents.certificate import ANSWERS, InquiryAnswer
from desktop_app.services.accounts import access
from desktop_app.services.certificates.certificate_inquiry import CentralLookup, CentralUnavailable
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.settings import load_office_settings
from desktop_app.sync.inquiry_protocol import (
    INQUIRY_PATH,
    CertificateInquiryRequest,
    CertificateInquiryResponse,
)
from desktop_app.sync.token import load_token

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


@access.operation(access.ENTER)
def central_lookup(
    ctx: AppContext, transport: httpx.BaseTransport | None = None
) -> CentralLookup | None:
    """The central server lookup of this workstation, or ``None`` without a server."""
    config = ctx.workstation
    if not config.server_url:
        return None
    office = load_office_settings(ctx)
    agency = office.office_name or office.agency or "میز خدمت"
    token = load_token(ctx.data_dir)
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    def lookup(serial: str, national_code: str, verification_code: str) -> InquiryAnswer:
        body = CertificateInquiryRequest(
            serial=serial,
            national_code=national_code,
            agency=agency,
            verification_code=verification_code,
        )
        try:
            with httpx.Client(
                base_url=config.server_url.rstrip("/"),
                verify=config.ca_bundle or True,
                timeout=TIMEOUT,
                headers=headers,
                transport=transport,
            ) as http:
                response = http.post(INQUIRY_PATH, json=body.model_dump())
        except httpx.HTTPError as exc:
            raise CentralUnavailable(
                "سرور مرکزی در دسترس نبود؛ پاسخ فقط از داده‌های همین اداره است."
            ) from exc
        if response.status_code == 429:
            raise CentralUnavailable(
                "سرور مرکزی فعلاً استعلام بیشتری نمی‌پذیرد (محدودیت تعداد)؛ "
                "پاسخ فقط از داده‌های همین اداره است."
            )
        if response.status_code != 200:
            raise CentralUnavailable(
                f"سرور مرکزی پاسخ نداد (خطای {response.status_code})؛ "
                "پاسخ فقط از داده‌های همین اداره است."
            )
        try:
            data = CertificateInquiryResponse.model_validate_json(response.content)
        except ValidationError as exc:
            raise CentralUnavailable("پاسخ سرور مرکزی خوانا نبود.") from exc
        if data.answer not in ANSWERS:
            raise CentralUnavailable("پاسخ سرور مرکزی خوانا نبود.")
        return InquiryAnswer(
            answer=data.answer,
            serial=data.serial,
            national_code=data.national_code,
            holder_name=data.holder_name,
            standard_title=data.standard_title,
            standard_code=data.standard_code,
            hours=data.hours,
            issued_on=data.issued_on,
            revoked_on=data.revoked_on,
            revoke_reason=data.revoke_reason,
            replaced_by=data.replaced_by,
            replaced_on=data.replaced_on,
            source="central",
        )

    return lookup
