"""The printed service identity card ("فرم شناسنامه خدمت دستگاه اجرایی — ضمیمه ۱").

An A4 PDF in the structure of the official form: bordered tables, sections numbered
as on paper (۱ title … ۱۰ process titles), every choice drawn as ☑/☐ boxes, the
agency's name in the page header, long text wrapped across lines and pages, and
"صفحه ۱ از ۲" at the foot. The service's frequently asked questions, when it has any,
follow the card on their own page («پرسش‌های متداول», ``reports.feedback.faq``). Numbers are shown in Persian digits; URLs and e-mail
addresses as typed.

No Qt; any thread (``build_pdf`` owns its canvas). Input is plain data
(``ServiceCardData``), never ORM objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from desktop_app.documents.feedback import FaqSheet
from desktop_app.documents.service_card_data import (
    AUDIENCES,
    CHANNELS,
    FREQUENCY_PERIODS,
    INQUIRERS,
    LEVELS,
    LIFE_EVENTS,
    NATURES,
    PERIODS,
    REASONS,
    STAGES,
    TRIGGERS,
    VISIT_LEVELS,
    ServiceCardData,
    Stage,
    SystemLink,
    stage_channels,
)
from desktop_app.persian import format_number, format_rial, to_persian_digits
from desktop_app.reports.checkbox import CheckBoxes
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import RtlParagraph, TextStyle, para
from desktop_app.reports.table import rtl_table

FORM_TITLE = "فرم شناسنامه خدمت دستگاه اجرایی"
WIDTH = 186 * mm  # A4 minus 12 mm margins
SIZE = 8.5
LABEL_WIDTH = 42 * mm
SECTION_BACKGROUND = colors.HexColor("#d5dae0")
_EMPTY = "—"


def fa(value: object) -> str:
    """Text with Persian digits (free text and numbers; not URLs or e-mail)."""
    return to_persian_digits(value)


def _text(value: str, bold: bool = False, size: float = SIZE) -> RtlParagraph:
    font = FONT_BOLD if bold else FONT_REGULAR
    return RtlParagraph(fa(value), TextStyle(font_name=font, font_size=size))


def _latin(value: str) -> RtlParagraph:
    """A URL or address: digits kept Latin, aligned right like the rest."""
    return RtlParagraph(value, TextStyle(font_size=SIZE))


def _boxes(
    vocabulary: dict[str, str],
    chosen: Sequence[str] | str,
    keys: Sequence[str] | None = None,
    caption: str | None = None,
) -> CheckBoxes:
    selected = {chosen} if isinstance(chosen, str) else set(chosen)
    items = [(key in selected, vocabulary[key]) for key in (keys or vocabulary)]
    return CheckBoxes(items, caption=caption, font_size=SIZE)


def _whole_rows(table: Table) -> Table:
    """Never split a row of ``table`` across pages (its cells hold check boxes, which
    cannot be split; reportlab would draw such a cell on both pages)."""
    table.splitInRow = 0
    return table


def _section(heading: str | None, rows: list[list[object]], widths: Sequence[float], **kw) -> Table:
    """A bordered table whose first row is the shaded section heading across it."""
    if heading is None:
        return rtl_table(rows, widths, font_size=SIZE, **kw)
    n = len(widths)
    # A spanned range shows its visually leftmost cell: the logical last one.
    head: list[object] = [*([""] * (n - 1)), _text(heading, bold=True, size=9)]
    style = [
        ("SPAN", (0, 0), (n - 1, 0)),
        ("BACKGROUND", (0, 0), (n - 1, 0), SECTION_BACKGROUND),
        *kw.pop("style", ()),
    ]
    return rtl_table([head, *rows], widths, font_size=SIZE, style=style, **kw)


def _labelled(rows: list[tuple[str, object]]) -> list[list[object]]:
    return [[_text(label, bold=True), value] for label, value in rows]


def _two_columns() -> list[float]:
    return [LABEL_WIDTH, WIDTH - LABEL_WIDTH]


def _header_block(card: ServiceCardData) -> list[Flowable]:
    code = fa(card.service_code) if card.service_code else ""
    top = rtl_table(
        [
            [
                _text(f"۱- عنوان خدمت: {card.title}", bold=True, size=9.5),
                _text(f"۲- شناسه خدمت: {code}", bold=True, size=9.5),
            ]
        ],
        [WIDTH * 0.64, WIDTH * 0.36],
        font_size=SIZE,
    )
    provider = _section(
        "۳- ارائه‌دهنده خدمت",
        _labelled(
            [
                ("نام دستگاه اجرایی", _text(card.agency)),
                ("نام دستگاه مادر", _text(card.parent_agency)),
            ]
        ),
        _two_columns(),
    )
    return [
        para("بسمه تعالی", size=10, align="center"),
        para(FORM_TITLE, size=14, bold=True, align="center"),
        para("ضمیمه ۱", size=9, align="center"),
        Spacer(1, 2 * mm),
        top,
        provider,
    ]


def _with_other(boxes: CheckBoxes, other: str, label: str = "سایر") -> list[Flowable]:
    cell: list[Flowable] = [boxes]
    if other:
        cell.append(_text(f"{label}: {other}"))
    return cell


def _specs(card: ServiceCardData) -> list[Flowable]:
    choices: list[tuple[str, object]] = [
        ("نوع خدمت", _boxes(AUDIENCES, card.audiences)),
        ("ماهیت خدمت", _boxes(NATURES, card.nature)),
        ("سطح خدمت", _boxes(LEVELS, card.level)),
        (
            "رویداد مرتبط با",
            _with_other(_boxes(LIFE_EVENTS, card.life_events), card.life_event_other),
        ),
        ("نحوه آغاز خدمت", _with_other(_boxes(TRIGGERS, card.triggers), card.trigger_other)),
    ]
    texts: list[tuple[str, object]] = [
        ("مدارک لازم برای انجام خدمت", _text(card.required_documents)),
        ("قوانین و مقررات بالادستی", _text(card.regulations)),
    ]
    # Three stacked tables: the long texts may split across pages, the boxes may not.
    description: list[tuple[str, object]] = [("شرح خدمت", _text(card.description))]
    return [
        _section("۴- مشخصات خدمت", _labelled(description), _two_columns()),
        _whole_rows(_section(None, _labelled(choices), _two_columns())),
        _section(None, _labelled(texts), _two_columns()),
    ]


def _details(card: ServiceCardData) -> list[Flowable]:
    count = format_number(card.recipients_count) if card.recipients_count is not None else "…"
    frequency_count = fa(card.frequency_count) if card.frequency_count else "…"
    rows: list[tuple[str, object]] = [
        (
            "آمار تعداد خدمت‌گیرندگان",
            _boxes(PERIODS, card.recipients_period, caption=f"{count} خدمت‌گیرنده در:"),
        ),
        ("متوسط مدت زمان ارائه خدمت", _text(card.avg_duration)),
        (
            "تواتر",
            [
                CheckBoxes([(card.frequency_once, "یکبار برای همیشه")], font_size=SIZE),
                _boxes(
                    FREQUENCY_PERIODS,
                    card.frequency_period,
                    caption=f"{frequency_count} بار در:",
                ),
            ],
        ),
        ("تعداد بار مراجعه حضوری", _text(card.in_person_visits)),
    ]
    fee_rows: list[list[object]] = [
        ["شرح", "مبلغ (ریال)", "شماره حساب (های) بانکی / شبا", "الکترونیک"]
    ]
    for fee in card.fees or []:
        account = "\n".join(part for part in (fa(fee.accounts), fee.sheba) if part)
        fee_rows.append(
            [
                _text(fee.description),
                _text(format_rial(fee.amount)) if fee.amount is not None else "",
                RtlParagraph(account, TextStyle(font_size=SIZE)),
                CheckBoxes([(fee.electronic, "")], font_size=SIZE),
            ]
        )
    if not card.fees:
        fee_rows.append(["", "", "", CheckBoxes([(False, "")], font_size=SIZE)])
    fees = _whole_rows(
        rtl_table(
            fee_rows,
            [70 * mm, 32 * mm, 62 * mm, 22 * mm],
            header_rows=1,
            font_size=SIZE,
            col_align=["right", "center", "right", "center"],
        )
    )
    section = _whole_rows(_section("۵- جزئیات خدمت", _labelled(rows), _two_columns()))
    title = rtl_table([["هزینه ارائه خدمت (ریال) به خدمت‌گیرندگان"]], [WIDTH], font_size=SIZE)
    return [section, title, fees]


def _stage_row(stage: Stage) -> list[object]:
    keys = stage_channels(stage.key)
    kind: list[Flowable] = [
        CheckBoxes([(stage.electronic, "الکترونیکی")], font_size=SIZE),
        CheckBoxes([(stage.non_electronic, "غیر الکترونیکی")], font_size=SIZE),
    ]
    media: list[Flowable] = [_boxes(CHANNELS, stage.channels, keys)]
    if stage.counter_contract:
        media.append(
            _text(f"شماره قرارداد واگذاری خدمات به دفاتر پیشخوان: {stage.counter_contract}")
        )
    if stage.channel_other:
        media.append(_text(f"نحوه دسترسی: {stage.channel_other}"))
    media.append(_boxes(REASONS, stage.reasons, caption="ذکر ضرورت مراجعه حضوری (غیر الکترونیکی):"))
    if stage.reason_other:
        media.append(_text(f"سایر: {stage.reason_other}"))
    return [_text(STAGES[stage.key], bold=True), kind, media]


def _access(card: ServiceCardData) -> list[Flowable]:
    urls: object = [_latin(url) for url in card.urls] or ""
    access = _section(
        "۶- نحوه دسترسی به خدمت",
        _labelled(
            [
                ("نام سامانه مربوط به خدمت", _text(card.system_name)),
                ("آدرس دقیق و مستقیم خدمت در وبگاه", urls),
            ]
        ),
        _two_columns(),
    )
    rows: list[list[object]] = [["مراحل خدمت", "نوع ارائه", "رسانه ارتباطی خدمت"]]
    rows += [_stage_row(card.stage(key)) for key in STAGES]
    visit = _boxes(VISIT_LEVELS, card.visit_levels, caption="مراجعه به دستگاه:")
    rows.append(["", "", visit])  # across the table (the shown cell of a span: the last)
    visit_row = len(rows)  # after the section heading row
    stages = _whole_rows(
        _section(
            "۷- مراحل خدمت",
            rows,
            [LABEL_WIDTH, 30 * mm, WIDTH - LABEL_WIDTH - 30 * mm],
            header_rows=2,
            style=[("SPAN", (0, visit_row), (2, visit_row))],
        )
    )
    return [access, stages]


def _inquiry_cells(link: SystemLink) -> list[object]:
    cells: list[object] = [
        CheckBoxes([(link.inquiry == kind, "")], font_size=SIZE)
        for kind in ("online", "batch", "non_electronic")
    ]
    who = INQUIRERS.get(link.inquirer, "")
    cells.append(_text(who) if who else "")
    return cells


_INQUIRY_HEAD = ["برخط (Online)", "دسته‌ای (Batch)", "غیر الکترونیکی", "استعلام غیر الکترونیکی توسط"]
_INQUIRY_WIDTHS = [17 * mm, 17 * mm, 17 * mm, 30 * mm]


def _links(card: ServiceCardData) -> list[Flowable]:
    rest = WIDTH - sum(_INQUIRY_WIDTHS)
    internal: list[list[object]] = [["نام سامانه‌های دیگر", "فیلدهای مورد تبادل", *_INQUIRY_HEAD]]
    for link in card.internal_links or [SystemLink()]:
        internal.append([_text(link.system), _text(link.fields), *_inquiry_cells(link)])
    external: list[list[object]] = [
        ["نام دستگاه دیگر", "نام سامانه‌های دستگاه دیگر", "فیلدهای مورد تبادل", *_INQUIRY_HEAD]
    ]
    for link in card.external_links or [SystemLink()]:
        external.append(
            [_text(link.agency), _text(link.system), _text(link.fields), *_inquiry_cells(link)]
        )
    align = ["right", "right", "center", "center", "center", "right"]
    return [
        _whole_rows(
            _section(
                "۸- ارتباط خدمت با سایر سامانه‌ها (بانک‌های اطلاعاتی) در همان دستگاه",
                internal,
                [rest * 0.45, rest * 0.55, *_INQUIRY_WIDTHS],
                header_rows=2,
                col_align=align,
            )
        ),
        _whole_rows(
            _section(
                "۹- ارتباط خدمت با سایر سامانه‌ها (بانک‌های اطلاعاتی) در دستگاه‌های دیگر",
                external,
                [rest * 0.3, rest * 0.3, rest * 0.4, *_INQUIRY_WIDTHS],
                header_rows=2,
                col_align=["right", *align],
            )
        ),
    ]


def _processes(card: ServiceCardData) -> Table:
    rows: list[list[object]] = [
        [_text(f"{n}-"), _text(title)] for n, title in enumerate(card.processes, start=1)
    ] or [["۱-", ""]]
    return _section(
        "۱۰- عناوین فرایندهای خدمت", rows, [12 * mm, WIDTH - 12 * mm], col_align=["center", "right"]
    )


def _contact(card: ServiceCardData) -> Table:
    half = WIDTH / 2
    return rtl_table(
        [
            [_text(f"واحد مربوط: {card.contact_unit}"), _text(f"تلفن: {card.phone}")],
            [
                _latin(f"پست الکترونیک: {card.email}"),
                _text(f"نام و نام خانوادگی تکمیل‌کننده فرم: {card.filled_by}"),
            ],
        ],
        [half, half],
        font_size=SIZE,
    )


def service_card_story(card: ServiceCardData) -> list[Flowable]:
    """The flowables of one card (several cards can share one document)."""
    gap = Spacer(1, 2.5 * mm)
    return [
        *_header_block(card),
        *_specs(card),
        *_details(card),
        gap,
        *_access(card),
        gap,
        *_links(card),
        gap,
        _processes(card),
        gap,
        _contact(card),
    ]


def write_service_card(
    target: str | Path | BinaryIO,
    card: ServiceCardData,
    *,
    header: str | None = None,
    logo: bytes | None = None,
    faq: FaqSheet | None = None,
) -> None:
    """Write the card as an A4 PDF. The page header is ``header`` or the card's agency;
    ``logo`` (the office's, from the settings) is drawn at the top left; ``faq`` (the
    card's questions) is printed after the card on a page of its own when it has any."""
    from desktop_app.reports.feedback.faq import faq_story

    story = service_card_story(card)
    if faq is not None and faq.entries:
        story += [PageBreak(), *faq_story(faq, with_heading=False)]
    build_pdf(
        target,
        story,
        title=f"شناسنامه خدمت: {card.title}",
        header=header or card.agency or _EMPTY,
        margins_mm=(16, 12, 14, 12),
        logo=logo,
    )
