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
