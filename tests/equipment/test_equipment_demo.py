"""Demo equipment: every condition, in workshops of places of two provinces, with photos
and a move history."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop_app.models import Equipment, EquipmentMove, Place
from desktop_app.services.core.images import photo_size
from desktop_app.services.demo.demo import DEMO_FILLERS, fill_office
from desktop_app.services.demo.demo_equipment import fill_equipment
from desktop_app.services.demo.demo_places import fill_places
from desktop_app.services.places.equipment import CONDITIONS


def test_demo_equipment(ctx):
    assert fill_equipment in [filler for _title, filler in DEMO_FILLERS]
    fill_office(ctx)
    fill_places(ctx)
    fill_equipment(ctx)
    with ctx.session() as session:
        conditions = dict(
            session.execute(
                select(Equipment.condition, func.count()).group_by(Equipment.condition)
            ).all()
        )
        provinces = set(
            session.scalars(select(Place.province).join(Equipment, Equipment.place_id == Place.id))
        )
        photos = session.scalars(select(Equipment.photo).where(Equipment.photo.is_not(None))).all()
        with_photo = set(
            session.scalars(select(Equipment.condition).where(Equipment.photo.is_not(None)))
        )
        moves = session.scalar(select(func.count()).select_from(EquipmentMove))
    assert set(conditions) == set(CONDITIONS) and min(conditions.values()) >= 3
    assert {"گلستان", "مازندران"} <= provinces
    assert photos and all(p.startswith(b"\xff\xd8") for p in photos)
    assert photo_size(photos[0]) == (480, 360)
    assert len(with_photo) >= 3  # photos are not tied to one condition
    assert moves >= 2
