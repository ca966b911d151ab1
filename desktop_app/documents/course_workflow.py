"""The course workflow as plain rules: states, steps (who may take which from where) and
the questions asked of them. Shared by the workstation's services (``services.courses.courses.
course_workflow`` raises and records) and the central server (``central_server.authority``
judges a pushed change of state with the same table). No database, no Qt; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.documents.office import OFFICE_LEVELS

STATES: dict[str, str] = {
    "draft": "پیش‌نویس",
    "submitted": "ارسال‌شده به اداره کل",
    "province_approved": "تأیید اداره کل",
    "province_rejected": "رد اداره کل",
    "hq_approved": "تأیید ستاد",
    "hq_rejected": "رد ستاد",
    "open": "ثبت‌نام باز",
    "running": "در حال برگزاری",
    "finished": "پایان‌یافته",
    "cancelled": "لغوشده",
}
FINAL_STATES = frozenset({"finished", "cancelled"})
#: States in which the center may still edit the course (then submit it again).
EDITABLE_STATES = frozenset({"draft", "province_rejected", "hq_rejected"})
#: States whose course holds its trainers and workshop (checked for clashes).
BOOKED_STATES = frozenset({"submitted", "province_approved", "hq_approved", "open", "running"})
#: A standard longer than this many hours needs headquarters approval.
HQ_HOURS_THRESHOLD = 300

CENTER, PROVINCE, HEADQUARTERS = "center", "province", "headquarters"


@dataclass(frozen=True)
class Action:
    """One workflow step: its label, the states it starts from, where it leads, who may."""

    key: str
    label: str
    sources: frozenset[str]
    target: str
    levels: frozenset[str]
    needs_reason: bool = False


def _action(
    key: str,
    label: str,
    sources: set[str] | frozenset[str],
    target: str,
    levels: set[str],
    needs_reason: bool = False,
) -> Action:
    return Action(key, label, frozenset(sources), target, frozenset(levels), needs_reason)


_CANCEL_BY_CENTER = {"draft", "province_rejected", "hq_rejected", "province_approved"}
_CANCEL_BY_CENTER |= {"hq_approved", "open"}
_CANCEL_ABOVE = set(STATES) - FINAL_STATES - {"draft"}

ACTIONS: dict[str, Action] = {
    a.key: a
    for a in (
        _action("submit", "ارسال به اداره کل", EDITABLE_STATES, "submitted", {CENTER}),
        _action(
            "province_approve", "تأیید اداره کل", {"submitted"}, "province_approved", {PROVINCE}
        ),
        _action(
            "province_reject", "رد اداره کل", {"submitted"}, "province_rejected", {PROVINCE}, True
        ),
        _action("hq_approve", "تأیید ستاد", {"province_approved"}, "hq_approved", {HEADQUARTERS}),
        _action("hq_reject", "رد ستاد", {"province_approved"}, "hq_rejected", {HEADQUARTERS}, True),
        _action(
            "open_registration",
            "آغاز ثبت‌نام",
            {"province_approved", "hq_approved"},
            "open",
            {CENTER},
        ),
        _action("start", "شروع دوره", {"open"}, "running", {CENTER}),
        _action("finish", "پایان دوره", {"running"}, "finished", {CENTER}),
        _action(
            "cancel",
            "لغو دوره",
            _CANCEL_BY_CENTER | _CANCEL_ABOVE,
            "cancelled",
            {CENTER, PROVINCE, HEADQUARTERS},
            True,
        ),
    )
}


def needs_headquarters(kind: str, total_hours: int) -> bool:
    """True when a course needs headquarters approval after the province's (see above)."""
    return kind == "private" or total_hours > HQ_HOURS_THRESHOLD


def step_refusal(action: Action, state: str, level: str, needs_hq: bool) -> str | None:
    """Why ``level`` may not take ``action`` on a course in ``state`` (None: it may)."""
    if state not in STATES:
        return f"وضعیت «{state}» شناخته نیست."
    if state in FINAL_STATES:
        return f"این دوره {STATES[state]} است و کاری روی آن انجام نمی‌شود."
    if level not in action.levels:
        who = "، ".join(OFFICE_LEVELS[lv] for lv in sorted(action.levels))
        return f"«{action.label}» کارِ {who} است، نه {OFFICE_LEVELS.get(level, level)}."
    if state not in action.sources:
        return f"«{action.label}» برای دوره‌ای در وضعیت «{STATES[state]}» ممکن نیست."
    if action.key in ("hq_approve", "hq_reject") and not needs_hq:
        return "این دوره به تأیید ستاد نیاز ندارد؛ پس از تأیید اداره کل ثبت‌نام آن باز می‌شود."
    if action.key == "open_registration" and state == "province_approved" and needs_hq:
        return "این دوره پیش از آغاز ثبت‌نام باید به تأیید ستاد برسد."
    if action.key == "cancel":
        if level == CENTER and state not in _CANCEL_BY_CENTER:
            return "دوره‌ای را که به اداره کل ارسال شده یا در حال برگزاری است فقط اداره کل یا ستاد لغو می‌کند."
        if level != CENTER and state not in _CANCEL_ABOVE:
            return "پیش‌نویس را خود مرکز لغو می‌کند."
    return None


def allowed_actions(state: str, level: str, needs_hq: bool) -> list[str]:
    """The actions ``level`` may take on a course in ``state`` (the buttons to show)."""
    return [k for k, a in ACTIONS.items() if step_refusal(a, state, level, needs_hq) is None]


def reachable(state: str, target: str, level: str, needs_hq: bool) -> list[str] | None:
    """The shortest run of steps ``level`` alone may take from ``state`` to ``target``
    (``[]`` when they are equal), or None when no such run exists.

    The central server judges a pushed change of state with it: a workstation may take
    several steps offline between two syncs (open → running → finished), but only the
    steps of its own level (``ACTIONS``, the same table the window's buttons come from).
    """
    if state == target:
        return []
    paths: dict[str, list[str]] = {state: []}
    todo = [state]
    while todo:
        current = todo.pop(0)
        for key, action in ACTIONS.items():
            if action.target in paths or step_refusal(action, current, level, needs_hq) is not None:
                continue
            paths[action.target] = [*paths[current], key]
            if action.target == target:
                return paths[target]
            todo.append(action.target)
    return None
