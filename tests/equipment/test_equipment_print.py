"""The printed equipment list (PDF) of a place or a workshop, and the CLI commands."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.services.core.errors import NotFoundError
from desktop_app.services.places.equipment import EquipmentData, save_equipment
from desktop_app.services.places.equipment_print import find_scope, print_equipment_list
from tests.reports.pdftext import drawn_lines, logical, nfkc


def _fill(ctx, workshops):
    _g, (a, b) = workshops["gorgan"]
    _s, (c,) = workshops["sari"]
    items = [
        (a, "1001", "دستگاه جوش", "sound"),
        (a, "1002", "سنگ فرز", "needs_repair"),
        (b, "2001", "رایانه رومیزی", "unusable"),
        (b, "2002", "پرینتر لیزری", "scrapped"),
        (c, "3001", "تابلو برق", "sound"),
    ]
    for workshop, asset, name, condition in items:
        save_equipment(
            ctx,
            EquipmentData(
                workshop_id=workshop.id,
                asset_number=asset,
                name=name,
                quantity=2,
                acquired_on=date(2024, 3, 20),
                condition=condition,
            ),
        )


def _text(path):
    lines = [line for page in drawn_lines(path) for line in page]
    return lines, "\n".join(logical(line) for line in lines), nfkc("\n".join(lines))


def test_scope_keys(ctx, workshops):
    gorgan, (a, _b) = workshops["gorgan"]
    assert find_scope(ctx, "۲۷۰۱۰۱").workshop_id is None
    scope = find_scope(ctx, "270101/كارگاه برق")  # Arabic kaf, as typed anywhere
    assert (scope.place_id, scope.workshop_id) == (gorgan.id, a.id)
    assert find_scope(ctx, str(a.id)).workshop_id == a.id
    with pytest.raises(NotFoundError) as err:
        find_scope(ctx, "270101/کارگاه نجاری")
    assert "کارگاه رایانه" in err.value.message  # lists what exists
    with pytest.raises(NotFoundError):
        find_scope(ctx, "999999")


def test_place_list_pdf(ctx, workshops, tmp_path):
    _fill(ctx, workshops)
    path = print_equipment_list(ctx, "270101", tmp_path / "place.pdf")
    _lines, text, raw = _text(path)
    assert "فهرست تجهیزات کارگاهی" in text
    assert "مکان: مرکز گرگان" in text
    for name in ("دستگاه جوش", "سنگ فرز", "رایانه رومیزی", "پرینتر لیزری"):
        assert name in text
    assert "تابلو برق" not in text  # another place
    for asset in ("1001", "1002", "2001", "2002"):
        assert asset in raw  # codes keep their digit order
    assert "نیازمند تعمیر" in text and "اسقاط" in text
    assert "جمع: ۴ قلم" in text
    assert "۱۴۰۳/۰۱/۰۱" in raw  # digits drawn left to right


def test_workshop_list_pdf_filtered_by_condition(ctx, workshops, tmp_path):
    _fill(ctx, workshops)
    path = tmp_path / "ws.pdf"
    print_equipment_list(ctx, "270101/کارگاه برق", path, condition="needs_repair")
    _lines, text, raw = _text(path)
    assert "کارگاه: کارگاه برق" in text
    assert "فقط اقلام با وضعیت »نیازمند تعمیر«" in text  # (guillemets mirror on reversal)
    assert "سنگ فرز" in text and "1002" in raw
    assert "دستگاه جوش" not in text and "1001" not in raw


def test_cli_print_and_export(ctx, workshops, data_dir, tmp_path, capsys):
    _fill(ctx, workshops)
    ctx.close()
    pdf = tmp_path / "list.pdf"
    code = main(
        [
            "print",
            "equipment-list",
            "270101/کارگاه رایانه",
            "-o",
            str(pdf),
            "--condition",
            "اسقاط",
            "--data-dir",
            str(data_dir),
        ]
    )
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    _lines, text, raw = _text(pdf)
    assert "پرینتر لیزری" in text and "2001" not in raw
    xlsx = tmp_path / "all.xlsx"
    assert main(["export", "equipment", "-o", str(xlsx), "--data-dir", str(data_dir)]) == 0
    assert "5 قلم" in capsys.readouterr().out
    assets = [r[0] for r in load_workbook(xlsx).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(assets) == ["1001", "1002", "2001", "2002", "3001"]
    assert (
        main(["print", "equipment-list", "555", "-o", str(pdf), "--data-dir", str(data_dir)]) == 1
    )
    assert "--force" in capsys.readouterr().err  # the list printed above is not overwritten
    assert (
        main(
            [
                "print",
                "equipment-list",
                "555",
                "-o",
                str(pdf),
                "--force",
                "--data-dir",
                str(data_dir),
            ]
        )
        == 1
    )
    assert "پیدا نشد" in capsys.readouterr().err
