"""The error raised when typed input is not acceptable.

``ValidationError.message`` is a complete Persian sentence meant for the clerk: forms show
it next to the field as it is. It is a ``ValueError``, so code that only knows about
``ValueError`` still catches it.

No shared state: any thread may raise or handle it.
"""

from __future__ import annotations

__all__ = ["ValidationError"]


class ValidationError(ValueError):
    """Input that cannot be accepted; ``message`` says, in Persian, what is wrong."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
