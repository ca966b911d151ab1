"""Evaluation of a training workshop: each participant's pre- and post-test scores
(0–100) and satisfaction questionnaire (the workshop's questions, each answered 1–5, and
free text), and the workshop's evaluation report (averages per question, how many chose
each answer, average pre- and post-test and the gain between them).

Refused with a Persian reason: a score outside 0–100, a post-test for someone without a
pre-test («a post-test before the pre-test»), an answer outside 1–5, more answers than
questions, and evaluating someone who did not answer yes to the invitation.

Recording needs ``ENTER``. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from ...documents.workshops import MAX_TEST_SCORE, SCALE, EvaluationReport, QuestionResult
from ...models import TrainingWorkshop, WorkshopInvitation
from ...persian import normalize, to_persian_digits
from ..accounts import access
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.records import live_record
from .heading import office_heading
from .invitations import INVITATION_NOT_FOUND, invitation_pairs
from .participants import full_name
from .programme import live_workshop


@dataclass
class EvaluationEntry:
    """What the clerk typed for one participant."""

    invitation_id: uuid.UUID
    pre_test: int | None = None
    post_test: int | None = None
    satisfaction: list[int | None] = field(default_factory=list)
    comment: str = ""


@dataclass(frozen=True)
class EvaluationLine:
    invitation_id: uuid.UUID
    name: str
    pre_test: int | None
    post_test: int | None
    satisfaction: tuple[int | None, ...]
    comment: str


@dataclass(frozen=True)
class EvaluationSheet:
    workshop_id: uuid.UUID
    questions: tuple[str, ...]
    lines: tuple[EvaluationLine, ...]


@access.operation(access.SIGNED_IN)
def evaluation_sheet(ctx: AppContext, workshop_id: uuid.UUID) -> EvaluationSheet:
    with ctx.session() as session:
        row = live_workshop(session, workshop_id)
        questions = tuple(row.questions or [])
        lines = tuple(
            EvaluationLine(
                i.id,
                full_name(p),
                i.pre_test,
                i.post_test,
                tuple((list(i.satisfaction or []) + [None] * len(questions))[: len(questions)]),
                i.comment,
            )
            for i, p in invitation_pairs(session, row.id, coming_only=True)
        )
        return EvaluationSheet(row.id, questions, lines)


def _score(value: int | None, label: str, field_name: str) -> int | None:
    if value is not None and not 0 <= value <= MAX_TEST_SCORE:
        raise ServiceError(f"نمرهٔ {label} باید بین ۰ و ۱۰۰ باشد.", field_name)
    return value


@access.operation(access.ENTER)
def record_evaluation(
    ctx: AppContext, workshop_id: uuid.UUID, entries: list[EvaluationEntry]
) -> int:
    """Save the evaluation of the listed participants (all or nothing); the field of an
    error is ``"<row>:pre_test"``, ``"<row>:post_test"``, ``"<row>:q<N>"``."""
    with ctx.session() as session:
        row = live_workshop(session, workshop_id)
        if row.state in ("planned", "cancelled"):
            raise ServiceError("ارزشیابی فقط برای کارگاه در حال برگزاری یا پایان‌یافته ثبت می‌شود.")
        questions = list(row.questions or [])
        changed = 0
        for index, entry in enumerate(entries):
            invitation = live_record(
                session, WorkshopInvitation, entry.invitation_id, INVITATION_NOT_FOUND
            )
            if invitation.training_workshop_id != row.id or invitation.answer != "yes":
                raise ServiceError(
                    f"ردیف {to_persian_digits(index + 1)} از شرکت‌کنندگان این کارگاه نیست.",
                    f"{index}:pre_test",
                )
            pre = _score(entry.pre_test, "پیش‌آزمون", f"{index}:pre_test")
            post = _score(entry.post_test, "پس‌آزمون", f"{index}:post_test")
            if post is not None and pre is None:
                raise ServiceError(
                    "پس‌آزمون پیش از پیش‌آزمون ثبت نمی‌شود؛ ابتدا نمرهٔ پیش‌آزمون را وارد کنید.",
                    f"{index}:post_test",
                )
            if len(entry.satisfaction) > len(questions):
                raise ServiceError("پاسخ‌ها بیش از پرسش‌های نظرسنجی است.", f"{index}:q1")
            answers: list[int | None] = []
            for number, value in enumerate(entry.satisfaction, start=1):
                if value is not None and value not in SCALE:
                    raise ServiceError(
                        f"پاسخ پرسش {to_persian_digits(number)} باید عددی از ۱ تا ۵ باشد.",
                        f"{index}:q{number}",
                    )
                answers.append(value)
            answers += [None] * (len(questions) - len(answers))
            comment = normalize(entry.comment, keep_newlines=True)
            new = (pre, post, answers, comment)
            old = (invitation.pre_test, invitation.post_test, list(invitation.satisfaction or []),
                   invitation.comment)  # fmt: skip
            if new != old:
                invitation.pre_test, invitation.post_test = pre, post
                invitation.satisfaction, invitation.comment = answers, comment
                changed += 1
        return changed


def _average(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


@access.operation(access.SIGNED_IN)
def evaluation_report(ctx: AppContext, workshop_key: uuid.UUID | str) -> EvaluationReport:
    """The workshop's evaluation: averages per question, pre/post averages and gain."""
    with ctx.session() as session:
        row: TrainingWorkshop = live_workshop(session, workshop_key)
        organizer = row.organizer
        pairs = invitation_pairs(session, row.id, coming_only=True)
        questions = list(row.questions or [])
        results = []
        for q, question in enumerate(questions):
            values = [
                i.satisfaction[q]
                for i, _ in pairs
                if i.satisfaction and q < len(i.satisfaction) and i.satisfaction[q] is not None
            ]
            counts = tuple(sum(1 for v in values if v == k) for k in SCALE)
            results.append(
                QuestionResult(
                    question, len(values), _average([v for v in values if v is not None]), counts
                )
            )
        both = [(i.pre_test, i.post_test) for i, _ in pairs
                if i.pre_test is not None and i.post_test is not None]  # fmt: skip
        pre = _average([i.pre_test for i, _ in pairs if i.pre_test is not None])
        post = _average([i.post_test for i, _ in pairs if i.post_test is not None])
        gain = (
            _average([b - a for a, b in both if a is not None and b is not None]) if both else None
        )
        comments = tuple(i.comment for i, _ in pairs if i.comment)
        code, title = row.code, row.title
    return EvaluationReport(
            office_heading(ctx, organizer), code, title, len(pairs), pre, post, gain, len(both),
            tuple(results), comments,
        )  # fmt: skip
