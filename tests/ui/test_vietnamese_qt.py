"""Qt's own strings in Vietnamese (issue 20, point 5): the catalogue the program installs at
start-up turns the standard buttons and a text field's context menu Vietnamese; the compiled
.qm shipped is the .ts compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox, QPlainTextEdit

from thidua_desktop.shipped.files import resource_path
from thidua_desktop.ui import translations


@pytest.fixture
def vietnamese():
    app = QApplication.instance()
    locale = QLocale()
    translator = translations.install(app)
    assert translator is not None
    yield
    app.removeTranslator(translator)
    QLocale.setDefault(locale)


def test_standard_buttons_and_context_menus_read_vietnamese(qtbot, vietnamese):
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
    )  # fmt: skip
    qtbot.addWidget(box)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == [
        "Có",
        "Hủy",
        "Không",
        "Lưu",
        "Đóng",
        "Đồng ý",
    ]
    message = QMessageBox(
        QMessageBox.Icon.Warning, "Không thực hiện được", "Thử", QMessageBox.StandardButton.Ok
    )
    qtbot.addWidget(message)
    assert [b.text().replace("&", "") for b in message.buttons()] == ["Đồng ý"]
    for field in (QLineEdit("chữ"), QPlainTextEdit("chữ")):
        qtbot.addWidget(field)
        menu = field.createStandardContextMenu()
        texts = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]
        assert {"Hoàn tác", "Làm lại", "Cắt", "Chép", "Dán", "Xóa", "Chọn tất cả"} <= set(texts), texts
        assert not {"Undo", "Copy", "Paste", "Select All"} & set(texts)


def test_the_shipped_catalogue_is_the_source_compiled(tmp_path):
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    out = tmp_path / "qt_vi.qm"
    subprocess.run([lrelease, str(resource_path("translations", "qt_vi.ts")), "-qm", str(out)], check=True,
                   capture_output=True)  # fmt: skip
    assert out.read_bytes() == resource_path("translations", "qt_vi.qm").read_bytes()


def test_scroll_bar_menu_and_input_dialog_read_vietnamese(qtbot, vietnamese):
    """The menu Qt draws on a right click in a long list's scroll bar (qscrollbar.cpp asks
    QScrollBar::tr for each entry; the offscreen platform cannot open a popup menu, so the
    test asks the same question) and the buttons of the small input dialogs."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QInputDialog, QPushButton

    entries = ["Scroll here", "Top", "Bottom", "Page up", "Page down", "Scroll up", "Scroll down",
               "Left edge", "Right edge", "Page left", "Page right", "Scroll left", "Scroll right"]  # fmt: skip
    shown = [QCoreApplication.translate("QScrollBar", e) for e in entries]
    assert shown[:7] == [
        "Cuộn tới đây",
        "Đầu",
        "Cuối",
        "Lên một trang",
        "Xuống một trang",
        "Cuộn lên",
        "Cuộn xuống",
    ]
    assert not set(shown) & set(entries)
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert sorted(b.text() for b in dialog.findChildren(QPushButton)) == ["Hủy", "Đồng ý"]
