"""The benefactors list (خیّران): search by name, national code / legal-entity id or
mobile (codes and mobiles masked for clerks); New / Edit / Delete (a benefactor with
gifts is not deleted); «صورت سالانه…» prints the selected benefactor's statement of a
Jalali year; Excel export (supervisors: personal data, audited). UI thread only.
"""

from __future__ import annotations

import uuid
from typing import Any

from ...persian import to_ascii_digits, to_jalali, today
from ...services.accounts.access import EXPORT_PERSONAL, PRINT
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.participation.benefactors import (
    benefactor_page,
    count_benefactors,
    delete_benefactor,
)
from ...services.participation.summary import export_benefactors, print_benefactor_statement
from ...services.participation.vocab import BENEFACTOR_KINDS, CONTACT_BY
from ..listing import Column, FilterSpec, ListConfig, choices
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from .benefactor_form import BenefactorForm
from .common import ParticipationListPage


def _form(page: Any, record_id: uuid.UUID | None) -> BenefactorForm:
    return BenefactorForm(page.ctx, page.runner, record_id, page)


BENEFACTORS_LIST = ListConfig(
    kinds=frozenset({Change.BENEFACTORS}),
    columns=(
        Column("name", "نام", stretch=True),
        Column("kind", "نوع", choices(BENEFACTOR_KINDS), width=150),
        Column("national_code", "کد ملی / شناسهٔ ملی", numeric=True, width=150),
        Column("mobile", "همراه", numeric=True, width=120),
        Column("contact_by", "شیوهٔ تماس", choices(CONTACT_BY), width=110),
    ),
    count=count_benefactors,
    page=benefactor_page,
    open_form=_form,
    delete=delete_benefactor,
    filters=(FilterSpec("kind", "نوع", list(BENEFACTOR_KINDS.items())),),
    search_hint=search_hint("نام", "کد ملی", "همراه"),
    new_label="خیّر جدید",
    default_sort="name",
    audit_table="benefactors",
)


class BenefactorsPage(ParticipationListPage):
    export = staticmethod(export_benefactors)
    export_noun = "خیّر"

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, BENEFACTORS_LIST)
        self.statement_button = self.add_action("صورت سالانه…", self.print_statement, PRINT)
        self.export_button.setVisible(self.may_export())

    def may_export(self) -> bool:
        from ...services.accounts.access import can

        return can(self.ctx, EXPORT_PERSONAL)

    def print_statement(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        year_text = self.ask_text("صورت سالانهٔ خیّر", "سال شمسی (مثلاً ۱۴۰۵):")
        if not year_text:
            return
        digits = to_ascii_digits(year_text).strip()
        year = int(digits) if digits.isdigit() else to_jalali(today())[0]
        ctx, benefactor = self.ctx, str(row.id)
        self.write_pdf(
            f"statement-{year}-{row.id}.pdf",
            lambda path: print_benefactor_statement(ctx, benefactor, year, path),
        )


def benefactors_page(ctx: AppContext, runner: TaskRunner) -> BenefactorsPage:
    return BenefactorsPage(ctx, runner)
