"""``miz print`` for workshops and attendance (item 9 of issue 19)."""

from __future__ import annotations

import pytest

from desktop_app.cli import main
from desktop_app.services.workshops.attendance import (
    Mark,
    Subject,
    attendance_sheet,
    record_attendance,
)


def test_print_commands_write_the_documents(ctx, workshop, data_dir, tmp_path, capsys):
    subject = Subject("workshop", workshop.id)
    sheet = attendance_sheet(ctx, subject, 2)
    record_attendance(ctx, subject, [Mark(p.id, s.day, s.start, "present")
                                     for p in sheet.people for s in sheet.slots])  # fmt: skip
    with ctx.session() as session:
        from sqlalchemy import select

        from desktop_app.models import WorkshopParticipant

        code = session.scalars(select(WorkshopParticipant.national_code)).first()
    d = ["--data-dir", str(data_dir)]
    runs = {
        "programme.pdf": ["workshop-programme", "2701-0001"],
        "day2.pdf": ["attendance-sheet", "2701-0001", "--day", "2"],
        "blank.pdf": ["attendance-sheet", "۲۷۰۱۰۰۰۱", "--day", "3", "--blank"],
        "all.pdf": ["attendance-sheet", "2701-0001"],
        "invitation.pdf": ["invitation", "2701-0001", code],
        "evaluation.pdf": ["workshop-evaluation", "2701-0001"],
    }
    for name, args in runs.items():
        assert main(["print", *args, "-o", str(tmp_path / name), *d]) == 0, name
        assert (tmp_path / name).read_bytes().startswith(b"%PDF"), name
    # Refusals: a Persian reason and exit 1, nothing written.
    assert main(["print", "attendance-sheet", "2701-0001", "--day", "13",
                 "-o", str(tmp_path / "x.pdf"), *d]) == 1  # fmt: skip
    assert main(["print", "invitation", "2701-0001", "-o", str(tmp_path / "y.pdf"), *d]) == 1
    err = capsys.readouterr().err
    assert "۱ تا ۱۲" in err and "کد ملی" in err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()
    with pytest.raises(SystemExit):
        main(
            [
                "print",
                "workshop-programme",
                "2701-0001",
                "--blank",
                "-o",
                str(tmp_path / "z.pdf"),
                *d,
            ]
        )


def test_plan_and_excel_commands(ctx, workshop, data_dir, tmp_path, capsys):
    from openpyxl import load_workbook
    from sqlalchemy import select

    from desktop_app.models import AuditEntry
    from tests.reports.pdftext import drawn_lines, logical

    d = ["--data-dir", str(data_dir)]
    plan = tmp_path / "plan.pdf"
    assert main(["print", "workshop-plan", "-o", str(plan), *d]) == 0
    text = "\n".join(logical(line) for page in drawn_lines(plan) for line in page)
    assert "برنامه در برابر عملکرد" in text and "گلستان" in text and "کل کشور" in text
    assert str(plan.resolve()) in capsys.readouterr().out
    with pytest.raises(SystemExit):  # the plan is of no one workshop
        main(["print", "workshop-plan", "2701-0001", "-o", str(tmp_path / "p2.pdf"), *d])
    with pytest.raises(SystemExit):  # every other print names its record
        main(["print", "workshop-programme", "-o", str(tmp_path / "p3.pdf"), *d])
    assert not (tmp_path / "p2.pdf").exists() and not (tmp_path / "p3.pdf").exists()

    book_path = tmp_path / "workshop.xlsx"
    assert main(["export", "workshop", "۲۷۰۱۰۰۰۱", "-o", str(book_path), *d]) == 0
    assert "30 شرکت‌کننده" in capsys.readouterr().out
    book = load_workbook(book_path)
    assert book.sheetnames[:2] == ["شرکت‌کنندگان", "حضور و غیاب"]
    assert book["شرکت‌کنندگان"].max_row == 31  # a header and the 30 invited
    with ctx.session() as session:  # names and national codes: audited
        assert session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    # refused: an unknown code (exit 1, nothing written), no code, the file already there
    missing = tmp_path / "none.xlsx"
    assert main(["export", "workshop", "2701-0999", "-o", str(missing), *d]) == 1
    assert "پیدا نشد" in capsys.readouterr().err and not missing.exists()
    with pytest.raises(SystemExit):
        main(["export", "workshop", "-o", str(missing), *d])
    assert main(["export", "workshop", "2701-0001", "-o", str(book_path), *d]) == 1
    with pytest.raises(SystemExit):  # other exports take no key
        main(["export", "courses", "2701-0001", "-o", str(tmp_path / "c.xlsx"), *d])
