"""The messages of the central server's authenticity inquiry endpoint
(``POST /certificates/inquiry``), shared by the server and the workstation client.

Other agencies call the same endpoint: the answer names the holder and the standard
only when the serial AND the national code match one certificate; otherwise it is
``unknown`` with nothing else. No Qt; any thread.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from .protocol import CleanStr

INQUIRY_PATH = "/certificates/inquiry"


class CertificateInquiryRequest(BaseModel):
    serial: CleanStr = Field(min_length=1, max_length=60, description="e.g. 2701-000012")
    national_code: CleanStr = Field(min_length=1, max_length=20)
    agency: CleanStr = Field(min_length=2, max_length=200, description="who asks (recorded)")
    verification_code: CleanStr = Field(default="", max_length=20)


class CertificateInquiryResponse(BaseModel):
    answer: str = Field(description="genuine | revoked | replaced | unknown")
    serial: str
    national_code: str
    holder_name: str = ""
    standard_title: str = ""
    standard_code: str = ""
    hours: int = 0
    issued_on: date | None = None
    revoked_on: date | None = None
    revoke_reason: str = ""
    replaced_by: str = ""
    replaced_on: date | None = None
