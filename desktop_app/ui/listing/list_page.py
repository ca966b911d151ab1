"""``RecordListPage``: the list screen every section reuses, configured by a ``ListConfig``.

A search box (debounced; the service normalizes what was typed), one combo per
filter, the count of matching rows in Persian digits ("۱۲٬۳۴۵ مورد"), a lazily loaded
table (``RecordTableModel`` behind ``ServerSortProxy``; click a header to sort on the
server) and New / Edit / Delete buttons.

Keyboard: Ctrl+N new, Enter (or double-click) opens the selected record, Delete
deletes it after a question, Ctrl+F goes to the search box, Down in the search box goes
to the table. Deleting runs on the write worker; a refusal is shown in Persian.

UI thread only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ...persian import format_number
from ...services.accounts.access import DELETE, ENTER, VIEW_AUDIT, can
from ...services.core.context import AppContext
from ...services.core.listing import ListQuery
from ..errors import show_error
from ..tasks import TaskRunner
from ..widgets.fit import available_geometry
from . import labels
from .choice_box import ChoiceBox
from .columns import Column
from .labels import search_hint
from .table_model import ID_ROLE, ROW_ROLE, RecordTableModel, ServerSortProxy

SEARCH_DELAY_MS = 250
LOADING = "در حال بارگذاری…"
#: A filter box is at least this many characters wide («نوع استخدام: همه»), not as wide as
#: its longest option (its open list shows each whole; a wider window widens the box).
FILTER_LABEL = 16
#: Below this screen width (a 1280×720 screen at 125 %: 1024 pixels) three filters or more
#: take a row of their own under the search box, which keeps its width.
WIDE_SCREEN = 1200


@dataclass(frozen=True)
class FilterSpec:
    """A filter combo: the service's filter key, its label, and its options.

    ``options`` are (value, Persian label) pairs; ``load_options`` (worker thread) is used
    instead when the options come from the database (e.g. places)."""

    key: str
    label: str
    options: Sequence[tuple[Any, str]] = ()
    load_options: Callable[[AppContext], Sequence[tuple[Any, str]]] | None = None
    all_label: str = "همه"


@dataclass(frozen=True)
class ListConfig:
    """Everything that makes a ``RecordListPage`` a list of one kind of record."""

    kinds: frozenset[Change]  # data kinds this list shows (refreshes on data_changed)
    columns: Sequence[Column]
    count: Callable[[AppContext, ListQuery], int]  # worker thread
    page: Callable[[AppContext, ListQuery, int, int], Sequence[Any]]  # worker thread
    #: Opens the form: (page, record id or None for a new record) -> dialog.
    open_form: Callable[[RecordListPage, uuid.UUID | None], QDialog]
    delete: Callable[[AppContext, uuid.UUID], object] | None = None  # write worker
    describe: Callable[[Any], str] = lambda row: str(getattr(row, "name", ""))
    filters: Sequence[FilterSpec] = ()
    search_hint: str = search_hint()
    new_label: str = labels.NEW
    default_sort: str = ""
    query: ListQuery = field(default_factory=ListQuery)
    #: Permissions (``services.accounts.access``) that show the New and Delete buttons; the
    #: service checks them again, the page only hides what the user may not do.
    enter_permission: str = ENTER
    delete_permission: str = DELETE
    #: The table whose audit rows a "سابقه" button shows to supervisors ("" = no button).
    audit_table: str = ""


class RecordListPage(QWidget):
    def __init__(
        self, ctx: AppContext, runner: TaskRunner, config: ListConfig, opened: bool = True
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = runner
        self.config = config

        self.search = QLineEdit()
        self.search.setPlaceholderText(config.search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(labels.SEARCH)
        self.search.installEventFilter(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_query)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.filter_boxes: dict[str, ChoiceBox] = {}
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        filter_row = top
        if len(config.filters) >= 3 and available_geometry().width() < WIDE_SCREEN:
            filter_row = QHBoxLayout()
        for spec in config.filters:
            box = ChoiceBox(
                spec.options, empty=f"{spec.label}: {spec.all_label}", widest=FILTER_LABEL
            )
            box.setAccessibleName(spec.label)
            box.setToolTip(spec.label)
            box.currentIndexChanged.connect(lambda _i: self.apply_query())
            self.filter_boxes[spec.key] = box
            filter_row.addWidget(box, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("listCount")
        # as wide as «در حال بارگذاری…» at least, whatever it says now: a shorter text later
        # does not narrow the row, a longer one («بیش از …») does not widen the window
        self.count_label.setMinimumWidth(
            self.count_label.fontMetrics().horizontalAdvance(LOADING) + 4
        )
        top.addWidget(self.count_label)

        self.model = RecordTableModel(
            runner,
            config.columns,
            lambda q: config.count(ctx, q),
            lambda q, offset, limit: config.page(ctx, q, offset, limit),
            config.kinds,
            query=ListQuery(sort=config.default_sort),
            parent=self,
        )
        self.proxy = ServerSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        stretched = False
        for index, column in enumerate(config.columns):
            if column.width:
                header.resizeSection(index, column.width)
            if column.stretch:  # sized by ``_keep_stretch_width``
                stretched = True
        header.setStretchLastSection(not stretched)
        self.table.viewport().installEventFilter(self)
        header.sectionResized.connect(lambda *_a: self._keep_stretch_width())
        sort = config.default_sort or (config.columns[0].key if config.columns else "")
        sort_column = next((i for i, c in enumerate(config.columns) if c.key == sort), 0)
        header.setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.installEventFilter(self)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(lambda exc: self.show_error(exc))
        self.model.rowsInserted.connect(lambda *_: self._show_count())

        self.new_button = QPushButton(config.new_label)
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_record)
        self.edit_button = QPushButton(labels.EDIT)
        self.edit_button.setToolTip("Enter")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(labels.DELETE)
        self.delete_button.setToolTip("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.history_button = QPushButton("سابقه")
        self.history_button.setToolTip("سابقهٔ تغییرات رکورد انتخاب‌شده (Ctrl+H)")
        self.history_button.clicked.connect(self.show_history)
        self.may_enter = self.may_delete = False
        self.loaded = False  # ``load`` was called: the page may query the database
        for button in (self.new_button, self.delete_button, self.history_button):
            button.setVisible(False)
        buttons = QHBoxLayout()
        self.buttons_layout = buttons  # sections add their own actions with add_actions
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        #: The row of buttons under the table; a section may add its own (print, export).
        self.button_row = buttons
        #: A row under it for a section's own actions (``add_actions(second_row=True)``).
        self.second_button_row: QHBoxLayout | None = None

        layout = QVBoxLayout(self)
        #: The page's own layout: the filter row, the table, the button row.
        self.page_layout = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        #: The last search and filter row (``add_filter_line`` puts a section's own under it).
        self.filter_row = filter_row
        if filter_row is not top:
            layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence("Ctrl+N"), self.new_record),
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence("Ctrl+H"), self._history_by_key),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

        self._reselect: uuid.UUID | None = None
        self.count_label.setText(LOADING)
        if opened:
            self.allow()
            self.load()

    def allow(self) -> None:
        """Show the buttons the signed-in user may use. A page built ``opened=False`` (the
        first page of a window prepared while the password is checked: it reads neither
        ``ctx.user`` nor the database) is given this once the sign-in succeeded."""
        config = self.config
        self.may_enter = can(self.ctx, config.enter_permission)
        self.may_delete = config.delete is not None and can(self.ctx, config.delete_permission)
        self.new_button.setVisible(self.may_enter)
        self.delete_button.setVisible(self.may_delete)
        self.history_button.setVisible(bool(config.audit_table) and can(self.ctx, VIEW_AUDIT))

    def load(self) -> None:
        """Load the list and the filters' options from the database (``allow`` first)."""
        self.loaded = True
        for spec in self.config.filters:
            if spec.load_options is not None:
                self._load_filter_options(spec, self.filter_boxes[spec.key])
        # The view sorts through ServerSortProxy.sort: this first sort loads the list.
        self.table.setSortingEnabled(True)

    # -- query --------------------------------------------------------------------------
    def current_query(self) -> ListQuery:
        shown = self.model.query()
        query = ListQuery(
            search=self.search.text(),
            filters=self.config.query.filters,
            sort=shown.sort,
            descending=shown.descending,
        )
        for key, box in self.filter_boxes.items():
            query = query.with_filter(key, box.value())
        return query

    def apply_query(self) -> None:
        """Ask the service for the rows matching the search box and filters now."""
        self._search_timer.stop()
        self._reselect = self.selected_id()
        self.count_label.setText("در حال جستجو…")
        self.model.set_query(self.current_query())

    def _on_loaded(self) -> None:
        self._show_count()
        row = self.model.row_of(self._reselect) if self._reselect is not None else -1
        self.select_row(max(row, 0) if self.model.rowCount() else -1)
        self._reselect = None

    def _show_count(self) -> None:
        limit = self.model.more_than()
        if limit:
            self.count_label.setText(f"بیش از {format_number(limit)} مورد")
        else:
            self.count_label.setText(f"{format_number(self.model.total())} مورد")

    def _load_filter_options(self, spec: FilterSpec, box: ChoiceBox) -> None:
        loader = spec.load_options
        assert loader is not None
        self.runner.submit(lambda _c: loader(self.ctx), on_done=box.set_choices)

    # -- selection ----------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        if row < 0:
            self.table.clearSelection()
            return
        index = self.proxy.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def selected_row(self) -> Any:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        return index.data(ROW_ROLE)

    def selected_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- actions ------------------------------------------------------------------------
    def new_record(self) -> QDialog | None:
        return self._open(None) if self.may_enter else None

    def edit_selected(self) -> QDialog | None:
        record_id = self.selected_id()
        return self._open(record_id) if record_id is not None else None

    def _open(self, record_id: uuid.UUID | None) -> QDialog:
        dialog = self.config.open_form(self, record_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            saved.connect(self._after_save)
        dialog.open()
        return dialog

    def add_action(
        self, text: str, slot: Callable[[], Any], permission: str = "", **where: Any
    ) -> QPushButton:
        """A button running ``slot``, placed by ``add_actions(..., **where)``; hidden from
        a user without ``permission`` (the service checks it again)."""
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        button.setVisible(not permission or can(self.ctx, permission))
        self.add_actions(button, **where)
        return button

    def add_actions(
        self,
        *widgets: QWidget,
        after: QWidget | None = None,
        trailing: bool = False,
        second_row: bool = False,
    ) -> None:
        """The one way a section adds its own actions (print, export, a notice) to the
        button row: right after ``after`` (one of the row's buttons), at the row's far
        end (``trailing``), or by default after the shared buttons, before the stretch.
        ``second_row`` puts them on a row of their own under the shared buttons, for a
        section with more actions than one row shows on a 1280×720 screen."""
        row = self.button_row
        if second_row:
            row = self._second_button_row()
        for widget in widgets:
            if after is not None and row.indexOf(after) >= 0:
                row.insertWidget(row.indexOf(after) + 1, widget)
                after = widget
            elif trailing:
                row.addWidget(widget)
            else:
                row.insertWidget(row.count() - 1, widget)  # the stretch stays last

    def _second_button_row(self) -> QHBoxLayout:
        if self.second_button_row is None:
            self.second_button_row = QHBoxLayout()
            self.second_button_row.addStretch(1)
            self.page_layout.addLayout(self.second_button_row)
        return self.second_button_row

    def add_filter_line(self, line: QLayout) -> None:
        """A line of the section's own filters (a date range, a switch) right under the
        search and filter row."""
        self.page_layout.insertLayout(self.page_layout.indexOf(self.filter_row) + 1, line)

    def add_banner(self, widget: QWidget) -> None:
        """A line above the filters (statistics, a notice about the whole list)."""
        self.page_layout.insertWidget(0, widget)

    def _history_by_key(self) -> None:
        if self.history_button.isVisible():  # the key does what the button does, no more
            self.show_history()

    def show_history(self) -> QDialog | None:
        """The audit history of the selected record (supervisors)."""
        row = self.selected_row()
        if row is None or not self.config.audit_table:
            return None
        from .history import RecordHistoryDialog

        dialog = RecordHistoryDialog(
            self.ctx, self.runner, self.config.audit_table, row.id, self.config.describe(row), self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _after_save(self, data: Any) -> None:
        self._reselect = getattr(data, "id", None)

    def confirm_delete(self, row: Any) -> bool:
        """Ask before deleting (tests replace this)."""
        answer = QMessageBox.question(
            self,
            labels.DELETE,
            f"«{self.config.describe(row)}» حذف شود؟",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, exc: BaseException) -> None:
        """Tell the clerk why an action was refused (the service's Persian message, e.g.
        what still depends on a record being deleted); tests replace this."""
        show_error(self, exc)

    def delete_selected(self) -> None:
        delete = self.config.delete
        row = self.selected_row()
        if delete is None or not self.may_delete or row is None or not self.confirm_delete(row):
            return
        record_id = row.id
        self.runner.submit(
            lambda _c: delete(self.ctx, record_id),
            on_error=self.show_error,
            write=True,
        )

    # -- keyboard -----------------------------------------------------------------------
    def _keep_stretch_width(self) -> None:
        """The stretched column fills the room the others leave, but not below its
        ``min_width``: then it keeps that width and the list scrolls sideways.

        Sized here rather than by Qt's ``Stretch`` mode: after the model's first reset the
        header no longer counted its stretched section (``stretchSectionCount() == 0``)
        and left it at 88 pixels beside an empty band (the audit log's «شرح»)."""
        header = self.table.horizontalHeader()
        for index, column in enumerate(self.config.columns):
            if not column.stretch or header.isSectionHidden(index):
                continue
            others = sum(
                header.sectionSize(i)
                for i in range(header.count())
                if i != index and not header.isSectionHidden(i)
            )
            width = max(column.min_width, self.table.viewport().width() - others)
            if header.sectionSize(index) != width:
                header.resizeSection(index, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._keep_stretch_width()
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if watched is self.table and key == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
            if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Return):
                if key == Qt.Key.Key_Return:
                    self.apply_query()
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if self.selected_row() is None and self.model.rowCount():
                    self.select_row(0)
                return True
        return super().eventFilter(watched, event)
