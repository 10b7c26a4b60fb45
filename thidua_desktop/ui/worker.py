"""Run long work off the UI thread; the result or the error comes back on the main
thread through Qt signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the caller's on_error
            outcome, value = self.signals.failed, exc
        else:
            outcome, value = self.signals.done, result
        try:
            outcome.emit(value)
        except RuntimeError:  # the application is shutting down: nobody to tell
            pass


_running: set[_Task] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> QRunnable:
    task = _Task(fn)
    task.setAutoDelete(False)
    _running.add(task)

    def finish(callback, value):
        _running.discard(task)
        callback(value)

    task.signals.done.connect(lambda r: finish(on_done, r))
    task.signals.failed.connect(lambda e: finish(on_error, e))
    QThreadPool.globalInstance().start(task)
    return task


def cancel_if_waiting(task: QRunnable | None) -> None:
    """Drop a task that has not started yet (one already running finishes)."""
    if task is not None and QThreadPool.globalInstance().tryTake(task):
        _running.discard(task)


class _Moved(QObject):
    moved = Signal(int, object)


class Progress:
    """What work in a worker reports through: ``progress(done, total)`` moves the bar (a total
    of 0: not known) and raises ``jobs.Cancelled`` once the user pressed "Hủy";
    ``progress.cancelled()`` asks the same without raising."""

    def __init__(self, stop, moved: _Moved):
        self._stop, self._moved = stop, moved

    def __call__(self, done: int, total) -> None:
        from thidua_desktop.reports.jobs import Cancelled

        if self._stop.is_set():
            raise Cancelled
        self._moved.moved.emit(done, total)

    def cancelled(self) -> bool:
        return self._stop.is_set()


def run_with_progress(
    parent,
    label: str,
    heading: str,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    *,
    unit: str = "dòng",
    cancellable: bool = True,
    on_cancelled: Callable[[], None] | None = None,
):
    """Run ``work(progress)`` in a worker behind a window-modal progress dialog (shown after
    0.3 s), with "Hủy" (see ``Progress``); after a cancel ``on_cancelled`` runs instead of
    ``on_error``. Returns the dialog (tests press its button)."""
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    from thidua_desktop.domain.text import vn_number
    from thidua_desktop.reports.jobs import Cancelled

    dialog = QProgressDialog(f"{label}…", "Hủy" if cancellable else None, 0, 0, parent)
    dialog.setWindowTitle(heading)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoReset(False)  # a total reached (or not known) must not close it: the work says when
    stop = threading.Event()
    dialog.canceled.connect(stop.set)
    signals = _Moved(dialog)

    def moved(done: int, total) -> None:
        if stop.is_set():
            return
        if total:
            dialog.setMaximum(int(total))
        dialog.setValue(min(done, dialog.maximum()) if dialog.maximum() else 0)
        dialog.setLabelText(f"{label}: {vn_number(done)} {unit}")

    signals.moved.connect(moved)
    progress = Progress(stop, signals)

    def finished(result) -> None:
        dialog.reset()
        on_done(result)

    def failed(exc: Exception) -> None:
        dialog.reset()
        if isinstance(exc, Cancelled) and on_cancelled is not None:
            on_cancelled()
        else:
            on_error(exc)

    run_task(lambda: work(progress), finished, failed)
    return dialog
