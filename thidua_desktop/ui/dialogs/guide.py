"""Trợ giúp → Hướng dẫn sử dụng (F1): the user's guide, docs/huong-dan-su-dung.md, shown in the
window (the same text the documentation holds, one source); Trợ giúp → Giới thiệu: the version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from thidua_desktop import APP_TITLE, __version__
from thidua_desktop.shipped.files import guide_path
from thidua_desktop.ui import messages

TITLE = "Hướng dẫn sử dụng"


class GuideDialog(QDialog):
    """The guide in a browser the user can scroll, search with Ctrl+F in the text and leave
    open beside the window (not modal)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{TITLE} — {APP_TITLE}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)  # the guide links nowhere outside itself
        self.browser.setMarkdown(text)
        self.browser.document().setDocumentMargin(16)
        buttons = QDialogButtonBox()
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(*_size_within_screen(self, 900, 720))


def _size_within_screen(widget: QWidget, width: int, height: int) -> tuple[int, int]:
    """At most 90 % of the screen's free area (a laptop at 150 % has less than 720 px)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    free = screen.availableGeometry()
    return min(width, int(free.width() * 0.9)), min(height, int(free.height() * 0.9))


def show_guide(window: QWidget) -> GuideDialog | None:
    """Open the guide (once: a second F1 brings the open one to the front)."""
    dialog = getattr(window, "_guide_dialog", None)
    if dialog is None:
        try:
            text = guide_path().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            messages.error(window, f"Không mở được hướng dẫn sử dụng: {exc}", TITLE)
            return None
        dialog = window._guide_dialog = GuideDialog(text, window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def show_about(window: QWidget) -> None:
    messages.info(
        window,
        f"{APP_TITLE}\nPhiên bản {__version__}\n\nPhần mềm công tác thi đua, khen thưởng của cơ quan, đơn vị và "
        "khối thi đua, theo Luật Thi đua, khen thưởng năm 2022.\n\nHướng dẫn sử dụng: phím F1.",
        "Giới thiệu chương trình",
    )
