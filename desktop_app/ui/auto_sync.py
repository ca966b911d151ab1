"""Sync by itself: the background timer, the status-bar indicator, and its setting.

``AutoSync`` runs a round every ``workstation.sync_minutes`` minutes when a server is
set and this workstation is enrolled (0 minutes: off), on the read pool of the
window's ``TaskRunner`` (never the UI thread, never the write worker, so the clerk's
saves never wait on the network); a round already running (the sync section's
button) makes the timer skip. After a round that could not reach the server it
tries again every ``RETRY_SECONDS`` until one succeeds, and at once when the
operating system reports the network back (``QNetworkInformation``, where Qt has a
backend, loaded at the first failed round: about 11 MiB a window that syncs fine never
needs), so a cable plugged in again is noticed within seconds.

``SyncIndicator`` is the status-bar label that tells the truth at a glance: no
server / not enrolled, or the last successful sync, the changes waiting to be sent
and the problems waiting for a person; it reloads after every round and every
saved change. ``SyncIntervalBox`` is the settings-section box of the interval.
UI thread only.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from ..persian import format_jalali, to_persian_digits
from ..services.core.changes import Change
from ..services.core.context import AppContext
from ..services.sync.status import (
    MAX_SYNC_MINUTES,
    SyncStatus,
    save_sync_minutes,
    sync_ready,
    sync_status,
)
from .errors import error_message
from .tasks import EVERYTHING, TaskRunner, data_bus

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

RETRY_SECONDS = 30
UNEXPECTED = (
    "همگام‌سازی با خطای پیش‌بینی‌نشده‌ای متوقف شد؛ تغییرات این رایانه محفوظ است و "
    "دوباره تلاش می‌شود. اگر این پیام تکرار شد، با پشتیبانی تماس بگیرید."
)
START_SECONDS = 15
SYNC_KIND = Change.SYNC


class AutoSync(QObject):
    """The background sync timer of one window."""

    #: the round's outcome: "" after success, else the Persian reason it stopped
    finished = Signal(str)
    started = Signal()

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        parent: QObject | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.transport = transport
        self.running = False
        self.failing = False
        self.last_error = ""
        self.watching = False  # the network backend is loaded (after a failed round)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        data_bus().data_changed.connect(self._data_changed)
        self.schedule()
        if self.timer.isActive():  # the first round soon after the window opens
            self.timer.start(min(self.timer.interval(), START_SECONDS * 1000))

    def _data_changed(self, kinds: frozenset[str]) -> None:
        """A new interval, a server address or an enrollment: start the timer anew."""
        if not self.running and (
            {Change.SETTINGS, EVERYTHING} & kinds or not self.timer.isActive()
        ):
            self.schedule()

    def interval_ms(self) -> int:
        """Milliseconds to the next round (0: none scheduled)."""
        minutes = self.ctx.workstation.sync_minutes
        if minutes <= 0 or not self.ctx.workstation.server_url:
            return 0
        if self.failing:
            return min(minutes * 60, RETRY_SECONDS) * 1000
        return minutes * 60 * 1000

    def schedule(self) -> None:
        """(Re)start the timer from the current setting."""
        self.timer.stop()
        interval = self.interval_ms()
        if interval:
            self.timer.start(interval)

    def sync_now(self) -> None:
        """Start a background round unless one is running, nobody is signed in (a sync
        acts for the signed-in clerk) or sync is not set up."""
        if self.running or self.ctx.user is None or not sync_ready(self.ctx):
            self.schedule()
            return
        # The sync client (httpx, the protocol's models) loads with the first round.
        from ..services.sync.sync import run_sync

        self.running = True
        self.started.emit()
        ctx, transport = self.ctx, self.transport
        self.runner.submit(
            lambda _c: run_sync(ctx, transport=transport, wait=False),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, report: Any) -> None:
        self.running = False
        self.failing = False
        self.last_error = ""
        self.schedule()
        if report is not None and (report.pulled or report.conflicts or report.reused):
            data_bus().notify({SYNC_KIND, EVERYTHING})  # pulled rows may touch any list
        else:
            data_bus().notify({SYNC_KIND})
        self.finished.emit("")

    def _failed(self, exc: Exception) -> None:
        # Every failure a clerk could meet is a sentence, never a traceback: a SyncError
        # carries its own; anything else is logged and said in plain words.
        self.running = False
        self.failing = True
        if isinstance(getattr(exc, "message", None), str):
            log.info("background sync stopped: %s", exc)
            self.last_error = error_message(exc)
        else:
            log.error("background sync failed unexpectedly", exc_info=exc)
            self.last_error = UNEXPECTED
        self.schedule()
        self.finished.emit(self.last_error)
        self._watch_network()

    def _watch_network(self) -> None:
        if self.watching:
            return
        self.watching = True
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if not QNetworkInformation.loadDefaultBackend():
                return
            info = QNetworkInformation.instance()
        except Exception:  # no backend on this platform: the retry timer covers it
            return
        if info is not None:
            info.reachabilityChanged.connect(self._reachability)

    def _reachability(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online and self.failing:
            self.sync_now()


def status_text(status: SyncStatus, running: bool = False, error: str = "") -> str:
    """What the status bar says about sync (plain Persian, Persian digits)."""
    if not status.server_url:
        return "همگام‌سازی: سرور مرکزی تنظیم نشده است"
    if not status.enrolled:
        return "همگام‌سازی: این رایانه هنوز در سرور مرکزی ثبت نشده است"
    parts = ["همگام‌سازی: در حال انجام…" if running else f"آخرین همگام‌سازی: {_when(status)}"]
    parts.append(f"در انتظار ارسال: {to_persian_digits(status.pending)}")
    parts.append(f"مشکل‌ها: {to_persian_digits(status.conflicts + status.problems)}")
    text = " — ".join(parts)
    if error and not running:
        text += f" — آخرین تلاش ناموفق بود: {error}"
    return text


def _when(status: SyncStatus) -> str:
    when: datetime | None = status.last_sync_at
    if when is None:
        return "هرگز"
    local = when.astimezone()
    return f"{format_jalali(local.date())} ساعت {to_persian_digits(local.strftime('%H:%M'))}"


class SyncIndicator(QLabel):
    """The status-bar label of sync; reloads itself on the read pool."""

    def __init__(
        self, ctx: AppContext, runner: TaskRunner, auto: AutoSync, load: bool = True
    ) -> None:
        super().__init__()
        self.setObjectName("syncState")
        self.ctx = ctx
        self.runner = runner
        self.auto = auto
        self.status: SyncStatus | None = None
        auto.started.connect(self._show)
        auto.finished.connect(self._round_finished)
        # bound methods (not lambdas): Qt drops the connection when this label goes
        data_bus().data_changed.connect(self._data_changed)
        self.live = False  # reloads on saved changes once it has read the status
        if load:  # else the window calls ``reload`` after its first paint
            self.reload()

    def _round_finished(self, _error: str) -> None:
        self.reload()

    def _data_changed(self, _kinds: frozenset[str]) -> None:
        if self.live:
            self.reload()

    def reload(self) -> None:
        self.live = True
        ctx = self.ctx
        self.runner.submit(lambda _c: sync_status(ctx), on_done=self._loaded)

    def _loaded(self, status: SyncStatus) -> None:
        self.status = status
        self._show()

    def _show(self) -> None:
        if self.status is None:
            return
        self.setText(status_text(self.status, self.auto.running, self.auto.last_error))
        self.setToolTip(self.auto.last_error or "")


class SyncIntervalBox(QGroupBox):
    """The settings box: minutes between background rounds (0: off)."""

    changed = Signal(int)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__("همگام‌سازی خودکار", parent)
        self.ctx = ctx
        self.runner = runner
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_SYNC_MINUTES)
        self.minutes.setSpecialValueText("خاموش")
        self.minutes.setSuffix(" دقیقه")
        self.minutes.setMaximumWidth(140)
        self.minutes.setValue(ctx.workstation.sync_minutes)
        self.minutes.editingFinished.connect(self.save)
        self.status = QLabel()
        form = QFormLayout(self)
        form.addRow("همگام‌سازی با سرور مرکزی هر:", self.minutes)
        form.addRow(self.status)

    def save(self) -> None:
        minutes = self.minutes.value()
        if minutes == self.ctx.workstation.sync_minutes:
            return

        def saved(value: int) -> None:
            self.status.setText("ذخیره شد." if value else "همگام‌سازی خودکار خاموش شد.")
            self.changed.emit(value)

        self.runner.submit(
            lambda _c: save_sync_minutes(self.ctx, minutes),
            on_done=saved,
            on_error=lambda exc: self.status.setText(error_message(exc)),
            write=True,
            changes={Change.SETTINGS},
        )
