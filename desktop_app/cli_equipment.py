"""The equipment commands of ``miz`` (no Qt):

- ``miz print equipment-list KEY -o FILE.pdf [--condition C]``: KEY is a place code
  (``270101``: every workshop of the place) or ``PLACE_CODE/WORKSHOP_NAME``
  (``"270101/کارگاه برق صنعتی"``: one workshop; workshops have no code of their own)
  or the id of a place or a workshop;
- ``miz export equipment -o FILE.xlsx [--condition C]``: every live item (of every
  place) as an Excel sheet.

C is ``sound``, ``needs_repair``, ``unusable`` or ``scrapped`` or the Persian label
(سالم، نیازمند تعمیر، غیرقابل استفاده، اسقاط). Main thread of the CLI.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .persian import normalize

CONDITION_HELP = (
    "only items in this condition: sound, needs_repair, unusable, scrapped "
    "(or سالم / نیازمند تعمیر / غیرقابل استفاده / اسقاط)"
)


def condition_key(text: str) -> str:
    """argparse ``type``: the stored key of a condition typed as key or Persian label."""
    from .services.places.equipment import CONDITIONS

    wanted = normalize(text)
    for key, label in CONDITIONS.items():
        if wanted in (key, label):
            return key
    raise argparse.ArgumentTypeError(f"unknown condition {text!r}; use {', '.join(CONDITIONS)}")


def print_equipment_list(ctx: Any, key: str, output: Path, condition: str | None = None) -> Path:
    from .services.places.equipment_print import print_equipment_list as write

    return write(ctx, key, output, condition)


def export_equipment(ctx: Any, path: Path, condition: str | None = None) -> str:
    from .services.core.listing import ListQuery
    from .services.places.equipment import export_equipment_excel

    if path.suffix.lower() != ".xlsx":
        raise argparse.ArgumentTypeError("equipment is exported as .xlsx")
    query = ListQuery(sort="place_name").with_filter("condition", condition)
    count = export_equipment_excel(ctx, path, query)
    return f"{count} قلم تجهیزات در {path} نوشته شد."
