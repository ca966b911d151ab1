"""Combo boxes are as wide as their labels (up to a limit) and their open list shows
every label whole: «استاندارد آموزشی», «مکان برگزاری», a filter's «مکان: همه»."""

from __future__ import annotations

from desktop_app.ui.listing import ChoiceBox
from desktop_app.ui.listing.choice_box import WIDEST_LABEL


def test_a_choice_box_is_as_wide_as_its_labels(qtbot):
    short = ChoiceBox([(1, "یک")])
    title = "برق‌کار ساختمان درجهٔ دو"
    box = ChoiceBox([(1, "یک"), (2, title)], empty="استاندارد آموزشی")
    qtbot.addWidget(short)
    qtbot.addWidget(box)
    metrics = box.fontMetrics()
    assert box.minimumContentsLength() == len(title)
    assert box.sizeHint().width() > metrics.horizontalAdvance(title)
    assert box.sizeHint().width() > short.sizeHint().width()
    long_title = "آموزش " * 20
    box.set_choices([(3, long_title)])
    assert box.minimumContentsLength() == WIDEST_LABEL  # a long title does not push the form
    view = box.view()
    assert view.minimumWidth() > metrics.horizontalAdvance(long_title)  # the list shows it all
