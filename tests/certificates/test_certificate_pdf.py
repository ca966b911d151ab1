"""The printed certificate: landscape A4, the particulars, the QR code read back by a
real decoder, the duplicate and revoked marks; the CLI commands and their exit codes."""

from __future__ import annotations

import subprocess

from reportlab.lib.pagesizes import A4, landscape

from desktop_app.cli import main
from desktop_app.services.certificates.certificate_print import print_certificate
from desktop_app.services.certificates.certificates import reissue_certificate
from tests.reports.pdftext import drawn_lines, logical, nfkc


def readable(path) -> str:
    return "\n".join(logical(line) for page in drawn_lines(path) for line in page)


def drawn(path) -> str:
    return "\n".join(nfkc(line) for page in drawn_lines(path) for line in page)


def test_certificate_page_and_particulars(ctx, holders, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "c.pdf"
    doc = print_certificate(ctx, holders[0].serial, out)
    page = PdfReader(out).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == tuple(
        round(x) for x in landscape(A4)
    )
    text = readable(out)
    assert "گواهینامه مهارت" in text and holders[0].name in text
    assert "رایانه کار مقدماتی" in text
    assert "المثنی" not in text and "REVOKED" not in drawn(out)
    assert doc.photo  # the trainee's photo is on the page
    assert "/Image" in str(page["/Resources"]["/XObject"].values()) or page.images


def test_qr_code_carries_serial_and_verification_code(ctx, holders, tmp_path):
    import zxingcpp
    from PIL import Image

    from desktop_app.services.certificates.certificate_inquiry import InquiryRequest, inquire

    out = tmp_path / "qr.pdf"
    doc = print_certificate(ctx, holders[0].serial, out)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(out), str(tmp_path / "p")], check=True)
    found = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("p*.png"))))
    assert [c.text for c in found] == [doc.qr_payload]
    assert holders[0].verification_code in found[0].text
    # What a USB scanner types is what the inquiry window reads.
    record = inquire(ctx, InquiryRequest(found[0].text, holders[0].national_code, asker_name="ب"))
    assert record.result.answer == "genuine"


def test_duplicate_and_revoked_marks(ctx, holders, tmp_path):
    reissue_certificate(ctx, holders[0].serial)
    dup = tmp_path / "dup.pdf"
    print_certificate(ctx, holders[0].serial, dup)
    assert "المثنی" in readable(dup)
    revoked = tmp_path / "rev.pdf"
    print_certificate(ctx, holders[1].serial, revoked)
    assert "REVOKED" in drawn(revoked)
    assert "تقلب در آزمون عملی" in readable(revoked)


def test_cli_print_and_verify_exit_codes(ctx, holders, data_dir, tmp_path, capsys):
    ctx.close()
    out = tmp_path / "cli.pdf"
    base = ["--data-dir", str(data_dir)]
    assert main(["print", "certificate", holders[0].serial, "-o", str(out), *base]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["verify", holders[0].serial, holders[0].national_code, *base]) == 0
    printed = capsys.readouterr().out
    assert "اصیل" in printed and holders[0].name in printed
    assert main(["verify", holders[1].serial, holders[1].national_code, *base]) == 1
    assert "ابطال" in capsys.readouterr().out
    assert main(["verify", holders[0].serial, holders[1].national_code, *base]) == 1
    printed = capsys.readouterr().out
    assert "یافت نشد" in printed and holders[0].name not in printed
    assert main(["verify", "2701-000404", holders[0].national_code, *base]) == 1
    assert (
        main(["print", "certificate", "2701-000404", "-o", str(tmp_path / "none.pdf"), *base]) == 1
    )
    assert "پیدا نشد" in capsys.readouterr().err
