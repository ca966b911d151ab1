"""Baseline for bench_startup: a bare PySide6 window started the same way as Miz
(new interpreter, QApplication, a QMainWindow shown, quit after its first paint)."""

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class QuitOnPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
            watched.removeEventFilter(self)
        return False


app = QApplication([])
window = QMainWindow()
window.resize(1180, 760)
watcher = QuitOnPaint(window)
window.installEventFilter(watcher)
window.show()
app.exec()
