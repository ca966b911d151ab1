"""The printing caches change nothing on the page: QR codes encoded with the mask kept
per version still decode (a real decoder reads every page of a batch), and the
QR codes are encoded afresh for every payload."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import zxingcpp
from PIL import Image

from desktop_app.reports import introduction_form
from desktop_app.reports.introduction_form import qr_modules, write_introduction_form
from desktop_app.services.registration.introduction import introduction_data
from tests.registration.test_introduction_form import enrolled  # noqa: F401


def test_every_qr_of_a_batch_decodes_with_the_kept_mask(office, enrolled, tmp_path):  # noqa: F811
    data = introduction_data(office, enrolled.tracking_code, count_print=False)
    introduction_form._MASKS.clear()
    qr_modules.cache_clear()
    forms = [
        replace(data, tracking_code=f"2701-{n:06d}", check=f"{n * 7919 % 99991:010X}")
        for n in (1, 2, 3)
    ]
    payloads = [form.qr_payload for form in forms]
    assert len(set(payloads)) == 3
    out = tmp_path / "batch.pdf"
    write_introduction_form(out, forms)
    assert len(introduction_form._MASKS) == 1  # one version: its mask chosen once
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(out), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p*.png"))
    decoded = [[c.text for c in zxingcpp.read_barcodes(Image.open(page))] for page in pages]
    assert decoded == [[p] for p in payloads]
