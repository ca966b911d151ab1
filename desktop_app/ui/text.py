"""Small helpers for showing mixed-direction text in Qt widgets. UI thread only
(pure functions, but they exist for display)."""

from __future__ import annotations

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"


def ltr(text: str) -> str:
    """Isolate a left-to-right run (a path, a URL, a Latin code) inside Persian text,
    so its slashes and dots stay where a reader expects them."""
    return f"{LRI}{text}{PDI}"
