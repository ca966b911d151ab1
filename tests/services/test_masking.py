"""Masking is one rule (issue 16): every list column and read-only view field that
shows a national code, a foreign national's id or a mobile number shows it masked to
a user without «view personal» (a clerk) and in full to a supervisor. The lists are
enumerated from the window's own ``ListConfig``s, so a new list with such a column is
checked without anyone remembering to add it here."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import fields

import pytest

from desktop_app.persian.privacy import MASK
from desktop_app.services.accounts.access import CLERK, SUPERVISOR, Actor, system_actor
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.core.privacy import PERSONAL_FIELDS


def _list_configs() -> dict[str, object]:
    import desktop_app.ui as ui
    from desktop_app.ui.listing.list_page import ListConfig

    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(ui.__path__, ui.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, ListConfig):
                found.setdefault(f"{module.__name__}.{name}", value)
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo office (every section filled), with an inquiry logged."""
    from desktop_app.services.certificates.certificate_inquiry import InquiryRequest, inquire
    from desktop_app.services.core.context import AppContext
    from desktop_app.services.demo.demo import fill_demo
    from desktop_app.services.registration.trainees import ENROLLMENTS

    ctx = AppContext.open(tmp_path_factory.mktemp("masking") / "data")
    ctx.user = system_actor()
    fill_demo(ctx, report=lambda _text: None)
    from desktop_app.models import Certificate

    with ctx.session() as s:
        cert = s.query(Certificate).first()
        assert cert is not None
        serial, code = cert.serial, cert.national_code
    inquire(ctx, InquiryRequest(serial, code, asker_name="بانک ملی"))
    enrollment = ENROLLMENTS.page(ctx, ListQuery(), 0, 1)[0]
    yield ctx, enrollment.id
    ctx.close()


def _personal_values(rows, keys) -> list[str]:
    return [str(getattr(row, key)) for row in rows for key in keys if getattr(row, key, "")]


def _as(ctx, role: str) -> None:
    ctx.user = Actor(user_name=f"test-{role}", roles=frozenset({role}))


def test_every_list_column_of_a_personal_code_is_masked_for_a_clerk(qapp, demo):
    ctx, _enrollment = demo
    configs = _list_configs()
    personal = {
        name: [c.key for c in config.columns if c.key in PERSONAL_FIELDS]
        for name, config in configs.items()
    }
    personal = {name: keys for name, keys in personal.items() if keys}
    # the lists the issue names are among them (certificates, inquiries, trainees …),
    # and participation's benefactors and volunteers (codes and mobiles)
    short = {name.rsplit(".", 1)[1] for name in personal}
    assert {"CERTIFICATES_LIST", "INQUIRIES_LIST", "ENROLLMENTS_LIST", "PARTICIPANTS_LIST"} <= short
    assert {"BENEFACTORS_LIST", "VOLUNTEERS_LIST"} <= short
    assert personal["desktop_app.ui.participation.benefactors_page.BENEFACTORS_LIST"] == [
        "national_code",
        "mobile",
    ]
    assert len(personal) >= 8
    for name, keys in personal.items():
        config = configs[name]
        _as(ctx, CLERK)
        clerk = _personal_values(config.page(ctx, ListQuery(), 0, 500), keys)
        assert clerk, f"{name}: the demo office has no rows to check"
        assert all(MASK in v for v in clerk), f"{name} shows a personal code to a clerk"
        _as(ctx, SUPERVISOR)
        full = _personal_values(config.page(ctx, ListQuery(), 0, 500), keys)
        assert any(MASK not in v for v in full), f"{name} hides codes from a supervisor"


def _view_fields(value) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    return [
        str(getattr(item, f.name))
        for item in items
        for f in fields(item)
        if f.name in PERSONAL_FIELDS and getattr(item, f.name)
    ]


def test_every_view_and_print_of_many_people_goes_through_the_rule(demo):
    """The enrollment dialog, the scores tab, the printed course roster, and a training
    workshop's invitations tab and attendance sheet."""
    from desktop_app.models import Enrollment, TrainingWorkshop
    from desktop_app.services.certificates.certificates import score_sheet
    from desktop_app.services.registration.trainees import get_enrollment, roster_lines
    from desktop_app.services.workshops.attendance import Subject, attendance_sheet
    from desktop_app.services.workshops.invitations import invitations

    ctx, enrollment_id = demo
    with ctx.session() as s:
        course_id = s.get(Enrollment, enrollment_id).course_id
        workshop_id = s.query(TrainingWorkshop).first().id
    views = {
        "enrollment dialog": lambda: get_enrollment(ctx, enrollment_id),
        "scores tab": lambda: list(score_sheet(ctx, course_id).lines),
        "course roster print": lambda: roster_lines(ctx, course_id),
        "workshop invitations tab": lambda: invitations(ctx, workshop_id),
        "attendance sheet": lambda: list(
            attendance_sheet(ctx, Subject("workshop", workshop_id)).people
        ),
    }
    for name, view in views.items():
        _as(ctx, SUPERVISOR)
        assert any(MASK not in v for v in _view_fields(view())), name
        _as(ctx, CLERK)  # a clerk may print the roster, but not see the codes in full
        shown = _view_fields(view())
        assert shown and all(MASK in v for v in shown), f"{name} shows a code to a clerk"
