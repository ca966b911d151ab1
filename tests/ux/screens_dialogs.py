"""Every dialog of Miz on the office screen: opened offscreen on a screen of the size
``MIZ_TEST_SCREEN`` (e.g. ``1366x768``; ``test_screens.py`` starts this module in its
own process with such a screen), each button checked to lie inside the screen, and a
screenshot written to ``out/screenshots/<dialog>-<size>.png``.

Not collected by itself (the file name does not start with ``test_``): the screen size
of the offscreen platform is fixed when the process starts.
"""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QWidget,
)

from desktop_app.models import (
    Benefactor,
    Counseling,
    Course,
    Enrollment,
    Equipment,
    Faq,
    Gift,
    Place,
    PublicRequest,
    ServiceCard,
    SkillStandard,
    Trainer,
    TrainingWorkshop,
    Volunteer,
    WorkCalendar,
    Workshop,
    WorkshopParticipant,
    WorkshopTemplate,
)
from desktop_app.services.demo.demo import fill_demo

SCREEN = os.environ.get("MIZ_TEST_SCREEN", "")
SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"

pytestmark = pytest.mark.skipif(not SCREEN, reason="run by test_screens.py with a screen size")


@pytest.fixture(scope="module")
def demo_ctx(tmp_path_factory):
    from desktop_app.services.accounts.access import system_actor
    from desktop_app.services.core.context import AppContext

    ctx = AppContext.open(tmp_path_factory.mktemp("screens") / "data")
    ctx.user = system_actor()
    fill_demo(ctx, report=lambda _t: None)
    yield ctx
    ctx.close()


@pytest.fixture
def runner(miz_app):
    from desktop_app.ui.tasks import TaskRunner

    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait_for_done()
    QApplication.processEvents()  # the last results, then the handles let go of them
    shiboken6.delete(task_runner)  # nothing of a finished test left for Python's exit


@pytest.fixture(scope="module", autouse=True)
def _nothing_left_at_exit(qapp):
    """Every window this module opened is deleted while Qt still runs, as the app does
    when it quits (``ui.app.release_windows``): nothing is left for PySide's pass at the
    interpreter's exit, which crashed this process now and then after every check."""
    from desktop_app.ui.app import release_windows

    yield
    release_windows(qapp)
    gc.collect()


def first_id(ctx, model, **where) -> uuid.UUID:
    with ctx.session() as session:
        query = session.query(model).filter(model.deleted_at.is_(None))
        for name, value in where.items():
            query = query.filter(getattr(model, name) == value)
        row = query.first()
        assert row is not None, model
        return row.id


def _wizard_step(step: int, errors: bool = False) -> Callable:
    def make(ctx, runner, qtbot):
        from desktop_app.ui.registration.wizard import RegistrationWizard

        wizard = RegistrationWizard(ctx, runner, resume=False)
        qtbot.waitUntil(lambda: wizard.is_ready, timeout=20_000)
        wizard._show_step(step)
        if errors:  # every field marked, as after «بعدی» on an empty page
            page = wizard.current_page()
            for row in page.rows.values():
                editor = row.editor()
                if hasattr(editor, "set_error"):
                    editor.set_error(f"«{row.label_text()}» درست نیست؛ دوباره بنویسید.")
            page.show_message("برخی از خانه‌ها درست پر نشده‌اند؛ پیام زیر هر خانه را ببینید.")
        return wizard

    return make


def _form(cls_path: str, model=None, **where) -> Callable:
    def make(ctx, runner, qtbot):
        module, name = cls_path.rsplit(".", 1)
        cls = getattr(__import__(module, fromlist=[name]), name)
        record_id = first_id(ctx, model, **where) if model is not None else None
        dialog = cls(ctx, runner, record_id)
        if record_id is not None:
            qtbot.waitUntil(lambda: dialog.loaded_data is not None, timeout=20_000)
        return dialog

    return make


def _sign_in(cls_name: str) -> Callable:
    def make(ctx, runner, qtbot):
        from desktop_app.ui.accounts import dialogs

        return getattr(dialogs, cls_name)(ctx, runner)

    return make


def _reset_password(ctx, runner, qtbot):
    from desktop_app.ui.accounts.users_page import ResetPasswordDialog
    from tests.accounts.helpers import make_user

    user = make_user(ctx, f"u{uuid.uuid4().hex[:6]}", "clerk")
    return ResetPasswordDialog(ctx, runner, user.id)


def _move(ctx, runner, qtbot):
    from desktop_app.services.places.equipment import get_equipment
    from desktop_app.ui.places.move_dialog import MoveDialog

    return MoveDialog(ctx, runner, get_equipment(ctx, first_id(ctx, Equipment)))


def _standards(ctx, runner, qtbot):
    from desktop_app.ui.courses.standards import StandardsDialog

    return StandardsDialog(ctx, runner)


def _preview(ctx, runner, qtbot):
    from desktop_app.services.catalog.service_cards import get_card
    from desktop_app.ui.service_cards.printing import PdfPreviewDialog, card_pdf

    card = get_card(ctx, str(first_id(ctx, ServiceCard)))
    return PdfPreviewDialog(card_pdf(ctx, card), card.title, "card.pdf")


def _sla(ctx, runner, qtbot):
    from desktop_app.ui.service_cards.sla_dialog import SlaDialog

    return SlaDialog(ctx, runner, str(first_id(ctx, ServiceCard)))


def _audit_entry(ctx, runner, qtbot):
    from desktop_app.services.accounts.audit_log import audit_page
    from desktop_app.services.core.listing import ListQuery
    from desktop_app.ui.accounts.audit_page import AuditLogPage
    from desktop_app.ui.listing.history import AuditEntryDialog

    page = AuditLogPage(ctx, runner)
    qtbot.addWidget(page)  # closed and deleted with the dialog (its child)
    rows = [r for r in audit_page(ctx, ListQuery(), 0, 200) if r.changes]
    return AuditEntryDialog(page, rows[0])


def _history(ctx, runner, qtbot):
    from desktop_app.ui.listing.history import RecordHistoryDialog

    return RecordHistoryDialog(ctx, runner, "places", first_id(ctx, Place), "مکان")


def _enroll(ctx, runner, qtbot):
    from desktop_app.ui.sync_page import EnrollDialog, SyncPage

    page = SyncPage(ctx, runner)
    qtbot.addWidget(page)  # closed and deleted with the dialog (its child)
    return EnrollDialog(page)


def _hours(ctx, runner, qtbot):
    from desktop_app.ui.participation.volunteers_page import HoursDialog

    return HoursDialog(ctx, runner, first_id(ctx, Volunteer), "داوطلب نمونه")


def _programme(ctx, runner, qtbot):
    from desktop_app.services.workshops.programme import get_workshop
    from desktop_app.ui.workshops.programme_dialog import ProgrammeDialog

    workshop_id = first_id(ctx, TrainingWorkshop)
    dialog = ProgrammeDialog(ctx, runner, workshop_id, get_workshop(ctx, workshop_id).title)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=20_000)
    return dialog


def _confirmation(ctx, runner, qtbot):
    from desktop_app.services.workshops.invitations import invitations
    from desktop_app.ui.workshops.invitations import ConfirmationForm

    lines = [line for w in _workshop_ids(ctx) for line in invitations(ctx, w)]
    assert lines, "the demo invites participants to a workshop"
    return ConfirmationForm(ctx, runner, lines[0])


def _request_dialog(ctx, runner, qtbot):
    from desktop_app.ui.feedback.follow_up import RequestDialog

    return RequestDialog(ctx, runner, first_id(ctx, PublicRequest))


def _kiosk(ctx, runner, qtbot):
    from desktop_app.services.feedback.surveys import get_survey
    from desktop_app.ui.feedback.kiosk import KioskDialog

    return KioskDialog(ctx, runner, get_survey(ctx, first_id(ctx, ServiceCard)))


def _workshop_ids(ctx) -> list[uuid.UUID]:
    with ctx.session() as session:
        query = session.query(TrainingWorkshop.id).filter(TrainingWorkshop.deleted_at.is_(None))
        return [row.id for row in query]


#: Every dialog class of ``desktop_app.ui``: how to open it on demo data.
DIALOGS: dict[str, Callable] = {
    "SignInDialog": _sign_in("SignInDialog"),
    "FirstAdministratorDialog": _sign_in("FirstAdministratorDialog"),
    "ChangePasswordDialog": _sign_in("ChangePasswordDialog"),
    "ResetPasswordDialog": _reset_password,
    "UserForm": _form("desktop_app.ui.accounts.users_page.UserForm"),
    "PlaceForm": _form("desktop_app.ui.places.place_form.PlaceForm", Place),
    "WorkshopForm": _form("desktop_app.ui.places.workshop_form.WorkshopForm", Workshop),
    "EquipmentForm": _form("desktop_app.ui.places.equipment_form.EquipmentForm", Equipment),
    "MoveDialog": _move,
    "TrainerForm": _form("desktop_app.ui.trainers.trainer_form.TrainerForm", Trainer),
    "CourseForm": _form("desktop_app.ui.courses.course_form.CourseForm", Course, state="draft"),
    "StandardForm": _form("desktop_app.ui.courses.standards.StandardForm", SkillStandard),
    "StandardsDialog": _standards,
    "ServiceCardForm": _form("desktop_app.ui.service_cards.card_form.ServiceCardForm", ServiceCard),
    "SlaDialog": _sla,
    "PdfPreviewDialog": _preview,
    "EnrollmentDialog": _form("desktop_app.ui.registration.section.EnrollmentDialog", Enrollment),
    "CounselingForm": _form("desktop_app.ui.registration.section.CounselingForm", Counseling),
    "RegistrationWizard": _wizard_step(0),
    "RegistrationWizard-course": _wizard_step(1),
    "RegistrationWizard-personal-errors": _wizard_step(3, errors=True),
    "RegistrationWizard-photo": _wizard_step(4),
    "RegistrationWizard-review": _wizard_step(6),
    "AuditEntryDialog": _audit_entry,
    "RecordHistoryDialog": _history,
    "EnrollDialog": _enroll,
    "BenefactorForm": _form(
        "desktop_app.ui.participation.benefactor_form.BenefactorForm", Benefactor
    ),
    "GiftForm": _form("desktop_app.ui.participation.gift_form.GiftForm", Gift),
    "AllocationForm": _form("desktop_app.ui.participation.allocations_page.AllocationForm"),
    "VolunteerForm": _form("desktop_app.ui.participation.volunteers_page.VolunteerForm", Volunteer),
    "HoursDialog": _hours,
    "WorkshopForm-training": _form("desktop_app.ui.workshops.pages.WorkshopForm", TrainingWorkshop),
    "ParticipantForm": _form("desktop_app.ui.workshops.pages.ParticipantForm", WorkshopParticipant),
    "ProgrammeDialog": _programme,
    "ConfirmationForm": _confirmation,
    "TemplateForm": _form("desktop_app.ui.workshops.templates_page.TemplateForm", WorkshopTemplate),
    "RequestForm": _form("desktop_app.ui.feedback.request_form.RequestForm"),  # new only
    "RequestDialog": _request_dialog,
    "FaqForm": _form("desktop_app.ui.feedback.faq_page.FaqForm", Faq),
    "CalendarForm": _form("desktop_app.ui.feedback.calendar_page.CalendarForm", WorkCalendar),
    "KioskDialog": _kiosk,
}


#: ``DIALOGS`` entry -> ``module.Class`` opened by ``test_dialog_fits_the_screen`` in this run.
OPENED: dict[str, str] = {}


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _scrolled(widget: QWidget, dialog: QDialog) -> bool:
    """True if ``widget`` sits in a scroll area (reached by scrolling, not by the screen)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def buttons_outside(dialog: QDialog) -> list[str]:
    """Visible buttons of ``dialog`` (and the viewports of its scroll areas, inside which
    buttons scroll) not wholly inside the screen's available area."""
    free = QGuiApplication.primaryScreen().availableGeometry()
    outside = []
    widgets = [b for b in dialog.findChildren(QAbstractButton) if not _scrolled(b, dialog)]
    widgets += [
        a.viewport() for a in dialog.findChildren(QAbstractScrollArea) if not _scrolled(a, dialog)
    ]
    for widget in widgets:
        if not widget.isVisibleTo(dialog) or widget.width() <= 0:
            continue
        top_left = widget.mapToGlobal(widget.rect().topLeft())
        bottom_right = widget.mapToGlobal(widget.rect().bottomRight())
        if not (free.contains(top_left) and free.contains(bottom_right)):
            text = widget.text() if isinstance(widget, QAbstractButton) else "viewport"
            outside.append(f"{text or widget.objectName()} at {top_left.toTuple()}")
    return outside


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_dialog_fits_the_screen(name, demo_ctx, runner, qtbot, miz_app):
    width, height = (int(x) for x in SCREEN.split("x"))
    assert QGuiApplication.primaryScreen().size().toTuple() == (width, height)
    dialog = DIALOGS[name](demo_ctx, runner, qtbot)
    OPENED[name] = _qualified(type(dialog))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(150)  # lists and pickers fill from workers
    free = QGuiApplication.primaryScreen().availableGeometry()
    assert free.contains(dialog.frameGeometry()), (name, dialog.frameGeometry(), free)
    assert buttons_outside(dialog) == [], name
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"{name}-{SCREEN}.png"))
    QDialog.reject(dialog)  # closed without the unsaved-changes question


def test_every_dialog_class_is_covered():
    import importlib
    import pkgutil

    import desktop_app.ui as ui

    for module in pkgutil.walk_packages(ui.__path__, "desktop_app.ui."):
        importlib.import_module(module.name)
    found: dict[str, str] = {}  # module.Class -> Class

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("desktop_app.ui"):
                found[_qualified(sub)] = sub.__name__
            walk(sub)

    walk(QDialog)
    bases = {"RecordFormDialog", "AccountDialog"}
    covered = {name.split("-")[0] for name in DIALOGS}
    assert set(found.values()) - bases - covered == set()
    if set(OPENED) == set(DIALOGS):  # every entry ran (not a -k subset): by module too, so
        # that two classes of one name (places' and workshops' WorkshopForm) are both opened
        assert {q for q, n in found.items() if n not in bases} - set(OPENED.values()) == set()


def test_course_form_fits_without_sideways_scroll(demo_ctx, runner, qtbot, miz_app):
    """The course form and its workflow box side by side, within the screen's width,
    with the fields whole (no horizontal scroll bar), on 1366×768 and on 1280×720."""
    from desktop_app.ui.widgets.fit import FRAME_ALLOWANCE, available_geometry

    dialog = DIALOGS["CourseForm"](demo_ctx, runner, qtbot)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.choices is not None and dialog.workflow.isVisible())
    qtbot.wait(300)
    limit = available_geometry(dialog).width() - FRAME_ALLOWANCE.width()
    assert dialog.minimumSizeHint().width() <= limit
    assert dialog.width() <= limit
    area = dialog.fields_area
    assert area.horizontalScrollBar().maximum() == 0
    assert area.viewport().width() >= area.widget().minimumSizeHint().width()
    for row in dialog.rows.values():  # every field's row inside the visible width
        left = row.mapTo(area.viewport(), row.rect().topLeft()).x()
        assert left >= 0 and left + row.width() <= area.viewport().width(), row.label_text()
    workflow = dialog.workflow
    for label in (workflow.state_label, workflow.actor_label):
        assert workflow.rect().contains(label.geometry()), label.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"CourseForm-fit-{SCREEN}.png"))
    QDialog.reject(dialog)


@pytest.mark.parametrize("agency", ["tvto", "welfare"])
def test_main_window_and_every_section_fit_the_screen(
    demo_ctx, qtbot, miz_app, monkeypatch, agency
):
    """The main window opens within the screen and every section (each of its tabs) shows
    on it: the window's minimum size within the screen (it never grows past it), the
    section's screen never scrolled sideways (a screenshot of each:
    ``section-<key>-<size>.png``, a Welfare office's ``section-welfare-<key>-<size>.png``)."""
    from PySide6.QtWidgets import QTabWidget

    from desktop_app.ui import main_window as module
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.sections import visible_sections
    from desktop_app.ui.widgets.fit import FRAME_ALLOWANCE

    monkeypatch.setattr(module, "visible_sections", lambda ctx: visible_sections(ctx, agency))
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    free = QGuiApplication.primaryScreen().availableGeometry()
    limit = free.size() - FRAME_ALLOWANCE
    assert free.contains(window.geometry()), (window.geometry(), free)
    SHOTS.mkdir(parents=True, exist_ok=True)
    prefix = "section-" if agency == "tvto" else "section-welfare-"

    def fits(where: str) -> None:
        hint = window.minimumSizeHint()
        assert hint.width() <= limit.width() and hint.height() <= limit.height(), (where, hint)
        assert free.contains(window.geometry()), (where, window.geometry(), free)
        area = page.area  # up and down it may scroll, never sideways
        assert area.viewport().width() >= page.body.minimumSizeHint().width(), where
        assert area.horizontalScrollBar().maximum() == 0, where

    for section in window.sections:
        page = window.show_section(section.key)
        qtbot.wait(300)  # the section's list or form loads on a worker
        assert window.stack.currentWidget() is page
        fits(section.key)
        tabs = page.body if isinstance(page.body, QTabWidget) else None
        for index in range(tabs.count() if tabs is not None else 0):
            tabs.setCurrentIndex(index)
            qtbot.wait(150)
            fits(f"{section.key}: {tabs.tabText(index)}")
        if tabs is not None:
            tabs.setCurrentIndex(0)
            qtbot.wait(50)
        window.grab().save(str(SHOTS / f"{prefix}{section.key}-{SCREEN}.png"))
    window.shutdown()
