"""The introduction form: its text read back from the PDF (NFKC, visual order), the
duplicate mark on a reprint, A5, the QR check value, a whole course at once, and
``miz print introduction``."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from desktop_app.cli import main
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.registration.introduction import (
    introduction_data,
    print_course_introductions,
    print_introduction,
    verify_introduction,
)
from desktop_app.services.registration.registration import confirm_registration
from tests.registration.helpers import valid_form
from tests.reports.pdftext import drawn_lines, logical, nfkc

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def readable(path) -> list[str]:
    return [logical(line) for page in drawn_lines(path) for line in page]


def drawn(path) -> str:
    return "\n".join(nfkc(line) for page in drawn_lines(path) for line in page)


@pytest.fixture
def enrolled(office, course_id):
    card = {"payment_tracking_code": "987654321", "payment_code": "771122"}
    return confirm_registration(office, valid_form(course_id, **card))


def test_form_shows_office_trainee_course_and_codes(office, enrolled, tmp_path):
    out = tmp_path / "form.pdf"
    print_introduction(office, enrolled.tracking_code, out)
    lines = readable(out)
    text = "\n".join(lines)
    assert "فرم معرفی به مرکز یا آموزشگاه" in lines
    assert "اداره کل آموزش فنی و حرفه‌ای استان گلستان".replace("\u200c", "") in text.replace(
        "\u200c", ""
    )
    assert "ریاست محترم مرکز شمارهٔ ۱ گرگان" in text
    for label in ("مشخصات کارآموز", "مشخصات دوره", "ثبت‌نام و پرداخت", "امضای متصدی ثبت‌نام"):
        assert label.replace("\u200c", "") in text.replace("\u200c", ""), label
    for value in ("علی", "رضایی", "حسن", "گرگان", "رایانه کار مقدماتی", "مرد"):
        assert value in lines, value
    # codes keep their digit order (drawn left to right as one run)
    raw = drawn(out)
    for code in ("۰۰۱۲۳۴۵۶۷۹", "۲۷۰۱-۰۰۰۰۰۱", "۹۸۷۶۵۴۳۲۱", "۷۷۱۱۲۲", "۰۹۱۲۱۲۳۴۵۶۷"):
        assert code in raw, code
    assert "المثنی" not in text
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert reader.metadata.title == "فرم معرفی به مرکز یا آموزشگاه: 2701-000001"


def test_photo_is_embedded(office, enrolled, tmp_path):
    out = tmp_path / "form.pdf"
    print_introduction(office, enrolled.tracking_code, out)
    images = PdfReader(out).pages[0].images
    assert len(images) == 1
    width, height = images[0].image.size
    assert (width, height) == (300, 400)


def test_reprint_is_marked_duplicate(office, enrolled, tmp_path):
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    print_introduction(office, enrolled.tracking_code, first)
    print_introduction(office, "۲۷۰۱۰۰۰۰۰۱", second)  # typed without the dash, Persian digits
    assert "المثنی" not in "\n".join(readable(first))
    assert "المثنی" in readable(second)


def test_a5_fits_one_page(office, enrolled, tmp_path):
    out = tmp_path / "a5.pdf"
    print_introduction(office, enrolled.tracking_code, out, pagesize="A5")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 420 and round(float(box.height)) == 595


def test_qr_check_value_verifies(office, enrolled):
    data = introduction_data(office, enrolled.tracking_code, count_print=False)
    assert data.qr_payload.startswith("MIZ1|2701-000001|")
    found = verify_introduction(office, data.qr_payload)
    assert found.tracking_code == "2701-000001" and found.trainee_name == "علی رضایی"
    forged = data.qr_payload[:-1] + ("0" if data.qr_payload[-1] != "0" else "1")
    with pytest.raises(ServiceError, match="معتبر نیست"):
        verify_introduction(office, forged)
    with pytest.raises(ServiceError):
        verify_introduction(office, "hello")


def test_whole_course_prints_one_page_each_with_progress(office, course_id, tmp_path):
    for national in ("0012345679", "0499370899", "0067749828"):
        confirm_registration(office, valid_form(course_id, national_code=national))
    seen = []
    out = tmp_path / "course.pdf"
    count = print_course_introductions(
        office, course_id, out, progress=lambda done, total, _t: seen.append((done, total))
    )
    assert count == 3
    assert len(PdfReader(out).pages) == 3
    assert seen[-1] == (4, 4) and [d for d, _ in seen] == [1, 2, 3, 4]
    # the next print of any of them is a duplicate
    single = io.BytesIO()
    print_introduction(office, "2701-000002", single)


def test_cancelled_batch_counts_nothing(office, course_id, tmp_path):
    confirm_registration(office, valid_form(course_id))
    with pytest.raises(ServiceError, match="لغو"):
        print_course_introductions(office, course_id, tmp_path / "x.pdf", cancelled=lambda: True)
    assert not introduction_data(office, "2701-000001", count_print=False).duplicate


def test_cli_print_introduction(office, enrolled, data_dir, tmp_path, capsys):
    out = tmp_path / "cli.pdf"
    assert (
        main(["print", "introduction", "2701-000001", "-o", str(out), "--data-dir", str(data_dir)])
        == 0
    )
    assert "رضایی" in readable(out)
    assert str(out) in capsys.readouterr().out
    assert (
        main(
            [
                "print",
                "introduction",
                "2701-999999",
                "-o",
                str(tmp_path / "none.pdf"),
                "--data-dir",
                str(data_dir),
            ]
        )
        == 1
    )
    assert "پیدا نشد" in capsys.readouterr().err


def test_foreign_national_form_names_the_foreign_id(office, course_id, tmp_path):
    form = replace(
        valid_form(course_id), foreign_national=True, national_code="", foreign_id="123456789012"
    )
    done = confirm_registration(office, form)
    out = tmp_path / "f.pdf"
    print_introduction(office, done.tracking_code, out)
    assert "شناسهٔ فراگیر اتباع" in readable(out)
    assert "123456789012".translate(PERSIAN) in drawn(out)


def test_qr_code_on_the_page_decodes_to_the_payload(office, enrolled, tmp_path):
    """Render the printed page and read its QR code back with a real decoder."""
    import subprocess

    import zxingcpp
    from PIL import Image

    out = tmp_path / "qr.pdf"
    data = print_introduction(office, enrolled.tracking_code, out)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(out), str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    found = zxingcpp.read_barcodes(Image.open(page))
    assert [code.text for code in found] == [data.qr_payload]
    assert verify_introduction(office, found[0].text).tracking_code == "2701-000001"


def test_course_roster_lists_the_enrolled_trainees(office, course_id, data_dir, tmp_path):
    confirm_registration(office, valid_form(course_id))
    quit_ = confirm_registration(
        office, valid_form(course_id, national_code="0499370899", last_name="کریمی")
    )
    from desktop_app.services.registration.trainees import set_enrollment_state

    set_enrollment_state(office, quit_.enrollment_id, 1, "withdrawn")
    pdf = tmp_path / "roster.pdf"
    args = ["print", "course-roster", "2701-00001", "-o", str(pdf), "--data-dir", str(data_dir)]
    assert main(args) == 0
    lines = readable(pdf)
    assert "علی رضایی" in lines
    assert not any("کریمی" in line for line in lines)  # withdrawn
    assert "۰۰۱۲۳۴۵۶۷۹" in drawn(pdf)
