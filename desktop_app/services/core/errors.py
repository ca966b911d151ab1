"""Errors a use case raises for the clerk to read. No Qt; any thread."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused operation with a Persian ``message`` (and the field it concerns)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(ServiceError):
    """The record asked for does not exist (or is deleted)."""
