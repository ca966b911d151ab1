"""The shared list/form machinery every section reuses. UI thread only.

- ``Column`` (``columns``): key, Persian header, formatter (Persian digits, Jalali dates);
- ``RecordTableModel`` / ``ServerSortProxy`` (``table_model``): lazy pages through the
  ``TaskRunner``, server-side sort, refresh on ``data_bus().data_changed``;
- ``RecordListPage`` + ``ListConfig`` + ``FilterSpec`` (``list_page``): search, filters,
  count, New/Edit/Delete with keyboard shortcuts;
- ``RecordFormDialog`` (``form_dialog``): load off the UI thread, save on the write
  worker, each service error next to its field;
- ``ChoiceBox`` (``choice_box``): a combo box with the shared field error state;
- ``labels``: the shared wording of actions (new, edit, delete, print, Excel export,
  search placeholders) every section uses, so they read the same everywhere.

The queries behind them are ``services.core.listing.Listing`` objects.
"""

from . import labels
from .choice_box import ChoiceBox
from .columns import Column, choices, plain_digits, show
from .form_dialog import RecordFormDialog
from .list_page import FilterSpec, ListConfig, RecordListPage
from .table_model import ID_ROLE, ROW_ROLE, RecordTableModel, ServerSortProxy

__all__ = [
    "ID_ROLE",
    "ROW_ROLE",
    "ChoiceBox",
    "Column",
    "FilterSpec",
    "ListConfig",
    "RecordFormDialog",
    "RecordListPage",
    "RecordTableModel",
    "ServerSortProxy",
    "choices",
    "labels",
    "plain_digits",
    "show",
]
