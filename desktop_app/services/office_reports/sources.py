"""Counted sources of the services report: the registry and the built-in sources live in
``models.office_figures`` (shared with the central server, which counts the same rows the
same way); this module is where the workstation's code names them.

Another section joins the report with one call at import time of its own module, e.g. the
gifts of issue 18:

    from desktop_app.services.office_reports.sources import CountedSource, register_source
    register_source(CountedSource("gifts", "هدایا و مشارکت‌ها", tally=count_gifts,
                                  service_code="19071058105", people=True))

For the server to count it too, put the source in ``models.office_figures``.
No Qt; any thread.
"""

from __future__ import annotations

from desktop_app.models.office_figures import (
    _SOURCES,
    COMPLAINT_KINDS,
    PARTICIPATION_SERVICE_CODE,
    TRAINING_SERVICE_CODE,
    CountedSource,
    Tally,
    late_condition,
    month_bounds,
    monthly_tally,
    register_source,
    sources,
)

__all__ = [
    "COMPLAINT_KINDS",
    "PARTICIPATION_SERVICE_CODE",
    "TRAINING_SERVICE_CODE",
    "_SOURCES",
    "CountedSource",
    "Tally",
    "late_condition",
    "month_bounds",
    "monthly_tally",
    "register_source",
    "sources",
]
