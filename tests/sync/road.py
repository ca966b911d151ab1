"""A course on its real road for sync tests: the center makes it and submits it, the
province approves it on its own workstation, the center opens registration. The
central server refuses a course that skips a level's step (``central_server.authority``),
so a test that needs an open course at several counters takes this road."""

from __future__ import annotations

from typing import Any

from desktop_app.models import Course
from desktop_app.services.accounts.access import system_actor
from tests.registration.helpers import make_course


def province_station(server: Any, office: str = "P1") -> tuple[Any, Any]:
    """The province's workstation of this harness (made once per server)."""
    stations = server.__dict__.setdefault("_province_stations", {})
    if office not in stations:
        ctx, engine, _transport = server.workstation(f"province-{office}", office)
        ctx.user = system_actor()
        stations[office] = (ctx, engine)
    return stations[office]


def open_course(server: Any, ctx: Any, engine: Any, province: str = "P1", **kw: Any) -> Any:
    """A course of ``ctx``'s office, open for registration everywhere it is read."""
    course_id = make_course(ctx, state="submitted", **kw)
    engine.run()
    p_ctx, p_engine = province_station(server, province)
    p_engine.run()
    with p_ctx.session() as s:
        s.get(Course, course_id).state = "province_approved"
    p_engine.run()
    engine.run()
    with ctx.session() as s:
        course = s.get(Course, course_id)
        assert course.state == "province_approved", course.state
        course.state = "open"
    engine.run()
    return course_id
