"""The printed card and SLA: via the CLI, text readable back, nothing duplicated."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from desktop_app.cli import PRINT_KINDS, main
from desktop_app.documents.service_card_data import STAGES
from desktop_app.reports.service_card import write_service_card
from desktop_app.services.demo.demo_service_cards import SEED_CARDS, golestan_skill_training
from tests.reports.pdftext import drawn_lines, fa, logical, nfkc


def readable(path) -> list[str]:
    """Every drawn line of every page, back in logical order (ZWNJ dropped)."""
    return [logical(line) for page in drawn_lines(path) for line in page]


@pytest.fixture
def demo_dir(data_dir):
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    return data_dir


def test_print_service_card_by_code(demo_dir, tmp_path, capsys):
    out = tmp_path / "card.pdf"
    assert (
        main(["print", "service-card", "۱۸۰۵۱۰۴۵۰۰۰", "-o", str(out), "--data-dir", str(demo_dir)])
        == 0
    )
    lines = readable(out)
    text = "\n".join(lines)
    card = golestan_skill_training()
    assert card.title in text
    assert "فرم شناسنامه خدمت دستگاه اجرایی" in lines
    assert card.agency in lines  # the page header
    pages = drawn_lines(out)
    assert f"صفحه {fa(1)} از {fa(len(pages))}" in lines
    assert PdfReader(out).metadata.title == f"شناسنامه خدمت: {card.title}"
    assert str(out) in capsys.readouterr().out


def test_each_section_and_stage_drawn_once(tmp_path):
    for make in SEED_CARDS:
        out = tmp_path / "c.pdf"
        write_service_card(out, make())
        lines = readable(out)
        for heading in ("۴- مشخصات خدمت", "۵- جزئیات خدمت", "۶- نحوه دسترسی به خدمت"):
            assert sum(heading in line for line in lines) == 1, heading
        for label in STAGES.values():
            first_words = nfkc(label.replace("\u200c", "")).split("(")[0].strip()
            assert sum(line.startswith(first_words) for line in lines) == 1, label
        assert sum("عناوین فرایندهای خدمت" in line for line in lines) == 1


def test_long_text_flows_onto_more_pages(tmp_path):
    card = golestan_skill_training()
    card.description = " ".join([card.description] * 30)
    out = tmp_path / "long.pdf"
    write_service_card(out, card)
    pages = drawn_lines(out)
    assert len(pages) >= 3
    total = fa(len(pages))
    for number, page in enumerate(pages, start=1):
        assert f"صفحه {fa(number)} از {total}" in [logical(line) for line in page]


def test_print_sla(demo_dir, tmp_path):
    out = tmp_path / "sla.pdf"
    assert main(["print", "sla", "19071058105", "-o", str(out), "--data-dir", str(demo_dir)]) == 0
    text = "\n".join(readable(out))
    assert "بیانیه توافقنامه سطح خدمت" in text
    for heading in (
        "مقدمه:",
        "هدف:",
        "هزینه‌ها و پرداخت‌ها:".replace("\u200c", ""),
        "خاتمه توافقنامه:",
    ):
        assert heading in text
    assert "ساماندهی مشارکتهای مردمی و خدمات داوطلبانه بهزیستی" in text


def test_unknown_code_is_a_persian_message(demo_dir, tmp_path, capsys):
    out = tmp_path / "none.pdf"
    assert (
        main(["print", "service-card", "99999999999", "-o", str(out), "--data-dir", str(demo_dir)])
        == 1
    )
    assert "پیدا نشد" in capsys.readouterr().err
    assert not out.exists()


def test_export_and_import_commands(demo_dir, tmp_path, capsys):
    json_path = tmp_path / "catalog.json"
    xlsx_path = tmp_path / "catalog.xlsx"
    assert main(["export", "service-cards", "-o", str(json_path), "--data-dir", str(demo_dir)]) == 0
    assert main(["export", "service-cards", "-o", str(xlsx_path), "--data-dir", str(demo_dir)]) == 0
    assert xlsx_path.read_bytes()[:2] == b"PK"
    other = tmp_path / "other"
    assert main(["import", "service-cards", str(json_path), "--data-dir", str(other)]) == 0
    assert "3 شناسنامه افزوده" in capsys.readouterr().out


def test_print_kinds_registry():
    assert {"service-card", "sla"} <= set(PRINT_KINDS)


def test_sla_default_text_and_clerk_edits(ctx, tmp_path):
    from dataclasses import replace

    from desktop_app.services.catalog.service_card_print import print_sla
    from desktop_app.services.catalog.service_cards import find_card
    from desktop_app.services.catalog.sla import sla_for_card
    from desktop_app.services.demo.demo_service_cards import fill_service_cards

    fill_service_cards(ctx)
    card = find_card(ctx, "18051045000")
    sla = sla_for_card(ctx, card)
    assert [heading for heading, _ in sla.sections()][:2] == ["مقدمه", "هدف"]
    assert "۵۰٬۰۰۰ ریال" in sla.fees and "الکترونیکی" in sla.fees
    assert card.agency in sla.goal
    assert "نسخه پشتیبان" in sla.termination
    edited = replace(sla, period="این توافقنامه یک ساله است")
    out = tmp_path / "edited.pdf"
    print_sla(ctx, card.service_code, out, edited)
    assert "این توافقنامه یک ساله است" in "\n".join(readable(out))


def test_import_command_exits_non_zero_when_some_cards_failed(demo_dir, tmp_path, capsys):
    import json

    json_path = tmp_path / "catalog.json"
    assert main(["export", "service-cards", "-o", str(json_path), "--data-dir", str(demo_dir)]) == 0
    document = json.loads(json_path.read_text(encoding="utf-8"))
    document["cards"][1]["email"] = "not an email"
    document["cards"][2]["level"] = "galactic"
    json_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    other = tmp_path / "other"
    assert main(["import", "service-cards", str(json_path), "--data-dir", str(other)]) == 2
    out = capsys.readouterr().out
    assert "1 شناسنامه افزوده" in out
    problems = [line for line in out.splitlines() if line.startswith("وارد نشد")]
    assert len(problems) == 2
    assert "شناسنامهٔ ۲" in problems[0] and "پست الکترونیک" in problems[0]
    assert "شناسنامهٔ ۳" in problems[1] and "galactic" in problems[1]
    # the good card is in, the bad ones are not; a clean re-run of the good file exits 0
    from desktop_app.services.accounts.access import system_actor
    from desktop_app.services.catalog.service_card_io import export_cards
    from desktop_app.services.core.context import AppContext

    ctx = AppContext.open(other)
    ctx.user = system_actor()  # a service call acts as someone (issue 16)
    try:
        assert [c.title for c in export_cards(ctx)] == [document["cards"][0]["title"]]
    finally:
        ctx.close()


def test_seed_000_prints_the_visit_line(tmp_path):
    """Seed 000 has "مراجعه به دستگاه: ☐ ملی ☐ استانی ☐ شهرستانی" under the stages."""
    from dataclasses import replace

    out = tmp_path / "card.pdf"
    write_service_card(out, golestan_skill_training())
    lines = readable(out)
    at = lines.index("مراجعه به دستگاه:")
    assert lines[at + 1 : at + 4] == ["ملی", "استانی", "شهرستانی"]
    assert lines[at - 1] == "در مرحله ارائه خدمت"  # right under the last stage
    # a ticked box changes the drawing (the seed has none ticked)
    ticked = tmp_path / "ticked.pdf"
    write_service_card(ticked, replace(golestan_skill_training(), visit_levels=["provincial"]))
    assert readable(ticked) == lines
    streams = [p.get_contents().get_data() for p in PdfReader(out).pages]
    assert [p.get_contents().get_data() for p in PdfReader(ticked).pages] != streams
