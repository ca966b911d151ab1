"""The office's logo for printed forms: stored from an image file (administrator),
drawn at the top left of the printed service card."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from desktop_app.services.accounts.access import CLERK, PermissionDeniedError
from desktop_app.services.catalog.service_card_list import list_cards
from desktop_app.services.catalog.service_card_print import print_service_card
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.demo.demo_service_cards import fill_service_cards
from desktop_app.services.office.settings import load_office_logo, save_office_logo
from tests.accounts.helpers import sign_in_as


def _logo(size=(1200, 800)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).ellipse((100, 100, size[0] - 100, size[1] - 100), fill=(15, 92, 110))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def test_logo_is_stored_small_and_printed(ctx, tmp_path):
    stored = save_office_logo(ctx, _logo())
    with Image.open(io.BytesIO(stored)) as picture:
        assert picture.format == "PNG" and max(picture.size) == 600
    assert load_office_logo(ctx) == stored
    fill_service_cards(ctx)
    card = list_cards(ctx)[0]
    pdf = print_service_card(ctx, str(card.id), tmp_path / "card.pdf")
    pages = PdfReader(pdf).pages
    assert all(len(page.images) == 1 for page in pages)
    save_office_logo(ctx, None)
    assert load_office_logo(ctx) is None
    plain = print_service_card(ctx, str(card.id), tmp_path / "plain.pdf")
    assert all(len(page.images) == 0 for page in PdfReader(plain).pages)


def test_not_an_image_and_not_an_administrator(ctx):
    with pytest.raises(ServiceError) as info:
        save_office_logo(ctx, b"%PDF-1.4 not an image")
    assert info.value.field == "logo" and "تصویر" in info.value.message
    sign_in_as(ctx, "clerk1", CLERK)
    with pytest.raises(PermissionDeniedError):
        save_office_logo(ctx, _logo())
