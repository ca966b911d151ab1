"""The trainer profile PDF: printed through ``miz print trainer``, its text readable
back (NFKC), the photo embedded, one page for a long record, demo trainers complete."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from desktop_app.cli import PRINT_KINDS, main
from desktop_app.documents.trainer_data import EducationRow, RetrainingRow, TrainerData
from desktop_app.reports.trainer_profile import TrainerProfile, write_trainer_profile
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.demo.demo_trainers import demo_trainers
from desktop_app.services.trainers.trainers import count_trainers, find_trainer
from tests.reports.pdftext import drawn_lines, logical, nfkc


def readable(path) -> str:
    return "\n".join(logical(line) for page in drawn_lines(path) for line in page)


def _images(path) -> int:
    return sum(len(page.images) for page in PdfReader(path).pages)


def test_print_trainer_by_national_code_in_persian_digits(data_dir, tmp_path, capsys):
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    assert "trainer" in PRINT_KINDS
    _place, trainer = demo_trainers()[0]
    code = trainer.national_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    out = tmp_path / "t.pdf"
    assert main(["print", "trainer", code, "-o", str(out), "--data-dir", str(data_dir)]) == 0
    assert str(out) in capsys.readouterr().out
    assert len(PdfReader(out).pages) == 1
    text = readable(out)
    for expected in (
        "پروندهٔ مربی",
        "مرکز آموزش فنی و حرفه‌ای شمارهٔ ۱ گرگان",  # office (header) and place
        trainer.last_name,
        trainer.father_name,
        "مشخصات فردی",
        "مشخصات شغلی",
        "سوابق تحصیلی",
        "دوره‌های بازآموزی",
        trainer.education[1].field,
        trainer.retraining[0].course_title,
        "رسمی",
    ):
        assert nfkc(expected).replace("\u200c", "") in text.replace("\u200c", ""), expected
    # codes, dates and numbers in Persian digits, codes in their own digit order
    drawn = "\n".join(nfkc(line) for page in drawn_lines(out) for line in page)
    assert code in drawn
    assert "۱۳۵۵/۰۴/۱۲" in drawn  # birth date, Jalali
    assert "۷-۴۱/۱۲/۱/۴" in drawn  # a standard code
    assert _images(out) == 1  # the photo
    assert PdfReader(out).metadata.title == f"پروندهٔ مربی: {trainer.full_name}"


def test_unknown_national_code_is_a_persian_error(data_dir, tmp_path, capsys):
    out = tmp_path / "t.pdf"
    assert (
        main(["print", "trainer", "0012345678", "-o", str(out), "--data-dir", str(data_dir)]) == 1
    )
    assert "پیدا نشد" in capsys.readouterr().err
    assert not out.exists()


def test_no_photo_leaves_the_photo_box(tmp_path):
    out = tmp_path / "t.pdf"
    write_trainer_profile(out, TrainerProfile(TrainerData(first_name="رضا", last_name="کریمی")))
    assert _images(out) == 0
    text = readable(out)
    assert "محل الصاق عکس" in text
    assert "سابقهٔ تحصیلی ثبت نشده است." in text


def test_long_names_and_many_rows_still_fit_one_page(tmp_path):
    trainer = TrainerData(
        first_name="سید محمدحسین‌علی‌اصغر",
        last_name="حسینی‌نژاد میرعمادی طباطبایی‌فر",
        address="استان گلستان، شهرستان گرگان، خیابان ولیعصر، کوچهٔ عدالت ۱۲، " * 3,
        occupation_groups=["برق", "الکترونیک", "رایانه", "تأسیسات"],
        standard_codes=[f"7-41/1{i}/1/3" for i in range(8)],
        education=[
            EducationRow(
                None,
                "کارشناسی ارشد",
                "مهندسی برق گرایش سیستم‌های قدرت",
                "دانشگاه آزاد اسلامی واحد علوم و تحقیقات",
                1380 + i,
            )
            for i in range(5)
        ],
        retraining=[
            RetrainingRow(
                None,
                f"دورهٔ بازآموزی تخصصی برق‌کار صنعتی با تأکید بر PLC و اتوماسیون صنعتی {i + 1}",
                "7-41/12/1/4",
                40 + i,
                date(2015, 1, 1 + i),
                date(2015, 2, 1 + i),
                f"{1000 + i}/98",
            )
            for i in range(10)
        ],
    )
    out = tmp_path / "long.pdf"
    write_trainer_profile(out, TrainerProfile(trainer, place_name="مرکز", office_name="اداره"))
    assert len(PdfReader(out).pages) == 1
    text = readable(out)
    assert sum(line.startswith(nfkc("دورهٔ بازآموزی تخصصی")) for line in text.splitlines()) == 10

    # far more rows flow onto a second page with the table heading repeated
    trainer.retraining = trainer.retraining * 4
    write_trainer_profile(out, TrainerProfile(trainer, office_name="اداره"))
    pages = drawn_lines(out)
    assert len(pages) == 2
    second = [logical(line) for line in pages[1]]
    assert any(
        nfkc("دوره‌های بازآموزی").replace("\u200c", "") in line.replace("\u200c", "")
        for line in second
    )


def test_demo_has_trainers_with_rows_and_photos(ctx):
    from desktop_app.services.demo.demo import DEMO_FILLERS, fill_demo

    assert "مربیان" in [title for title, _ in DEMO_FILLERS]
    fill_demo(ctx, report=lambda _m: None)
    assert count_trainers(ctx, ListQuery()) == 12
    trainers = [find_trainer(ctx, t.national_code) for _p, t in demo_trainers()]
    assert all(t.education for t in trainers)
    assert sum(bool(t.retraining) for t in trainers) >= 10
    assert sum(t.photo is not None for t in trainers) >= 4
    assert {t.place_id for t in trainers} and None not in {t.place_id for t in trainers}
    assert len({t.employment_type for t in trainers}) == 4
