"""The province's programme templates: the editor's service (checks at the cell they
are about) and the screen (list, form, a refused cell, a saved template a new workshop
then copies)."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from desktop_app.persian import today
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.workshops.programme import WorkshopData, programme, save_workshop
from desktop_app.services.workshops.templates import (
    TemplateData,
    TemplateQuestion,
    TemplateSession,
    count_templates,
    delete_template,
    ensure_cbr_template,
    get_template,
    save_template,
    template_page,
)
from desktop_app.ui.tasks import TaskRunner


def _small(**changes) -> TemplateData:
    data = TemplateData(
        title="کارگاه سه‌روزهٔ بازآموزی", province="گلستان", per_head_cost=2_000_000,
        max_absent_days=1,
        sessions=[
            TemplateSession(2, "۰۹:۰۰", "۱۲:۰۰", 3, "تمرین میدانی"),
            TemplateSession(1, "8:00", "10:00", 2, "مرور برنامه", "دکتر کریمی"),
            TemplateSession(1, "10:30", "12:30", 2, "گزارش‌دهی"),
            TemplateSession(3, "08:00", "11:00", 3, "جمع‌بندی"),
        ],
        questions=[TemplateQuestion("آموزش مفید بود."), TemplateQuestion("  ")],
    )  # fmt: skip
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_a_template_is_stored_in_day_order_and_lists(ctx, office):
    saved = save_template(ctx, _small())
    assert [(s.day, s.start) for s in saved.sessions] == [
        (1, "08:00"), (1, "10:30"), (2, "09:00"), (3, "08:00"),
    ]  # fmt: skip
    assert (
        saved.days == 3
        and saved.hours == 10
        and [q.text for q in saved.questions] == ["آموزش مفید بود."]
    )
    assert get_template(ctx, saved.id).sessions[0].trainer == "دکتر کریمی"
    ensure_cbr_template(ctx, "گلستان")
    rows = template_page(ctx, ListQuery(), 0, 50)
    assert count_templates(ctx, ListQuery()) == 2
    assert {(r.days, r.sessions, r.hours) for r in rows} == {(3, 4, 10), (12, 24, 60)}
    assert count_templates(ctx, ListQuery(search="بازآموزی")) == 1
    assert count_templates(ctx, ListQuery().with_filter("province", "تهران")) == 0
    # a new workshop copies the edited template
    workshop = save_workshop(ctx, WorkshopData(title="بازآموزی", province="گلستان",
                                               template_id=saved.id,
                                               start_date=today() + timedelta(days=7)))  # fmt: skip
    sessions = programme(ctx, workshop.id)
    assert [s.line.topic for s in sessions] == ["مرور برنامه", "گزارش‌دهی", "تمرین میدانی",
                                                "جمع‌بندی"]  # fmt: skip
    delete_template(ctx, saved.id)
    assert count_templates(ctx, ListQuery()) == 1
    assert len(programme(ctx, workshop.id)) == 4  # the workshop keeps its own programme


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"province": ""}, "province"),
        ({"sessions": []}, "sessions"),
        ({"questions": [TemplateQuestion("")]}, "questions"),
    ],
)
def test_a_template_missing_a_part_is_refused_at_its_field(ctx, office, change, field):
    with pytest.raises(ServiceError) as err:
        save_template(ctx, _small(**change))
    assert err.value.field == field


def test_a_bad_session_is_refused_at_its_cell(ctx, office):
    def refused(index: int, **cell) -> ServiceError:
        data = _small()
        for key, value in cell.items():
            setattr(data.sessions[index], key, value)
        with pytest.raises(ServiceError) as err:
            save_template(ctx, data)
        return err.value

    assert refused(1, topic="").field == "sessions[1].topic"
    assert refused(2, start="25:00").field == "sessions[2].start"
    assert refused(2, end="10:00").field == "sessions[2].end"  # before its start
    assert refused(3, hours=0).field == "sessions[3].hours"
    assert refused(0, day=None).field == "sessions[0].day"
    gap = refused(3, day=5)
    assert gap.field == "sessions" and "روز ۳ جلسه" in gap.message
    overlap = refused(2, start="09:30")  # day 1 has 08:00–10:00 already
    assert "هم‌زمان" in overlap.message
    save_template(ctx, _small())
    with pytest.raises(ServiceError) as twice:
        save_template(ctx, _small())
    assert twice.value.field == "title"


def test_the_template_screen_edits_the_cbr_programme(ctx, qtbot, miz_app, office):
    from desktop_app.ui.workshops.templates_page import TemplateForm, templates_page

    template_id = ensure_cbr_template(ctx, "گلستان")
    page = templates_page(ctx, TaskRunner())
    qtbot.addWidget(page)
    page.resize(1200, 500)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.new_button.isVisible()
    form = TemplateForm(ctx, TaskRunner(), template_id, page)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.loaded_data is not None)
    assert form.sessions.model.rowCount() == 24 and "۱۲ روز" in form.totals.text()
    if shots := os.environ.get("MIZ_SHOTS"):  # look at it: MIZ_SHOTS=/some/folder
        form.grab().save(f"{shots}/template-form.png")
        page.grab().save(f"{shots}/templates-list.png")
    model = form.sessions.model
    assert model.index(0, 1).data() == "۰۸:۰۰"  # a time in Persian digits, held in Latin
    model.setData(model.index(0, 4), "آشنایی با برنامه (بازنگری‌شده)")
    model.setData(model.index(3, 4), "")  # the topic of the fourth session emptied
    form.save()
    qtbot.waitUntil(lambda: bool(form.sessions.error()))
    assert form.sessions.current_row() == 3 and form.isVisible()
    assert model.rows()[0].topic == "آشنایی با برنامه (بازنگری‌شده)"  # nothing typed lost
    model.setData(model.index(3, 4), "پیشگیری از معلولیت")
    form.sessions.select_row(23)
    form.sessions.add_row()  # a 25th session on day 12
    row = form.sessions.model.rowCount() - 1
    for column, value in ((1, "14:00"), (2, "15:00"), (3, "1"), (4, "اهدای گواهی")):
        model.setData(model.index(row, column), value)
    assert "۶۱ ساعت" in form.totals.text()
    form.save()
    qtbot.waitUntil(lambda: not form.isVisible())
    stored = get_template(ctx, template_id)
    assert len(stored.sessions) == 25 and stored.sessions[-1].topic == "اهدای گواهی"
    assert stored.sessions[0].topic == "آشنایی با برنامه (بازنگری‌شده)"
    qtbot.waitUntil(lambda: page.model.index(0, 4).data() == "۶۱")
