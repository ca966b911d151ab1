"""User accounts of this workstation: the first administrator, signing in and out,
passwords, and managing users. No Qt; any thread (one short session per call).

- ``has_users(ctx)`` / ``create_first_administrator(ctx, …)``: the first start has
  no users and no default password; the person at the machine creates the
  administrator (every role, the office of the settings) and is signed in.
- ``sign_in(ctx, user_name, password)``: checks the argon2 hash and sets
  ``ctx.user``. After ``MAX_FAILED_ATTEMPTS`` wrong passwords in a row the account
  is locked for ``LOCK_MINUTES``; every refusal (unknown name, wrong password,
  locked or inactive account) gives the same Persian message, so it never tells
  whether a user name exists. ``sign_out(ctx)`` clears ``ctx.user``.
- ``change_password`` (the signed-in user, who gives the old one) and
  ``reset_password`` (an administrator; the user must change it at next sign-in).
- ``save_user`` (create or edit; administrator), ``get_user``, the ``USERS``
  listing. Users are deactivated, never deleted; the last active administrator
  cannot be deactivated or lose the role.

Passwords: at least ``MIN_PASSWORD_LENGTH`` characters, not only digits, not the
user name, not a well-known one; Persian/Arabic digits count as Latin digits (a
clerk may type with either keyboard layout). Sign-in events go to the audit log.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.models import User, live, utcnow
from desktop_app.persian import normalize, search_key, to_ascii_digits, to_persian_digits
from desktop_app.services.accounts import access
from desktop_app.services.accounts.access import ADMINISTRATOR, ALL_ROLES, ROLE_TITLES, Actor
from desktop_app.services.accounts.audit import record_event
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.core.records import live_record, new_record, record_for_update
from desktop_app.services.office.settings import OFFICE_LEVELS, office_settings_unchecked

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8

SIGN_IN_REFUSED = (
    "نام کاربری یا گذرواژه درست نیست، یا این حساب فعلاً بسته است. "
    f"پس از {to_persian_digits(MAX_FAILED_ATTEMPTS)} بار تلاش ناموفق، ورود تا "
    f"{to_persian_digits(LOCK_MINUTES)} دقیقه بسته می‌شود."
)
USER_NOT_FOUND = "این کاربر پیدا نشد."
_USER_NAME = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")
_COMMON_PASSWORDS = frozenset(
    {"12345678", "123456789", "1234567890", "password", "password1", "qwertyui", "qwerty123",
     "11111111", "00000000", "87654321", "abcd1234", "iloveyou", "admin123", "miz12345"}
)  # fmt: skip

#: argon2id at OWASP's recommended minimum (Password Storage Cheat Sheet: 19 MiB, two
#: passes, one lane) instead of argon2-cffi's default RFC 9106 "low memory" profile
#: (64 MiB, three passes, four lanes): the check at «ورود» takes about a fifth of the time
#: (0.13 s instead of 0.7 s on the 2-core benchmark machine) and a fifth of the memory,
#: so the main window follows the sign-in within 300 ms (issue 22). An offline guess
#: costs an attacker about five times less than before; accounts lock after
#: ``MAX_FAILED_ATTEMPTS`` and passwords follow ``check_password_rules``. A hash made
#: with other parameters still verifies and is rewritten with these at its next sign-in
#: (``check_needs_rehash``).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so a refusal takes as long either
    way. Made on first use, not at import: argon2 takes 64 MiB and a moment, and the
    start of the app imports this module behind the sign-in window."""
    return _hasher.hash("not a password of anyone")


class AccountError(ServiceError):
    """A refused account operation (Persian message, field)."""


# -- passwords ----------------------------------------------------------------------------
def clean_password(password: str) -> str:
    """The password as hashed: digits of any script become Latin digits."""
    return to_ascii_digits(password)


def check_password_rules(password: str, user_name: str = "", field: str = "password") -> str:
    """The cleaned password, or ``AccountError`` saying which rule it breaks."""
    clean = clean_password(password)
    if len(clean) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"گذرواژه باید دست‌کم {to_fa(MIN_PASSWORD_LENGTH)} نویسه باشد.", field)
    if clean.isdigit():
        raise AccountError("گذرواژه نباید فقط عدد باشد؛ حرف هم در آن بگذارید.", field)
    if user_name and user_name.lower() in clean.lower():
        raise AccountError("گذرواژه نباید نام کاربری را در خود داشته باشد.", field)
    if clean.lower() in _COMMON_PASSWORDS or len(set(clean)) < 4:
        raise AccountError("این گذرواژه بسیار ساده است؛ گذرواژهٔ دیگری برگزینید.", field)
    return clean


def to_fa(number: int) -> str:
    return to_persian_digits(str(number))


def hash_password(password: str) -> str:
    return _hasher.hash(clean_password(password))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, clean_password(password))
    except (VerificationError, InvalidHashError):
        return False


# -- actors -------------------------------------------------------------------------------
def actor_of(user: User) -> Actor:
    return Actor(
        user_name=user.user_name,
        roles=user.role_set,
        office_level=user.office_level,
        office_code=user.office_code,
        full_name=user.full_name,
        user_id=user.id,
    )


def normalize_user_name(user_name: str) -> str:
    return to_ascii_digits(user_name).strip().lower()


def _by_name(session: Session, user_name: str) -> User | None:
    stmt = select(User).where(User.user_name == user_name, live(User))
    return session.scalars(stmt).first()


@access.operation(
    access.OPEN,
    "the first start asks whether any user exists, before anyone can sign in",
)
def has_users(ctx: AppContext) -> bool:
    """Whether any account exists (the first start has none)."""
    with ctx.session() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


# -- signing in -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    must_change_password: bool = False


@access.operation(access.OPEN, "signing in is how one gets an actor")
def sign_in(
    ctx: AppContext, user_name: str, password: str, now: datetime | None = None
) -> SignedIn:
    """Check the password and make the user ``ctx.user``; one Persian message for every refusal."""
    now = now or utcnow()
    name = normalize_user_name(user_name)
    ctx.user = None  # whoever was signed in is not any more, whatever happens next
    with ctx.session() as session:
        user = _by_name(session, name) if name else None
        if user is None:
            _verify(_dummy_hash(), password)
            record_event(session, ctx, "sign_in_failed", "users", None, "نام کاربری ناشناخته")
            failed = True
        else:
            locked = user.locked_until is not None and _aware(user.locked_until) > now
            good = _verify(user.password_hash, password)
            failed = locked or not user.active or not good
            if failed:
                if not locked:
                    user.failed_attempts = (user.failed_attempts or 0) + 1
                    if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
                        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                        user.failed_attempts = 0
                why = "حساب بسته" if locked else ("حساب غیرفعال" if not user.active else "")
                record_event(session, ctx, "sign_in_failed", "users", user.id, why)
            else:
                user.failed_attempts = 0
                user.locked_until = None
                user.last_sign_in_at = now
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                actor = actor_of(user)
                result = SignedIn(actor, bool(user.must_change_password))
                ctx.user = actor
                record_event(session, ctx, "sign_in", "users", user.id)
    if failed:
        raise AccountError(SIGN_IN_REFUSED, "password")
    return result


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@access.operation(access.OPEN, "signing out is always allowed")
def sign_out(ctx: AppContext) -> None:
    """Forget the signed-in user (recorded in the audit log)."""
    if ctx.user is None:
        return
    with ctx.session() as session:
        record_event(session, ctx, "sign_out", "users", ctx.user.user_id)
    ctx.user = None


# -- the user's own password ------------------------------------------------------------------
@access.operation(access.SIGNED_IN)
def change_password(ctx: AppContext, old_password: str, new_password: str, again: str) -> None:
    """The signed-in user changes their password (the old one is asked first)."""
    actor = access.current_actor(ctx)
    if actor.user_id is None:
        raise AccountError("کاربر خط فرمان گذرواژه ندارد.")
    with ctx.session() as session:
        user = live_record(session, User, actor.user_id, USER_NOT_FOUND)
        if not _verify(user.password_hash, old_password):
            raise AccountError("گذرواژهٔ کنونی درست نیست.", "old_password")
        clean = check_password_rules(new_password, user.user_name, "new_password")
        if clean != clean_password(again):
            raise AccountError("تکرار گذرواژهٔ تازه با خود آن یکی نیست.", "again")
        if _verify(user.password_hash, clean):
            raise AccountError("گذرواژهٔ تازه باید با گذرواژهٔ کنونی فرق کند.", "new_password")
        user.password_hash = _hasher.hash(clean)
        user.must_change_password = False
        record_event(session, ctx, "password", "users", user.id)


@access.operation(access.SIGNED_IN)
def verify_own_password(ctx: AppContext, password: str) -> bool:
    """Whether ``password`` is the signed-in user's own (the kiosk's exit asks it).

    False for the command line's system actor (it has no password).
    """
    actor = access.current_actor(ctx)
    if actor.user_id is None:
        return False
    with ctx.session() as session:
        user = session.get(User, actor.user_id)
        return user is not None and _verify(user.password_hash, password)


@access.operation(access.MANAGE_USERS)
def reset_password(ctx: AppContext, user_id: uuid.UUID, new_password: str, again: str) -> None:
    """An administrator sets a new password; the user must change it at next sign-in."""
    with ctx.session() as session:
        user = live_record(session, User, user_id, USER_NOT_FOUND)
        clean = check_password_rules(new_password, user.user_name, "new_password")
        if clean != clean_password(again):
            raise AccountError("تکرار گذرواژه با خود آن یکی نیست.", "again")
        user.password_hash = _hasher.hash(clean)
        user.must_change_password = True
        user.failed_attempts = 0
        user.locked_until = None
        record_event(session, ctx, "password_reset", "users", user.id)


# -- managing users -------------------------------------------------------------------------
@dataclass
class UserData:
    """A user as the form edits it (``password``/``again`` only when creating)."""

    id: uuid.UUID | None = None
    version: int = 0
    user_name: str = ""
    full_name: str = ""
    roles: tuple[str, ...] = ("clerk",)
    office_level: str = "center"
    office_code: str = ""
    active: bool = True
    password: str = ""
    again: str = ""

    def validated(self) -> UserData:
        name = normalize_user_name(self.user_name)
        if not name:
            raise AccountError("نام کاربری را وارد کنید.", "user_name")
        if not _USER_NAME.match(name):
            raise AccountError(
                "نام کاربری باید با حرف لاتین آغاز شود و ۳ تا ۴۰ نویسه از حرف‌های لاتین، "
                "رقم، نقطه، خط تیره یا زیرخط باشد.",
                "user_name",
            )
        full_name = normalize(self.full_name)
        if not full_name:
            raise AccountError("نام و نام خانوادگی را وارد کنید.", "full_name")
        roles = tuple(r for r in ROLE_TITLES if r in set(self.roles))
        if not roles or set(self.roles) - ALL_ROLES:
            raise AccountError("دست‌کم یک نقش (کارشناس، سرپرست یا مدیر سامانه) برگزینید.", "roles")
        if self.office_level not in OFFICE_LEVELS:
            raise AccountError("سطح اداره باید مرکز، اداره کل یا ستاد باشد.", "office_level")
        code = to_ascii_digits(self.office_code).strip()
        if code and not re.fullmatch(r"[0-9]{2,10}", code):
            raise AccountError("کد اداره باید از ۲ تا ۱۰ رقم باشد.", "office_code")
        password = ""
        if self.id is None:
            password = check_password_rules(self.password, name)
            if password != clean_password(self.again):
                raise AccountError("تکرار گذرواژه با خود آن یکی نیست.", "again")
        return replace(
            self,
            user_name=name,
            full_name=full_name,
            roles=roles,
            office_code=code,
            password=password,
            again="",
        )


def _user_data(row: User) -> UserData:
    return UserData(
        id=row.id,
        version=row.version,
        user_name=row.user_name,
        full_name=row.full_name,
        roles=tuple(r for r in ROLE_TITLES if r in row.role_set),
        office_level=row.office_level,
        office_code=row.office_code,
        active=row.active,
    )


def _active_admins(session: Session, except_id: uuid.UUID | None) -> int:
    rows = session.scalars(select(User).where(live(User), User.active.is_(True))).all()
    return sum(1 for u in rows if ADMINISTRATOR in u.role_set and u.id != except_id)


@access.operation(access.MANAGE_USERS)
def get_user(ctx: AppContext, user_id: uuid.UUID) -> UserData:
    with ctx.session() as session:
        return _user_data(live_record(session, User, user_id, USER_NOT_FOUND))


def _store_user(session: Session, clean: UserData) -> User:
    clash = _by_name(session, clean.user_name)
    if clash is not None and clash.id != clean.id:
        raise AccountError("این نام کاربری را کاربر دیگری دارد.", "user_name")
    if clean.id is None:
        row = new_record(session, User)
        row.password_hash = _hasher.hash(clean.password)
    else:
        row = record_for_update(session, User, clean.id, clean.version, USER_NOT_FOUND)
        stays_admin = clean.active and ADMINISTRATOR in clean.roles
        was_admin = row.active and ADMINISTRATOR in row.role_set
        if was_admin and not stays_admin and not _active_admins(session, row.id):
            raise AccountError(
                "این تنها مدیر سامانهٔ فعال است؛ پیش از برداشتن نقش یا غیرفعال کردنش، "
                "مدیر دیگری تعریف کنید.",
                "roles",
            )
    row.user_name = clean.user_name
    row.full_name = clean.full_name
    row.roles = ",".join(clean.roles)
    row.office_level = clean.office_level
    row.office_code = clean.office_code
    row.active = clean.active
    row.search_text = search_key(f"{clean.user_name} {clean.full_name}")
    session.flush()
    return row


@access.operation(access.MANAGE_USERS)
def save_user(ctx: AppContext, data: UserData) -> UserData:
    """Create (with its first password) or edit a user; administrator only."""
    clean = data.validated()
    with ctx.session() as session:
        return _user_data(_store_user(session, clean))


@access.operation(access.MANAGE_USERS)
def new_user_defaults(ctx: AppContext) -> UserData:
    """A new user's form: the office of this workstation's settings."""
    return _new_user_defaults(ctx)


def _new_user_defaults(ctx: AppContext) -> UserData:
    office = office_settings_unchecked(ctx)
    return UserData(office_level=office.level, office_code=office.office_code)


@access.operation(access.OPEN, "only while no user exists (checked inside)")
def create_first_administrator(
    ctx: AppContext, user_name: str, full_name: str, password: str, again: str
) -> SignedIn:
    """The first start: make the administrator (every role) and sign them in.

    Refused once any user exists, so it can never be used to add a second one.
    """
    defaults = _new_user_defaults(ctx)
    clean = replace(
        defaults,
        user_name=user_name,
        full_name=full_name,
        roles=tuple(ROLE_TITLES),
        password=password,
        again=again,
    ).validated()
    with ctx.session() as session:
        if session.scalar(select(func.count()).select_from(User)):
            raise AccountError("کاربر مدیر پیش‌تر ساخته شده است؛ با حساب خود وارد شوید.")
        row = _store_user(session, clean)
        row.last_sign_in_at = utcnow()
        actor = actor_of(row)
        ctx.user = actor
        record_event(session, ctx, "sign_in", "users", row.id, "نخستین مدیر سامانه ساخته شد")
    return SignedIn(actor)


# -- idle sign-out ---------------------------------------------------------------------------
MAX_IDLE_MINUTES = 480


@access.operation(access.SETTINGS)
def save_idle_minutes(ctx: AppContext, minutes: int) -> int:
    """Store this workstation's idle sign-out time (``SETTINGS``; 0 = never)."""
    if not 0 <= minutes <= MAX_IDLE_MINUTES:
        raise AccountError(
            f"زمان خروج خودکار باید بین ۰ (هرگز) و {to_fa(MAX_IDLE_MINUTES)} دقیقه باشد.",
            "idle_minutes",
        )
    ctx.workstation.idle_minutes = minutes
    ctx.workstation.save(ctx.data_dir)
    return minutes


# -- the users list -------------------------------------------------------------------------
@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    user_name: str
    full_name: str
    roles: str
    office_level: str
    office_code: str
    active: bool
    last_sign_in_at: datetime | None


USERS: Listing[UserRow] = Listing(
    model=User,
    row=UserRow,
    columns={
        "id": User.id,
        "user_name": User.user_name,
        "full_name": User.full_name,
        "roles": User.roles,
        "office_level": User.office_level,
        "office_code": User.office_code,
        "active": User.active,
        "last_sign_in_at": User.last_sign_in_at,
    },
    search_column=User.search_text,
    filters={"active": User.active, "office_level": User.office_level},
    default_sort="user_name",
    # User names are lowercase ASCII: byte order is their order, along the unique index.
    sort_keys={"user_name": User.user_name},
)


@access.operation(access.MANAGE_USERS)
def count_users(ctx: AppContext, query: ListQuery) -> int:
    return USERS.count(ctx, query)


@access.operation(access.MANAGE_USERS)
def user_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[UserRow]:
    return USERS.page(ctx, query, offset, limit)


def roles_title(roles: str) -> str:
    """ "clerk,supervisor" → "کارشناس، سرپرست"."""
    return "، ".join(ROLE_TITLES.get(r, r) for r in roles.split(",") if r)
