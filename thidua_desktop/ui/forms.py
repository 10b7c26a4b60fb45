"""Record forms built from field descriptions: every tab's add/edit dialog is the same
pattern. Each field validates as the user types, with a Vietnamese message beside it,
and Save is enabled only when every field is valid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop.domain.dates import EXAMPLE, DateError, format_vn_date, parse_vn_date
from thidua_desktop.ui import contrast

Choices = Sequence[tuple[Any, str]]


LONG_LIST = 15  # a drop-down longer than this can be filtered by typing


_CHOSEN = object()  # a following field the user has set himself


@dataclass
class Field:
    """One input of a form.

    kind: "text", "multiline", "int", "date", "choice", "check" or "search" (pick a
    record by typing part of its name: ``search`` returns [(id, label)])."""

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Choices | Callable[[], Choices] = ()
    search: Callable[[str], Choices] | None = None
    check: Callable[[Any, dict[str, Any]], str | None] | None = None
    placeholder: str = ""
    minimum: int | None = None
    maximum: int | None = None
    # a choice whose list the user fills elsewhere: (button text, what the list lacks, action);
    # the action opens the place to add an entry, then the list is read again
    add: tuple[str, str, Callable[[QWidget], None]] | None = None
    # a value that follows the others until the user sets this field himself (the award
    # usual for the nominee chosen): ``suggest(values)`` returns it, or None for no change
    suggest: Callable[[dict[str, Any]], Any] | None = None

    def choice_list(self) -> Choices:
        return self.choices() if callable(self.choices) else self.choices


class SearchPicker(QWidget):
    """Type part of a name; pick one of the matches listed below."""

    changed = Signal()

    def __init__(self, search: Callable[[str], Choices], placeholder: str, parent=None):
        super().__init__(parent)
        self._search = search
        self._value: Any = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(120)
        self.list.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        # a pause between keystrokes before searching: a query per key is wasted while typing
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(lambda: self._refresh(self.edit.text()))
        self.edit.textEdited.connect(self._typed)
        self.list.itemClicked.connect(self._pick)
        self.list.itemActivated.connect(self._pick)
        self.edit.installEventFilter(self)  # Up/Down move in the matches, Enter takes one

    def eventFilter(self, watched, event) -> bool:
        """The keyboard picks as the mouse does: Down/Up move through the matches (Down opens
        them after a pause in typing), Enter or Return takes the highlighted one (not the
        form's Save), Esc closes the list."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                if self._timer.isActive():
                    self._timer.stop()
                    self._refresh(self.edit.text())
                if self.list.count():
                    self.list.show()
                    step = 1 if key == Qt.Key.Key_Down else -1
                    row = self.list.currentRow()
                    row = 0 if row < 0 else max(0, min(self.list.count() - 1, row + step))
                    self.list.setCurrentRow(row)
                return True
            if (
                key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not self.list.isHidden()
                and self.list.count()
            ):
                self._pick(self.list.currentItem() or self.list.item(0))
                return True
            if key == Qt.Key.Key_Escape and not self.list.isHidden():
                self.list.hide()
                return True
        return super().eventFilter(watched, event)

    def _typed(self, _text: str) -> None:
        self._value = None
        self.changed.emit()
        self._timer.start()

    def _refresh(self, text: str) -> None:
        self._value = None
        self.list.clear()
        if len(text.strip()) >= 2:
            for value, label in self._search(text):
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, value)
                self.list.addItem(item)
        self.list.setVisible(self.list.count() > 0)
        self.changed.emit()

    def _pick(self, item: QListWidgetItem) -> None:
        self._value = item.data(Qt.ItemDataRole.UserRole)
        self.edit.setText(item.text())
        self.list.hide()
        self.changed.emit()

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any, label: str) -> None:
        self._value = value
        self.edit.setText(label)
        self.list.hide()


class RecordForm(QDialog):
    """A dialog for one record. ``warn(values)`` may return a warning (a likely duplicate)
    shown above the buttons; it does not block saving."""

    def __init__(
        self,
        title: str,
        fields: list[Field],
        values: dict[str, Any] | None = None,
        *,
        warn: Callable[[dict[str, Any]], str | None] | None = None,
        info: Callable[[dict[str, Any]], str] | None = None,
        labels: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.fields = fields
        self._warn = warn
        self._info = info
        self.inputs: dict[str, QWidget] = {}
        self.suggested: dict[str, Any] = {}  # what each following field was last given
        self.messages: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for f in fields:
            widget = self._make_input(f)
            message = QLabel(self)
            message.setStyleSheet(contrast.style(contrast.ERROR))
            message.setWordWrap(True)
            message.hide()
            row = QWidget(self)
            box = QHBoxLayout(row) if f.kind in ("int", "date", "check") else QVBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            box.setAlignment(Qt.AlignmentFlag.AlignLeft)
            if f.add is not None:
                line = QHBoxLayout()
                line.addWidget(widget, 1)
                add = QPushButton(f.add[0], row)
                add.setToolTip(f"Mở nơi thêm {f.add[1]}; danh sách ở đây được đọc lại sau đó.")
                add.clicked.connect(lambda _=False, f=f: self._add_entry(f))
                line.addWidget(add)
                box.addLayout(line)
            else:
                box.addWidget(widget, 1 if f.kind not in ("int", "date") else 0)
            box.addWidget(message, 1)
            form.addRow(f.label + (" *" if f.required else ""), row)
            self.inputs[f.key] = widget
            self.messages[f.key] = message
        self.info = QLabel(self)  # e.g. the eligibility findings, in colour
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.info.hide()
        self.warning = QLabel(self)
        self.warning.setStyleSheet(contrast.style(contrast.WARNING))
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        if values:
            self.set_values(values, labels or {})
        self.validate()

    def _add_entry(self, f: Field) -> None:
        """Open where the list of ``f`` is filled, then offer what it holds now (the newest
        entry chosen)."""
        f.add[2](self)
        combo = self.inputs[f.key]
        before = {combo.itemData(i) for i in range(combo.count())}
        combo.blockSignals(True)
        combo.clear()
        if not f.required:
            combo.addItem("", None)
        for value, label in f.choice_list():
            combo.addItem(label, value)
        combo.blockSignals(False)
        added = [i for i in range(combo.count()) if combo.itemData(i) not in before]
        if added:
            combo.setCurrentIndex(added[-1])
        self.validate()

    @property
    def save_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    # --- inputs ------------------------------------------------------------------------
    def _make_input(self, f: Field) -> QWidget:
        if f.kind == "multiline":
            w = QPlainTextEdit(self)
            w.setFixedHeight(70)
            w.setPlaceholderText(f.placeholder)
            w.setTabChangesFocus(True)
            w.textChanged.connect(self.validate)
        elif f.kind == "choice":
            w = QComboBox(self)
            if not f.required:
                w.addItem("", None)
            for value, label in f.choice_list():
                w.addItem(label, value)
            w.currentIndexChanged.connect(self.validate)
            if w.count() > LONG_LIST:  # a long list filters as the clerk types any part of a label
                w.setEditable(True)
                w.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                w.completer().setFilterMode(Qt.MatchFlag.MatchContains)
                w.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
                w.lineEdit().textEdited.connect(self.validate)
        elif f.kind == "check":
            w = QCheckBox(self)
            w.toggled.connect(self.validate)
        elif f.kind == "search":
            w = SearchPicker(f.search, f.placeholder or "Gõ vài chữ của tên để tìm", self)
            w.changed.connect(self.validate)
        else:
            w = QLineEdit(self)
            if f.kind == "date":
                w.setPlaceholderText(f"ngày/tháng/năm, ví dụ {EXAMPLE}")
                w.setFixedWidth(170)
            elif f.kind == "int":
                w.setFixedWidth(110)
            if f.placeholder:
                w.setPlaceholderText(f.placeholder)
            w.textChanged.connect(self.validate)
        w.setObjectName(f.key)
        return w

    def set_values(self, values: dict[str, Any], labels: dict[str, str]) -> None:
        for f in self.fields:
            if f.key not in values:
                continue
            value, w = values[f.key], self.inputs[f.key]
            if f.kind == "choice":
                w.setCurrentIndex(max(0, w.findData(value)))
            elif f.kind == "check":
                w.setChecked(bool(value))
            elif f.kind == "search":
                w.set_value(value, labels.get(f.key, ""))
            elif f.kind == "date":
                w.setText(format_vn_date(value))
            elif f.kind == "multiline":
                w.setPlainText(value or "")
            else:
                w.setText("" if value is None else str(value))

    def _read(self, f: Field) -> Any:
        """The typed value of a field; raises ValueError with the message to show."""
        w = self.inputs[f.key]
        if f.kind == "choice":
            value = w.currentData()
            if w.isEditable() and w.currentText() != w.itemText(w.currentIndex()):
                raise ValueError("Hãy chọn một mục trong danh sách (gõ vài chữ để lọc).")
        elif f.kind == "check":
            value = w.isChecked()
        elif f.kind == "search":
            value = w.value()
            if value is None and w.edit.text().strip():
                raise ValueError("Hãy chọn một dòng trong danh sách tìm được.")
        elif f.kind == "multiline":
            value = w.toPlainText().strip()
        else:
            text = w.text().strip()
            if f.kind == "date":
                value = parse_vn_date(text)  # DateError is a ValueError
            elif f.kind == "int":
                if not text:
                    value = None
                elif not text.isdigit():
                    raise ValueError("Chỉ nhập chữ số.")
                else:
                    value = int(text)
                    if f.minimum is not None and value < f.minimum:
                        raise ValueError(f"Phải từ {f.minimum} trở lên.")
                    if f.maximum is not None and value > f.maximum:
                        raise ValueError(f"Phải không quá {f.maximum}.")
            else:
                value = text
        if f.required and value in (None, "", False):
            if f.kind == "choice" and f.add is not None and self.inputs[f.key].count() == 0:
                raise ValueError(f"Chưa có {f.add[1]} nào. Hãy bấm “{f.add[0]}” để thêm.")
            raise ValueError("Không được để trống.")
        return value

    def validate(self) -> bool:
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for f in self.fields:
            try:
                values[f.key] = self._read(f)
            except (ValueError, DateError) as exc:
                problems[f.key] = str(exc)
                values[f.key] = None
        self._follow(values, problems)
        for f in self.fields:
            if f.key not in problems and f.check is not None:
                message = f.check(values[f.key], values)
                if message:
                    problems[f.key] = message
        for key, label in self.messages.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        ok = not problems
        self.save_button.setEnabled(ok)
        warning = self._warn(values) if ok and self._warn else None
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))
        if self._info is not None:
            html = self._info(values)
            self.info.setText(html)
            self.info.setVisible(bool(html))
        self._values = values
        return ok

    def _follow(self, values: dict[str, Any], problems: dict[str, str]) -> None:
        """Give each field that follows the others (and that the user has not set) its
        suggested value; a field whose value is no longer the one it was given was set by the
        user and keeps it."""
        for f in self.fields:
            if f.suggest is None or f.kind != "choice":
                continue
            if f.key in self.suggested and self.suggested[f.key] != values[f.key]:
                self.suggested[f.key] = _CHOSEN
            if self.suggested.get(f.key) is _CHOSEN:
                continue
            wanted = f.suggest(values)
            w = self.inputs[f.key]
            index = w.findData(wanted) if wanted is not None else -1
            if index >= 0 and wanted != values[f.key]:
                w.blockSignals(True)
                w.setCurrentIndex(index)
                w.blockSignals(False)
                values[f.key] = wanted
                problems.pop(f.key, None)
            self.suggested[f.key] = values[f.key]

    def values(self) -> dict[str, Any]:
        """The typed values (dates as ``date``); valid only when Save is enabled."""
        return dict(self._values)

    def _accept_if_valid(self) -> None:
        if self.validate():
            self.accept()


def year_check(value: int | None, _values: dict) -> str | None:
    if value is not None and not 1945 <= value <= date.today().year + 5:
        return f"Năm phải trong khoảng 1945–{date.today().year + 5}."
    return None


def birth_year_check(value: int | None, values: dict) -> str | None:
    this_year = date.today().year
    if value is not None and not this_year - 100 <= value <= this_year - 15:
        return f"Năm sinh phải trong khoảng {this_year - 100}–{this_year - 15}."
    born = values.get("birth_date")
    if value is not None and born and born.year != value:
        return f"Không khớp với ngày sinh ({born:%d/%m/%Y})."
    return None


def birth_date_check(value: date | None, _values: dict) -> str | None:
    if value is None:
        return None
    this_year = date.today().year
    if not this_year - 100 <= value.year <= this_year - 15:
        return f"Ngày sinh phải trong khoảng năm {this_year - 100}–{this_year - 15}."
    return None
