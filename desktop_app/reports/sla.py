"""The service level agreement statement (بیانیه توافقنامه سطح خدمت) as a PDF.

Renders a ``SlaText`` — the statement's sections as plain, editable text (the
clerk may change any of them before printing; ``services.catalog.sla`` builds the default
text from a service card and the office settings). Sections as in the published
statements (seeds 002/003): introduction, goal, responsibilities, mutual
obligations, fees and payments, performance period, termination.

No Qt; any thread (``build_pdf`` owns its canvas).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.persian import to_persian_digits
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import RtlParagraph, TextStyle, para

#: (field of SlaText, heading as printed), in the statement's order.
SLA_SECTIONS: tuple[tuple[str, str], ...] = (
    ("introduction", "مقدمه"),
    ("goal", "هدف"),
    ("responsibilities", "مسئولیت‌ها"),
    ("obligations", "تعهدات متقابل خدمت‌گیرنده و دستگاه اجرایی"),
    ("fees", "هزینه‌ها و پرداخت‌ها"),
    ("period", "دوره عملکرد"),
    ("termination", "خاتمه توافقنامه"),
)

_HEADING = TextStyle(font_name=FONT_BOLD, font_size=11.5, space_before=8, space_after=2)
_BODY = TextStyle(font_name=FONT_REGULAR, font_size=10.5, leading=19, space_after=3)


@dataclass
class SlaText:
    """Every printed word of one statement; paragraphs are separated by new lines."""

    service_title: str = ""
    agency: str = ""
    introduction: str = ""
    goal: str = ""
    responsibilities: str = ""
    obligations: str = ""
    fees: str = ""
    period: str = ""
    termination: str = ""

    @property
    def title(self) -> str:
        return f"توافقنامه سطح خدمت {self.service_title}"

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) of each section, in order."""
        return [(heading, getattr(self, name)) for name, heading in SLA_SECTIONS]


def sla_story(sla: SlaText) -> list[Flowable]:
    story: list[Flowable] = [
        para("بیانیه توافقنامه سطح خدمت", size=15, bold=True, align="center"),
        Spacer(1, 1.5 * mm),
        para(to_persian_digits(sla.title), size=12, bold=True, align="center"),
        Spacer(1, 4 * mm),
    ]
    for heading, text in sla.sections():
        story.append(RtlParagraph(f"{heading}:", _HEADING))
        for paragraph in text.split("\n"):
            if paragraph.strip():
                story.append(RtlParagraph(to_persian_digits(paragraph.strip()), _BODY))
    return story


def write_sla(target: str | Path | BinaryIO, sla: SlaText, *, logo: bytes | None = None) -> None:
    """Write the statement as an A4 PDF, the agency's name in the page header (and the
    office's ``logo``, if any, at the top left)."""
    build_pdf(
        target, sla_story(sla), title=sla.title, header=sla.agency or None, margins_mm=18, logo=logo
    )
