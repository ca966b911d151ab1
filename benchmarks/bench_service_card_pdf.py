"""How long the printed service card takes, next to a plain-Latin PDF of the same size.

Renders the Golestan seed card (two A4 pages) into memory: once (median of several
runs) and N times in a row (a batch print of the catalog, default 1,000). The
baseline, measured in the same run, is a document of the same page count built by
the same ``build_pdf`` (header, "صفحه ۱ از ۲" footer) from reportlab's own Latin
``Paragraph``s in Helvetica: no shaping, bidi, check boxes or nested tables. The
ratio says what the Persian form costs over a bare reportlab document.

    python benchmarks/bench_service_card_pdf.py [--count 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph

from desktop_app.reports.document import build_pdf
from desktop_app.reports.service_card import write_service_card
from desktop_app.services.demo.demo_service_cards import golestan_skill_training

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat."
)


def card_pdf() -> bytes:
    out = io.BytesIO()
    write_service_card(out, golestan_skill_training())
    return out.getvalue()


def baseline_factory(pages: int) -> Callable[[], bytes]:
    """A plain Latin document with as many paragraphs as give ``pages`` pages."""
    style = getSampleStyleSheet()["BodyText"]

    def build(paragraphs: int) -> bytes:
        out = io.BytesIO()
        story = [Paragraph(LOREM, style) for _ in range(paragraphs)]
        build_pdf(out, story, title="baseline", header="Baseline header")
        return out.getvalue()

    paragraphs = 1
    while len(PdfReader(io.BytesIO(build(paragraphs))).pages) < pages:
        paragraphs += 1
    # the most paragraphs that still fit on ``pages`` pages
    while len(PdfReader(io.BytesIO(build(paragraphs + 1))).pages) == pages:
        paragraphs += 1
    return lambda: build(paragraphs)


def timed(fn: Callable[[], bytes], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    pages = len(PdfReader(io.BytesIO(card_pdf())).pages)  # also warms fonts and imports
    baseline = baseline_factory(pages)
    baseline()

    card_runs, base_runs = [], []
    for _ in range(args.runs):  # interleaved: the machine is noisy
        card_runs.append(timed(card_pdf))
        base_runs.append(timed(baseline))
    one_card, one_base = statistics.median(card_runs), statistics.median(base_runs)
    print(f"pages per document: {pages}")
    print(
        f"one card:   {one_card * 1000:7.1f} ms   baseline {one_base * 1000:6.1f} ms   "
        f"ratio {one_card / one_base:.1f}"
    )
    batch_card = timed(card_pdf, args.count)
    batch_base = timed(baseline, args.count)
    print(
        f"{args.count} cards: {batch_card:7.1f} s    baseline {batch_base:6.1f} s    "
        f"ratio {batch_card / batch_base:.1f}   ({batch_card / args.count * 1000:.0f} ms/card)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
