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
