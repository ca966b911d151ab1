"""The printed course announcement and roster (through ``miz print``), read back from
the PDF, and the demo data: courses in every state with consistent timelines."""

from __future__ import annotations

import itertools

from desktop_app.cli import main
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.courses.course_workflow import STATES, timeline
from desktop_app.services.courses.courses import count_courses, course_page, find_course
from desktop_app.services.demo.demo import fill_demo
from tests.reports.pdftext import drawn_lines, logical, nfkc


def _text(path) -> str:
    """Everything drawn, as logical Persian without ZWNJ (the PDF text loses it)."""
    lines = (logical(line) for page in drawn_lines(path) for line in page)
    return plain("\n".join(lines))


def plain(text: str) -> str:
    return nfkc(text).replace("\u200c", "")


def test_announcement_via_the_cli(office, data_dir, tmp_path):
    course = office.draft(fee=12_500_000)
    pdf = tmp_path / "a.pdf"
    code = "2701-00001"
    assert (
        main(["print", "course-announcement", code, "-o", str(pdf), "--data-dir", str(data_dir)])
        == 0
    )
    text = _text(pdf)
    assert plain("اطلاعیهٔ ثبت‌نام دورهٔ آموزش مهارتی") in text
    assert plain("برق‌کار ساختمان") in text
    assert plain("هنوز برای ثبت‌نام تأیید نشده") in text  # a draft says so
    raw = "\n".join(line for page in drawn_lines(pdf) for line in page)
    assert "۲۷۰۱-۰۰۰۰۱" in raw  # the code keeps its digit order on the page
    assert "۱۲٬۵۰۰٬۰۰۰" in raw  # the fee, grouped, in Persian digits
    assert course.code == code


def test_roster_via_the_cli_prints_an_honest_empty_table(office, data_dir, tmp_path):
    office.draft()
    pdf = tmp_path / "r.pdf"
    assert (
        main(["print", "course-roster", "۲۷۰۱-۰۰۰۰۱", "-o", str(pdf), "--data-dir", str(data_dir)])
        == 0
    )
    text = _text(pdf)
    for column in ("ردیف", "نام و نام خانوادگی", "نام پدر", "کد ملی", "امضا"):
        assert plain(column) in text
    assert plain("کارآموزی در این دوره ثبت‌نام نکرده است") in text
    assert "مهدی قاسمی" in text


def test_print_unknown_course_fails_in_persian(office, data_dir, tmp_path, capsys):
    assert (
        main(
            [
                "print",
                "course-roster",
                "9999-1",
                "-o",
                str(tmp_path / "x.pdf"),
                "--data-dir",
                str(data_dir),
            ]
        )
        == 1
    )
    assert "پیدا نشد" in capsys.readouterr().err


def test_workflow_steps_from_the_command_line(office, data_dir, capsys):
    office.draft()
    assert main(["courses", "submit", "2701-00001", "--data-dir", str(data_dir)]) == 0
    assert main(["courses", "province-approve", "2701-00001", "--data-dir", str(data_dir)]) == 1
    assert "اداره کل" in capsys.readouterr().err
    assert main(["courses", "list", "--state", "submitted", "--data-dir", str(data_dir)]) == 0
    assert "2701-00001" in capsys.readouterr().out


def test_demo_has_courses_in_every_state(data_dir):
    ctx = AppContext.open(data_dir)
    ctx.user = system_actor()
    try:
        fill_demo(ctx, report=lambda _line: None)
        rows = course_page(ctx, ListQuery(), 0, count_courses(ctx, ListQuery()))
        assert {r.state for r in rows} == set(STATES)
        for row in rows:
            steps = timeline(ctx, row.id)
            previous = "draft"
            for step in steps:
                assert step.from_state == previous
                previous = step.to_state
            assert previous == row.state
            assert all(a.at <= b.at for a, b in itertools.pairwise(steps))
        rejected = find_course(ctx, next(r.code for r in rows if r.state == "province_rejected"))
        assert timeline(ctx, rejected.id)[-1].note  # a rejection carries its reason
    finally:
        ctx.close()
