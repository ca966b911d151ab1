"""The demo data of this section: certificates of the finished demo course, one
re-issued, one revoked, and inquiries with each answer."""

from __future__ import annotations

from desktop_app.models import Certificate, CertificateInquiry
from desktop_app.services.demo.demo import fill_demo


def test_demo_certificates_and_inquiries(ctx):
    fill_demo(ctx, report=lambda _line: None)
    with ctx.session() as s:
        certs = s.query(Certificate).all()
        answers = sorted(row.answer for row in s.query(CertificateInquiry))
    assert len(certs) >= 3
    assert sum(1 for c in certs if c.duplicate_count) == 1
    assert sum(1 for c in certs if c.revoked_on is not None) == 1
    assert answers == ["genuine", "revoked", "unknown"]
