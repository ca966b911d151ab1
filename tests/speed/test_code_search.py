"""A search that is one whole code is answered by the code's index and lists exactly
the record with that code; a code nobody has, or part of one, is an ordinary
substring search; deleted records are never found either way."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.services.core.listing import ListQuery
from desktop_app.services.demo.demo_trainers import national_code
from desktop_app.services.trainers.trainers import (
    TRAINERS,
    count_trainers,
    delete_trainer,
    save_trainer,
    trainer_page,
)
from tests.trainers.test_trainers_service import CODE_B, _trainer, place  # noqa: F401

CODE_A = national_code("912345670")  # starts with 9: "0" + it is a mobile number

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_whole_national_code_finds_exactly_that_trainer(ctx, place):  # noqa: F811
    a = save_trainer(ctx, replace(_trainer(place), national_code=CODE_A))
    # B's mobile holds A's national code as a substring: a substring search finds both.
    b = save_trainer(
        ctx, replace(_trainer(place), national_code=CODE_B, first_name="سارا", mobile="0" + CODE_A)
    )
    typed = CODE_A.translate(PERSIAN_DIGITS)  # the clerk types Persian digits
    with ctx.session() as session:
        resolved = TRAINERS.resolve(session, ListQuery(search=typed))
    assert resolved.code == ("national_code", CODE_A)
    assert [r.id for r in trainer_page(ctx, ListQuery(search=typed), 0, 50)] == [a.id]
    assert count_trainers(ctx, ListQuery(search=typed)) == 1
    # part of a code: the substring search of before
    part = CODE_A[2:8]
    assert {r.id for r in trainer_page(ctx, ListQuery(search=part), 0, 50)} == {a.id, b.id}
    # the code of a deleted trainer: not found by the index, nor by the fallback
    delete_trainer(ctx, b.id)
    with ctx.session() as session:
        assert TRAINERS.resolve(session, ListQuery(search=CODE_B)).code is None
    assert trainer_page(ctx, ListQuery(search=CODE_B), 0, 50) == []
