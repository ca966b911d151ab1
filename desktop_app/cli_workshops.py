"""Training-workshop and attendance prints of ``miz`` (registered in ``cli.PRINT_KINDS``):

    miz print workshop-programme CODE -o FILE.pdf
    miz print attendance-sheet CODE [--day N] [--blank] -o FILE.pdf   (a workshop or a course)
    miz print invitation CODE NATIONAL_CODE -o FILE.pdf
    miz print confirmation-request CODE NATIONAL_CODE -o FILE.pdf
    miz print workshop-evaluation CODE -o FILE.pdf
    miz print workshop-certificate SERIAL -o FILE.pdf
    miz print workshop-plan -o FILE.pdf        (plan against actual: no key)
    miz export workshop CODE -o FILE.xlsx      (participants, attendance, evaluation)

Main thread; no Qt. Refusals raise ``ServiceError`` whose Persian message ``cli.main``
prints before exiting with 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: Kinds whose key is followed by a national code.
PERSON_KINDS = frozenset({"invitation", "confirmation-request"})
#: Kinds that take ``--day`` and ``--blank``.
SHEET_KINDS = frozenset({"attendance-sheet"})
#: Prints of no one record (``miz print workshop-plan -o F.pdf``).
KEYLESS_KINDS = frozenset({"workshop-plan"})
#: Exports of one record, named by the key after the kind.
KEYED_EXPORTS = frozenset({"workshop"})


def _person(second: str | None) -> str:
    if not second:
        from .services.core.errors import ServiceError

        raise ServiceError("کد ملی شرکت‌کننده را پس از کد کارگاه بنویسید.")
    return second


def print_programme(ctx: Any, key: str, output: Path) -> object:
    from .services.workshops.printing import print_programme as write

    return write(ctx, key, output)


def print_sheet(
    ctx: Any, key: str, output: Path, day: int | None = None, blank: bool = False
) -> object:
    from .services.workshops.printing import print_attendance_sheet

    return print_attendance_sheet(ctx, key, output, day=day, blank=blank)


def print_invitation(ctx: Any, key: str, output: Path, second: str | None = None) -> object:
    from .services.workshops.printing import print_invitation as write

    return write(ctx, key, _person(second), output)


def print_confirmation(ctx: Any, key: str, output: Path, second: str | None = None) -> object:
    from .services.workshops.printing import print_confirmation_request

    return print_confirmation_request(ctx, key, _person(second), output)


def print_evaluation(ctx: Any, key: str, output: Path) -> object:
    from .services.workshops.printing import print_evaluation as write

    return write(ctx, key, output)


def print_certificate(ctx: Any, key: str, output: Path) -> object:
    from .services.workshops.printing import print_completion_certificate

    return print_completion_certificate(ctx, key, output)


def print_plan(ctx: Any, key: str | None, output: Path) -> object:
    """Plan against actual per Jalali year and province, and the national total."""
    from .services.workshops.printing import print_plan as write

    return write(ctx, output)


def export_workshop(ctx: Any, path: Path, key: str | None = None) -> str:
    """One workshop's Excel workbook (audited: names and national codes)."""
    from .services.workshops.export import export_workshop_excel

    if not key:
        from .services.core.errors import ServiceError

        raise ServiceError("کد کارگاه را پس از «workshop» بنویسید (miz export workshop CODE).")
    done = export_workshop_excel(ctx, key, path)
    return (
        f"{done.participants} شرکت‌کننده، {done.attendance} ردیف حضور و غیاب و "
        f"{done.evaluation} ردیف ارزشیابی در {path} نوشته شد."
    )


PRINTS = {
    "workshop-programme": print_programme,
    "attendance-sheet": print_sheet,
    "invitation": print_invitation,
    "confirmation-request": print_confirmation,
    "workshop-evaluation": print_evaluation,
    "workshop-certificate": print_certificate,
    "workshop-plan": print_plan,
}
