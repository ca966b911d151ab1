"""Signing test users in: a user with given roles, made by the system actor."""

from __future__ import annotations

from desktop_app.services.accounts.access import system_actor
from desktop_app.services.accounts.accounts import UserData, save_user, sign_in

PASSWORD = "Gorgan-1403"


def make_user(ctx, name: str, *roles: str, level: str = "center", active: bool = True):
    """Create ``name`` with ``roles`` as the system actor (ctx.user is kept)."""
    before = ctx.user
    ctx.user = system_actor()
    try:
        return save_user(
            ctx,
            UserData(
                user_name=name,
                full_name=f"کاربر {name}",
                roles=roles,
                office_level=level,
                office_code="2701",
                active=active,
                password=PASSWORD,
                again=PASSWORD,
            ),
        )
    finally:
        ctx.user = before


def sign_in_as(ctx, name: str, *roles: str, level: str = "center"):
    """Create ``name`` and sign them in on ``ctx``; returns their ``Actor``."""
    make_user(ctx, name, *roles, level=level)
    return sign_in(ctx, name, PASSWORD).actor
