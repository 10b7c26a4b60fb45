"""Opening a desk file, at start-up and from the File menu: the lock's question when another
window holds it (open read-only or not at all), a damaged file's restore offered, any other
refusal said in Vietnamese; the file is locked for this window while it is open for writing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from thidua_desktop.store.errors import DamagedError, StoreError
from thidua_desktop.ui import messages
from thidua_desktop.ui.file_lock import DeskLock

if TYPE_CHECKING:
    import sqlite_utils


class Declined(Exception):
    """The file is held by another window and the user chose not to open it read-only."""


@dataclass
class Opened:
    db: sqlite_utils.Database
    lock: DeskLock | None  # held while the file is open for writing; None when read-only
    read_only: bool


def open_desk(parent: QWidget | None, path: Path, *, create: bool) -> Opened | None:
    """The file at ``path`` opened (a damaged one restored from its newest copy first, if the
    user agrees); None when it cannot be, the reason already said. Raises Declined."""
    from thidua_desktop.store.db import open_database, open_reader
    from thidua_desktop.ui.dialogs.damaged_file import offer_restore

    path = Path(path)
    while True:
        lock, read_only = DeskLock(path), False
        if path.exists() and not lock.acquire():
            if not messages.ask(parent, lock.question(), "Tệp đang được dùng"):
                raise Declined(str(path))
            read_only = True
        try:
            db: Any = open_reader(path) if read_only else open_database(path, create=create)
        except StoreError as exc:
            if isinstance(exc, DamagedError) and lock.held:  # offer_restore says what is wrong
                restored = offer_restore(parent, path, exc)
                lock.release()
                if restored:
                    continue  # open the restored file
                return None
            lock.release()
            messages.error(parent, str(exc), "Không mở được tệp dữ liệu")
            return None
        if not read_only and not lock.held:
            lock.acquire()  # a new file: lock it now that it exists
        return Opened(db, None if read_only else lock, read_only)
