"""Errors the user can cause with a database file. Each carries a Vietnamese message
that names the file and says what to do; the UI shows ``str(error)`` as it is."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A problem with the database file that the user can act on."""

    def __init__(self, path: Path | str | None, message: str):
        self.path = Path(path) if path is not None else None
        super().__init__(message)


class NotADatabaseError(StoreError):
    def __init__(self, path):
        super().__init__(
            path,
            f"Tệp “{path}” không phải là cơ sở dữ liệu SQLite nên không thể mở. "
            "Hãy chọn đúng tệp dữ liệu thi đua – khen thưởng (đuôi .sqlite). "
            "Tệp này không bị thay đổi.",
        )


class ForeignDatabaseError(StoreError):
    def __init__(self, path):
        super().__init__(
            path,
            f"Tệp “{path}” là cơ sở dữ liệu của một chương trình khác, không phải của "
            "phần mềm thi đua – khen thưởng. Hãy chọn tệp dữ liệu khác hoặc tạo tệp mới. "
            "Tệp này không bị thay đổi.",
        )


class NewerVersionError(StoreError):
    def __init__(self, path, found: int, supported: int):
        self.found, self.supported = found, supported
        super().__init__(
            path,
            f"Tệp “{path}” được tạo bởi phiên bản mới hơn của phần mềm (cấu trúc dữ liệu "
            f"số {found}, phiên bản đang chạy chỉ hiểu đến số {supported}). "
            "Hãy cập nhật phần mềm lên phiên bản mới nhất rồi mở lại. "
            "Tệp này không bị thay đổi.",
        )


class ReadOnlyError(StoreError):
    def __init__(self, path, detail: str = ""):
        super().__init__(
            path,
            f"Không có quyền ghi vào tệp “{path}”{detail}. Hãy chép tệp sang thư mục của "
            "mình (ví dụ Tài liệu), bỏ thuộc tính chỉ đọc, hoặc nhờ cán bộ tin học cấp "
            "quyền ghi, rồi mở lại. Tệp này không bị thay đổi.",
        )


class LockedError(StoreError):
    def __init__(self, path):
        super().__init__(
            path,
            f"Tệp “{path}” đang bị một chương trình khác khóa (có thể một máy khác hoặc "
            "một cửa sổ khác đang ghi vào tệp). Hãy đóng chương trình đó rồi thử lại. "
            "Tệp này không bị thay đổi.",
        )


class DamagedError(StoreError):
    def __init__(self, path, detail: str = ""):
        super().__init__(
            path,
            f"Tệp “{path}” bị hỏng và không đọc được ({detail}). Hãy khôi phục từ bản "
            "sao lưu gần nhất hoặc gửi tệp cho cán bộ tin học. Chương trình không ghi gì "
            "vào tệp này.",
        )


class MissingFileError(StoreError):
    def __init__(self, path):
        super().__init__(
            path,
            f"Không tìm thấy tệp “{path}”. Hãy kiểm tra lại đường dẫn, hoặc tạo tệp dữ liệu mới.",
        )


class ConstraintError(StoreError):
    """A write refused by the schema (a foreign key, a duplicate, a bad value)."""

    def __init__(self, message: str):
        super().__init__(None, message)
