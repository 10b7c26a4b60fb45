"""Child process for test_pyside_refcount: drives C++ -> Python calls through a live
QTableView and prints the reference counts of None and True before and after.

Run in a child because the PySide6 6.12.0 defect ends the interpreter with
"Fatal Python error: none_dealloc" instead of failing an assertion."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (  # noqa: E402
    QAbstractTableModel,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 50

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 4

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return f"r{index.row()}"
        return None  # most roles: None, the case that leaked

    def canFetchMore(self, parent=QModelIndex()):
        return True

    def fetchMore(self, parent=QModelIndex()):  # a void virtual
        pass


class Emitter(QObject):
    fired = Signal()


def main() -> None:
    app = QApplication(sys.argv[:1])
    model = Model()
    proxy = QIdentityProxyModel()
    proxy.setSourceModel(model)  # proxy calls reach the Python model from C++
    view = QTableView()
    view.setModel(proxy)
    view.resize(400, 300)
    view.show()
    app.processEvents()
    emitter = Emitter()
    received = []
    emitter.fired.connect(lambda: received.append(1))

    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    roles = [Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
             Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole]  # fmt: skip
    index = proxy.index(3, 2)
    parent = QModelIndex()
    per_kind = CALLS // 3
    for i in range(per_kind):
        proxy.data(index, roles[i % 4])  # C++ QIdentityProxyModel::data -> Model.data -> None
    for _ in range(per_kind):
        proxy.fetchMore(parent)  # C++ -> Model.fetchMore (void)
    for _ in range(per_kind):
        emitter.fired.emit()
    for _ in range(20):  # real repaints of the view
        view.viewport().repaint()
        app.processEvents()
    none_after, true_after = sys.getrefcount(None), sys.getrefcount(True)
    print(f"calls {per_kind * 3}")
    print(f"emitted {len(received)}")
    print(f"none {none_before} {none_after}")
    print(f"true {true_before} {true_after}")


if __name__ == "__main__":
    main()
