"""What the printed certificate and the inquiry reply letter show, as plain data, and
writing them as PDF (``reports.certificate``).

Printing a certificate counts the print; the paper says «المثنی» once the certificate
has been re-issued (``duplicate_count`` > 0) and carries a REVOKED mark with the
reason when printed after a revocation. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from desktop_app.documents.certificate import CertificateDoc, ReplyLetter
from desktop_app.models import Trainee
from desktop_app.persian import today
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.certificates.certificate_inquiry import get_inquiry
from desktop_app.services.certificates.certificates import certificate_by_serial
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.settings import load_office_settings


@access.operation(access.PRINT)
def certificate_doc(ctx: AppContext, serial: str, count_print: bool = True) -> CertificateDoc:
    """The certificate's data (``NotFoundError`` for an unknown serial)."""
    office = load_office_settings(ctx)
    with ctx.session() as session:
        cert = certificate_by_serial(session, serial)
        trainee = session.get(Trainee, cert.trainee_id)
        if count_print:
            cert.print_count += 1
        return CertificateDoc(
            office=office,
            serial=cert.serial,
            verification_code=cert.verification_code,
            standard_title=cert.standard_title,
            standard_code=cert.standard_code,
            hours=cert.hours,
            course_code=cert.course_code,
            place_name=cert.place_name,
            first_name=cert.first_name,
            last_name=cert.last_name,
            father_name=cert.father_name,
            national_code=cert.national_code,
            birth_date=cert.birth_date,
            birthplace=cert.birthplace,
            gender=trainee.gender if trainee is not None else "",
            theory_score=cert.theory_score,
            practical_score=cert.practical_score,
            issued_on=cert.issued_on,
            duplicate_count=cert.duplicate_count,
            reissued_on=cert.reissued_on,
            revoked_on=cert.revoked_on,
            revoke_reason=cert.revoke_reason,
            photo=trainee.photo if trainee is not None else None,
        )


@access.operation(access.PRINT)
def print_certificate(
    ctx: AppContext, serial: str, output: str | Path | BinaryIO
) -> CertificateDoc:
    """Write one certificate (landscape A4), count the print and audit it (a personal
    document)."""
    from desktop_app.reports.certificate import write_certificate

    doc = certificate_doc(ctx, serial)
    write_certificate(output, doc)
    record_event_now(ctx, "print", "certificates", None, f"گواهینامه {doc.serial}")
    return doc


@access.operation(access.PRINT)
def reply_letter(ctx: AppContext, inquiry_id: uuid.UUID) -> ReplyLetter:
    record = get_inquiry(ctx, inquiry_id)
    return ReplyLetter(load_office_settings(ctx), today(), record)


@access.operation(access.PRINT)
def print_reply_letter(
    ctx: AppContext, inquiry_id: uuid.UUID, output: str | Path | BinaryIO
) -> ReplyLetter:
    """Write the inquiry reply letter (A4) of a recorded inquiry."""
    from desktop_app.reports.certificate_letter import write_reply_letter

    letter = reply_letter(ctx, inquiry_id)
    write_reply_letter(output, letter)
    return letter
