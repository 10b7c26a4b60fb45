"""One window per data file: a QLockFile beside it (stale locks of a crashed program are
taken over), and a note of who holds it so a second window can say so."""

from __future__ import annotations

import json
import socket
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile

from thidua_desktop.store.location import folder_writable, os_user

STALE_AFTER_MS = 7 * 24 * 3600 * 1000  # a lock from another machine older than a week is stale


class DeskLock:
    def __init__(self, db_path: Path):
        self.path = Path(db_path)
        self.lock = QLockFile(str(self.path) + ".lock")
        self.lock.setStaleLockTime(STALE_AFTER_MS)
        self.info = Path(str(self.path) + ".lock-info")
        self.held = False

    def acquire(self) -> bool:
        """True when this window now holds the file (a stale lock of a process that is
        gone is removed by QLockFile itself)."""
        self.held = self.lock.tryLock(200)
        if self.held:
            try:
                self.info.write_text(json.dumps({"user": os_user(), "host": socket.gethostname(),
                                                 "since": datetime.now().isoformat(timespec="minutes")}),
                                     encoding="utf-8")  # fmt: skip
            except OSError:
                pass  # the lock itself is what counts
        return self.held

    def holder(self) -> str:
        """ "nguyenvana trên máy PHONG-TDKT (từ 24/11/2026 08:15)"."""
        try:
            data = json.loads(self.info.read_text(encoding="utf-8"))
            since = datetime.fromisoformat(data["since"]).strftime("%d/%m/%Y %H:%M")
            return f"{data['user']} trên máy {data['host']} (từ {since})"
        except (OSError, ValueError, KeyError):
            ok, pid, host, _app = self.lock.getLockInfo()
            return f"chương trình số {pid} trên máy {host}" if ok else "một cửa sổ khác"

    def question(self) -> str:
        """Why this window cannot write the file, and the offer to look at it: held by another
        window, or in a folder where nothing can be written (a read-only share: the lock cannot
        be made there; it is not "open elsewhere")."""
        if not folder_writable(self.path.parent):
            return (f"Thư mục chứa tệp “{self.path}” chỉ cho đọc (ổ mạng hoặc quyền truy cập không cho ghi), nên "
                    "không sửa được tệp ở đó. Mở để xem (không sửa được)? Muốn sửa: chép tệp về thư mục của mình "
                    "hoặc nhờ cán bộ tin học cấp quyền ghi.")  # fmt: skip
        return f"Tệp “{self.path}” đang được mở bởi {self.holder()}. Mở để xem (không sửa được)?"

    def release(self) -> None:
        if self.held:
            self.info.unlink(missing_ok=True)
            self.lock.unlock()
            self.held = False
