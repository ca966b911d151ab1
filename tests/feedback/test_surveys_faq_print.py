"""Surveys (scale, defaults, kiosk exit), FAQ (search in any script) and the printed
receipt, answer letter, survey form and FAQ sheet (text read back from the PDF)."""

from __future__ import annotations

import unicodedata
import uuid

import pytest
from pypdf import PdfReader

from desktop_app.reports.feedback.faq import write_faq
from desktop_app.reports.feedback.survey_form import write_survey_form
from desktop_app.services.accounts.access import CLERK
from desktop_app.services.accounts.accounts import (
    UserData,
    save_user,
    sign_in,
    verify_own_password,
)
from desktop_app.services.catalog.service_card_print import print_service_card, service_card_pdf
from desktop_app.services.catalog.service_cards import find_card
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.feedback.faq import FaqData, faq_sheet, save_faq, search_faq
from desktop_app.services.feedback.request_print import print_answer_letter, print_receipt
from desktop_app.services.feedback.requests import RequestData, answer_request, register_request
from desktop_app.services.feedback.surveys import (
    AnswerData,
    check_kiosk_exit,
    get_survey,
    record_answer,
    save_questions,
    survey_form,
)


def pdf_text(path) -> str:
    text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFKC", text)


def contains(text: str, phrase: str) -> bool:
    phrase = unicodedata.normalize("NFKC", phrase).replace("\u200c", "")
    text = text.replace("\u200c", "")
    return phrase in text or phrase[::-1] in text


def test_survey_scores_out_of_range_are_refused_at_their_question(ctx, card_id):
    survey = get_survey(ctx, card_id)
    assert len(survey.questions) == 5  # the default questionnaire
    with pytest.raises(ServiceError) as caught:
        record_answer(ctx, AnswerData(card_id, [5, 4, 6, 3, 2]))
    assert caught.value.field == "score_3" and "۱ تا ۵" in caught.value.message
    with pytest.raises(ServiceError) as caught:
        record_answer(ctx, AnswerData(card_id, [5, None, 3, 3, 2]))
    assert caught.value.field == "score_2"
    with pytest.raises(ServiceError) as caught:
        record_answer(ctx, AnswerData(card_id, [5, 4]))
    assert caught.value.field == "score_3"
    assert record_answer(ctx, AnswerData(card_id, [5, 4, 3, 3, 5], "خوب بود")) == 4.0


def test_a_supervisor_writes_the_cards_own_questions(ctx, card_id):
    with pytest.raises(ServiceError) as caught:
        save_questions(ctx, card_id, ["", "  "])
    assert caught.value.field == "questions"
    survey = save_questions(ctx, card_id, ["پرسش یکم؟", "", "پرسش دوم؟"])
    assert [q.text for q in survey.questions] == ["پرسش یکم؟", "پرسش دوم؟"]
    assert record_answer(ctx, AnswerData(card_id, [1, 2], source="kiosk")) == 1.5


def test_kiosk_exit_needs_the_signed_in_clerks_password(ctx):
    save_user(
        ctx,
        UserData(
            user_name="clerk1",
            full_name="کارشناس یکم",
            roles=(CLERK,),
            password="Miz-pass-1404",
            again="Miz-pass-1404",
        ),
    )
    assert not verify_own_password(ctx, "Miz-pass-1404")  # the system actor has none
    sign_in(ctx, "clerk1", "Miz-pass-1404")
    assert verify_own_password(ctx, "Miz-pass-1404")
    assert not verify_own_password(ctx, "Miz-pass-1405")
    with pytest.raises(ServiceError) as caught:
        check_kiosk_exit(ctx, "wrong")
    assert caught.value.field == "password"
    check_kiosk_exit(ctx, "Miz-pass-1404")


def test_faq_search_matches_any_script_and_the_sheet_prints(ctx, card_id, tmp_path):
    with pytest.raises(ServiceError) as caught:
        save_faq(ctx, FaqData(card_id, "هزینه؟", ""))
    assert caught.value.field == "answer"
    save_faq(ctx, FaqData(card_id, "هزینهٔ ثبت‌نام چقدر است؟", "۵۰٬۰۰۰ ریال برای کارت"))
    save_faq(ctx, FaqData(card_id, "مدارک لازم چیست؟", "کارت ملی و عکس"))
    assert [r.question for r in search_faq(ctx, "ثبت نام")] == ["هزینهٔ ثبت‌نام چقدر است؟"]
    assert [r.question for r in search_faq(ctx, "50")] == ["هزینهٔ ثبت‌نام چقدر است؟"]
    assert [r.question for r in search_faq(ctx, "كارت ملي")] == ["مدارک لازم چیست؟"]
    path = tmp_path / "faq.pdf"
    write_faq(path, faq_sheet(ctx, card_id))
    assert contains(pdf_text(path), "مدارک لازم چیست")


def test_the_service_card_prints_with_its_faq_on_a_page_after_it(ctx, card_id, tmp_path):
    plain = print_service_card(ctx, str(card_id), tmp_path / "plain.pdf")
    plain_pages = len(PdfReader(str(plain)).pages)
    assert not contains(pdf_text(plain), "پرسش‌های متداول")
    save_faq(ctx, FaqData(card_id, "هزینهٔ ثبت‌نام چقدر است؟", "۵۰٬۰۰۰ ریال برای کارت"))
    save_faq(ctx, FaqData(card_id, "مدارک لازم چیست؟", "کارت ملی و عکس"))
    path = print_service_card(ctx, str(card_id), tmp_path / "card.pdf")
    pages = PdfReader(str(path)).pages
    assert len(pages) == plain_pages + 1
    appendix = unicodedata.normalize("NFKC", pages[-1].extract_text())
    assert contains(appendix, "پرسش‌های متداول") and contains(appendix, "مدارک لازم چیست")
    assert contains(appendix, "کارت ملی و عکس")
    # the window's preview prints the same appendix
    preview = tmp_path / "preview.pdf"
    preview.write_bytes(service_card_pdf(ctx, find_card(ctx, str(card_id))))
    assert len(PdfReader(str(preview)).pages) == plain_pages + 1


def test_receipt_and_answer_letter_show_the_code_and_the_answer(ctx, card_id, tmp_path):
    view = register_request(
        ctx,
        RequestData(
            kind="complaint", service_card_id=card_id, anonymous=True, body="برخورد نامناسب در باجه"
        ),
    )
    receipt = tmp_path / "r.pdf"
    print_receipt(ctx, receipt, tracking_code=view.tracking_code)
    text = pdf_text(receipt)
    assert view.tracking_code in text
    assert contains(text, "نحوهٔ پیگیری") and contains(text, "ناشناس")
    with pytest.raises(ServiceError):
        print_answer_letter(ctx, tmp_path / "l.pdf", view.id)  # no answer yet
    answer_request(ctx, view.id, view.version, "با کارمند مربوط گفت‌وگو شد")
    print_answer_letter(ctx, tmp_path / "l.pdf", view.id)
    assert contains(pdf_text(tmp_path / "l.pdf"), "گفت‌وگو شد")


def test_blank_survey_form_lists_every_question(ctx, card_id, tmp_path):
    save_questions(ctx, card_id, ["آیا کارکنان پاسخگو بودند؟", "آیا زمان انتظار مناسب بود؟"])
    path = tmp_path / "s.pdf"
    write_survey_form(path, survey_form(ctx, card_id))
    text = pdf_text(path)
    assert contains(text, "کارکنان پاسخگو") and contains(text, "زمان انتظار")
    assert "12345678901" in text


def test_unknown_card_is_refused(ctx):
    with pytest.raises(ServiceError):
        record_answer(ctx, AnswerData(uuid.uuid4(), [3]))
