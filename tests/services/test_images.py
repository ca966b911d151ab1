"""Photos: any common format in, a compact JPEG of the right shape out; bad files refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.images import EQUIPMENT, PERSONNEL, photo_size, prepare_photo


def _image_bytes(size: tuple[int, int], fmt: str, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30)).save(
        out, format=fmt
    )
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP"])
def test_common_formats_become_a_3x4_jpeg(fmt: str) -> None:
    data = prepare_photo(_image_bytes((1200, 900), fmt), PERSONNEL)
    assert data[:3] == b"\xff\xd8\xff"
    width, height = photo_size(data)
    assert (width, height) == (300, 400)


def test_transparency_is_flattened_onto_white() -> None:
    data = prepare_photo(_image_bytes((400, 400), "PNG", mode="RGBA"), EQUIPMENT)
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "RGB"


def test_equipment_keeps_its_aspect_and_is_downscaled() -> None:
    data = prepare_photo(_image_bytes((4000, 2000), "PNG"), EQUIPMENT)
    assert photo_size(data) == (1024, 512)
    assert len(data) < 200_000


def test_exif_orientation_is_applied() -> None:
    image = Image.new("RGB", (800, 600), (0, 0, 0))
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    assert photo_size(prepare_photo(out.getvalue(), EQUIPMENT)) == (600, 800)


def test_path_source(tmp_path) -> None:
    path = tmp_path / "عکس.png"
    path.write_bytes(_image_bytes((300, 400), "PNG"))
    assert photo_size(prepare_photo(path)) == (300, 400)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"not an image at all", "تصویر نیست"),
        (b"", "خالی"),
        (_image_bytes((600, 800), "PNG")[:200], "آسیب"),
        (_image_bytes((40, 50), "PNG"), "کوچک"),
    ],
)
def test_bad_files_get_a_persian_message(data: bytes, words: str) -> None:
    with pytest.raises(ServiceError) as caught:
        prepare_photo(data, PERSONNEL)
    assert words in caught.value.message
    assert caught.value.field == "photo"


def test_missing_and_huge_files(tmp_path, monkeypatch) -> None:
    with pytest.raises(ServiceError, match="پیدا نشد"):
        prepare_photo(tmp_path / "none.jpg")
    monkeypatch.setattr("desktop_app.services.core.images.MAX_PIXELS", 1000)
    with pytest.raises(ServiceError, match="بزرگ"):
        prepare_photo(_image_bytes((100, 100), "PNG"))
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\0" * 10)
    monkeypatch.setattr("desktop_app.services.core.images.MAX_FILE_BYTES", 5)
    with pytest.raises(ServiceError, match="مگابایت"):
        prepare_photo(big)
