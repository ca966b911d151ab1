"""No traceback reaches a person: every ``miz`` command run in a real process with bad
inputs (missing/unwritable/folder/wrong-extension outputs, a data folder that is a
file, a damaged or locked database, closed input, undecodable files) ends in a Persian
message and the documented exit code. Also: ``miz demo`` refuses a real office's folder,
``courses list`` has a header and refuses unknown states, output carries no bidi marks."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.persian.bidi import ISOLATES
from desktop_app.services.core import problems

PERSIAN = re.compile(r"[\u0600-\u06ff]")


def miz(*args: str, stdin: str | None = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=240,
    )


def assert_said(result: subprocess.CompletedProcess, code: int) -> None:
    """A Persian message, the exit code, no traceback, no invisible bidi marks."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "Errno" not in output and "codec can't" not in output, output
    assert not (set(output) & ISOLATES), output
    assert PERSIAN.search(result.stderr or result.stdout), output
    assert result.returncode == code, (result.returncode, output)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    result = miz("demo", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


# (arguments after the command, with {demo} and {tmp}), expected exit code
BAD_OUTPUTS = [
    ("print introduction 2701-000001 -o {tmp}", problems.REFUSED),  # a folder
    ("print introduction 2701-000001 -o {tmp}/missing/x.pdf", problems.FILE_PROBLEM),
    ("print introduction 2701-000001 -o /sys/x.pdf", problems.FILE_PROBLEM),  # no permission
    ("print introduction 2701-000001 -o {tmp}/card.txt", problems.REFUSED),  # not a PDF
    ("print trainer 0000000000 -o {tmp}/t.pdf", problems.REFUSED),  # unknown record
    ("print sla 19071058105 -o {tmp}/missing/s.pdf", problems.FILE_PROBLEM),
    ("print certificate nope -o {tmp}/c.pdf", problems.REFUSED),
    ("print course-roster 9999-99999 -o {tmp}/r.pdf", problems.REFUSED),
    ("export courses -o {tmp}/missing/c.xlsx", problems.FILE_PROBLEM),
    ("export courses -o {tmp}/c.csv", problems.REFUSED),
    ("export equipment -o /sys/e.xlsx", problems.FILE_PROBLEM),
    ("export service-cards -o {tmp}", problems.REFUSED),
    ("import standards {tmp}/none.csv", problems.REFUSED),
    ("import standards {tmp}/latin1.csv", problems.REFUSED),
    ("import service-cards {tmp}/latin1.csv", problems.REFUSED),
    ("courses list --state nonsense", problems.REFUSED),
    ("courses start 9999-99999", problems.REFUSED),
    ("verify-backup {tmp}/none.mizbak", problems.REFUSED),
    ("restore {tmp}/latin1.csv --yes", problems.REFUSED),
    ("backup -o /sys/b.mizbak", problems.REFUSED),
    ("verify 2701-0001 0012345678 --offline", problems.REFUSED),
    ("sync", problems.REFUSED),
]


@pytest.mark.parametrize(("line", "code"), BAD_OUTPUTS)
def test_bad_input_gets_a_persian_message_not_a_traceback(demo, tmp_path, line, code):
    (tmp_path / "latin1.csv").write_bytes("code,title\n1,caf\xe9\n".encode("latin-1") + b"\xff\xfe")
    args = [*line.format(tmp=tmp_path).split(), "--data-dir", str(demo)]
    assert_said(miz(*args), code)


def test_output_is_never_overwritten_without_force(demo, tmp_path):
    out = tmp_path / "courses.xlsx"
    out.write_bytes(b"the clerk's own spreadsheet")
    refused = miz("export", "courses", "-o", str(out), "--data-dir", str(demo))
    assert_said(refused, problems.REFUSED)
    assert "--force" in refused.stderr and out.read_bytes() == b"the clerk's own spreadsheet"
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(b"older")
    assert_said(miz("print", "sla", "19071058105", "-o", str(pdf), "--data-dir", str(demo)), 1)
    assert pdf.read_bytes() == b"older"
    forced = miz("export", "courses", "-o", str(out), "--force", "--data-dir", str(demo))
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes().startswith(b"PK")  # a real .xlsx replaced it


def test_a_data_folder_that_is_a_file_or_unreachable(tmp_path):
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    assert_said(miz("courses", "list", "--data-dir", str(a_file)), problems.FILE_PROBLEM)
    assert_said(miz("courses", "list", "--data-dir", "/sys/miz"), problems.FILE_PROBLEM)
    assert_said(miz("backup", "--data-dir", str(a_file / "x")), problems.FILE_PROBLEM)


def test_a_damaged_database(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "miz.sqlite3").write_bytes(b"this is not a database at all" * 100)
    for args in (("courses", "list"), ("backup",), ("print", "sla", "1", "-o", "x.pdf")):
        result = miz(*args, "--data-dir", str(folder), cwd=tmp_path)
        assert_said(result, problems.DATABASE_PROBLEM)
        assert "miz restore" in result.stderr


def test_a_locked_database(demo, tmp_path):
    holder = sqlite3.connect(demo / "miz.sqlite3", timeout=0)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        env_timeout = miz("courses", "submit", "2701-00001", "--data-dir", str(demo), stdin="")
    finally:
        holder.rollback()
        holder.close()
    assert_said(env_timeout, problems.DATABASE_PROBLEM)
    assert "برنامهٔ دیگری" in env_timeout.stderr


def test_user_add_with_input_closed(demo):
    command = ["user", "add", "someone", "--role", "clerk", "--data-dir", str(demo)]
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", *command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert_said(result, problems.REFUSED)


def test_interrupted_and_unexpected_errors_are_explained(tmp_path):
    assert problems.explain(KeyboardInterrupt()).exit_code == problems.INTERRUPTED
    problem = problems.explain(RuntimeError("boom"), tmp_path)
    assert problem.exit_code == problems.UNEXPECTED
    assert "boom" in (tmp_path / problems.ERROR_LOG).read_text(encoding="utf-8")
    assert problems.ERROR_LOG in problem.message
    full = problems.explain(OSError(28, "No space left on device"))
    assert full.exit_code == problems.FILE_PROBLEM and "فضای دیسک" in full.message


def test_demo_refuses_a_real_office(tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    from desktop_app.documents.office import OfficeSettings
    from desktop_app.services.accounts.access import system_actor
    from desktop_app.services.core.context import AppContext
    from desktop_app.services.office.settings import save_office_settings

    ctx = AppContext.open(folder)
    ctx.user = system_actor()
    save_office_settings(
        ctx, OfficeSettings(office_name="اداره واقعی ساری", office_code="1101", province="مازندران")
    )
    ctx.close()
    before = (folder / "miz.sqlite3").read_bytes()
    result = miz("demo", "--data-dir", str(folder))
    assert_said(result, problems.REFUSED)
    assert "داده‌های واقعی" in result.stderr
    assert (folder / "miz.sqlite3").read_bytes() == before
    # a folder with other files is refused too; an empty one is filled
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.docx").write_text("x")
    assert_said(miz("demo", "--data-dir", str(other)), problems.REFUSED)
    assert not (other / "miz.sqlite3").exists()


def test_demo_again_on_a_demo_folder_is_allowed_to_be_checked(demo):
    from desktop_app.services.demo.demo import DEMO_MARKER, demo_refusal

    assert (demo / DEMO_MARKER).exists()
    assert demo_refusal(demo) is None


def test_courses_list_header_and_states(demo):
    result = miz("courses", "list", "--data-dir", str(demo))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "کد دوره",
        "وضعیت",
        "تاریخ شروع",
        "استاندارد آموزشی",
        "مکان برگزاری",
    ]
    assert not (set(result.stdout) & ISOLATES)
    by_code = miz("courses", "list", "--state", "draft", "--data-dir", str(demo))
    by_label = miz("courses", "list", "--state", "پیش‌نویس", "--data-dir", str(demo))
    assert by_code.returncode == by_label.returncode == 0
    assert by_code.stdout == by_label.stdout and len(by_code.stdout.splitlines()) > 1
    assert all("پیش‌نویس" in line for line in by_code.stdout.splitlines()[1:])
    refused = miz("courses", "list", "--state", "nonsense", "--data-dir", str(demo))
    assert_said(refused, problems.REFUSED)
    assert "draft (پیش‌نویس)" in refused.stderr and "cancelled" in refused.stderr
    waiting = miz("courses", "list", "--waiting", "--data-dir", str(demo))
    assert waiting.returncode == 0 and "اداره کل" in waiting.stdout  # said, not silently empty


def test_workflow_steps_print_without_marks(demo):
    result = miz("courses", "list", "--state", "open", "--data-dir", str(demo))
    code = result.stdout.splitlines()[1].split("\t")[0]
    step = miz("courses", "start", code, "--data-dir", str(demo))
    output = step.stdout + step.stderr
    assert "Traceback" not in output and not (set(output) & ISOLATES)
