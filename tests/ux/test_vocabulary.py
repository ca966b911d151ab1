"""One Persian vocabulary: every table and every column of the workstation database has
a Persian name in the vocabulary the audit log, its filters and its history use, so a
clerk never reads ``certificate_inquiries`` or ``print_count``."""

from __future__ import annotations

import re

from desktop_app.models import Base
from desktop_app.services.accounts.audit_log import FIELD_TITLES, TABLE_TITLES

PERSIAN = re.compile(r"^[\u0600-\u06ff\u200c ()«»،\-]+$")


def test_every_table_and_column_has_a_persian_name():
    # the application's tables (a test elsewhere may register a throw-away model)
    app = [
        m.local_table
        for m in Base.registry.mappers
        if m.class_.__module__.startswith("desktop_app.")
    ]
    tables = {t.name for t in app}
    columns = {c.name for t in app for c in t.columns}
    assert tables - set(TABLE_TITLES) == set()
    assert columns - set(FIELD_TITLES) == set()
    for title in [*TABLE_TITLES.values(), *FIELD_TITLES.values()]:
        assert PERSIAN.match(title), title
