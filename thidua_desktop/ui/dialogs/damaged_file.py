"""A damaged data file: say so in plain words and offer the newest backup copy. Nothing is
written into the damaged file; a restore moves it, as it is, into the backup folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from thidua_desktop.store import StoreError, backup
from thidua_desktop.store.errors import user_text
from thidua_desktop.ui import messages

TITLE = "Tệp dữ liệu bị hỏng"


def offer_restore(parent: QWidget | None, path: Path, problem: StoreError) -> bool:
    """True when ``path`` now holds a backup copy; False leaves the file exactly as it is.
    The caller holds the file's lock and has no connection open to it."""
    from thidua_desktop.ui.dialogs.restore import RestoreDialog, describe, run_restore

    copies = backup.list_backups(path)
    if not copies:
        messages.error(
            parent,
            f"{problem}\n\nChưa có bản sao lưu nào của tệp này (thư mục “{backup.backups_dir(path)}”). "
            "Đừng ghi đè lên tệp hỏng: hãy gửi tệp cho cán bộ tin học, hoặc mở một tệp dữ liệu khác.",
            TITLE,
        )
        return False
    chosen: Path | None = copies[0]
    if not messages.ask(
        parent,
        f"{problem}\n\nKhôi phục từ bản sao lưu mới nhất: {describe(chosen)}?\n\n"
        "Tệp hỏng không bị xóa hay ghi đè: nó được chuyển nguyên vẹn vào thư mục sao lưu để cán bộ "
        "tin học xem lại. Những thay đổi sau thời điểm sao lưu sẽ phải nhập lại.",
        TITLE,
    ):
        return False
    while chosen is not None:
        try:
            aside = run_restore(parent, path, chosen, damaged=True)
        except ValueError as exc:  # that copy is damaged too: let the user pick another
            messages.error(parent, str(exc), TITLE)
            dialog = RestoreDialog(path, parent)
            chosen = dialog.chosen() if messages.run_dialog(dialog) else None
            continue
        except (OSError, StoreError) as exc:
            messages.error(parent, f"Không khôi phục được: {user_text(exc)}. Tệp hỏng vẫn giữ nguyên.", TITLE)
            return False
        messages.info(
            parent,
            f"Đã khôi phục dữ liệu từ bản sao “{chosen.name}”. Tệp hỏng được giữ lại ở “{aside}”.",
            "Đã khôi phục",
        )
        return True
    return False
