"""The office's numbers at a glance, counted on the server (``miz-server figures``).

The same counting as the workstation's «گزارش‌ها» section (``models.office_figures``),
over the server's rows of one office's scope: a center (or institute) counts its own
rows, a province its own and every office's under it, headquarters every row. A
workstation that has pulled everything counts the same figures for its office
(``tests/sync/test_figures_agree.py`` checks it on PostgreSQL). No Qt; any thread.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop_app.documents.feedback import ServicesReport
from desktop_app.models.office_figures import count_report
from desktop_app.persian import normalize_code

from . import admin
from .models import Office

LEVEL_NAMES = {
    "center": "اداره",
    "institute": "اداره",
    "province": "استان",
    "headquarters": "ستاد",
}


def scope_offices(session: Session, office: Office) -> set[str] | None:
    """The offices whose rows an office's figures count (None: every row)."""
    return scope_in(admin.OfficeTree.read(session), office.code)


def scope_in(tree: admin.OfficeTree, code: str) -> set[str] | None:
    """``scope_offices`` of office ``code`` from an office tree already read (None:
    every row, or an office the tree does not know)."""
    level = tree.level(code)
    if level is None or level == "headquarters":
        return None
    if level in ("center", "institute"):
        return {code}
    return tree.subtree(code)


def office_report(
    session: Session, office_code: str, year: int, month: int | None = None
) -> ServicesReport:
    """The figures of ``office_code`` for the Jalali ``year`` (or ``month`` of it)."""
    office = session.get(Office, normalize_code(office_code))
    if office is None:
        raise admin.AdminError(f"office {office_code} does not exist")
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        raise admin.AdminError("year must be a Jalali year and month 1-12")
    counted = count_report(session, year, month, scope_offices(session, office))
    scope = f"{LEVEL_NAMES.get(office.level, 'اداره')} {office.name}".strip()
    return counted.report(office.name, scope, year, month)


def report_lines(report: ServicesReport) -> list[str]:
    """The report as tab-separated lines: service, figure, the 12 months, the total;
    then complaints by state, the late complaints and the people per office."""
    lines = []
    for service in report.services:
        for figure in service.figures:
            months = "\t".join(f"{v:g}" for v in figure.months)
            lines.append(f"{service.service_title}\t{figure.title}\t{months}\t{figure.total:g}")
    lines += [f"complaints\t{state}\t{count}" for state, count in report.complaints_by_state]
    lines.append(f"complaints late\t{report.complaints_late}")
    lines += [f"people\t{code}\t{count}" for code, count in report.offices]
    return lines
