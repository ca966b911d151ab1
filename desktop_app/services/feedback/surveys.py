"""Satisfaction surveys per service card: the questionnaire, answers entered from paper
or filled in the kiosk, the blank form's data, and the password that ends the kiosk.

Every question is answered on the 1–5 scale (``documents.feedback.SCALE``); a score out
of range or a missing one is refused at that question's field (``score_<n>``, n from 1)
and nothing is saved. Permissions: ``save_questions`` needs ``APPROVE`` (a supervisor),
``record_answer`` needs ``ENTER`` (the kiosk runs under the signed-in clerk),
``survey_form`` needs ``PRINT``; ``check_kiosk_exit`` verifies the signed-in clerk's own
password. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.documents.feedback import SCALE, SurveyForm
from desktop_app.models import ServiceCard, SurveyAnswer, SurveyQuestion, live
from desktop_app.persian import normalize, to_persian_digits, today
from desktop_app.services.accounts import access
from desktop_app.services.accounts.access import (
    PermissionDeniedError,
    current_actor,
)
from desktop_app.services.accounts.accounts import verify_own_password
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.records import live_record, new_record
from desktop_app.services.office.settings import load_office_settings

MIN_SCORE, MAX_SCORE = SCALE[0][0], SCALE[-1][0]
MAX_QUESTIONS = 15
CARD_NOT_FOUND = "شناسنامهٔ خدمت پیدا نشد."
#: The questions a card starts with until a supervisor writes its own.
DEFAULT_QUESTIONS: tuple[str, ...] = (
    "از رفتار و پاسخگویی کارکنان چقدر رضایت دارید؟",
    "اطلاع‌رسانی دربارهٔ مدارک و مراحل خدمت چقدر روشن بود؟",
    "مدت زمان انجام خدمت چقدر مناسب بود؟",
    "از نظم و محیط محل ارائهٔ خدمت چقدر رضایت دارید؟",
    "در مجموع از این خدمت چقدر رضایت دارید؟",
)


@dataclass(frozen=True)
class Question:
    id: uuid.UUID | None
    text: str


@dataclass(frozen=True)
class Survey:
    service_card_id: uuid.UUID
    service_title: str
    questions: tuple[Question, ...]


@dataclass
class AnswerData:
    service_card_id: uuid.UUID
    scores: list[int | None] = field(default_factory=list)
    comment: str = ""
    answered_on: date | None = None
    source: str = "paper"  # paper | kiosk


def _card(session: Session, card_id: uuid.UUID) -> ServiceCard:
    return live_record(session, ServiceCard, card_id, CARD_NOT_FOUND)


def _questions(session: Session, card_id: uuid.UUID) -> list[SurveyQuestion]:
    return list(
        session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.service_card_id == card_id, live(SurveyQuestion))
            .order_by(SurveyQuestion.position)
        )
    )


def _survey(session: Session, card_id: uuid.UUID, create: bool = False) -> Survey:
    card = _card(session, card_id)
    rows = _questions(session, card_id)
    if not rows and create:
        rows = _store_questions(session, card_id, list(DEFAULT_QUESTIONS))
    questions = tuple(Question(r.id, r.text) for r in rows) or tuple(
        Question(None, t) for t in DEFAULT_QUESTIONS
    )
    return Survey(card.id, card.title, questions)


@access.operation(access.SIGNED_IN)
def get_survey(ctx: AppContext, card_id: uuid.UUID) -> Survey:
    """The card's questionnaire (the default questions until it has its own)."""
    with ctx.session() as session:
        return _survey(session, card_id)


def _store_questions(
    session: Session, card_id: uuid.UUID, texts: list[str]
) -> list[SurveyQuestion]:
    for old in _questions(session, card_id):
        old.mark_deleted()
    rows = []
    with session.no_autoflush:  # new_record reads the office code; flush whole rows only
        for position, text in enumerate(texts, start=1):
            row = new_record(session, SurveyQuestion)
            row.service_card_id, row.position, row.text = card_id, position, text
            rows.append(row)
    session.flush()
    return rows


@access.operation(access.APPROVE)
def save_questions(ctx: AppContext, card_id: uuid.UUID, texts: list[str]) -> Survey:
    """Replace the card's questions (empty lines dropped); refused without any."""
    clean = [normalize(t) for t in texts if normalize(t)]
    if not clean:
        raise ServiceError("دست‌کم یک پرسش برای نظرسنجی بنویسید.", "questions")
    if len(clean) > MAX_QUESTIONS:
        raise ServiceError(
            f"نظرسنجی حداکثر {to_persian_digits(MAX_QUESTIONS)} پرسش دارد.", "questions"
        )
    too_long = next((i for i, t in enumerate(clean, 1) if len(t) > 300), None)
    if too_long:
        raise ServiceError(f"پرسش {to_persian_digits(too_long)} بیش از ۳۰۰ نویسه است.", "questions")
    with ctx.session() as session:
        _card(session, card_id)
        _store_questions(session, card_id, clean)
        return _survey(session, card_id)


@access.operation(access.ENTER)
def record_answer(ctx: AppContext, data: AnswerData) -> float:
    """Save one filled survey; returns its average score."""
    if data.source not in ("paper", "kiosk"):
        raise ServiceError("منبع پاسخ نامعتبر است.", "source")
    with ctx.session() as session:
        survey = _survey(session, data.service_card_id, create=True)
        if len(data.scores) != len(survey.questions):
            raise ServiceError("به همهٔ پرسش‌ها پاسخ دهید.", f"score_{len(data.scores) + 1}")
        for n, score in enumerate(data.scores, start=1):
            if score is None:
                raise ServiceError(f"به پرسش {to_persian_digits(n)} پاسخ دهید.", f"score_{n}")
            if not MIN_SCORE <= score <= MAX_SCORE:
                raise ServiceError(
                    f"پاسخ پرسش {to_persian_digits(n)} باید عددی از ۱ تا ۵ باشد.", f"score_{n}"
                )
        scores = [int(s) for s in data.scores if s is not None]
        row = new_record(session, SurveyAnswer)
        row.service_card_id = data.service_card_id
        row.answered_on = data.answered_on or today()
        row.scores = [
            {"question_id": str(q.id), "question": q.text, "score": s}
            for q, s in zip(survey.questions, scores, strict=True)
        ]
        row.average = round(sum(scores) / len(scores), 3)
        row.comment = normalize(data.comment)
        row.source = data.source
        session.flush()
        return row.average


@access.operation(access.PRINT)
def survey_form(ctx: AppContext, card_id: uuid.UUID) -> SurveyForm:
    """The blank survey form of a card, as ``reports.feedback.survey_form`` prints it."""
    office = load_office_settings(ctx)
    with ctx.session() as session:
        survey = _survey(session, card_id)
        card = _card(session, card_id)
        return SurveyForm(
            office.office_name,
            card.agency or office.agency,
            survey.service_title,
            card.service_code or "",
            tuple(q.text for q in survey.questions),
        )


@access.operation(access.SIGNED_IN, "the signed-in user's own password")
def check_kiosk_exit(ctx: AppContext, password: str) -> None:
    """Refuse unless ``password`` is the signed-in clerk's own (the kiosk's exit)."""
    if current_actor(ctx).user_id is None:
        raise PermissionDeniedError(
            "حالت نظرسنجی فقط با ورود یک کاربر باز می‌شود و با گذرواژهٔ او بسته می‌شود.",
            "password",
        )
    if not verify_own_password(ctx, password):
        raise ServiceError("گذرواژه درست نیست.", "password")


@access.operation(access.SIGNED_IN)
def survey_by_code(ctx: AppContext, code: str) -> uuid.UUID:
    """The id of the card with this service code (or id), for the command line."""
    from desktop_app.services.catalog.service_cards import find_card

    card = find_card(ctx, code)
    if card.id is None:
        raise NotFoundError(CARD_NOT_FOUND)
    return uuid.UUID(card.id)
