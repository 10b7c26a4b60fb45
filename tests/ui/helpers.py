"""Driving record forms as a user would: type into the fields, pick from lists."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from thidua_desktop.ui.forms import SearchPicker


def fill(qtbot, form, **values):
    for key, value in values.items():
        widget = form.inputs[key]
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0:
                index = widget.findText(str(value), Qt.MatchFlag.MatchContains)
            assert index >= 0, f"{key}: no choice {value!r}"
            widget.setCurrentIndex(index)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, SearchPicker):
            widget.edit.setFocus()
            widget.edit.insert(value)  # typed: emits textEdited as keystrokes do
            qtbot.waitUntil(lambda w=widget: w.list.count() > 0, timeout=3000)
            qtbot.mouseClick(
                widget.list.viewport(), Qt.MouseButton.LeftButton,
                pos=widget.list.visualItemRect(widget.list.item(0)).center(),
            )  # fmt: skip
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, QLineEdit):
            # insert() goes through the same editing path as typing (textEdited, validation);
            # QTest key clicks cannot be nested inside the shortcut that opened the form.
            widget.clear()
            widget.insert(value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value))
        else:
            raise AssertionError(f"cannot fill {key}")


def answer_dialog(monkeypatch, qtbot, save=True, **values):
    """Make the next form the tab opens be filled with ``values`` and saved (or not)."""
    from thidua_desktop.ui import messages

    seen = []

    def run(form):
        seen.append(form)
        fill(qtbot, form, **values)
        if save:
            assert form.save_button.isEnabled(), {k: m.text() for k, m in form.messages.items() if m.text()}
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
            return form.result() == form.DialogCode.Accepted
        return False

    monkeypatch.setattr(messages, "run_dialog", run)
    return seen
