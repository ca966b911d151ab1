"""The blank satisfaction survey form of one service: each question with five boxes
(1–5, from «خیلی کم» to «خیلی زیاد») and lines for free text. No Qt; any thread."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.feedback import SurveyForm
from desktop_app.reports.document import build_pdf
from desktop_app.reports.feedback.common import WIDTH, code, fa, heading
from desktop_app.reports.rtl import Alignment, para
from desktop_app.reports.table import rtl_table

TITLE = "فرم نظرسنجی رضایت از خدمت"
DOTS = "." * 150


def survey_story(form: SurveyForm) -> list[Flowable]:
    story = heading(form.agency, form.office_name, TITLE)
    service = f"خدمت: {fa(form.service_title)}"
    if form.service_code:
        service += f"  (شناسه خدمت {code(form.service_code)})"
    story += [
        para(service, size=11, bold=True),
        para(
            "لطفاً برای هر پرسش یکی از خانه‌ها را علامت بزنید (۱: خیلی کم تا ۵: خیلی زیاد).",
            size=10,
        ),
        Spacer(1, 3 * mm),
    ]
    scale_w = 19 * mm
    header = ["ردیف", "پرسش"] + [f"{fa(n)}\n{label}" for n, label in form.scale]
    rows = [header] + [
        [fa(n), fa(q)] + [""] * len(form.scale) for n, q in enumerate(form.questions, start=1)
    ]
    n_scale = len(form.scale)
    aligns: list[Alignment] = ["center", "right", *(["center"] * n_scale)]  # type: ignore[list-item]
    story.append(
        rtl_table(
            rows,
            [13 * mm, WIDTH - 13 * mm - n_scale * scale_w] + [scale_w] * n_scale,
            header_rows=1,
            font_size=10,
            padding=5,
            col_align=aligns,
        )
    )
    story += [
        Spacer(1, 6 * mm),
        para("نظر، پیشنهاد یا انتقاد شما:", size=10.5, bold=True),
        Spacer(1, 2 * mm),
        *[para(DOTS, size=10, align="center") for _ in range(4)],
        Spacer(1, 4 * mm),
        para("تاریخ: ......./......./.......", size=10),
        para("از اینکه در نظرسنجی ما مشارکت کردید سپاسگزاریم.", size=10, align="center"),
    ]
    return story


def write_survey_form(target: str | Path | BinaryIO, form: SurveyForm) -> None:
    build_pdf(
        target,
        survey_story(form),
        title=f"{TITLE} {form.service_title}",
        header=form.agency or None,
    )
