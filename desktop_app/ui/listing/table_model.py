"""``RecordTableModel``: a lazily loaded, server-sorted table of service rows.

The model never queries on the UI thread. ``set_query(query)`` asks the service, on a
worker of the ``TaskRunner``, for the first page, shows it, then asks for the number of
matching rows (the ``COUNT`` only when the first page is full: fewer rows than asked
are all there is; ``is_ready()`` and ``loaded`` wait for it);
the view then pulls further pages of ``PAGE_SIZE`` rows through ``canFetchMore`` /
``fetchMore`` as the clerk scrolls, each the rows after the last one shown
(``ListQuery.after``: keyset pagination, as fast deep in the list as at its top). The
count stops at ``COUNT_LIMIT`` (``more_than()``: the list says «بیش از ۱۰٬۰۰۰»). Sorting is the service's job (rows not yet loaded
cannot be sorted here): ``sort()`` changes the query's sort key and reloads. Each
answer carries the generation of the query it was asked for; answers to an older
query are dropped, so fast typing never shows stale rows.

When ``data_bus().data_changed`` names one of the model's ``kinds``, it reloads as
many rows as it showed, so the list stays put after an edit. ``ID_ROLE`` gives a row's
id, ``ROW_ROLE`` the row dataclass itself.

``ServerSortProxy`` is the proxy the list view sits behind: it hands sorting to the
model instead of sorting the loaded rows itself.

UI thread only (the service callables run on worker threads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from ...services.core.listing import COUNT_LIMIT, PAGE_SIZE, ListQuery
from ..tasks import TaskRunner, data_bus
from .columns import Column

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

CountFn = Callable[[ListQuery], int]
PageFn = Callable[[ListQuery, int, int], Sequence[Any]]
AnyIndex = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Rows of one kind of record, loaded page by page from a service."""

    #: Emitted after a new query (or a reload) has its count and first rows.
    loaded = Signal()
    #: The service failed; carries the exception (the list shows it).
    failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        columns: Sequence[Column],
        count: CountFn,
        page: PageFn,
        kinds: Iterable[str],
        *,
        page_size: int = PAGE_SIZE,
        query: ListQuery | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.columns = list(columns)
        self._count = count
        self._page = page
        self.kinds = frozenset(kinds)
        self.page_size = page_size
        self._query = query or ListQuery()
        self._rows: list[Any] = []
        self._total = 0
        self._generation = 0
        self._fetching = False
        self._ready = False
        #: The count stopped at its limit: more rows than ``total()`` may follow.
        self._open_ended = False
        data_bus().data_changed.connect(self._on_data_changed)

    # -- what the list asks -------------------------------------------------------------
    def query(self) -> ListQuery:
        return self._query

    def total(self) -> int:
        """How many rows match the query (loaded or not); with ``more_than()``, at
        least this many."""
        return self._total

    def more_than(self) -> int:
        """The count's limit when more rows than it match (the list says «بیش از …»),
        else 0."""
        return COUNT_LIMIT if self._open_ended else 0

    def is_ready(self) -> bool:
        """True once the current query has its count and first page."""
        return self._ready

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: Any) -> int:
        """The loaded row showing ``record_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), -1)

    # -- loading ------------------------------------------------------------------------
    def set_query(self, query: ListQuery) -> None:
        """Show ``query``'s rows (first page now, the rest as the view scrolls)."""
        self._query = query
        self._load(self.page_size)

    def reload(self) -> None:
        """Reload the current query, keeping as many rows as are shown."""
        self._load(max(self.page_size, len(self._rows)))

    def _load(self, limit: int) -> None:
        self._generation += 1
        generation, query = self._generation, self._query
        self._ready = False
        page = self._page

        self.runner.submit(
            lambda _c: page(query, 0, limit),
            on_done=lambda rows: self._shown(generation, query, limit, rows),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _shown(self, generation: int, query: ListQuery, limit: int, rows: Sequence[Any]) -> None:
        """The first rows are in the view at once; the ``COUNT`` (a walk of every
        matching row: a tenth of a second on a million) follows in its own task."""
        if generation != self._generation:
            return  # an answer to an older query
        self.beginResetModel()
        self._rows = list(rows)
        self._total = len(self._rows)
        self._open_ended = False
        self._fetching = False
        self.endResetModel()
        if len(rows) < limit:
            # A short first page is every match: a search for a rare word costs one
            # scan of the table, not two (the COUNT would scan it again).
            self._loaded(generation, len(rows))
            return
        # Counting stops past COUNT_LIMIT rows: a million-row list is not walked to
        # say "1,000,000"; it says «بیش از ۱۰٬۰۰۰» and loads on as the view scrolls.
        count, counted = self._count, replace(query, count_limit=COUNT_LIMIT)
        self.runner.submit(
            lambda _c: count(counted),
            on_done=lambda total: self._loaded(generation, total),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _loaded(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._open_ended = total > COUNT_LIMIT
        self._total = max(total if not self._open_ended else COUNT_LIMIT, len(self._rows))
        self._ready = True
        self.loaded.emit()

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self._fetching = False
            self._ready = True
            self.failed.emit(exc)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        if not self._ready or self._fetching:
            return False
        return len(self._rows) < self._total or self._open_ended

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, offset = self._generation, len(self._rows)
        # keyset: the rows after the last one shown (``offset`` when the service
        # cannot use it, e.g. that row sorts by an empty value)
        query = replace(self._query, after=self._rows[-1].id) if self._rows else self._query
        page, size = self._page, self.page_size
        self.runner.submit(
            lambda _c: page(query, offset, size),
            on_done=lambda rows: self._fetched(generation, offset, rows),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _fetched(self, generation: int, offset: int, rows: Sequence[Any]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if len(rows) < self.page_size:
            self._open_ended = False  # the last page: every match is known now
            self._total = len(self._rows) + len(rows)
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        self._total = max(self._total, len(self._rows))

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & self.kinds and self._generation:  # a list never loaded waits for its load
            self.reload()

    # -- sorting (by the service) -------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._query, sort=self.columns[column].key, descending=descending))

    # -- the table ----------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.format(getattr(row, column.key))
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = (
                Qt.AlignmentFlag.AlignHCenter if column.numeric else Qt.AlignmentFlag.AlignLeading
            )
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None


class ServerSortProxy(QSortFilterProxyModel):
    """A pass-through proxy whose ``sort`` asks the source model to sort (on the server)."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, RecordTableModel):
            source.sort(column, order)
