"""The heading every workshop document starts with. No Qt; any thread.

The training of facilitators is the Welfare Organization's service (seed 001): an office
whose settings name the Welfare Organization heads its documents with its own settings;
any other office (a TVTO office hosting the workshop) heads them with the Welfare
Organization and the workshop's organizer.
"""

from __future__ import annotations

from ...documents.workshops import OfficeHeading
from ..accounts import access
from ..core.context import AppContext
from ..office.settings import load_office_settings

WELFARE = "سازمان بهزیستی کشور"
WELFARE_UNIT = "معاونت امور توانبخشی — دفتر توانمندسازی معلولین"


@access.operation(access.SIGNED_IN)
def office_heading(ctx: AppContext, organizer: str = "", own: bool = False) -> OfficeHeading:
    """The heading of a workshop document; ``own=True`` (a course's attendance sheet):
    always the office's own settings."""
    office = load_office_settings(ctx)
    if own or "بهزیستی" in f"{office.parent_agency} {office.agency}":
        return OfficeHeading(office.parent_agency, office.agency, office.office_name)
    return OfficeHeading(WELFARE, WELFARE_UNIT, organizer or office.office_name)
