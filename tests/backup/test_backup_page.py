"""The settings page's backup group, driven through its widgets; the start-of-day backup."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.models import Setting
from desktop_app.services.office.backup import backup_database, list_backups
from desktop_app.ui.tasks import EVERYTHING, data_bus


def _box(main_window, qtbot):
    page = main_window.show_section("settings").body
    qtbot.waitUntil(lambda: page.agency.text() != "")
    return page, page.backup_box


def test_backup_now_makes_a_file(main_window, ctx, qtbot):
    _page, box = _box(main_window, qtbot)
    folder = ctx.data_dir / "backups"
    assert box.folder.text() == str(folder)
    qtbot.mouseClick(box.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(folder.glob("*.mizbak")))
    qtbot.waitUntil(lambda: box.backup_button.isEnabled())
    assert "پشتیبان ساخته شد" in box.status.text()
    assert [b.kind for b in list_backups(folder)] == ["manual"]


def test_folder_and_counts_are_saved(main_window, ctx, qtbot, tmp_path):
    _page, box = _box(main_window, qtbot)
    box.folder.setText(str(tmp_path / "usb"))
    box.keep_daily.setValue(3)
    box.keep_weekly.setValue(2)
    box.save_settings()
    qtbot.waitUntil(lambda: box.status.text() == "تنظیمات پشتیبان‌گیری ذخیره شد.")
    from desktop_app.services.core.workstation import WorkstationConfig

    stored = WorkstationConfig.load(ctx.data_dir)
    assert (stored.backup_dir, stored.keep_daily, stored.keep_weekly) == (
        str(tmp_path / "usb"),
        3,
        2,
    )


def test_restore_keeps_the_window_working(main_window, ctx, qtbot, tmp_path):
    page, box = _box(main_window, qtbot)
    from desktop_app.documents.office import OfficeSettings
    from desktop_app.services.office.settings import save_office_settings

    save_office_settings(ctx, OfficeSettings(office_name="پیش", office_code="2701"))
    old = backup_database(ctx, tmp_path / "old.mizbak")
    save_office_settings(ctx, OfficeSettings(office_name="پس", office_code="2701"))
    page.reload()
    qtbot.waitUntil(lambda: page.office_name.text() == "پس")

    seen: list[frozenset[str]] = []
    data_bus().data_changed.connect(seen.append)
    try:
        box.restore(old.path)  # what the button does after the file dialog and confirmation
        qtbot.waitUntil(lambda: page.office_name.text() == "پیش", timeout=10_000)
    finally:
        data_bus().data_changed.disconnect(seen.append)
    assert "بازگردانی شد" in box.status.text()
    assert any(EVERYTHING in kinds for kinds in seen)
    assert [b.kind for b in list_backups(ctx.data_dir / "backups")] == ["pre-restore"]
    with ctx.session() as session:  # the same context keeps working
        session.add(Setting(key="after", value="1"))


def test_refused_restore_is_reported(main_window, ctx, qtbot, tmp_path):
    _page, box = _box(main_window, qtbot)
    bad = tmp_path / "bad.mizbak"
    bad.write_bytes(b"\0" * 4096)
    box.restore(bad)
    qtbot.waitUntil(lambda: "پشتیبان میز نیست" in box.status.text())
    assert box.restore_button.isEnabled()


def test_start_of_day_backup_is_silent(main_window, ctx, qtbot):
    main_window.start_of_day_backup()
    folder = ctx.data_dir / "backups"
    qtbot.waitUntil(lambda: any(folder.glob("*-auto.mizbak")))
    main_window.runner.wait_for_done()
    assert main_window.statusBar().currentMessage() == ""


def test_start_of_day_backup_failure_shows_in_the_status_bar(main_window, ctx, qtbot, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    ctx.workstation.backup_dir = str(blocker)
    main_window.start_of_day_backup()
    qtbot.waitUntil(lambda: "پشتیبان‌گیری خودکار" in main_window.statusBar().currentMessage())


def test_start_of_day_backup_never_holds_up_the_clerks_saves(main_window, ctx, qtbot, monkeypatch):
    """The day's first backup runs beside the write worker: while it is still busy (held
    here after its snapshot), a place saved through the window's write worker is saved,
    and the finished backup holds the state of its snapshot."""
    import threading

    from desktop_app.services.core.listing import ListQuery
    from desktop_app.services.office import backup
    from desktop_app.services.places.places import PlaceData, place_page, save_place

    gate, snapped = threading.Event(), threading.Event()
    real_verify = backup.verify_backup

    def slow_verify(path):
        snapped.set()
        assert gate.wait(30)
        return real_verify(path)

    monkeypatch.setattr(backup, "verify_backup", slow_verify)
    main_window.start_of_day_backup()
    assert snapped.wait(30)  # the backup is running (its snapshot taken)
    saved = []
    main_window.runner.submit(
        lambda _c: save_place(
            ctx, PlaceData(kind="center", province="گلستان", city="گرگان", name="مرکز", code="2701")
        ),
        on_done=saved.append,
        write=True,
    )
    qtbot.waitUntil(lambda: bool(saved), timeout=10000)
    assert not gate.is_set() and [p.code for p in place_page(ctx, ListQuery(), 0, 10)] == ["2701"]
    gate.set()
    folder = ctx.data_dir / "backups"
    qtbot.waitUntil(lambda: any(folder.glob("*-auto.mizbak")))
    main_window.runner.wait_for_done()
    # the clerk's save is confirmed («تغییرات ذخیره شد.»); the backup itself says nothing
    assert "پشتیبان" not in main_window.statusBar().currentMessage()
