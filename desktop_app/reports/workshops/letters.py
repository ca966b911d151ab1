"""A numbered official letter on A4: heading, number and date at the top, the addressee,
the subject, the paragraphs and the signer. Invitations and confirmation requests.
No Qt; any thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.workshops import LetterDoc
from desktop_app.reports.document import build_pdf, rtl_table
from desktop_app.reports.fonts import FONT_REGULAR
from desktop_app.reports.rtl import RtlParagraph, TextStyle
from desktop_app.reports.workshops.common import code, heading_block, jdate, p


def write_letter(target: str | Path | BinaryIO, doc: LetterDoc) -> None:
    story: list[Flowable] = heading_block(doc.heading, "")
    story.append(
        rtl_table(
            [["شماره", code(doc.number)], ["تاریخ", jdate(doc.written_on)]],
            [20 * mm, 40 * mm],
            font_size=10,
        )
    )
    story += [
        Spacer(1, 8 * mm),
        p(doc.addressee, 12, bold=True, space_after=2 * mm),
        p(f"موضوع: {doc.subject}", 11, bold=True, space_after=5 * mm),
    ]
    body = TextStyle(font_name=FONT_REGULAR, font_size=11.5, leading=22, space_after=4 * mm)
    story += [RtlParagraph(text, body) for text in doc.paragraphs]
    story += [Spacer(1, 14 * mm), p(doc.signer, 11, bold=True, align="left"),
              p("مهر و امضا", 10, align="left")]  # fmt: skip
    build_pdf(target, story, title=f"{doc.subject} {doc.number}", margins_mm=(20, 20, 18, 20))
