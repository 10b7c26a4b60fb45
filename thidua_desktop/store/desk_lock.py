"""One writer per data file, whoever writes: the window holds ``<file>.lock`` through Qt's
QLockFile (ui/file_lock.py); the command line, which loads no Qt, reads and takes the same
lock here, in the same format, so each side sees the other.

QLockFile writes the holder's pid, application name and host on three lines (a fourth, the
machine's id, in Qt 6) and keeps the file open: on Unix with ``flock``, on Windows without
letting others write or delete it. So a lock is held when the file cannot be flocked (Unix)
or opened for writing (Windows), or when it names a process still running on this machine,
or another machine and is less than a week old (Qt's own rule for a lock it cannot check).
A lock left by a program that is gone is stale and taken over, as Qt does.

A lock this module takes names the running executable as its application, so Qt's check that
the pid was not reused by another program passes, and keeps the file open and flocked while
the command writes. ``<file>.lock-info`` says who holds it, for the message (issue 17, point 2:
``import`` and ``ledger --pay`` wrote while a window held the file)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import sys
import time
from datetime import datetime
from pathlib import Path

from thidua_desktop.store.errors import StoreError
from thidua_desktop.store.location import os_user

STALE_AFTER_S = 7 * 24 * 3600  # a lock of another machine older than a week is stale (as ui/file_lock.py)
MAX_LOCK_BYTES = 4096


class BusyError(StoreError):
    """Another window or command holds the data file for writing."""

    def __init__(self, path, holder: str):
        super().__init__(
            path,
            f"Tệp “{path}” đang được mở để ghi bởi {holder}. Hãy đóng cửa sổ chương trình đang mở tệp này "
            "rồi chạy lại lệnh (hoặc thêm --wait để chờ). Tệp này không bị thay đổi.",
        )


def lock_path(db_path: str | os.PathLike) -> Path:
    return Path(str(db_path) + ".lock")


def info_path(db_path: str | os.PathLike) -> Path:
    return Path(str(db_path) + ".lock-info")


def _read_lock(path: Path) -> tuple[int | None, str, str]:
    """(pid, application, host) as QLockFile writes them; (None, "", "") when unreadable."""
    try:
        with path.open("rb") as file:
            lines = file.read(MAX_LOCK_BYTES).decode("utf-8", "replace").splitlines()
    except OSError:
        return None, "", ""
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        pid = None
    return pid, (lines[1] if len(lines) > 1 else ""), (lines[2] if len(lines) > 2 else "")


def _process_running(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: running
    return True


def _held_open(path: Path) -> bool:
    """True when a live holder keeps the lock file: flocked (Unix) or not writable (Windows)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows
        try:
            with path.open("r+b"):
                return False
        except PermissionError:
            return True  # sharing violation: QLockFile (or a command) holds it open
        except OSError:
            return False
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def holder(db_path: str | os.PathLike) -> str | None:
    """Who holds the data file for writing, as a person reads it; None when nobody does (no
    lock, or a stale one)."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    pid, _app, host = _read_lock(path)
    held = _held_open(path)
    if not held and pid is not None:
        if host == socket.gethostname():
            held = _process_running(pid) and pid != os.getpid()
        else:
            try:
                held = time.time() - path.stat().st_mtime < STALE_AFTER_S
            except OSError:
                held = False
    if not held:
        return None
    try:
        with info_path(db_path).open("rb") as file:
            data = json.loads(file.read(MAX_LOCK_BYTES).decode("utf-8"))
        since = datetime.fromisoformat(data["since"]).strftime("%d/%m/%Y %H:%M")
        return f"{data['user']} trên máy {data['host']} (từ {since}{', ' + data['via'] if data.get('via') else ''})"
    except (OSError, ValueError, KeyError, TypeError):
        return f"chương trình số {pid} trên máy {host}" if pid else "một cửa sổ khác"


class CommandLock:
    """The data file held for writing by this process (the command line), in QLockFile's format."""

    def __init__(self, db_path: str | os.PathLike, *, via: str | None = "dòng lệnh"):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self.via = via  # said in <file>.lock-info for a window's message; None: no such file
        self.fd: int | None = None

    def acquire(self) -> bool:
        if self.fd is not None:
            return True
        if self.path.exists() and holder(self.db_path) is None:
            with contextlib.suppress(OSError):
                self.path.unlink()  # stale: its holder is gone
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
        except FileExistsError:
            return False
        except OSError:
            return True  # a folder where no lock can be written (read-only share): SQLite's own locks remain
        if sys.platform != "win32":
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
        app = Path(sys.executable).resolve().name  # what Qt compares with the pid's program
        os.write(fd, f"{os.getpid()}\n{app}\n{socket.gethostname()}\n".encode())
        self.fd = fd
        if self.via is not None:
            with contextlib.suppress(OSError):
                info_path(self.db_path).write_text(json.dumps({
                    "user": os_user(), "host": socket.gethostname(), "via": self.via,
                    "since": datetime.now().isoformat(timespec="minutes"),
                }), encoding="utf-8")  # fmt: skip
        return True

    def release(self) -> None:
        if self.fd is None:
            return
        if self.via is not None:
            with contextlib.suppress(OSError):
                info_path(self.db_path).unlink()
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self.fd)
        self.fd = None


@contextlib.contextmanager
def writing(db_path: str | os.PathLike, *, wait: float | None = None, say=print):
    """Hold the data file for writing while the block runs. Busy: wait up to ``wait`` seconds
    (saying so once), else BusyError naming who holds it."""
    lock = CommandLock(db_path)
    deadline = time.monotonic() + (wait or 0)
    told = False
    while not lock.acquire():
        who = holder(db_path) or "một cửa sổ khác"
        if wait is None or time.monotonic() >= deadline:
            raise BusyError(db_path, who)
        if not told:
            say(f"Tệp đang được mở để ghi bởi {who}; đang chờ (tối đa {wait:.0f} giây)…")
            told = True
        time.sleep(0.5)
    try:
        yield
    finally:
        lock.release()
