"""Demo workshop equipment: a few items in every workshop of the demo places, in every
condition, some with a drawn photo (Pillow; no real photographs). Invented but
realistic; asset numbers carry the place code. No Qt; any thread."""

from __future__ import annotations

import io
import uuid
from datetime import date

from PIL import Image, ImageDraw
from sqlalchemy import select

from desktop_app.models import Place, Workshop, live
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.images import EQUIPMENT, prepare_photo
from desktop_app.services.places.equipment import EquipmentData, move_equipment, save_equipment

# occupation group → (name, category, brand/model, unit, price in rial)
_ITEMS: dict[str, tuple[tuple[str, str, str, str, int], ...]] = {
    "برق": (
        ("تابلو آموزشی برق صنعتی", "تجهیزات آموزشی", "فن‌آموز FA-200", "دستگاه", 450_000_000),
        ("مولتی‌متر دیجیتال", "تجهیزات اندازه‌گیری", "Fluke 117", "عدد", 38_000_000),
        ("دریل شارژی", "ابزار برقی", "Bosch GSR 120", "عدد", 21_000_000),
        ("میز کار فلزی", "مبلمان و تجهیزات کلاس", "ساخت داخل", "عدد", 15_000_000),
    ),
    "رایانه": (
        ("رایانه رومیزی", "تجهیزات رایانه‌ای", "Lenovo ThinkCentre M70", "دستگاه", 320_000_000),
        ("پرینتر لیزری", "تجهیزات رایانه‌ای", "HP LaserJet M211", "دستگاه", 95_000_000),
        ("ویدئو پروژکتور", "تجهیزات آموزشی", "Epson EB-X51", "دستگاه", 180_000_000),
        ("صندلی گردان", "مبلمان و تجهیزات کلاس", "نیلپر", "عدد", 12_000_000),
    ),
    "جوشکاری و ساخت": (
        ("دستگاه جوش اینورتر", "ماشین‌آلات", "Gamma 200A", "دستگاه", 140_000_000),
        ("سنگ فرز", "ابزار برقی", "Ronix 3210", "عدد", 9_500_000),
        ("ماسک جوشکاری اتوماتیک", "تجهیزات ایمنی", "Jasic", "عدد", 4_800_000),
        ("گیره رومیزی", "ابزار دستی", "ساخت داخل", "عدد", 6_000_000),
    ),
}
_DEFAULT_ITEMS = (
    ("میز کار آموزشی", "مبلمان و تجهیزات کلاس", "ساخت داخل", "عدد", 14_000_000),
    ("جعبه ابزار کامل", "ابزار دستی", "Tolsen", "سری", 18_000_000),
    ("کپسول آتش‌نشانی ۶ کیلویی", "تجهیزات ایمنی", "ایران‌فایر", "عدد", 3_500_000),
    ("تخته وایت‌برد", "مبلمان و تجهیزات کلاس", "ساخت داخل", "عدد", 5_000_000),
)
_CONDITIONS = ("sound", "needs_repair", "unusable", "scrapped", "sound", "sound")
_COLORS = ((38, 98, 153), (196, 94, 38), (60, 140, 80), (120, 72, 150))


def demo_photo(index: int) -> bytes:
    """A simple drawn picture of a machine (for the demo), prepared like a real photo."""
    color = _COLORS[index % len(_COLORS)]
    image = Image.new("RGB", (480, 360), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle((70, 110, 410, 300), fill=color, outline=(40, 40, 40), width=4)
    draw.rectangle((110, 140, 250, 220), fill=(220, 230, 240), outline=(40, 40, 40), width=3)
    draw.ellipse((290, 150, 370, 230), fill=(250, 250, 250), outline=(40, 40, 40), width=4)
    draw.line((330, 190, 355, 165), fill=(200, 30, 30), width=5)
    draw.rectangle((90, 300, 130, 330), fill=(60, 60, 60))
    draw.rectangle((350, 300, 390, 330), fill=(60, 60, 60))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return prepare_photo(out.getvalue(), EQUIPMENT)


@access.operation(access.ENTER)
def fill_equipment(ctx: AppContext) -> None:
    with ctx.session() as session:
        workshops = session.execute(
            select(Workshop.id, Workshop.occupation_group, Place.code)
            .join(Place, Place.id == Workshop.place_id)
            .where(live(Workshop))
            .order_by(Place.code, Workshop.name)
        ).all()
    serial = 0
    saved_by_place: dict[str, list[tuple[EquipmentData, uuid.UUID]]] = {}
    for w_index, workshop in enumerate(workshops):
        items = _ITEMS.get(workshop.occupation_group, _DEFAULT_ITEMS)
        for i_index, (name, category, model, unit, price) in enumerate(items):
            serial += 1
            condition = _CONDITIONS[(w_index + i_index) % len(_CONDITIONS)]
            acquired = date(2015 + (serial % 9), 1 + serial % 12, 1 + serial % 27)
            item = save_equipment(
                ctx,
                EquipmentData(
                    workshop_id=workshop.id,
                    asset_number=f"{workshop.code}-{serial:04d}",
                    name=name,
                    category=category,
                    brand_model=model,
                    serial_number=f"SN{20_000 + serial * 37}",
                    quantity=1 if unit == "دستگاه" else 1 + serial % 6,
                    unit=unit,
                    acquired_on=acquired,
                    price_rial=price,
                    condition=condition,
                    last_inspection=date(2025, 1 + serial % 12, 1 + serial % 27),
                    notes="نیاز به تعویض قطعه دارد." if condition == "needs_repair" else "",
                    photo=demo_photo(serial) if i_index % 2 == 0 else None,
                ),
            )
            saved_by_place.setdefault(workshop.code, []).append((item, workshop.id))
    # one item of each place with two workshops moved between them, for the history
    for place_items in saved_by_place.values():
        workshop_ids = list(dict.fromkeys(w for _i, w in place_items))
        if len(workshop_ids) > 1:
            first = place_items[0][0]
            assert first.id is not None
            move_equipment(
                ctx,
                first.id,
                first.version,
                workshop_ids[1],
                date(2025, 9, 1),
                "جابه‌جایی برای دورهٔ تابستانی",
            )
