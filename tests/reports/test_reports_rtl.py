"""The Persian text engine: shaping, bidi (brackets, mixed text), ZWNJ, wrapping."""

from __future__ import annotations

import itertools

import bidi
import pytest
from reportlab.pdfbase import pdfmetrics

from desktop_app.reports.fonts import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, has_glyph
from desktop_app.reports.rtl import reshape, text_width, visual, wrap
from tests.reports.pdftext import nfkc

WORDS = (
    "کارآموزان متقاضی دوره‌های آموزش مهارتی پس از ثبت‌نام در سامانه و پرداخت هزینه "
    "به مرکز یا آموزشگاه آزاد معرفی می‌شوند و تجهیزات کارگاهی را به کار می‌گیرند"
).split()


def test_brackets_are_mirrored() -> None:
    shown = nfkc(visual("(کد ملی)"))
    # Drawn left to right: the closing bracket's mirror first, then the words reversed.
    assert shown == "(یلم دک)"


def test_bracket_pair_after_latin_stays_with_it() -> None:
    # python-bidi's pure-Python algorithm lacks rule N0 and gave "(Ali (۱۲ :نام".
    assert nfkc(visual("نام: Ali (۱۲)")) == "Ali (۱۲) :مان"
    assert nfkc(visual("سامانه Golestan (GIS) است")) == "تسا Golestan (GIS) هناماس"


def test_mixed_persian_latin_and_numbers_read_correctly() -> None:
    assert nfkc(visual("کد ۱۲۳۴۵ و G2C")) == "G2C و ۱۲۳۴۵ دک"
    # A code keeps its digit order inside a Persian sentence.
    assert "۰۰۱۲۳۴۵۶۷۸" in visual("کد ملی: ۰۰۱۲۳۴۵۶۷۸ است")


@pytest.mark.parametrize(
    "text",
    [
        "(کد ملی)",
        "نام: Ali (۱۲)",
        "سامانه Golestan (GIS) است",
        "کد ۱۲۳۴۵ و G2C",
        "هزینه (۵۰٬۰۰۰ ریال) [نقدی] {الکترونیکی}",
        "abc (def) ghi",
        "(G2C) نوع",
        "نسخه Excel (۲۰۱۶) و Word",
        "تاریخ ۱۴۰۳/۰۱/۱۵ ساعت ۱۰:۳۰",
    ],
)
def test_order_matches_the_rust_bidi_except_for_mirroring(text: str) -> None:
    # The Rust get_display pairs brackets (rule N0) but never mirrors them: our order
    # must agree with it once bracket glyphs are made indistinguishable.
    same = str.maketrans("()[]{}", "||||||")
    rust = bidi.get_display(reshape(text), base_dir="R")
    assert visual(text).translate(same) == rust.translate(same)


def test_visual_handles_each_line_separately() -> None:
    assert visual("(الف)\nب ج") == visual("(الف)") + "\n" + visual("ب ج")


def test_zwnj_breaks_joining_and_the_word_stays_one_word() -> None:
    shaped = visual("می‌شود")
    # مـی: initial meem + final farsi yeh; then شـود starts with an INITIAL sheen.
    assert "\ufeb7" in shaped and "\ufeb8" not in shaped
    assert "\ufee3\ufbfd" in shaped[::-1]
    assert " " not in shaped
    assert nfkc(shaped)[::-1] == "میشود"
    # Vazirmatn maps ZWNJ to an empty zero-width glyph, never a box.
    assert has_glyph(FONT_REGULAR, "\u200c")
    assert pdfmetrics.stringWidth("\u200c", FONT_REGULAR, 10) == 0


def test_harakat_stay_just_before_their_letter_in_the_drawn_string() -> None:
    # Vazirmatn's marks have zero advance and draw to the right of their origin.
    assert visual("لطفاً").startswith("\u064b\ufe8e")  # tanvin, then final alef
    assert "\u0654\ufeea" in visual("خانهٔ")  # hamza above, then final heh
    assert pdfmetrics.stringWidth("\u064b\u0654", FONT_REGULAR, 10) == 0


def test_wrap_never_breaks_at_zwnj() -> None:
    text = " ".join(["می‌شود", "کارآموزان", "تجهیزات", "کارگاهی", "گواهی‌نامه"] * 12)
    lines = wrap(text, FONT_REGULAR, 10, 60)
    assert len(lines) > 10
    assert [w for line in lines for w in line.split(" ")] == text.split(" ")


@pytest.mark.parametrize("max_width", [80, 120.5, 233, 400])
@pytest.mark.parametrize("font", [FONT_REGULAR, FONT_BOLD])
def test_wrap_never_exceeds_the_width_and_keeps_logical_order(max_width: float, font: str) -> None:
    text = " ".join(WORDS * 3)
    lines = wrap(text, font, 11, max_width)
    for line in lines:
        assert pdfmetrics.stringWidth(reshape(line), font, 11) <= max_width + 1e-9
    assert [w for line in lines for w in line.split(" ")] == text.split(" ")
    assert lines[0].startswith(WORDS[0])
    if max_width < 400:
        # Greedy: the next word would not have fitted on the line before.
        for line, following in itertools.pairwise(lines):
            longer = line + " " + following.split(" ")[0]
            assert text_width(longer, font, 11) > max_width


def test_wrap_starts_a_new_line_at_newline_and_keeps_blank_lines() -> None:
    assert wrap("الف ب\nج\n\nد", FONT_REGULAR, 10, 500) == ["الف ب", "ج", "", "د"]
    assert wrap("", FONT_REGULAR, 10, 500) == []


def test_wrap_breaks_an_overlong_word_by_characters() -> None:
    word = "استانداردهای" * 4
    lines = wrap(f"الف {word} ب", FONT_REGULAR, 10, 50)
    assert lines[0] == "الف"
    assert "".join(lines[1:]).replace(" ", "").endswith("ب")
    assert "".join(lines[1:-1]) + lines[-1].split(" ")[0] == word
    for line in lines:
        assert text_width(line, FONT_REGULAR, 10) <= 50


def test_no_break_space_does_not_break() -> None:
    lines = wrap("ماده\u00a0۱ قانون", FONT_REGULAR, 10, text_width("ماده\u00a0۱", FONT_REGULAR, 10))
    assert lines == ["ماده\u00a0۱", "قانون"]


@pytest.mark.parametrize("font", [FONT_REGULAR, FONT_MEDIUM, FONT_BOLD])
def test_font_has_every_glyph_the_reshaper_emits(font: str) -> None:
    letters = "ءآأؤإئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیةيك"
    samples = [f"{a}{b}{a}" for a in letters for b in "بای"]  # isolated/initial/medial/final
    samples += ["لا لآ لأ لإ الله", "۰۱۲۳۴۵۶۷۸۹ 0123456789 ٬ ٫ ، ؛ ؟ « » ( ) - / : .", "ـ"]
    missing = {
        f"U+{ord(ch):04X}"
        for text in samples
        for ch in reshape(text)
        if not ch.isspace() and not has_glyph(font, ch)
    }
    assert not missing
