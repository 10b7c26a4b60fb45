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


def start_in(start: str = "") -> str:
    """Where a file dialog opens: ``start`` when it names a folder, else the last folder the
    clerk chose a file in (remembered between sessions), else Documents, never the program's
    working folder; a bare suggested name keeps its name there."""
    from PySide6.QtCore import QSettings, QStandardPaths

    path = Path(start) if start else None
    if path is not None and path.parent != Path("."):
        return start  # a full path the caller chose (beside the data file, a copy's folder)
    folder = QSettings().value("dialogs/last_folder", "") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)  # fmt: skip
    return str(Path(folder) / path) if path is not None else str(folder)


def _remember(chosen: str) -> None:
    from PySide6.QtCore import QSettings

    if chosen:
        QSettings().setValue("dialogs/last_folder", str(Path(chosen).parent))


def open_file(parent: QWidget | None, title: str, start: str = "", filter: str = DB_FILTER) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, start_in(start), filter)
    _remember(path)
    return Path(path) if path else None


def save_file(parent: QWidget | None, title: str, start: str = "", filter: str = DB_FILTER) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, start_in(start), filter)
    _remember(path)
    return Path(path) if path else None


def open_folder(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, start_in(start))
    if folder:
        from PySide6.QtCore import QSettings

        QSettings().setValue("dialogs/last_folder", folder)
    return Path(folder) if folder else None


def offer_open(parent: QWidget | None, out: Path, title: str = "Đã ghi xong", lead: str = "") -> QMessageBox:
    """After an export, a paper or a batch of certificates: offer to open the file, or the
    folder it is in (a folder of files: that folder), after ``lead`` (what was done). Not
    blocking: the clerk can go on working and answer later."""
    from PySide6.QtCore import Qt, QUrl
    from PySide6.QtGui import QDesktopServices

    what = "thư mục" if out.is_dir() else "tệp"
    text = (f"{lead}\n\n" if lead else "") + f"Đã ghi {out}.\n\nMở {what} bây giờ?"
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    open_it = box.addButton(f"Mở {what}", QMessageBox.ButtonRole.AcceptRole)
    folder = (
        box.addButton("Mở thư mục chứa tệp", QMessageBox.ButtonRole.ActionRole) if out.is_file() else None
    )
    box.addButton("Để sau", QMessageBox.ButtonRole.RejectRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button) -> None:
        if button is open_it:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        elif folder is not None and button is folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def run_dialog(dialog) -> bool:
    """Show a form modally; True when the user saved."""
    return bool(dialog.exec())
