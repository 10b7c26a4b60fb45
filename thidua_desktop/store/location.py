"""Where a data file lives: a local disk, a network share or a removable drive.

SQLite's WAL keeps its index in shared memory beside the file (``-shm``), which only works
when every program using the file runs on the same machine; on a network share two
machines can then overwrite each other's work. On a removable drive the ``-wal`` file may
hold the latest writes when the drive is pulled out. Files in such places are opened with
a rollback journal (``journal_mode=DELETE``) instead.

The decisions are pure functions of the path and the machine's mount table (or drive
type), so both platforms' logic is tested anywhere; :func:`locate` reads the real ones."""

from __future__ import annotations

import contextlib
import ntpath
import os
import posixpath
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

LOCAL, NETWORK, REMOVABLE, SYNCED = "local", "network", "removable", "synced"
# the variables Windows sets to the OneDrive folders (personal and work or school accounts)
ONEDRIVE_VARS = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
BUS_USB = 7  # STORAGE_BUS_TYPE BusTypeUsb: a USB hard disk, which Windows calls a fixed drive
# Windows' MAX_PATH less room for a file name: from here on a path takes the \\?\ form
LONG_PATH = 240

# Windows GetDriveTypeW results
DRIVE_UNKNOWN, DRIVE_NO_ROOT_DIR, DRIVE_REMOVABLE, DRIVE_FIXED, DRIVE_REMOTE, DRIVE_CDROM, DRIVE_RAMDISK = (
    range(7)
)

# Linux file system types (third field of /proc/mounts) that reach another machine
NETWORK_FS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre",
        "gpfs", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse", "fuse.glusterfs",
        "fuse.davfs2", "fuse.cephfs",
    }
)  # fmt: skip
# File systems of memory sticks and cards
REMOVABLE_FS = frozenset({"vfat", "msdos", "exfat"})
# Where desktop Linux mounts drives plugged in by the user (udisks), whatever their format
REMOVABLE_ROOTS = ("/media/", "/run/media/")


@dataclass(frozen=True)
class Location:
    kind: str  # LOCAL, NETWORK or REMOVABLE
    detail: str = ""  # the share, drive or file system, for the message

    @property
    def wal_safe(self) -> bool:
        return self.kind == LOCAL  # not a share, a removable or USB disk, nor a synced folder

    @property
    def journal_mode(self) -> str:
        return "wal" if self.wal_safe else "delete"

    def notice(self, path: str | os.PathLike) -> str:
        """Why the file is opened the careful way, for the user (Vietnamese)."""
        name = Path(path).name
        if self.kind == NETWORK:
            where = (
                f"ổ mạng / thư mục dùng chung ({self.detail})"
                if self.detail
                else "ổ mạng / thư mục dùng chung"
            )
            return (
                f"Tệp dữ liệu “{name}” nằm trên {where}. Để dữ liệu không bị hỏng khi máy khác cũng mở "
                "tệp qua mạng, chương trình ghi thẳng vào tệp theo cách truyền thống (không dùng tệp "
                "-wal kèm theo), nên việc ghi có thể chậm hơn một chút. Nếu chỉ một người dùng tệp này, "
                "nên chép tệp về ổ đĩa của máy mình để làm việc nhanh hơn."
            )
        if self.kind == SYNCED:
            return (
                f"Tệp dữ liệu “{name}” nằm trong thư mục {self.detail or 'OneDrive'}, được đồng bộ lên mạng. Việc "
                "đồng bộ có thể chép tệp giữa lúc đang ghi, nên chương trình ghi thẳng vào tệp theo cách truyền "
                "thống (không dùng tệp -wal kèm theo). Nên để tệp dữ liệu ở thư mục không đồng bộ (ví dụ "
                "C:\\ThiDua) và dùng bản sao lưu của chương trình; không mở cùng một tệp trên hai máy."
            )
        if self.kind == REMOVABLE:
            where = f"ổ đĩa rời (USB, thẻ nhớ: {self.detail})" if self.detail else "ổ đĩa rời (USB, thẻ nhớ)"
            return (
                f"Tệp dữ liệu “{name}” nằm trên {where}. Để tệp luôn đầy đủ kể cả khi ổ bị rút ra, "
                "chương trình ghi thẳng vào tệp theo cách truyền thống (không dùng tệp -wal kèm theo). "
                "Hãy đóng chương trình và chọn “Tháo thiết bị an toàn” trước khi rút ổ."
            )
        return ""


# --- Linux and other systems with /proc/mounts --------------------------------------------------------
def _unescape_mount_field(text: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes (``\\040``)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 3 < len(text) and all(c in "01234567" for c in text[i + 1 : i + 4]):
            out.append(chr(int(text[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def parse_mounts(mounts: str) -> list[tuple[str, str, str]]:
    """(source, mount point, file system type) for each line of a /proc/mounts text."""
    table = []
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            table.append((_unescape_mount_field(fields[0]), _unescape_mount_field(fields[1]), fields[2]))
    return table


def classify_posix(path: str, mounts: str) -> Location:
    """Where ``path`` (absolute, symlinks resolved) lives, from the text of /proc/mounts.
    The mount with the longest mount point containing the path wins (the last one listed
    when a point is mounted over)."""
    path = posixpath.normpath(path)
    best: tuple[str, str, str] | None = None
    for source, point, fstype in parse_mounts(mounts):
        point = posixpath.normpath(point)
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[1])):
            best = (source, point, fstype)
    if best is None:
        return Location(LOCAL)
    source, point, fstype = best
    if fstype in NETWORK_FS or fstype.startswith("nfs"):
        return Location(NETWORK, f"{source}, {fstype}")
    if fstype in REMOVABLE_FS or (point.rstrip("/") + "/").startswith(REMOVABLE_ROOTS):
        return Location(REMOVABLE, f"{point}, {fstype}")
    return Location(LOCAL)


# --- Windows ---------------------------------------------------------------------------------------------
def _under(path: str, folder: str) -> bool:
    path, folder = ntpath.normcase(path.rstrip("\\")), ntpath.normcase(folder.rstrip("\\"))
    return bool(folder) and (path == folder or path.startswith(folder + "\\"))


def classify_windows(
    path: str, drive_type: Callable[[str], int], *, env: dict[str, str] | None = None,
    bus_type: Callable[[str], int] | None = None,
) -> Location:  # fmt: skip
    """Where a Windows ``path`` lives: a UNC path (\\\\server\\share\\...) is a network share;
    a folder OneDrive synchronises (``env``: its variables) is synced; otherwise
    ``drive_type("X:\\\\")`` (GetDriveTypeW) tells a mapped network drive or a removable one,
    and ``bus_type("X:")`` a USB hard disk among the fixed ones."""
    text = path.replace("/", "\\")
    upper = text.upper()
    if upper.startswith("\\\\?\\UNC\\"):  # long-path form of a UNC path
        text = "\\\\" + text[8:]
    elif upper.startswith(("\\\\?\\", "\\\\.\\")):  # long-path form of a drive path
        text = text[4:]
    drive, _rest = ntpath.splitdrive(text)
    for var in ONEDRIVE_VARS:
        root = (env or {}).get(var, "")
        if root and _under(text, _strip_long_prefix(root)):
            return Location(SYNCED, "OneDrive")
    if drive.startswith("\\\\"):
        return Location(NETWORK, drive)
    if not drive:
        return Location(LOCAL)
    kind = drive_type(drive + "\\")
    if kind == DRIVE_REMOTE:
        return Location(NETWORK, f"ổ {drive.upper()}")
    if kind == DRIVE_REMOVABLE:
        return Location(REMOVABLE, f"ổ {drive.upper()}")
    if kind == DRIVE_FIXED and bus_type is not None and bus_type(drive) == BUS_USB:
        return Location(REMOVABLE, f"ổ {drive.upper()}, ổ cứng gắn qua USB")
    return Location(LOCAL)


def _windows_drive_type(root: str) -> int:
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))


def _windows_bus_type(drive: str) -> int:
    """The bus a drive hangs on (IOCTL_STORAGE_QUERY_PROPERTY, StorageDeviceProperty); 0
    when it cannot be asked (no rights, a virtual drive)."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32
    kernel32.CreateFileW.restype = wintypes.HANDLE
    handle = kernel32.CreateFileW(f"\\\\.\\{drive.rstrip(chr(92))}", 0, 3, None, 3, 0, None)
    if handle in (None, wintypes.HANDLE(-1).value):
        return 0
    try:
        query = (ctypes.c_ulong * 3)(0, 0, 0)  # StorageDeviceProperty, PropertyStandardQuery
        out = ctypes.create_string_buffer(1024)
        returned = wintypes.DWORD()
        if not kernel32.DeviceIoControl(handle, 0x2D1400, query, 12, out, 1024, ctypes.byref(returned), None):
            return 0
        return int.from_bytes(out.raw[28:32], "little")  # STORAGE_DEVICE_DESCRIPTOR.BusType
    finally:
        kernel32.CloseHandle(handle)


def _read_mounts() -> str:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:  # macOS and the like: no mount table to read, assume a local disk
        return ""


def locate(path: str | os.PathLike) -> Location:
    """Where this machine keeps ``path`` (a file that may not exist yet)."""
    if sys.platform == "win32":
        return classify_windows(os.path.abspath(path), _windows_drive_type, env=dict(os.environ),
                                bus_type=_windows_bus_type)  # fmt: skip
    return classify_posix(os.path.realpath(path), _read_mounts())


# --- the URI SQLite opens a file by --------------------------------------------------------------------
def _strip_long_prefix(text: str) -> str:
    r"""``\\?\UNC\server\share`` -> ``\\server\share``; ``\\?\C:\x`` -> ``C:\x``."""
    upper = text.upper()
    if upper.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
        return "\\\\" + text[8:]
    if upper.startswith(("\\\\?\\", "\\\\.\\", "//?/", "//./")):
        return text[4:]
    return text


def sqlite_uri(path: str | os.PathLike, mode: str = "ro", *, windows: bool | None = None) -> str:
    r"""The ``file:`` URI SQLite opens ``path`` by, with ``?mode=`` (``ro``, ``rw``, ``rwc``).

    ``Path.as_uri()`` turned ``\\server\share\x.sqlite`` into ``file://server/share/x.sqlite``,
    which SQLite refuses ("invalid uri authority"): a data file on a network share could not be
    opened (issue 24). Here a UNC path keeps an empty authority (``file:////server/share/…``, the
    form SQLite documents), a drive path is ``file:///C:/…``, the long-path prefix ``\\?\`` is
    dropped, and ``%``, ``#``, ``?``, spaces and Vietnamese letters are percent-encoded. A pure
    function of the path: ``windows`` simulates the platform in tests."""
    windows = sys.platform == "win32" if windows is None else windows
    text = os.fspath(path)
    if windows:
        if sys.platform == "win32":
            text = ntpath.abspath(text)
        text = _strip_long_prefix(text).replace("\\", "/")
        if text.startswith("//"):
            location = "//" + text.lstrip("/")  # UNC: //server/share/...
        else:
            location = "/" + text  # C:/...
        authority = "//"
    else:
        location = os.path.abspath(text) if sys.platform != "win32" else text
        authority = ""
    return f"file:{authority}{quote(location, safe='/:')}?mode={mode}"


def extended(path: str | os.PathLike, *, windows: bool | None = None) -> str:
    r"""``path`` in the ``\\?\`` form when it is long enough to pass Windows' 260-character
    limit with a file name added (attachments, backups beside a data file in a deep folder):
    ``\\?\C:\…`` or ``\\?\UNC\server\share\…``. Elsewhere, and for shorter paths, the path as is."""
    windows = sys.platform == "win32" if windows is None else windows
    text = os.fspath(path)
    if not windows or len(text) < LONG_PATH or text.startswith(("\\\\?\\", "\\\\.\\")):
        return text
    if sys.platform == "win32":
        text = ntpath.abspath(text)
    text = text.replace("/", "\\")
    if text.startswith("\\\\"):
        return "\\\\?\\UNC\\" + text[2:]
    return "\\\\?\\" + text


# --- can this program write there ---------------------------------------------------------------------
def folder_writable(folder: str | os.PathLike) -> bool:
    """Whether a file can be created in ``folder``, found by creating one (and removing it):
    ``os.access`` says yes for every folder on Windows (it reads only the read-only attribute,
    not the share's or the folder's permissions), so a read-only share looked writable and
    the lock that could not be written there read as "open in another window" (issue 24)."""
    probe = Path(folder) / f".thidua-thu-ghi-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError:
        return False
    try:
        os.write(fd, b"?")
    except OSError:
        return False
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return True


def file_writable(path: str | os.PathLike) -> bool:
    """Whether ``path`` (an existing file) can be opened for writing, found by opening it
    (nothing is written): the read-only attribute, permissions and a share's rights alike."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    os.close(fd)
    return True


def os_user() -> str:
    """The system's name of the user running the program (the audit trail's and the locks'), never an error."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no USER/USERNAME and no passwd entry
        return os.environ.get("USERNAME") or "unknown"
