"""Backups from the window: one taken now (File > Sao lưu ngay), or a restore from a copy
(the copies beside the file, newest first, each with its date and what it holds; the current
content is kept as a copy before it is replaced)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.text import vn_number
from thidua_desktop.store import backup
from thidua_desktop.store.errors import StoreError
from thidua_desktop.ui import messages
from thidua_desktop.ui.worker import run_task

LABELS = {"units": "đơn vị", "individuals": "cá nhân", "proposals": "đề nghị", "awards": "danh hiệu đã nhận",
          "movements": "phong trào"}  # fmt: skip
REASONS = {
    "mo-tep": "khi mở tệp",
    "truoc-nhap": "trước khi nhập danh sách",
    "truoc-khoi-phuc": "trước khi khôi phục",
    "truoc-nang-cap": "trước khi nâng cấp cấu trúc dữ liệu",
}


def describe(path: Path) -> str:
    parts = path.stem.split("-")
    when = ""
    for i in range(len(parts) - 1):
        # copies taken by hand are stamped to the minute (…-2105), automatic ones to the second
        # (…-210517): "2105" read as seconds showed 21:05 as 21:00
        clock = {6: "%H%M%S", 4: "%H%M"}.get(len(parts[i + 1]))
        try:
            if clock is None or len(parts[i]) != 8:
                raise ValueError(parts[i + 1])
            when = datetime.strptime(f"{parts[i]}-{parts[i + 1]}", f"%Y%m%d-{clock}").strftime(
                "%d/%m/%Y %H:%M"
            )
            reason = "-".join(parts[i + 2 :])
            break
        except ValueError:
            continue
    else:
        reason = ""
    if not reason and "-truoc-nang-cap-" in path.stem:  # copies taken before a migration
        reason = "truoc-nang-cap"
    when = when or datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y %H:%M")
    return f"{when} — {REASONS.get(reason, reason or 'sao lưu')} ({path.name})"


class RestoreDialog(QDialog):
    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Khôi phục từ bản sao lưu")
        self.resize(720, 420)
        self.list = QListWidget(self)
        for p in backup.list_backups(db_path):
            item = QListWidgetItem(describe(p))
            item.setData(Qt.ItemDataRole.UserRole, str(p))
            self.list.addItem(item)
        self.details = QLabel("Chọn một bản sao để xem nội dung.", self)
        self.details.setWordWrap(True)
        note = QLabel(
            "Trước khi thay, nội dung hiện tại được giữ lại thành một bản sao riêng, nên có thể quay lại.",
            self,
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Khôi phục bản này")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(self._show)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Các bản sao của “{db_path.name}”, mới nhất trước:", self))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        if self.list.count() == 0:
            self.details.setText("Chưa có bản sao lưu nào trong thư mục bên cạnh tệp dữ liệu.")

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _show(self, *_args) -> None:
        path = self.chosen()
        if path is None:
            return
        counts = backup.summary(path)
        text = ", ".join(f"{vn_number(n)} {LABELS[k]}" for k, n in counts.items() if n >= 0)
        self.details.setText(
            f"Bản này có: {text}." if text else "Không đọc được bản sao này (có thể bị hỏng)."
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text))


class _Progress(QObject):
    moved = Signal(int, int)


def run_restore(parent: QWidget | None, db_path: Path, copy: Path, *, damaged: bool = False) -> Path:
    """Restore ``copy`` over ``db_path`` in a worker thread behind a progress dialog; the
    window keeps painting meanwhile. The caller has closed its connections to the file.
    Returns the safety copy of the content replaced (for a damaged file: where the file
    was moved, untouched); raises what the restore raised."""
    dialog = QProgressDialog("Đang khôi phục dữ liệu từ bản sao…", "", 0, 0, parent)
    dialog.setCancelButton(None)  # half a restore is no state to leave a file in
    dialog.setWindowTitle("Khôi phục")
    dialog.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    signals = _Progress(dialog)

    def moved(done: int, total: int) -> None:
        if total and dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(min(done, total))

    signals.moved.connect(moved)
    job = backup.restore_damaged if damaged else backup.restore
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    run_task(
        lambda: job(db_path, copy, progress=lambda d, t: signals.moved.emit(d, t)),
        lambda result: finish("result", result),
        lambda exc: finish("error", exc),
    )
    dialog.show()  # at once: the copy is checked before the first page moves
    if not outcome:
        loop.exec()
    dialog.reset()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def backup_now(window) -> None:
    """File > Sao lưu ngay: a copy where the user says, in a worker."""
    source = window.db_path
    if source is None:
        return
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    start = backup.backups_dir(source) / f"{source.stem}-{stamp}.sqlite"
    dest = messages.save_file(window, "Sao lưu dữ liệu ra tệp", str(start))
    if not dest:
        return
    if dest.resolve() == source.resolve():
        messages.error(window, "Không thể sao lưu đè lên chính tệp đang mở. Hãy chọn tên khác.")
        return
    window.action_backup.setEnabled(False)
    window.statusBar().showMessage("Đang sao lưu…")

    def done(path: Path) -> None:
        window.action_backup.setEnabled(True)
        window.statusBar().showMessage(f"Đã sao lưu vào {path}", 10000)

    def failed(exc: Exception) -> None:
        window.action_backup.setEnabled(True)
        window.statusBar().clearMessage()
        said = str(exc) if isinstance(exc, StoreError) else "lỗi không rõ, chi tiết trong tệp nhật ký"
        messages.error(window, f"Sao lưu không thành công: {said} Hãy chọn thư mục khác còn chỗ trống.")

    run_task(lambda: backup.backup_file(source, dest), done, failed)


def restore_into(window) -> None:
    """File > Khôi phục: the window's file replaced by a chosen copy, the current content kept as a copy."""
    path = window.db_path
    if window.read_only:
        messages.error(
            window, "Tệp đang mở ở chế độ chỉ xem (một cửa sổ khác đang dùng), không khôi phục được."
        )
        return
    dialog = RestoreDialog(path, window)
    if not messages.run_dialog(dialog) or dialog.chosen() is None:
        return
    chosen = dialog.chosen()
    if not messages.ask(window, f"Thay toàn bộ dữ liệu hiện tại bằng bản sao “{chosen.name}”? Nội dung hiện tại "
                              "được giữ lại thành một bản sao riêng.", "Khôi phục"):  # fmt: skip
        return
    window.detach()
    try:
        safety = run_restore(window, path, chosen)  # in a worker, with a progress dialog
    except (ValueError, OSError, StoreError) as exc:
        messages.error(window, str(exc))
        safety = None
    window.reopen(path)
    if safety is not None:
        window.statusBar().showMessage(
            f"Đã khôi phục từ {chosen.name}; nội dung trước đó ở {safety.name}.", 15000
        )
