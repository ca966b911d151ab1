"""The participation PDFs read back: the receipt (amount in Persian words, المثنی on a
reprint, the cancellation, the QR's check value read by a real decoder, never the
client's identity), the annual statement, the report with charts, the letter of
appreciation; and the command line of issue 18 with its exit codes."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.persian import format_jalali, to_jalali, today
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.participation.gifts import GiftItemData, cancel_gift
from desktop_app.services.participation.receipt import amount_in_words, parse_qr, print_receipt
from desktop_app.services.participation.summary import (
    benefactor_statement,
    participation_summary,
    print_benefactor_statement,
    print_summary,
)
from desktop_app.services.participation.volunteers import (
    HoursEntry,
    VolunteerData,
    log_hours,
    print_appreciation,
    save_volunteer,
)
from tests.participation.conftest import CLIENT, CODE_A, CODE_B, cash, in_kind
from tests.reports.pdftext import drawn_lines, logical, nfkc


def readable(path) -> str:
    """The drawn text in logical order, ZWNJ left out (extraction drops it; this file's
    expected strings are written without it)."""
    text = "\n".join(logical(line) for page in drawn_lines(path) for line in page)
    return text.replace("\u200c", "")


def drawn(path) -> str:
    return "\n".join(nfkc(line) for page in drawn_lines(path) for line in page)


def test_amount_in_words_comes_from_the_library():
    assert amount_in_words(1_250_000) == "یک میلیون و دویست و پنجاه هزار ریال"


def test_receipt_original_then_duplicate(office, person, tmp_path):
    gift = cash(office, amount=1_250_000, channel="atm", ref="740131", benefactor=person.id)
    first = print_receipt(office, gift.receipt_no, tmp_path / "r1.pdf")
    text = readable(tmp_path / "r1.pdf")
    assert not first.duplicate and "المثنی" not in text
    assert "رسید مشارکت مردمی" in text and "زهرا حسینی" in text
    assert "یک میلیون و دویست و پنجاه هزار ریال" in text
    assert "سازمان بهزیستی کشور" in text and "خودپرداز" in text
    again = print_receipt(office, gift.receipt_no.replace("-", ""), tmp_path / "r2.pdf")
    assert again.duplicate and "المثنی" in readable(tmp_path / "r2.pdf")


def test_receipt_qr_has_the_check_value(office, tmp_path):
    import zxingcpp
    from PIL import Image

    gift = cash(office, amount=5_000_000)
    out = tmp_path / "q.pdf"
    doc = print_receipt(office, gift.receipt_no, out)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(out), str(tmp_path / "p")], check=True)
    found = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("p*.png"))))
    assert [c.text for c in found] == [doc.qr_payload]
    assert parse_qr(found[0].text) == (gift.receipt_no, 5_000_000, gift.check_code)
    assert len(gift.check_code) == 6 and parse_qr("MIZC|x|y") is None


def test_client_never_on_the_receipt(office, tmp_path):
    gift = cash(office, intention="client", client_name="رضا مددجو", client_national_code=CLIENT)
    print_receipt(office, gift.receipt_no, tmp_path / "c.pdf")
    text = readable(tmp_path / "c.pdf") + drawn(tmp_path / "c.pdf")
    assert "مددجوی معین" in text and "محرمانه" in text
    assert "رضا" not in text and CLIENT not in text
    assert CLIENT.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) not in text


def test_cancelled_receipt_says_so(office, tmp_path):
    gift = in_kind(office)
    cancel_gift(office, gift.id, "کالا برگشت داده شد")
    print_receipt(office, gift.receipt_no, tmp_path / "x.pdf")
    text = readable(tmp_path / "x.pdf")
    assert "باطل شده" in text and "کالا برگشت داده شد" in text and "ویلچر تاشو" in text


def test_receipt_lists_the_items_and_their_total(office, tmp_path):
    gift = in_kind(office, items=[
        GiftItemData(None, "ویلچر تاشو", 2, "دستگاه", 30_000_000),
        GiftItemData(None, "بستهٔ لوازم‌التحریر", 40, "بسته", 24_000_000),
    ])  # fmt: skip
    doc = print_receipt(office, gift.receipt_no, tmp_path / "i.pdf")
    assert [(i.description, i.quantity, i.value) for i in doc.items] == [
        ("ویلچر تاشو", 2, 30_000_000),
        ("بستهٔ لوازم‌التحریر", 40, 24_000_000),
    ]
    assert doc.amount == 54_000_000 == sum(i.value for i in doc.items)
    text = readable(tmp_path / "i.pdf")
    for words in ("اقلام اهدایی", "ویلچر تاشو", "بستهٔ لوازمالتحریر", "جمع",
                  "پنجاه و چهار میلیون ریال"):  # fmt: skip
        assert words in text  # (ZWNJ left out: see ``readable``)


def test_unknown_receipt(office, tmp_path):
    with pytest.raises(ServiceError):
        print_receipt(office, "2751-999999", tmp_path / "n.pdf")


def test_annual_statement(office, person, tmp_path):
    year = to_jalali(today())[0]
    cash(office, amount=1_000_000, benefactor=person.id)
    cancelled = cash(office, amount=4_000_000, benefactor=person.id)
    cancel_gift(office, cancelled.id, "اشتباه")
    cash(office, amount=9_000_000)  # someone else's
    statement = benefactor_statement(office, CODE_A, year)
    assert len(statement.lines) == 2 and statement.total == 1_000_000
    assert benefactor_statement(office, CODE_A, year - 1).lines == ()
    print_benefactor_statement(office, "09113207919", year, tmp_path / "s.pdf")
    text = readable(tmp_path / "s.pdf")
    assert "صورت مشارکتهای سالانهٔ خیّر" in text and "زهرا حسینی" in text and "باطل شده" in text
    with pytest.raises(ServiceError):
        benefactor_statement(office, CODE_B, year)


def test_report_totals_and_pdf_with_charts(office, tmp_path):
    cash(office, amount=1_000_000, channel="atm", ref="1", center="مرکز الف")
    cash(office, amount=3_000_000, intention="area", intention_area="children", center="مرکز الف")
    cash(office, amount=2_000_000, intention="client", client_name="م", client_national_code=CLIENT)
    in_kind(office, items=[GiftItemData(None, "پتو", 10, "عدد", 5_000_000)])
    gone = cash(office, amount=7_000_000)
    cancel_gift(office, gone.id, "اشتباه")
    cash(office, amount=11_000, received_on=today() - timedelta(days=400))
    s = participation_summary(office, today() - timedelta(days=30), today())
    assert (s.count, s.amount) == (4, 11_000_000)
    assert {b.label: b.amount for b in s.by_kind} == {
        "نقدی": 6_000_000,
        "غیرنقدی (کالا)": 5_000_000,
    }
    assert {b.label: b.count for b in s.by_channel} == {"نقد در باجه": 2, "خودپرداز": 1}
    assert {b.label for b in s.by_intention} == {"عمومی", "حوزهٔ کودکان و نوجوانان", "مددجوی معین"}
    assert sum(b.amount for b in s.by_month) == 11_000_000
    print_summary(office, tmp_path / "r.pdf", today() - timedelta(days=30), today())
    text = readable(tmp_path / "r.pdf")
    assert "گزارش مشارکتهای مردمی" in text and "به تفکیک نیت" in text
    assert CLIENT not in drawn(tmp_path / "r.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "r.pdf"), str(tmp_path / "r")], check=True
    )


def test_letter_of_appreciation(office, tmp_path):
    from desktop_app.services.demo.demo_trainers import national_code

    volunteer = save_volunteer(
        office,
        VolunteerData(national_code=national_code("212344001"), first_name="الهه",
                      last_name="سلیمانی", skills="قصهگویی"),
    )  # fmt: skip
    with pytest.raises(ServiceError):
        print_appreciation(office, volunteer.id, tmp_path / "none.pdf")  # no hours yet
    log_hours(office, volunteer.id, HoursEntry(None, today(), "خانهٔ کودک امید", 6, "قصه"))
    log_hours(office, volunteer.id, HoursEntry(None, today(), "سرای سالمندان مهر", 4, "همراهی"))
    letter = print_appreciation(office, volunteer.id, tmp_path / "a.pdf")
    assert letter.total_hours == 10
    text = readable(tmp_path / "a.pdf")
    flat = text.replace("\n", " ")
    # logical() turns a drawn line back; its digit runs come out reversed («۰۱» for ۱۰)
    assert "تقدیرنامه" in flat and "الهه سلیمانی" in flat and "۰۱ ساعت خدمت" in flat


def test_volunteer_rules(office):
    from desktop_app.services.demo.demo_trainers import national_code

    code = national_code("212344001")
    volunteer = save_volunteer(office, VolunteerData(national_code=code, first_name="الف",
                                                     last_name="ب", skills="رانندگی"))  # fmt: skip
    for bad, field in (
        (
            VolunteerData(national_code=code, first_name="ج", last_name="د", skills="x"),
            "national_code",
        ),
        (
            VolunteerData(national_code="12", first_name="ج", last_name="د", skills="x"),
            "national_code",
        ),
        (VolunteerData(national_code=CODE_B, first_name="ج", last_name="د", skills=""), "skills"),
    ):
        with pytest.raises(ServiceError) as caught:
            save_volunteer(office, bad)
        assert caught.value.field == field
    for entry, field in (
        (HoursEntry(None, today(), "مرکز", 0, ""), "hours"),
        (HoursEntry(None, today(), "مرکز", 25, ""), "hours"),
        (HoursEntry(None, today() + timedelta(days=1), "مرکز", 2, ""), "served_on"),
        (HoursEntry(None, today(), " ", 2, ""), "center"),
    ):
        with pytest.raises(ServiceError) as caught:
            log_hours(office, volunteer.id, entry)
        assert caught.value.field == field


def test_command_line(office, person, tmp_path, capsys):
    gift = cash(office, amount=2_000_000, channel="gateway", ref="880001", benefactor=person.id)
    data = ["--data-dir", str(office.data_dir)]
    office.close()
    assert (
        main(["print", "donation-receipt", gift.receipt_no, "-o", str(tmp_path / "r.pdf"), *data])
        == 0
    )
    assert (
        main(["print", "donation-receipt", gift.receipt_no, "-o", str(tmp_path / "r2.pdf"), *data])
        == 0
    )
    assert "المثنی" in readable(tmp_path / "r2.pdf")
    year = to_jalali(today())[0]
    assert main(["print", "benefactor-statement", CODE_A, "--year", str(year), "-o",
                 str(tmp_path / "s.pdf"), *data]) == 0  # fmt: skip
    assert main(["export", "donations", "-o", str(tmp_path / "d.xlsx"), *data]) == 0
    sheet = load_workbook(tmp_path / "d.xlsx").active
    assert sheet.cell(2, 1).value == gift.receipt_no and sheet.cell(2, 5).value == 2_000_000
    old = today() - timedelta(days=400)
    j = to_jalali(old)
    assert main(["export", "donations", "-o", str(tmp_path / "e.xlsx"), "--to",
                 f"{j[0]}/{j[1]}/{j[2]}", *data]) == 0  # fmt: skip
    assert load_workbook(tmp_path / "e.xlsx").active.max_row == 1
    statement = tmp_path / "bank.csv"
    statement.write_text(
        f"تاریخ,مبلغ,کد مرجع\n{format_jalali(gift.received_on, persian_digits=False)},2000000,"
        "880001\n1405/01/11,xx,9\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["import", "bank-statement", str(statement), *data]) == 2
    out = capsys.readouterr().out.replace("\u200c", "")
    assert "تطبیقیافته در این بار: 1" in out and "سطر ۳" in out
    statement.write_text("تاریخ,مبلغ,کد مرجع\n1405/01/10,2000000,880001\n", encoding="utf-8")
    assert main(["import", "bank-statement", str(statement), *data]) == 0
    assert "تطبیقیافته در این بار: 0" in capsys.readouterr().out.replace("\u200c", "")
    statement.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["import", "bank-statement", str(statement), *data]) == 1
    assert "ستون" in capsys.readouterr().err
    assert (
        main(["print", "donation-receipt", "2751-999999", "-o", str(tmp_path / "n.pdf"), *data])
        == 1
    )
    with pytest.raises(SystemExit):
        main(["print", "donation-receipt", gift.receipt_no, "--year", "1405", "-o", "x.pdf", *data])


def test_exports_respect_privacy(office, person, tmp_path):
    from desktop_app.services.participation.summary import export_benefactors, export_gifts
    from tests.accounts.helpers import sign_in_as

    cash(office, intention="client", client_name="رضا مددجو", client_national_code=CLIENT)
    sign_in_as(office, "clerk1", "clerk")
    export_gifts(office, tmp_path / "g.xlsx")
    values = {
        str(c.value) for row in load_workbook(tmp_path / "g.xlsx").active.iter_rows() for c in row
    }
    assert "مددجوی معین (محرمانه)" in values and CLIENT not in values and "رضا مددجو" not in values
    with pytest.raises(ServiceError):
        export_benefactors(office, tmp_path / "b.xlsx")
    sign_in_as(office, "super1", "supervisor")
    assert export_benefactors(office, tmp_path / "b.xlsx") == 1
