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


class EmptyFileError(StoreError):
    def __init__(self, path):
        super().__init__(
            path,
            f"Tệp “{path}” rỗng (0 byte), không phải tệp dữ liệu thi đua – khen thưởng nên không mở. "
            "Hãy chọn đúng tệp dữ liệu (đuôi .sqlite), hoặc lấy lại bản sao lưu. Tệp này không bị thay đổi.",
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


class DiskFullError(StoreError):
    def __init__(self, path):
        super().__init__(
            path,
            f"Ổ đĩa chứa tệp “{path}” đã đầy nên chưa ghi được; dữ liệu giữ nguyên như trước khi làm. "
            "Hãy xóa bớt tệp không cần trên ổ đó (hoặc chép tệp dữ liệu sang ổ còn chỗ trống) rồi làm lại.",
        )


class DiskIOError(StoreError):
    def __init__(self, path):
        super().__init__(
            path,
            f"Không đọc, ghi được tệp “{path}” (lỗi ổ đĩa). Nếu tệp nằm trên USB hoặc ổ mạng, hãy kiểm tra "
            "kết nối rồi làm lại; nếu vẫn lỗi, hãy chạy “thidua-desktop check” hoặc nhờ cán bộ tin học kiểm tra ổ đĩa.",
        )


# errno (and Windows error) -> what happened, for a file the program reads or writes
_OS_REASONS = {
    28: "ổ đĩa đã đầy",  # ENOSPC
    122: "ổ đĩa đã hết dung lượng cho phép",  # EDQUOT
    27: "tệp vượt quá kích thước ổ đĩa cho phép",  # EFBIG
    5: "lỗi đọc ghi ổ đĩa",  # EIO (and ERROR_ACCESS_DENIED on Windows: below)
    13: "không có quyền ghi hoặc đọc ở đó",  # EACCES
    1: "không có quyền ghi hoặc đọc ở đó",  # EPERM
    30: "ổ đĩa chỉ cho đọc",  # EROFS
    2: "không tìm thấy tệp hoặc thư mục",  # ENOENT
    20: "một phần của đường dẫn không phải thư mục",  # ENOTDIR
    21: "đó là một thư mục",  # EISDIR
    36: "tên tệp quá dài",  # ENAMETOOLONG
}
_WINDOWS_REASONS = {
    112: "ổ đĩa đã đầy",  # ERROR_DISK_FULL
    39: "ổ đĩa đã đầy",  # ERROR_HANDLE_DISK_FULL
    5: "không có quyền ghi (hoặc tệp đang mở trong chương trình khác, ví dụ Excel)",  # ERROR_ACCESS_DENIED
    32: "tệp đang được chương trình khác mở (Excel, Word, phần mềm diệt virus)",  # ERROR_SHARING_VIOLATION
    33: "tệp đang bị chương trình khác khóa",  # ERROR_LOCK_VIOLATION
    53: "không tìm thấy máy hoặc ổ mạng",  # ERROR_BAD_NETPATH
    64: "mất kết nối ổ mạng",  # ERROR_NETNAME_DELETED
    206: "đường dẫn hoặc tên tệp quá dài",  # ERROR_FILENAME_EXCED_RANGE
}


def os_reason(exc: OSError) -> str:
    """What an operating-system error means for the user, in Vietnamese (never the system's
    English text): "ổ đĩa đã đầy", "tệp đang được chương trình khác mở"…"""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return f"lỗi hệ thống số {exc.errno or winerror or '?'}"


class FileWriteError(StoreError):
    """A file the program writes (an export, a paper, a copy) could not be written."""

    def __init__(self, path, exc: OSError):
        self.reason = os_reason(exc)
        super().__init__(
            path,
            f"Không ghi được tệp “{path}”: {self.reason}. Tệp cũ (nếu có) giữ nguyên. "
            + ("Hãy giải phóng chỗ trống trên ổ đĩa hoặc chọn ổ khác rồi làm lại."
               if "đầy" in self.reason or "dung lượng" in self.reason
               else "Nếu tệp đang mở trong Excel hoặc Word, hãy đóng lại; hoặc chọn thư mục khác rồi làm lại."),
        )  # fmt: skip


def user_text(exc: BaseException) -> str:
    """What went wrong, for the user, in Vietnamese: the message of our own errors, the meaning
    of an operating-system error, never a library's English text (that goes to the log)."""
    if isinstance(exc, StoreError | ValueError) and not isinstance(exc, UnicodeError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" “{exc.filename}”" if getattr(exc, "filename", None) else ""
        return f"không đọc, ghi được tệp{where}: {os_reason(exc)}"
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return "lỗi khi đọc, ghi tệp dữ liệu (chi tiết trong tệp nhật ký)"
    return "lỗi ngoài dự kiến (chi tiết trong tệp nhật ký)"
