"""Authorization is declared once (issue 16): every public service function names its
permission in its ``@access.operation`` decorator, and each one refuses nobody signed
in and every role without that permission — before it touches anything (the
placeholder arguments below would break any body that ran). The table in
``docs/permissions.md`` is generated from the same registry."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import desktop_app.services as services
from desktop_app.services.accounts import access
from desktop_app.services.accounts.access import (
    OPEN,
    OPERATIONS,
    ROLE_PERMISSIONS,
    SIGNED_IN,
    Actor,
    PermissionDeniedError,
)

#: The permission machinery itself (it is what the operations call).
MACHINERY = {
    "desktop_app.services.accounts.access." + n for n in ("current_actor", "can", "require")
}


def public_service_functions() -> dict[str, object]:
    """Every public function of every service module whose first parameter is ``ctx``."""
    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(services.__path__, services.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not callable(fn) or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            key = f"{module.__name__}.{fn.__qualname__}"
            if params and params[0] == "ctx" and key not in MACHINERY:
                found[key] = fn
    return found


FUNCTIONS = public_service_functions()
GUARDED = {
    k: f for k, f in FUNCTIONS.items() if OPERATIONS.get(k) and OPERATIONS[k].permission != OPEN
}


def _placeholders(fn) -> list[None]:
    params = list(inspect.signature(fn).parameters.values())[1:]
    return [
        None
        for p in params
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


def test_every_public_service_function_declares_its_permission():
    assert len(FUNCTIONS) > 150
    undeclared = sorted(k for k in FUNCTIONS if k not in OPERATIONS)
    assert undeclared == []
    assert all(getattr(FUNCTIONS[k], "__operation__", None) is OPERATIONS[k] for k in FUNCTIONS)
    # open steps are the sign-in steps only, each with its reason
    open_steps = sorted(
        k.rsplit(".", 1)[1] for k, op in OPERATIONS.items() if op.permission == OPEN
    )
    assert open_steps == [
        "create_first_administrator",
        "has_users",
        "office_settings_unchecked",
        "sign_in",
        "sign_out",
    ]
    assert all(OPERATIONS[k].note for k in OPERATIONS if OPERATIONS[k].permission == OPEN)


def _refuses(ctx, name: str) -> str | None:
    """None if the operation refused the actor on ``ctx`` in Persian, else what happened."""
    fn = GUARDED[name]
    try:
        fn(ctx, *_placeholders(fn))
    except PermissionDeniedError as exc:
        return None if exc.message else "refused without a message"
    except Exception as exc:  # the body ran: the gate is missing
        return f"ran its body ({type(exc).__name__})"
    return "succeeded"


def test_nobody_signed_in_is_refused_everywhere(ctx):
    ctx.user = None
    failures = {name: why for name in sorted(GUARDED) if (why := _refuses(ctx, name))}
    assert failures == {}
    assert len(GUARDED) > 140


def test_every_role_without_the_permission_is_refused_everywhere(ctx):
    failures: dict[str, str] = {}
    checked = 0
    for name in sorted(GUARDED):
        permission = OPERATIONS[name].permission
        for role, granted in ROLE_PERMISSIONS.items():
            if permission == SIGNED_IN or permission in granted:
                continue
            ctx.user = Actor(user_name=f"test-{role}", roles=frozenset({role}))
            checked += 1
            if why := _refuses(ctx, name):
                failures[f"{name} as {role}"] = why
    assert failures == {}
    assert checked > 100


def test_a_refusal_names_the_user_and_the_permission(ctx):
    from desktop_app.services.courses.standards import delete_standard

    ctx.user = Actor(user_name="clerk1", roles=frozenset({access.CLERK}))
    with pytest.raises(PermissionDeniedError) as info:
        delete_standard(ctx, None)
    assert "clerk1" in info.value.message and "حذف" in info.value.message


def test_the_issue_list_is_guarded():
    """The holes issue 16 found, by name."""
    for name, permission in {
        "courses.standards.save_standard": access.ENTER,
        "courses.standards.delete_standard": access.DELETE,
        "courses.standards.import_standards_csv": access.ENTER,
        "places.equipment.export_equipment_excel": access.EXPORT,
        "courses.course_print.print_course_roster": access.PRINT,
        "courses.course_print.print_course_announcement": access.PRINT,
        "places.equipment_print.print_equipment_list": access.PRINT,
        "registration.counseling.delete_counseling": access.DELETE,
    }.items():
        assert OPERATIONS[f"desktop_app.services.{name}"].permission == permission, name


def test_the_workshop_operations_carry_the_permissions_of_docs_workshops():
    """Issue 19's table (docs/workshops.md): writes, deletions, decisions and prints by
    name; every other public workshop function is a read for anyone signed in."""
    declared = {
        access.ENTER: "programme.save_workshop programme.save_sessions"
        " templates.ensure_cbr_template participants.save_participant invitations.invite"
        " invitations.invite_by_national_code invitations.record_answer"
        " invitations.record_confirmation attendance.record_attendance"
        " evaluation.record_evaluation",
        access.DELETE: "programme.delete_workshop participants.delete_participant"
        " invitations.remove_invitation templates.delete_template",
        access.APPROVE: "programme.change_state completion.issue_completion_certificates"
        " completion.revoke_completion_certificate completion.reissue_completion_certificate"
        " templates.save_as_template templates.save_template",
        access.PRINT: "printing.print_programme printing.print_evaluation"
        " printing.print_attendance_sheet printing.print_invitation"
        " printing.print_confirmation_request printing.print_completion_certificate"
        " printing.print_plan",
        access.EXPORT_PERSONAL: "export.export_workshop_excel",
    }
    expected = {
        f"desktop_app.services.workshops.{name}": permission
        for permission, names in declared.items()
        for name in names.split()
    }
    workshops = {
        k: op.permission
        for k, op in OPERATIONS.items()
        if k.startswith("desktop_app.services.workshops.")
    }
    assert {k: p for k, p in workshops.items() if k in expected} == expected
    assert {p for k, p in workshops.items() if k not in expected} == {SIGNED_IN}


def test_the_permissions_table_in_the_docs_is_the_registry():
    from desktop_app.services.permissions_doc import render

    doc = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
    assert doc.read_text(encoding="utf-8") == render(), (
        "docs/permissions.md is stale: python -m desktop_app.services.permissions_doc"
    )
