"""``miz smoke``: the check the installer's CI step runs inside the frozen program."""

from __future__ import annotations

from desktop_app import cli
from desktop_app.cli import main
from desktop_app.models.database import SCHEMA_HEAD


def test_smoke_passes_and_writes_a_pdf(miz_app, tmp_path, capsys):
    data = tmp_path / "fresh"
    pdf = tmp_path / "smoke.pdf"
    assert main(["smoke", "--data-dir", str(data), "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert (data / "miz.sqlite3").is_file()
    assert (data / "smoke.xlsx").is_file()
    out = capsys.readouterr().out
    for step in ("database", "demo", "pdf", "excel", "backup", "photo", "qt", "close"):
        assert f"ok   {step}" in out
    assert f"migrated to {SCHEMA_HEAD}" in out
    assert "image formats ok" in out


def test_smoke_without_data_dir_uses_a_temporary_folder(tmp_path, capsys):
    pdf = tmp_path / "smoke.pdf"
    assert main(["smoke", "--no-qt", "-o", str(pdf)]) == 0
    assert "miz-smoke-" in capsys.readouterr().out
    assert pdf.is_file()


def test_a_failing_step_fails_the_command(tmp_path, capsys, monkeypatch):
    def broken(ctx, key, output):
        raise ModuleNotFoundError("No module named 'reportlab'")

    monkeypatch.setitem(cli.PRINT_KINDS, "service-card", broken)
    pdf = tmp_path / "smoke.pdf"
    assert main(["smoke", "--no-qt", "--data-dir", str(tmp_path / "d"), "-o", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert "FAIL pdf" in err and "reportlab" in err
    assert not pdf.exists()


def test_smoke_refuses_a_folder_with_data(data_dir, tmp_path, capsys):
    (data_dir / "miz.sqlite3").write_bytes(b"real data")
    assert main(["smoke", "--data-dir", str(data_dir), "-o", str(tmp_path / "s.pdf")]) == 1
    assert "خالی نیست" in capsys.readouterr().err
    assert (data_dir / "miz.sqlite3").read_bytes() == b"real data"
