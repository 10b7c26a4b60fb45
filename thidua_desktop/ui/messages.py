"""Every message box and file dialog of the app goes through here, so tests patch one
module. Non-blocking where it matters is the caller's choice; these are modal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

DB_FILTER = "Dữ liệu thi đua – khen thưởng (*.sqlite *.db);;Tất cả các tệp (*)"


def error(parent: QWidget | None, text: str, title: str = "Không thực hiện được") -> None:
    QMessageBox.warning(parent, title, text)


def info(parent: QWidget | None, text: str, title: str = "Thông báo") -> None:
    QMessageBox.information(parent, title, text)


def ask(parent: QWidget | None, text: str, title: str = "Xác nhận") -> bool:
    # Qt has no Vietnamese translation of its standard buttons: name them ourselves
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton("Có", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("Không", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def open_file(parent: QWidget | None, title: str, start: str = "", filter: str = DB_FILTER) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, start, filter)
    return Path(path) if path else None


def save_file(parent: QWidget | None, title: str, start: str = "", filter: str = DB_FILTER) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filter)
    return Path(path) if path else None


def open_folder(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, start)
    return Path(folder) if folder else None


def run_dialog(dialog) -> bool:
    """Show a form modally; True when the user saved."""
    return bool(dialog.exec())
