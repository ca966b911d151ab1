"""The office's numbers agree on the workstation and on the server (issue 20, item 6), on
the real PostgreSQL: a center fills the demo's year of work (registrations, certificates,
requests in every state, surveys), its sibling center, its province and a center of
another province register requests and surveys of their own; everything is synced, and
the figures the workstation's «گزارش‌ها» counts on SQLite equal what the server counts
(``central_server.figures``) for the same office: the center, its province (summing
both centers and the province's own counter, not the other province nor headquarters'
own rows that sync brings down to it) and headquarters, for the year and for two months
of it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from central_server import admin, cli
from central_server.figures import office_report
from desktop_app.documents.feedback import ServicesReport
from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.models import PublicRequest, Setting, SyncConflict
from desktop_app.persian import from_jalali, to_jalali, today
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.catalog.service_cards import save_card
from desktop_app.services.demo.demo import fill_demo
from desktop_app.services.feedback.requests import (
    RequestData,
    answer_request,
    assign_request,
    register_request,
)
from desktop_app.services.feedback.surveys import AnswerData, get_survey, record_answer
from desktop_app.services.office_reports.report import services_report


def _figures(report: ServicesReport, drop: set[str] | frozenset[str] = frozenset()) -> tuple:
    """Everything counted (but the ``drop`` figures), without the office's name and scope."""
    services = sorted(
        (
            s.service_title,
            sorted((f.key, f.months, f.total, f.unit) for f in s.figures if f.key not in drop),
        )
        for s in report.services
    )
    return services, report.complaints_by_state, report.complaints_late, report.offices


def _level(ctx, level: str) -> None:
    with ctx.session() as session:
        row = session.get(Setting, "office.level")
        if row is None:
            session.add(Setting(key="office.level", value=json.dumps(level)))
        else:
            row.value = json.dumps(level)


def _some_work(ctx, year: int, code: str) -> None:
    """A card of the office's own, requests of several kinds and months (one answered,
    one assigned) and a survey answer."""
    card = save_card(ctx, ServiceCardData(title=f"پاسخگویی به مراجعان {code}", service_code=code))
    card_id = uuid.UUID(str(card.id))
    for n, (kind, month) in enumerate(
        [("complaint", 1), ("opinion", 2), ("violation", 2), ("complaint", 7), ("suggestion", 8)]
    ):
        when = datetime.combine(from_jalali(year, month, 10 + n), time(9), UTC)
        view = register_request(
            ctx,
            RequestData(kind=kind, service_card_id=card_id, anonymous=True, body="متن"),
            received_at=when,
        )
        if n == 0:
            answer_request(ctx, view.id, view.version, "پاسخ")
        elif n == 3:
            assign_request(ctx, view.id, view.version, "کارشناس")
    survey = get_survey(ctx, card_id)
    record_answer(
        ctx,
        AnswerData(
            service_card_id=card_id,
            scores=[4] * len(survey.questions),
            answered_on=from_jalali(year, 2, 3),
        ),
    )


@pytest.mark.postgres
def test_the_servers_figures_agree_with_the_workstations(pg_server):
    with pg_server.sessions() as s, s.begin():  # the demo's office is 2701 (Golestan)
        admin.create_office(s, "27", "اداره کل گلستان", "province", "HQ")
        admin.create_office(s, "2701", "مرکز گرگان", "center", "27")
        admin.create_office(s, "2702", "مرکز گنبد", "center", "27")
        admin.create_office(s, "28", "اداره کل مازندران", "province", "HQ")
        admin.create_office(s, "2801", "مرکز ساری", "center", "28")
    center, sync_center, _ = pg_server.workstation("center", "2701")
    sibling, sync_sibling, _ = pg_server.workstation("sibling", "2702")
    province, sync_province, _ = pg_server.workstation("province", "27")
    elsewhere, sync_elsewhere, _ = pg_server.workstation("elsewhere", "2801")
    head, sync_head, _ = pg_server.workstation("head", "HQ")
    for ctx in (center, sibling, province, elsewhere, head):
        ctx.user = system_actor()
    _level(province, "province")
    _level(head, "headquarters")
    year = to_jalali(today())[0]

    fill_demo(center, report=lambda _t: None)
    sync_center.run()
    for ctx, engine, code in (
        (sibling, sync_sibling, "90000000012"),
        (province, sync_province, "90000000001"),
        (elsewhere, sync_elsewhere, "90000000021"),
        (head, sync_head, "90000000031"),
    ):
        _some_work(ctx, year, code)
        engine.run()
    for engine in (sync_center, sync_head, sync_province):
        engine.run()
    with center.session() as session:
        refused = {c.table_name for c in session.scalars(select(SyncConflict))}
    # The demo plays every level on one workstation: the province's and headquarters'
    # approvals it takes are refused by the server, and so are the certificates of the
    # courses those approvals would have finished. Everything else reached the server.
    assert refused <= {"courses", "course_transitions", "certificates"}
    with province.session() as session:
        offices = set(session.scalars(select(PublicRequest.origin_office)))
    # not the other province's center; headquarters' own rows come down to the province
    # (sync sends an office the rows of the offices above it) but are not its figures
    assert offices == {"2701", "2702", "27", "HQ"}

    for ctx, code in ((center, "2701"), (province, "27"), (head, "HQ")):
        for month in (None, to_jalali(today())[1], 2):
            workstation = services_report(ctx, year, month)
            with pg_server.sessions() as session:
                server = office_report(session, code, year, month)
            # the center still counts the certificates the server refused (its own)
            drop = {"certificates"} if ctx is center else set()
            assert _figures(workstation, drop) == _figures(server, drop), (code, month)

    def requests(report: ServicesReport) -> float:
        return sum(f.total for s in report.services for f in s.figures if f.key == "requests")

    whole = services_report(province, year)
    assert requests(whole) == requests(services_report(center, year)) + 10  # 2702 and 27
    assert dict(whole.offices)["2701"] > 0 and whole.complaints_late > 0
    head_report = services_report(head, year)
    counted = {f.key for s in head_report.services for f in s.figures}
    assert counted == {
        "registrations",
        "inquiries",
        "inquiry_hours",
        "requests",
        "complaints",
        "late_complaints",
        "survey_score",
        "gifts",
    }  # every counted source but the refused certificates, in hours and scores too
    head_people = dict(head_report.offices)
    assert head_people["2701"] == dict(services_report(center, year).offices)["2701"]


def test_the_figures_command_prints_an_offices_numbers(server, capsys, monkeypatch):
    """``miz-server figures OFFICE --year Y`` on the server's own database."""
    center, sync_center, _ = server.workstation("center", "C11")
    center.user = system_actor()
    year = to_jalali(today())[0]
    _some_work(center, year, "90000000011")
    sync_center.run()
    monkeypatch.setenv("MIZ_DATABASE_URL", server.url)
    assert cli.main(["figures", "P1", "--year", str(year)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "استان اداره کل گلستان"
    requests = next(line.split("\t") for line in lines if "درخواست‌های مردمی" in line)
    assert requests[2:14] == ["1", "2", "0", "0", "0", "0", "1", "1", "0", "0", "0", "0"]
    assert requests[14] == "5"
    assert "complaints late\t" in "\n".join(lines)
    assert cli.main(["figures", "X9", "--year", str(year)]) == 1
