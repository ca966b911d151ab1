"""Office settings stored in the database (key → JSON value). No Qt; any thread.

Settings that are *data* (the office's identity, the registration card fee, the
workflow level) live here; settings that belong to one workstation (its device
id, the central server address) live in the workstation config file instead
(``desktop_app.services.core.workstation``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Setting(Base):
    """One office setting; ``value`` holds JSON text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="null")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
