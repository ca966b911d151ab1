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


def test_a_column_named_alike_in_two_tables_may_have_its_own_name():
    """``value`` is «مقدار» in the settings but an in-kind gift line's estimated worth:
    the log, a record's history and the changed fields read «ارزش برآوردی» there."""
    from datetime import UTC, datetime

    from desktop_app.services.accounts.audit_log import (
        TABLE_FIELD_TITLES,
        AuditRow,
        field_title,
    )

    assert field_title("gift_items", "value") == "ارزش برآوردی"
    assert field_title("settings", "value") == "مقدار"
    assert field_title("gift_items", "unit") == FIELD_TITLES["unit"]
    row = AuditRow(1, datetime.now(UTC), "clerk1", "edit", "gift_items", "x",
                   {"value": [1_000, 2_000], "quantity": [1, 2]}, "")  # fmt: skip
    assert row.summary == "ارزش برآوردی، " + FIELD_TITLES["quantity"]
    tables = {t.name: t for t in Base.metadata.tables.values()}
    for (table, column), title in TABLE_FIELD_TITLES.items():
        assert column in tables[table].columns, (table, column)  # names a real column
        assert PERSIAN.match(title), title
