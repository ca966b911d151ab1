"""Photos a clerk attaches (trainer, trainee, equipment): read any common image format
with Pillow, check it, and turn it into a compact JPEG to store. No Qt; any thread.

``prepare_photo(source, kind)`` accepts a path or the file's bytes. It refuses, with a
Persian message and without touching anything else, a file that is not an image, is
damaged, is larger than ``MAX_FILE_BYTES`` on disk, has more pixels than
``MAX_PIXELS`` (a decompression bomb), or is smaller than the kind's minimum. It
applies the EXIF orientation (phone photos), flattens transparency onto white,
crops to the kind's aspect ratio (3×4 for a personnel photo) around the centre,
downscales to the kind's box and encodes a JPEG of a few tens of kilobytes.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from desktop_app.services.core.errors import ServiceError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 60_000_000


@dataclass(frozen=True)
class PhotoKind:
    """How a kind of photo is stored: box, optional aspect (w/h), minimum size."""

    max_width: int
    max_height: int
    aspect: float | None = None
    min_width: int = 60
    min_height: int = 60
    quality: int = 85


PERSONNEL = PhotoKind(max_width=300, max_height=400, aspect=3 / 4, min_width=90, min_height=120)
EQUIPMENT = PhotoKind(max_width=1024, max_height=1024, min_width=80, min_height=80, quality=80)


def prepare_photo(source: str | Path | bytes, kind: PhotoKind = PERSONNEL) -> bytes:
    """The JPEG bytes to store for ``source``; ``ServiceError(field="photo")`` if unusable."""
    data = _read(source)
    image = _open(data)
    if image.width < kind.min_width or image.height < kind.min_height:
        raise ServiceError(
            f"تصویر خیلی کوچک است ({image.width}×{image.height} نقطه). "
            f"دست‌کم {kind.min_width}×{kind.min_height} نقطه لازم است.",
            "photo",
        )
    image = _flatten(image)
    if kind.aspect is not None:
        image = _crop_to_aspect(image, kind.aspect)
    image.thumbnail((kind.max_width, kind.max_height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=kind.quality, optimize=True)
    return out.getvalue()


def photo_size(data: bytes) -> tuple[int, int]:
    """Width and height of stored photo bytes."""
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _read(source: str | Path | bytes) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ServiceError(_too_big(), "photo")
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise ServiceError("پرونده تصویر پیدا نشد.", "photo") from exc
        except OSError as exc:
            raise ServiceError(f"پرونده تصویر خوانده نشد: {exc.strerror or exc}", "photo") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ServiceError(_too_big(), "photo")
    if not data:
        raise ServiceError("پرونده تصویر خالی است.", "photo")
    return data


def _too_big() -> str:
    return f"پرونده تصویر بیش از {MAX_FILE_BYTES // (1024 * 1024)} مگابایت است."


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ServiceError("ابعاد تصویر بیش از حد بزرگ است.", "photo")
            image.load()
            return ImageOps.exif_transpose(image) or image
    except ServiceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ServiceError("ابعاد تصویر بیش از حد بزرگ است.", "photo") from exc
    except UnidentifiedImageError as exc:
        raise ServiceError("این پرونده تصویر نیست یا قالب آن شناخته نشد.", "photo") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ServiceError("پرونده تصویر آسیب دیده است و خوانده نشد.", "photo") from exc


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _crop_to_aspect(image: Image.Image, aspect: float) -> Image.Image:
    """The largest centred crop of ``image`` with width/height == ``aspect``."""
    width, height = image.size
    if width / height > aspect:
        new_width = round(height * aspect)
        left = (width - new_width) // 2
        return image.crop((left, 0, left + new_width, height))
    new_height = round(width / aspect)
    top = (height - new_height) // 2
    return image.crop((0, top, width, top + new_height))
