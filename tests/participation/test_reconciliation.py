"""Bank reconciliation: CSV and Excel statements, match by reference AND amount, a
clerk confirms, importing twice changes nothing, unknown columns and bad rows refused
with Persian messages at their row, unmatched on both sides listed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.models import BankStatementLine
from desktop_app.persian import from_jalali
from desktop_app.services.accounts.access import PermissionDeniedError
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.excel import write_sheet
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.participation.reconciliation import (
    DEFAULT_TOLERANCE_DAYS,
    confirm_match,
    import_statement,
    line_page,
    load_match_tolerance,
    read_statement,
    save_match_tolerance,
    unmatch,
    unmatched_gifts,
)
from tests.accounts.helpers import sign_in_as
from tests.participation.conftest import cash


def _csv(tmp_path, lines, name="statement.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _state(ctx):
    with ctx.session() as s:
        rows = s.execute(
            select(
                BankStatementLine.line_key, BankStatementLine.gift_id, BankStatementLine.version
            ).order_by(BankStatementLine.line_key)
        ).all()
    return [tuple(r) for r in rows]


DAY = from_jalali(1405, 1, 10)


@pytest.fixture
def gifts(office):
    return [
        cash(office, amount=1_000_000, channel="atm", ref="740001", received_on=DAY),
        cash(office, amount=2_500_000, channel="gateway", ref="740002", received_on=DAY),
        cash(office, amount=500_000, channel="mobile", ref="740003", received_on=DAY),
        cash(office, amount=700_000, channel="counter", received_on=DAY),
    ]


def test_matches_by_reference_and_amount_and_twice_changes_nothing(office, gifts, tmp_path):
    path = _csv(tmp_path, [
        "تاریخ,مبلغ,کد مرجع,شرح",
        "1405/01/10,1000000,740001,واریز",
        "1405/01/11,\"2,500,000\",۷۴۰۰۰۲,واریز",
        "1405/01/12,999999,740003,مبلغ دیگر",  # same reference, other amount: no match
        "1405/01/13,300000,990001,نامشخص",
    ])  # fmt: skip
    report = import_statement(office, path)
    assert (report.added, report.already, report.matched, report.unmatched_lines) == (4, 0, 2, 2)
    matched = {r.bank_ref: r.receipt_no for r in line_page(office, ListQuery(), 0, 10)}
    assert matched == {"740001": gifts[0].receipt_no, "740002": gifts[1].receipt_no,
                       "740003": None, "990001": None}  # fmt: skip
    assert [g.receipt_no for g in unmatched_gifts(office)] == [gifts[2].receipt_no]
    before = _state(office)
    again = import_statement(office, path)
    assert (again.added, again.already, again.matched) == (0, 4, 0)
    assert _state(office) == before


def test_identical_rows_in_one_file_are_two_lines(office, tmp_path):
    cash(office, amount=1000, channel="atm", ref="1", received_on=DAY)
    cash(office, amount=1000, channel="gateway", ref="1", received_on=DAY)
    path = _csv(tmp_path, ["date,amount,reference", "2026-04-01,1000,1", "2026-04-01,1000,1"])
    assert import_statement(office, path).matched == 2
    assert import_statement(office, path).added == 0


def test_confirm_and_unmatch(office, gifts, tmp_path):
    import_statement(office, _csv(tmp_path, ["تاریخ,مبلغ,کد مرجع", "1405/01/10,1000000,740001",
                                             "1405/01/10,5,12"]))  # fmt: skip
    rows = {r.bank_ref: r for r in line_page(office, ListQuery(), 0, 10)}
    with pytest.raises(ServiceError):
        confirm_match(office, rows["12"].id)  # nothing to confirm
    confirm_match(office, rows["740001"].id)
    with pytest.raises(ServiceError):
        unmatch(office, rows["740001"].id)  # a confirmed match stays
    confirmed = line_page(office, ListQuery(filters=(("state", "confirmed"),)), 0, 10)
    assert [r.bank_ref for r in confirmed] == ["740001"]


def test_unmatch_frees_the_gift_for_another_line(office, gifts, tmp_path):
    import_statement(office, _csv(tmp_path, ["تاریخ,مبلغ,کد مرجع", "1405/01/10,1000000,740001"]))
    line = line_page(office, ListQuery(), 0, 1)[0]
    unmatch(office, line.id)
    assert line_page(office, ListQuery(filters=(("state", "unmatched"),)), 0, 5)[0].id == line.id


def test_unknown_columns_refused(office, tmp_path):
    path = _csv(tmp_path, ["ستون یک,ستون دو", "a,b"])
    with pytest.raises(ServiceError) as caught:
        import_statement(office, path)
    message = caught.value.message
    assert "ستون یک" in message and "تاریخ" in message and "کد مرجع" in message
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(BankStatementLine)) == 0


def test_bad_rows_are_named_and_the_rest_imported(office, gifts, tmp_path):
    path = _csv(tmp_path, [
        "تاریخ,مبلغ,کد مرجع",
        "1405/13/40,1000,1",
        "1405/01/10,یک میلیون,2",
        "1405/01/10,-5000,3",
        "1405/01/10,1000,",
        "1405/01/10,1000000,740001",
    ])  # fmt: skip
    report = import_statement(office, path)
    assert report.added == 1 and report.matched == 1
    assert [p.split(":")[0] for p in report.problems] == ["سطر ۲", "سطر ۳", "سطر ۴", "سطر ۵"]


def test_excel_statement(office, gifts, tmp_path):
    path = tmp_path / "bank.xlsx"
    write_sheet(path, "صورتحساب", ["Date", "Credit", "Reference", "Description"],
                [["2026-03-30", 2500000, "740002", "x"]])  # fmt: skip
    assert read_statement(path).rows[0].amount == 2_500_000
    assert import_statement(office, path).matched == 1


def test_not_a_statement_file(office, tmp_path):
    broken = tmp_path / "x.xlsx"
    broken.write_bytes(b"not excel")
    with pytest.raises(ServiceError):
        import_statement(office, broken)
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ServiceError):
        import_statement(office, binary)
    with pytest.raises(ServiceError):
        import_statement(office, _csv(tmp_path, [""], "empty.csv"))


def test_cancelled_gift_is_not_matched(office, tmp_path):
    from desktop_app.services.participation.gifts import cancel_gift

    gift = cash(office, amount=1000, channel="atm", ref="77", received_on=DAY)
    cancel_gift(office, gift.id, "برگشت خورد")
    assert (
        import_statement(
            office, _csv(tmp_path, ["تاریخ,مبلغ,کد مرجع", "1405/01/10,1000,77"])
        ).matched
        == 0
    )


# -- date tolerance ----------------------------------------------------------------------------


def _matched_refs(ctx):
    return {r.bank_ref for r in line_page(ctx, ListQuery(), 0, 100) if r.receipt_no}


def test_matching_stops_at_the_date_tolerance_boundary(office, tmp_path):
    """Gift on 1405/01/10, tolerance 3 (the default): a line booked 3 days away either
    side matches, 4 days away does not; a later gift within reach matches it on re-import."""
    assert load_match_tolerance(office) == DEFAULT_TOLERANCE_DAYS == 3
    for ref in ("81", "82", "83", "84"):
        cash(office, amount=1000, channel="gateway", ref=ref, received_on=DAY)
    report = import_statement(office, _csv(tmp_path, [
        "تاریخ,مبلغ,کد مرجع",
        "1405/01/13,1000,81",  # +3 days: inside
        "1405/01/07,1000,82",  # −3 days: inside
        "1405/01/14,1000,83",  # +4 days: outside
        "1405/01/06,1000,84",  # −4 days: outside
    ]))  # fmt: skip
    assert report.matched == 2 and report.unmatched_lines == 2
    assert _matched_refs(office) == {"81", "82"}
    assert {g.bank_ref for g in unmatched_gifts(office)} == {"83", "84"}


def test_a_wider_tolerance_reaches_the_waiting_lines_and_the_nearest_gift_wins(office, tmp_path):
    cash(office, amount=1000, channel="gateway", ref="91", received_on=DAY)
    path = _csv(tmp_path, ["تاریخ,مبلغ,کد مرجع", "1405/01/15,1000,91"])  # 5 days after
    assert import_statement(office, path).matched == 0
    assert save_match_tolerance(office, "۵") == 5  # Persian digits as typed
    assert import_statement(office, path).matched == 1  # the waiting line is retried
    # two gifts with one reference and amount: the line takes the nearer one
    far = cash(office, amount=2000, channel="atm", ref="92", received_on=from_jalali(1405, 1, 2))
    near = cash(office, amount=2000, channel="mobile", ref="92", received_on=DAY)
    import_statement(
        office, _csv(tmp_path, ["date,amount,reference", "1405/01/11,2000,92"], "b.csv")
    )
    rows = {r.bank_ref: r.receipt_no for r in line_page(office, ListQuery(), 0, 100)}
    assert rows["92"] == near.receipt_no != far.receipt_no


@pytest.mark.parametrize("bad", [-1, 31, "سه", "", None])
def test_tolerance_is_refused_outside_zero_to_thirty_days(office, bad):
    with pytest.raises(ServiceError) as caught:
        save_match_tolerance(office, bad)
    assert caught.value.field == "tolerance_days" and "۳۰" in caught.value.message
    assert load_match_tolerance(office) == DEFAULT_TOLERANCE_DAYS


def test_only_who_may_change_settings_sets_the_tolerance(office):
    sign_in_as(office, "clerk1", "clerk")
    with pytest.raises(PermissionDeniedError):
        save_match_tolerance(office, 7)
    assert load_match_tolerance(office) == DEFAULT_TOLERANCE_DAYS
