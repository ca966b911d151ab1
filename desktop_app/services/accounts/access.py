"""Who may do what: permission names, the roles that grant them, and the checks
every use case makes. No Qt; any thread.

The signed-in person is ``ctx.user`` (an ``Actor``) on the ``AppContext``:

- the window sets it after the sign-in dialog (``services.accounts.accounts.sign_in``) and
  clears it on sign-out; until then it is ``None`` and every ``require`` refuses;
- batch commands (``miz demo``, ``miz backup`` …) run as ``system_actor()``: the
  operating-system user who can read the data folder already holds every byte of
  the database, so the command line acts with every permission, and the audit log
  names it ``system:<os user>``;
- tests get the system actor from the ``ctx`` fixture (``tests/conftest.py``); a
  test about permissions signs in a real user instead.

**Declared once.** Every public use case (a function of ``services`` taking ``ctx``
first) names its permission in one place, its decorator: ``@operation(DELETE)``
checks ``require(ctx, DELETE)`` before the body runs; ``@operation(SIGNED_IN)`` only
needs somebody signed in (reads); ``@operation(OPEN, "why")`` marks the few steps
before sign-in. ``OPERATIONS`` is the registry: ``tests/accounts/test_operations.py``
enumerates every public service function and proves each refuses nobody-signed-in
and every role without its permission, and ``docs/permissions.md`` is generated from
it (``python -m desktop_app.services.permissions_doc``). A use case whose step needs
more than its declared permission (a workflow decision) says so in the note and
checks again inside. A refusal is ``PermissionDeniedError`` (a ``ServiceError``)
with a Persian message. The course
workflow asks ``current_actor(ctx).office_level`` for the level that approves.
"""

from __future__ import annotations

import functools
import getpass
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from desktop_app.services.core.errors import ServiceError

if TYPE_CHECKING:
    from desktop_app.services.core.context import AppContext

# -- permissions ------------------------------------------------------------------------
ENTER = "enter"  # create and edit records
PRINT = "print"  # print documents (personal documents are audited)
EXPORT = "export"  # export data that is not personal (service cards)
BACKUP = "backup"  # take a manual backup, verify a backup file
DELETE = "delete"  # tombstone records
APPROVE = "approve"  # workflow decisions at the actor's own office level
VIEW_PERSONAL = "view_personal"  # see national codes and mobile numbers unmasked in lists
EXPORT_PERSONAL = "export_personal"  # export personal data (audited)
VIEW_AUDIT = "view_audit"  # read the audit log and a record's history
MANAGE_USERS = "manage_users"  # create, edit, deactivate users; reset passwords
SETTINGS = "settings"  # change office and workstation settings
RESTORE = "restore"  # replace the database with a backup
SIGNED_IN = "signed_in"  # any signed-in user (reading what the office holds)
OPEN = "open"  # before sign-in (only the sign-in steps themselves)

PERMISSION_TITLES: dict[str, str] = {
    ENTER: "ثبت و ویرایش اطلاعات",
    PRINT: "چاپ",
    EXPORT: "خروجی گرفتن",
    BACKUP: "پشتیبان‌گیری",
    DELETE: "حذف",
    APPROVE: "تأیید یا رد",
    VIEW_PERSONAL: "دیدن کامل کد ملی و شمارهٔ همراه",
    EXPORT_PERSONAL: "خروجی گرفتن از اطلاعات شخصی",
    VIEW_AUDIT: "دیدن سابقهٔ تغییرات",
    MANAGE_USERS: "مدیریت کاربران",
    SETTINGS: "تغییر تنظیمات",
    RESTORE: "بازگردانی پشتیبان",
    SIGNED_IN: "ورود به سامانه",
    OPEN: "بدون ورود",
}

# -- roles ------------------------------------------------------------------------------
CLERK = "clerk"
SUPERVISOR = "supervisor"
ADMINISTRATOR = "administrator"

ROLE_TITLES: dict[str, str] = {
    CLERK: "کارشناس",
    SUPERVISOR: "سرپرست",
    ADMINISTRATOR: "مدیر سامانه",
}

_CLERK = frozenset({ENTER, PRINT, EXPORT, BACKUP})
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    CLERK: _CLERK,
    SUPERVISOR: _CLERK | {DELETE, APPROVE, VIEW_PERSONAL, EXPORT_PERSONAL, VIEW_AUDIT},
    ADMINISTRATOR: frozenset({MANAGE_USERS, SETTINGS, RESTORE, BACKUP, VIEW_AUDIT}),
}
ALL_ROLES = frozenset(ROLE_TITLES)


def permissions_of(roles: frozenset[str] | set[str]) -> frozenset[str]:
    """Every permission the roles grant together."""
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user, or the system actor of a batch command."""

    user_name: str
    roles: frozenset[str]
    office_level: str = "center"
    office_code: str = ""
    full_name: str = ""
    user_id: uuid.UUID | None = None
    is_system: bool = False
    permissions: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        if not self.permissions:
            object.__setattr__(self, "permissions", permissions_of(self.roles))

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def display_name(self) -> str:
        return self.full_name or self.user_name


class PermissionDeniedError(ServiceError):
    """The actor may not do this (or nobody is signed in)."""


NOT_SIGNED_IN = "ابتدا با نام کاربری و گذرواژهٔ خود وارد شوید."


def system_actor() -> Actor:
    """The actor of batch commands run by the operating-system user (every role).

    Its office is this workstation's office: ``current_actor`` fills the level and
    code in from the office settings each time it is asked.
    """
    try:
        os_user = getpass.getuser()
    except Exception:  # no login name (a service account): still name the actor
        os_user = "unknown"
    return Actor(
        user_name=f"system:{os_user}",
        roles=ALL_ROLES,
        office_level="",
        full_name="خط فرمان",
        is_system=True,
    )


def _office_of_workstation(ctx: AppContext) -> tuple[str, str]:
    from desktop_app.models import Setting

    with ctx.session_factory() as session:
        rows = {key: session.get(Setting, f"office.{key}") for key in ("level", "office_code")}
    values = {k: (json.loads(r.value) if r is not None else "") for k, r in rows.items()}
    return str(values["level"] or "center"), str(values["office_code"] or "")


def current_actor(ctx: AppContext) -> Actor:
    """Who acts on ``ctx`` now (``PermissionDeniedError`` when nobody is signed in)."""
    actor = ctx.user
    if actor is None:
        raise PermissionDeniedError(NOT_SIGNED_IN)
    if actor.is_system and not actor.office_level:
        level, code = _office_of_workstation(ctx)
        actor = replace(actor, office_level=level, office_code=code)
    return actor


def can(ctx: AppContext, permission: str) -> bool:
    """Whether the actor on ``ctx`` holds ``permission`` (False when nobody is signed in)."""
    return ctx.user is not None and ctx.user.can(permission)


def require(ctx: AppContext, permission: str) -> Actor:
    """The actor, if they hold ``permission``; else ``PermissionDeniedError`` in Persian."""
    actor = ctx.user
    if actor is None:
        raise PermissionDeniedError(NOT_SIGNED_IN)
    if permission != SIGNED_IN and not actor.can(permission):
        title = PERMISSION_TITLES.get(permission, permission)
        raise PermissionDeniedError(
            f"کاربر «{actor.display_name}» اجازهٔ «{title}» را ندارد. "
            "اگر لازم است، از سرپرست یا مدیر سامانه بخواهید."
        )
    return actor


# -- the registry of operations ------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """One public use case and the permission it requires (``OPEN``: none)."""

    name: str  # module.function
    permission: str
    note: str = ""


#: Every decorated use case, by ``module.function``.
OPERATIONS: dict[str, Operation] = {}

F = TypeVar("F", bound=Callable[..., Any])


def operation(permission: str, note: str = "") -> Callable[[F], F]:
    """Declare a use case's permission; the wrapper checks it before the body runs.

    The function's first argument is the ``AppContext``. ``OPEN`` adds no check (the
    note says why the step comes before sign-in).
    """
    if permission not in PERMISSION_TITLES:
        raise ValueError(f"unknown permission {permission!r}")

    def decorate(fn: F) -> F:
        entry = Operation(f"{fn.__module__}.{fn.__qualname__}", permission, note)
        OPERATIONS[entry.name] = entry
        if permission == OPEN:
            fn.__operation__ = entry  # type: ignore[attr-defined]
            return fn

        @functools.wraps(fn)
        def guarded(ctx: AppContext, *args: Any, **kwargs: Any) -> Any:
            require(ctx, permission)
            return fn(ctx, *args, **kwargs)

        guarded.__operation__ = entry  # type: ignore[attr-defined]
        return cast(F, guarded)

    return decorate
