"""Công cụ → Kiểm tra tệp đính kèm: every attached file checked against its hash in a
worker. (The menu itself is built in main_window, importing the dialogs when used.)"""

from __future__ import annotations

from thidua_desktop.store.db import database_path, open_reader
from thidua_desktop.store.errors import user_text
from thidua_desktop.ui import messages
from thidua_desktop.ui.worker import run_task


def check_attachments(window) -> None:
    """Hash every attached file in a worker (its own read connection); say what is wrong."""
    from thidua_desktop.store.dossier import attachments

    path = database_path(window.db)
    if path is None:
        return
    window.statusBar().showMessage("Đang kiểm tra các tệp đính kèm…")

    def work():
        db = open_reader(path)
        try:
            total = attachments.count(db)
            folder = attachments.files_dir(db) if total else None
            return total, attachments.check_all(db), folder
        finally:
            db.close()

    def done(result) -> None:
        total, problems, folder = result
        window.statusBar().clearMessage()
        if not problems:
            messages.info(
                window, f"Đã kiểm tra {total} tài liệu đính kèm: tất cả còn nguyên vẹn.", "Tệp đính kèm"
            )
            return
        shown = "\n".join(f"– {p.owner}: {p.message}" for p in problems[:10])
        more = f"\n… và {len(problems) - 10} tài liệu khác." if len(problems) > 10 else ""
        messages.error(window, f"{len(problems)} trong {total} tài liệu đính kèm có vấn đề (thư mục {folder}):\n"
                               f"{shown}{more}", "Tệp đính kèm có vấn đề")  # fmt: skip

    def failed(exc: Exception) -> None:
        window.statusBar().clearMessage()
        messages.error(window, f"Không kiểm tra được các tệp đính kèm: {user_text(exc)}")

    run_task(work, done, failed)
