"""Introduction forms: one form, and a course's batch in one PDF, each next to raw
reportlab drawing the same strings, photo and QR code, measured in the same run; then
a profile of one form naming its top costs.

- One form: ``write_introduction_form`` of one form into memory, median of ``--runs``
  (after one warm-up: the per-process caches of fonts, shaped labels and the QR mask
  are what a clerk's second print finds). Baseline: a reportlab canvas drawing every
  string of that form (already shaped and reordered, which raw reportlab cannot do),
  the photo and reportlab's own QR widget, one page.
- Batch: ``--rows`` forms (default 1,000) of different trainees (names, national
  codes, tracking codes, check values, so nothing is served from a cache that a real
  course would miss) in one PDF, as ``print_course_introductions`` builds it; the
  baseline draws the same strings, photos and QR codes on as many pages.

Goals (issue 22): one form ≤ 25 ms; the batch ≤ 1.5× raw.

    python benchmarks/bench_introduction_pdf.py [--rows 1000] [--runs 9] [--out DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

from desktop_app.documents.introduction import IntroductionData
from desktop_app.reports.fonts import FONT_REGULAR, register_fonts
from desktop_app.reports.introduction_form import introduction_story, write_introduction_form
from desktop_app.reports.rtl import RtlParagraph, visual
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.registration.introduction import introduction_data
from desktop_app.services.registration.registration import confirm_registration
from tests.registration.helpers import make_course, set_office, valid_form

FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def sample_form() -> IntroductionData:
    """A confirmed registration's form data (with a photo), from a scratch database."""
    with tempfile.TemporaryDirectory() as folder:
        ctx = AppContext.open(Path(folder))
        ctx.user = system_actor()
        set_office(ctx)
        course = make_course(ctx, capacity=10)
        confirm_registration(ctx, valid_form(course))
        data = introduction_data(ctx, "2701-000001", count_print=False)
        ctx.close()
    return data


def course_forms(data: IntroductionData, count: int) -> list[IntroductionData]:
    """``count`` different trainees' forms of one course."""
    first_names = ["علی", "زهرا", "محمد", "فاطمه", "حسین", "مریم", "رضا", "سارا"]
    forms = []
    for n in range(count):
        trainee = dict(data.trainee)
        trainee["first_name"] = first_names[n % len(first_names)]
        trainee["last_name"] = f"رضایی {n}".translate(FA)
        trainee["national_code"] = f"{n:010d}"
        forms.append(
            replace(
                data,
                trainee=trainee,
                tracking_code=f"2701-{n + 1:06d}",
                check=f"{(n + 1) * 2654435761 % 16**10:010X}",
            )
        )
    return forms


def _strings(flowables: list[Any]) -> Iterator[str]:
    for item in flowables:
        if isinstance(item, RtlParagraph):
            yield item.text
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    yield from _strings(cell if isinstance(cell, list) else [cell])


def raw_pdf(forms: list[IntroductionData]) -> bytes:
    """The baseline: the same strings (shaped beforehand), photo and QR, drawn raw."""
    pages = [([visual(s) for s in _strings(introduction_story(f))], f) for f in forms]
    register_fonts()
    start = time.perf_counter()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    width, height = A4
    for strings, form in pages:
        canvas.setFont(FONT_REGULAR, 9.5)
        y, x = height - 40, width - 40
        for text in strings:
            canvas.drawRightString(x, y, text)
            y -= 13
            if y < 60:
                y, x = height - 40, x - 180
        if form.photo:
            canvas.drawImage(ImageReader(io.BytesIO(form.photo)), 40, height - 160, 85, 113)
        widget = QrCodeWidget(form.qr_payload)
        drawing = Drawing(80, 80)
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, 40, 60)
        canvas.showPage()
    canvas.save()
    raw_pdf.elapsed = time.perf_counter() - start  # type: ignore[attr-defined]
    return out.getvalue()


def miz_pdf(forms: list[IntroductionData]) -> bytes:
    out = io.BytesIO()
    write_introduction_form(out, forms)
    return out.getvalue()


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def top_costs(data: IntroductionData, forms: int = 20, top: int = 8) -> list[str]:
    """The functions where one form spends its time (own time, over ``forms`` forms)."""
    profile = cProfile.Profile()
    batch = course_forms(data, forms)
    profile.enable()
    for form in batch:
        miz_pdf([form])
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
    lines = []
    for (path, line, name), (_cc, _nc, tt, _ct, _callers) in rows:
        where = "/".join(Path(path).parts[-2:]) if path != "~" else "builtin"
        lines.append(f"  {tt / total:5.1%}  {name} ({where}:{line})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1000, help="forms in the batch PDF")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", type=Path, help="keep the PDFs here to look at them")
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    data = sample_form()
    singles = course_forms(data, args.runs + 1)
    miz_pdf([singles[0]])  # warm: fonts registered, labels shaped, QR mask chosen
    raw_pdf([singles[0]])
    one, base = [], []
    for form in singles[1:]:  # interleaved: the machine is noisy
        one.append(timed(lambda f=form: miz_pdf([f])))
        raw_pdf([form])
        base.append(raw_pdf.elapsed)  # type: ignore[attr-defined]
    m, b = statistics.median(one), statistics.median(base)
    print(
        f"one form:        Miz {m * 1000:7.1f} ms   raw reportlab {b * 1000:6.1f} ms   "
        f"ratio {m / b:4.2f}   (goal ≤ 25 ms: {'met' if m <= 0.025 else 'NOT met'})"
    )
    batch = course_forms(data, args.rows)
    elapsed = timed(lambda: miz_pdf(batch))
    pdf = miz_pdf(batch[:3]) if args.out else b""
    raw_pdf(batch)
    raw_elapsed = raw_pdf.elapsed  # type: ignore[attr-defined]
    ratio = elapsed / raw_elapsed
    print(
        f"{args.rows} forms:  Miz {elapsed:7.2f} s    raw reportlab {raw_elapsed:6.2f} s    "
        f"ratio {ratio:4.2f}   ({elapsed / args.rows * 1000:.1f} ms/form; "
        f"goal ≤ 1.5×: {'met' if ratio <= 1.5 else 'NOT met'})"
    )
    print("top costs of one form (own time, profiled over 20 forms):")
    print("\n".join(top_costs(data)))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "introduction-3.pdf").write_bytes(pdf)
        (args.out / "raw-baseline.pdf").write_bytes(raw_pdf(batch[:3]))
        print(f"PDFs written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
