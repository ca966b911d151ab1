"""The other workshop screens driven as a clerk would: invitations, the agency's answer,
evaluation entry, the programme editor and the section in the main window."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.persian import today
from desktop_app.services.workshops.evaluation import evaluation_sheet
from desktop_app.services.workshops.invitations import invitations
from desktop_app.services.workshops.participants import save_participant
from desktop_app.services.workshops.programme import programme
from desktop_app.ui.tasks import TaskRunner

from .conftest import person


def _choose(qtbot, box, value):
    qtbot.waitUntil(lambda: any(box.itemData(i) == value for i in range(box.count())))
    box.setValue(value)


def test_invite_twice_is_refused_on_screen_and_answers_are_recorded(ctx, qtbot, miz_app, workshop):
    from desktop_app.services.workshops.invitations import remove_invitation
    from desktop_app.ui.workshops.invitations import InvitationsPage

    remove_invitation(ctx, invitations(ctx, workshop.id)[0].id)  # room for one more
    newcomer = save_participant(ctx, person(77, occupation="health_worker"))
    page = InvitationsPage(ctx, TaskRunner())
    qtbot.addWidget(page)
    page.show()
    _choose(qtbot, page.workshop, workshop.id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 29)
    assert "۱۷۴,۰۰۰,۰۰۰" in page.budget.text() or "۱۷۴٬۰۰۰٬۰۰۰" in page.budget.text()
    page.code.setValue(newcomer.national_code)
    page.invite_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 30)
    page.code.setValue(newcomer.national_code)
    page.invite_button.click()
    qtbot.waitUntil(lambda: "دو بار دعوت" in page.message.text())
    row = next(i for i, line in enumerate(page.model.lines) if line.participant_id == newcomer.id)
    page.table.setCurrentIndex(page.model.index(row, 0))
    assert page.selected() is not None
    page.buttons["no"].click()
    qtbot.waitUntil(lambda: page.model.lines[row].answer == "no")
    printed = []
    page.open_file = printed.append  # type: ignore[method-assign]
    page.buttons["request"].click()
    qtbot.waitUntil(lambda: bool(printed), timeout=10000)
    qtbot.waitUntil(lambda: page.model.lines[row].confirmation == "requested")
    page.table.setCurrentIndex(page.model.index(row, 0))
    page.buttons["reply"].click()
    form = page.reply_form
    form.save()  # nothing typed: each missing field says so, nothing saved
    assert form.isVisible() and form.rows["confirmation_letter"].editor().error()
    qtbot.keyClicks(form.confirmation_letter, "55/B")
    form.confirmation_date.setDate(today() + timedelta(days=3))
    form.save()
    qtbot.waitUntil(lambda: bool(form.rows["confirmation_date"].editor().error()))
    assert form.confirmation_letter.text() == "55/B"  # what was typed stays
    form.confirmation_date.setDate(today())
    form.save()
    qtbot.waitUntil(lambda: not form.isVisible())
    qtbot.waitUntil(lambda: page.model.lines[row].confirmation == "confirmed")


def test_evaluation_entry_marks_a_post_test_without_pre_test(ctx, qtbot, miz_app, workshop):
    from desktop_app.ui.workshops.evaluation_entry import POST, PRE, EvaluationEntryPage

    page = EvaluationEntryPage(ctx, TaskRunner())
    qtbot.addWidget(page)
    _choose(qtbot, page.workshop, workshop.id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 30)
    page.model.setData(page.model.index(0, POST), "۸۰")
    page.save()
    qtbot.waitUntil(lambda: (0, POST) in page.model.refused)
    assert "پیش‌آزمون" in page.message.text() and page.model.entries[0].post_test == 80
    page.model.setData(page.model.index(0, PRE), "۴۵")
    page.model.setData(page.model.index(0, POST + 1), "5")
    page.save()
    qtbot.waitUntil(lambda: "ذخیره شد" in page.message.text())
    line = evaluation_sheet(ctx, workshop.id).lines[0]
    assert (line.pre_test, line.post_test, line.satisfaction[0]) == (45, 80, 5)


def test_programme_editor_saves_a_trainer_and_refuses_an_empty_topic(ctx, qtbot, miz_app, workshop):
    from desktop_app.ui.workshops.programme_dialog import ProgrammeDialog

    dialog = ProgrammeDialog(ctx, TaskRunner(), workshop.id, "آزمایشی")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 24)
    dialog.model.setData(dialog.model.index(0, 5), "دکتر سارا کریمی")
    dialog.model.setData(dialog.model.index(1, 3), "")
    dialog.save()
    qtbot.waitUntil(lambda: (1, 3) in dialog.model.errors)
    dialog.model.setData(dialog.model.index(1, 3), "نقش تسهیلگر")
    dialog.save()
    qtbot.waitUntil(lambda: "ذخیره شد" in dialog.message.text())
    assert programme(ctx, workshop.id)[0].line.trainer == "دکتر سارا کریمی"


def test_the_section_opens_in_the_main_window(main_window, qtbot):
    from desktop_app.ui.workshops import TrainingWorkshopsSection

    main_window.show_section("training_workshops")
    page = main_window.pages["training_workshops"]
    assert isinstance(page.body, TrainingWorkshopsSection)
    assert (
        page.body.count() == 7
        and page.body.tabText(6) == "برنامه‌های الگو"
        and page.body.tabText(3) == "حضور و غیاب (کارگاه‌ها و دوره‌ها)"
    )


def test_every_button_of_the_section_shows_on_a_small_office_screen(main_window, qtbot, tmp_path):
    """A 1280×720 screen at 125 % leaves 1024 − 16 (frame) − 220 (navigation) = 788
    pixels for a section: every tab of the workshops section fits them, with each of its
    buttons whole inside the tab (the workshops list's nine buttons on one row needed
    856 and cut «چاپ برنامه…» off)."""
    from PySide6.QtWidgets import QAbstractButton

    main_window.show_section("training_workshops")
    section = main_window.pages["training_workshops"].body
    width = 1024 - 16 - 220
    assert main_window.pages["training_workshops"].minimumSizeHint().width() <= width
    main_window.pages["training_workshops"].area.takeWidget()  # alone, at the width
    # a section gets there
    qtbot.addWidget(section)
    section.resize(width, 560)
    section.show()
    qtbot.waitExposed(section)
    assert section.width() == width
    for index in range(section.count()):
        section.setCurrentIndex(index)
        qtbot.wait(50)
        tab = section.widget(index)
        buttons = [
            b for b in tab.findChildren(QAbstractButton) if b.isVisibleTo(section) and b.width()
        ]
        assert buttons, section.tabText(index)
        for button in buttons:
            box = button.rect().translated(button.mapTo(section, button.rect().topLeft()))
            assert section.rect().contains(box), (section.tabText(index), button.text(), box)
            assert button.width() >= button.sizeHint().width(), button.text()
        section.grab().save(str(tmp_path / f"tab-{index}.png"))
    section.setCurrentIndex(0)
    print_button = section.workshops.print_button
    assert print_button.isVisibleTo(section) and print_button.text() == "چاپ برنامه…"


def test_the_programme_prints_into_the_documents_folder(
    ctx, qtbot, miz_app, workshop, tmp_path, monkeypatch
):
    """A print made without a file dialog goes to the documents folder of the settings
    page (in a folder of its kind), not into the data folder."""
    from desktop_app.ui.widgets import file_dialogs
    from desktop_app.ui.workshops.pages import WorkshopsPage

    chosen = tmp_path / "اسناد اداره"
    monkeypatch.setattr(file_dialogs, "_chosen", chosen)
    runner = TaskRunner()
    page = WorkshopsPage(ctx, runner)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.selected_row() is not None)
    page.print_selected()
    qtbot.waitUntil(lambda: getattr(page, "last_printed", None) is not None, timeout=20_000)
    assert page.last_printed.parent == chosen / "workshops"
    assert page.last_printed.read_bytes().startswith(b"%PDF")
    assert not (ctx.data_dir / "workshops").exists()
    runner.wait_for_done()


def test_issue_and_print_a_completion_certificate_from_the_invitations_tab(
    ctx, qtbot, miz_app, workshop
):
    from desktop_app.services.workshops.programme import change_state
    from desktop_app.ui.workshops.invitations import InvitationsPage

    from .test_workshops import mark_all

    mark_all(ctx, workshop, lambda i, s: "absent" if i == 0 and s.day_number < 4 else "present")
    change_state(ctx, workshop.id, "finish")
    page = InvitationsPage(ctx, TaskRunner())
    qtbot.addWidget(page)
    page.show()
    _choose(qtbot, page.workshop, workshop.id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 30)
    page.buttons["certificates"].click()
    qtbot.waitUntil(lambda: "۲۹ گواهی شرکت صادر شد" in page.message.text())
    assert "صادر نشد" in page.message.text() and "روز غیبت" in page.message.text()
    qtbot.waitUntil(lambda: sum(1 for line in page.model.lines if line.serial) == 29)
    page.table.setCurrentIndex(page.model.index(0, 0))  # the one who missed 3 days
    page.buttons["print_certificate"].click()
    qtbot.waitUntil(lambda: "صادر نشده" in page.message.text())
    printed = []
    page.open_file = printed.append  # type: ignore[method-assign]
    page.table.setCurrentIndex(page.model.index(1, 0))
    page.buttons["print_certificate"].click()
    qtbot.waitUntil(lambda: bool(printed), timeout=10000)
    assert printed[0].stat().st_size > 1000
