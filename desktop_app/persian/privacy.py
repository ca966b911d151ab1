"""Masking personal codes for lists: ``0012345678`` → ``0012****78``.

National codes and mobile numbers are shown in full only to roles that need them
(``services.core.privacy`` decides); everyone else sees the first four and the last two
digits. Digits keep the script they came in (lists turn them into Persian digits
when they show them: ``۰۰۱۲****۷۸``). Pure functions: any thread.
"""

from __future__ import annotations

MASK = "*"
KEEP_START = 4
KEEP_END = 2


def mask_code(value: str | None) -> str:
    """The code with its middle digits replaced by ``*`` ("" stays "")."""
    if not value:
        return ""
    text = value.strip()
    if len(text) <= KEEP_END + 1:
        return MASK * len(text)
    if len(text) <= KEEP_START + KEEP_END + 1:
        return MASK * (len(text) - KEEP_END) + text[-KEEP_END:]
    hidden = len(text) - KEEP_START - KEEP_END
    return text[:KEEP_START] + MASK * hidden + text[-KEEP_END:]
