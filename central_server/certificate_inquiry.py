"""The central server's authenticity inquiry for other agencies and for workstations
asking about another office's certificate: ``POST /certificates/inquiry``.

It answers from the certificates the offices have synced (``services.certificates.certificate_inquiry
.answer_from``: holder and standard only when serial AND national code match), logs
every answered inquiry in ``certificate_inquiry_log`` (who, from where, when, what was
asked and answered), and limits each client to ``inquiry_limit`` inquiries per
``inquiry_window_seconds``, counted from that log, so the limit holds across uvicorn
workers, which share nothing but the database. A client is an enrolled workstation
(by its device token) or else the client's IP address (``clients.client_ip``: the
peer, or behind a trusted proxy the address it forwards), never anything the client
writes, such as the agency it names. Over the limit: HTTP 429 with ``Retry-After`` and
a message in Persian and English (``limits``); refused requests are not logged (a flood must not fill the table).

Request threads of uvicorn workers (stateless).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from fastapi import FastAPI, Header, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.models import utcnow
from desktop_app.persian import normalize
from desktop_app.sync.certificate_answer import answer_from
from desktop_app.sync.inquiry_protocol import (
    INQUIRY_PATH,
    CertificateInquiryRequest,
    CertificateInquiryResponse,
)

from . import admin, clients, limits
from .models import CertificateInquiryLog
from .settings import ServerSettings

Transaction = Callable[[], AbstractContextManager[Session]]


def _refuse_over_limit(session: Session, key: str, settings: ServerSettings) -> None:
    limits.lock_client(session, limits.INQUIRY_LOCK_SPACE, key)
    used, oldest = session.execute(
        select(func.count(), func.min(CertificateInquiryLog.asked_at)).where(
            CertificateInquiryLog.client_key == key,
            CertificateInquiryLog.asked_at > limits.window_start(settings.inquiry_window_seconds),
        )
    ).one()
    if used >= settings.inquiry_limit:
        limits.refuse(
            "استعلام‌ها",
            "inquiries",
            settings.inquiry_limit,
            settings.inquiry_window_seconds,
            oldest,
        )


def add_routes(app: FastAPI, transaction: Transaction, settings: ServerSettings) -> None:
    trusted = clients.networks(settings.trusted_proxies.split(","))

    @app.post(INQUIRY_PATH, response_model=CertificateInquiryResponse)
    def certificate_inquiry(
        body: CertificateInquiryRequest,
        request: Request,
        authorization: str = Header(default=""),
    ) -> CertificateInquiryResponse:
        asked = utcnow()
        ip = clients.client_ip(request, trusted)
        agency = normalize(body.agency).strip()
        with transaction() as session:
            scheme, _, token = authorization.partition(" ")
            device = admin.device_for_token(session, token) if scheme.lower() == "bearer" else None
            if device is not None:
                key = f"device:{device.device_uid}"
            else:
                key = f"ip:{ip}"  # never what the client writes (an agency's name)
            _refuse_over_limit(session, key, settings)
            result = answer_from(
                session, body.serial, body.national_code, body.verification_code.strip()
            )
            session.add(
                CertificateInquiryLog(
                    asked_at=asked,
                    answered_at=utcnow(),
                    client_key=key[:300],
                    client_ip=ip[:64],
                    agency=agency[:200],
                    device_office=device.office_code if device is not None else "",
                    serial=result.serial[:40],
                    national_code=result.national_code[:20],
                    answer=result.answer,
                )
            )
        return CertificateInquiryResponse(
            answer=result.answer,
            serial=result.serial,
            national_code=result.national_code,
            holder_name=result.holder_name,
            standard_title=result.standard_title,
            standard_code=result.standard_code,
            hours=result.hours,
            issued_on=result.issued_on,
            revoked_on=result.revoked_on,
            revoke_reason=result.revoke_reason,
            replaced_by=result.replaced_by,
            replaced_on=result.replaced_on,
        )
