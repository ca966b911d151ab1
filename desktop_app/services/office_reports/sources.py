"""Counted sources of the services report: the registry and the built-in sources live in
``models.office_figures`` (shared with the central server, which counts the same rows the
same way); this module is where the workstation's code names them.

A new figure is registered in ``models.office_figures`` (as the participation receipts
of issue 18 are), so that the server counts it too.
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
    monthly_rows,
    monthly_tally,
    register_source,
    request_tallies,
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
    "monthly_rows",
    "monthly_tally",
    "register_source",
    "request_tallies",
    "sources",
]
