"""The certificate answer rule, shared by the workstation and the central server: the
holder and the standard only when the serial AND the national code (and a scanned
verification code) match one live certificate — a skill certificate or a workshop
completion certificate (they share one serial space); anything else answers "unknown".
A revoked certificate answers "revoked" (date and reason); a completion certificate
re-issued under a new serial answers "replaced", naming the serial that is now valid.
No Qt; any thread (in the caller's session).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.documents.certificate import InquiryAnswer, completion_title
from desktop_app.models import Certificate, WorkshopCertificate, live
from desktop_app.models.numbering import code_lookup_keys
from desktop_app.persian import normalize_code


def serial_key(text: str) -> str:
    """The most likely stored form of a typed serial (``2701-000012``,
    ``2701-2-000012``), in any digit script, with or without dashes."""
    keys = code_lookup_keys(text, Certificate.__code_width__)
    return keys[0] if keys else ""


def answer_from(
    session: Session, serial: str, national_code: str, verification_code: str = ""
) -> InquiryAnswer:
    """The answer from the certificates in ``session`` (workstation or central server)."""
    keys = code_lookup_keys(serial, Certificate.__code_width__)
    serial = keys[0] if keys else ""
    code = normalize_code(national_code)
    unknown = InquiryAnswer("unknown", serial, code)
    if not serial or not code:
        return unknown
    found = {
        c.serial: c
        for c in session.scalars(
            select(Certificate).where(
                Certificate.serial.in_(keys),
                Certificate.national_code == code,
                live(Certificate),
            )
        )
    }
    cert = found.get(serial) or next(iter(found.values()), None)
    if cert is None:  # a workshop completion certificate shares the serial space
        return _completion_answer(session, keys, code, verification_code) or unknown
    serial = cert.serial
    if verification_code and verification_code != cert.verification_code:
        return unknown
    return InquiryAnswer(
        "revoked" if cert.revoked_on is not None else "genuine",
        serial,
        code,
        holder_name=f"{cert.first_name} {cert.last_name}",
        standard_title=cert.standard_title,
        standard_code=cert.standard_code,
        hours=cert.hours,
        issued_on=cert.issued_on,
        revoked_on=cert.revoked_on,
        revoke_reason=cert.revoke_reason,
    )


def _completion_answer(
    session: Session, keys: list[str], national_code: str, verification_code: str = ""
) -> InquiryAnswer | None:
    """The inquiry's answer for a completion certificate, or None when none matches
    (``keys``: the serial's stored forms, the most likely first)."""
    code = normalize_code(national_code)
    found = {
        c.serial: c
        for c in session.scalars(
            select(WorkshopCertificate).where(
                WorkshopCertificate.serial.in_(keys),
                WorkshopCertificate.national_code == code,
                live(WorkshopCertificate),
            )
        )
    }
    cert = found.get(keys[0]) or next(iter(found.values()), None)
    if cert is None or (verification_code and verification_code != cert.verification_code):
        return None
    if cert.revoked_on is not None:
        answer = "revoked"
    elif cert.replaced_by:
        answer = "replaced"
    else:
        answer = "genuine"
    return InquiryAnswer(
        answer,
        cert.serial,
        code,
        holder_name=f"{cert.first_name} {cert.last_name}",
        standard_title=completion_title(cert.workshop_title),
        standard_code=cert.workshop_code,
        hours=cert.hours,
        issued_on=cert.issued_on,
        revoked_on=cert.revoked_on,
        revoke_reason=cert.revoke_reason,
        replaced_by=cert.replaced_by,
        replaced_on=cert.replaced_on,
    )
