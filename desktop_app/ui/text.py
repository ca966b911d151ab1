"""Small helpers for showing mixed-direction text in Qt widgets: the shared rule of
``persian.bidi`` under the names the screens use. Pure functions."""

from __future__ import annotations

from ..persian.bidi import LRI, PDI, RLI, code, isolate

__all__ = ["LRI", "PDI", "RLI", "code", "ltr"]


def ltr(text: str) -> str:
    """Isolate a left-to-right run (a path, a URL, a Latin code) inside Persian text,
    so its slashes and dots stay where a reader expects them."""
    return isolate(text)
