"""Printing a trainer's one-page profile to a PDF, found by national code or id.

The CLI (``miz print trainer``) and the trainers section's print action call these.
A profile is a personal document: printing needs ``PRINT`` and is written to the
audit log. No Qt; worker threads, CLI and tests.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from desktop_app.documents.trainer_data import TrainerData
from desktop_app.models import Place
from desktop_app.persian import today
from desktop_app.reports.trainer_profile import TrainerProfile, write_trainer_profile
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.settings import load_office_settings
from desktop_app.services.trainers.trainers import find_trainer, get_trainer


@access.operation(access.PRINT)
def trainer_profile(ctx: AppContext, trainer: TrainerData) -> TrainerProfile:
    """The profile of ``trainer`` with its place's and the office's names."""
    with ctx.session() as session:
        place = session.get(Place, trainer.place_id) if trainer.place_id else None
        place_name = place.name if place is not None and place.deleted_at is None else ""
    office = load_office_settings(ctx).office_name
    return TrainerProfile(trainer, place_name=place_name, office_name=office, printed_on=today())


@access.operation(access.PRINT)
def print_trainer(ctx: AppContext, national_code_or_id: str, output: Path) -> Path:
    """Write the profile of the trainer with this national code (or id) to ``output``."""
    trainer = find_trainer(ctx, national_code_or_id)
    write_trainer_profile(output, trainer_profile(ctx, trainer))
    record_event_now(ctx, "print", "trainers", trainer.id, f"پروندهٔ مربی → {output.name}")
    return output


@access.operation(access.PRINT)
def print_trainer_by_id(ctx: AppContext, trainer_id: uuid.UUID, target: Path | BinaryIO) -> None:
    """Write the profile of the trainer ``trainer_id`` (the window's print action)."""
    write_trainer_profile(target, trainer_profile(ctx, get_trainer(ctx, trainer_id)))
    name = getattr(target, "name", "")
    detail = f"پروندهٔ مربی → {Path(name).name}" if isinstance(name, str) and name else "پروندهٔ مربی"
    record_event_now(ctx, "print", "trainers", trainer_id, detail)
