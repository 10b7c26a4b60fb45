"""Consistent copies of a desk database through SQLite's backup API."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlite_utils

from thidua_desktop.store import file_ops
from thidua_desktop.store.db import translate
from thidua_desktop.store.dossier import files as attachment_files
from thidua_desktop.store.errors import FileWriteError, StoreError, os_reason
from thidua_desktop.store.location import extended, sqlite_uri


def backups_dir(db_path: Path) -> Path:
    """The folder beside the data file where automatic copies go (in Windows' long-path form
    when deep enough for its files to pass 260 characters)."""
    return Path(extended(db_path.parent / f"{db_path.stem}-saoluu"))


def backup_to(
    db: sqlite_utils.Database | sqlite3.Connection,
    dest: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write a consistent copy of the open database to ``dest``, atomically: the copy
    is made under a temporary name and renamed into place when complete. The files of
    its attachments go into the copy's attachment folder first (only those not there
    yet; see ``attachment_files``), so a copy never names a file it lacks."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    dest = Path(dest).absolute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        _copy_into(conn, tmp, dest, progress)
    except BaseException as exc:  # a full disk, a cancel: no half copy left behind
        remove_with_companions(tmp)
        if isinstance(exc, sqlite3.Error):
            translated = translate(exc, dest)
            if translated is not exc:
                raise translated from exc
        elif isinstance(exc, OSError):
            raise FileWriteError(dest, exc) from exc
        raise
    file_ops.replace(tmp, dest)
    return dest


def remove_with_companions(path: Path) -> None:
    """A database file and its -journal, -wal and -shm, whichever are there."""
    for name in (path.name, path.name + "-journal", path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(name).unlink()


def _copy_into(conn: sqlite3.Connection, tmp: Path, dest: Path, progress) -> None:
    target = sqlite3.connect(tmp)
    try:
        # The copy is a temporary file until renamed: no journal and no flush per step (a
        # province file copied in 4.1 s with them, 1.6 s without); flushed once at the end.
        target.execute("PRAGMA journal_mode = OFF")
        target.execute("PRAGMA synchronous = OFF")
        conn.backup(
            target,
            pages=4096,
            progress=(lambda status, remaining, total: progress(total - remaining, total))
            if progress
            else None,
        )
        # A copy is a single self-contained file: no -wal beside it.
        target.execute("PRAGMA journal_mode = DELETE")
        attachment_files.carry(conn, target, dest)
    finally:
        target.close()
    with open(tmp, "rb+") as written:  # on disk before it takes the copy's name
        os.fsync(written.fileno())


def backup_file(
    source: str | os.PathLike,
    dest: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Copy a database file through its own read connection (safe from a worker thread
    while the window keeps writing through another)."""
    conn = sqlite3.connect(sqlite_uri(Path(source), "ro"), uri=True, timeout=10)
    try:
        return backup_to(conn, dest, progress=progress)
    finally:
        conn.close()


# --- automatic copies -------------------------------------------------------------------------
KEEP_DEFAULT = 10
_STAMP = "%Y%m%d-%H%M%S"


_NAMES_IN_USE: set[Path] = set()  # copies being written by this process


def _copy_path(source: Path, reason: str) -> Path:
    """A name for a new automatic copy: the time, then a number if a copy of the same second
    exists or is being written ("…-20261201-101500-2-truoc-nhap.sqlite")."""
    stamp = datetime.now().strftime(_STAMP)
    folder = backups_dir(source)
    n = 1
    while True:
        dest = folder / f"{source.stem}-{stamp}{f'-{n}' if n > 1 else ''}-{reason}.sqlite"
        if dest not in _NAMES_IN_USE and not dest.exists():
            return dest
        n += 1


def automatic(db_path: str | os.PathLike, reason: str, *, keep: int = KEEP_DEFAULT) -> Path:
    """A copy into the backup folder beside the file (``reason``: "mo-tep", "truoc-nhap",
    …), then the oldest automatic copies beyond ``keep`` are removed."""
    source = Path(db_path).absolute()
    dest = _copy_path(source, reason)
    _NAMES_IN_USE.add(dest)
    try:
        backup_file(source, dest)
    finally:
        _NAMES_IN_USE.discard(dest)
    rotate(source, keep=keep)
    return dest


class CopyAhead:
    """The automatic copy taken before a batch write (``reason`` "truoc-nhap"), started in a
    thread of its own while the user still reads the preview: on the province file the copy
    takes about 4 s, which the user then does not wait for after confirming. ``wait`` before
    writing; ``keep`` once written (older copies are rotated out only then); ``discard`` when
    the user cancels (the copy was only for this batch)."""

    def __init__(self, db_path: str | os.PathLike, reason: str):
        import threading

        self.source = Path(db_path).absolute()
        self.path = _copy_path(self.source, reason)
        _NAMES_IN_USE.add(self.path)
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._finished = self._discarded = False
        self._thread = threading.Thread(target=self._run, name="sao-luu-truoc", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._copy()
        with self._lock:
            self._finished, drop = True, self._discarded
        if drop:
            self.path.unlink(missing_ok=True)

    def _copy(self) -> None:
        try:
            backup_file(self.source, self.path)
            self._error = None
        except BaseException as exc:  # raised again by wait(), in the caller's thread
            self._error = exc
        finally:
            _NAMES_IN_USE.discard(self.path)

    def wait(self) -> Path:
        """The finished copy. If it failed (a full disk, say), it is tried once more now —
        the user may have made room — and its error raised if it fails again."""
        self._thread.join()
        if self._error is not None:
            self._copy()
            if self._error is not None:
                raise self._error
        return self.path

    def keep(self, *, keep: int = KEEP_DEFAULT) -> Path:
        self.wait()
        rotate(self.source, keep=keep)
        return self.path

    def discard(self) -> None:
        """The copy is not wanted: removed now, or by its thread when it finishes (the
        window does not wait for a copy of several seconds to end)."""
        with self._lock:
            self._discarded, finished = True, self._finished
        if finished:
            self.path.unlink(missing_ok=True)


def daily(db_path: str | os.PathLike, *, keep: int = KEEP_DEFAULT) -> Path | None:
    """The copy taken when a file is opened: at most one a day."""
    from datetime import date

    source = Path(db_path).absolute()
    today = date.today().strftime("%Y%m%d")
    if any(p.name.startswith(f"{source.stem}-{today}-") for p in list_backups(source)):
        return None
    return automatic(source, "mo-tep", keep=keep)


DAMAGED_SUFFIX = "-tep-hong"  # a damaged file set aside by a restore: kept for IT staff, not a copy


def taken_at(copy: Path) -> str:
    """When a copy was taken, as sortable text: the stamp in its name, or its file time."""
    match = re.search(r"(\d{8}-\d{6})", copy.stem)
    if match:
        return match.group(1)
    return datetime.fromtimestamp(copy.stat().st_mtime).strftime(_STAMP)


def list_backups(db_path: str | os.PathLike) -> list[Path]:
    """The copies of this file in its backup folder, newest first."""
    source = Path(db_path).absolute()
    folder = backups_dir(source)
    if not folder.is_dir():
        return []
    copies = [
        p
        for p in folder.glob(f"{source.stem}-*.sqlite")
        if p.is_file() and not p.stem.endswith(DAMAGED_SUFFIX)
    ]
    return sorted(copies, key=lambda p: (taken_at(p), _sequence(p), p.name), reverse=True)


def _sequence(copy: Path) -> int:
    """The number ``_copy_path`` adds to a second copy taken in the same second (1: none)."""
    match = re.search(r"\d{8}-\d{6}-(\d+)-", copy.name)
    return int(match.group(1)) if match else 1


def rotate(db_path: str | os.PathLike, *, keep: int = KEEP_DEFAULT) -> list[Path]:
    """Remove the oldest automatic copies beyond ``keep`` (copies made by hand, and those
    taken before a migration or a restore, stay)."""
    automatic_copies = [p for p in list_backups(db_path) if p.stem.endswith(("-mo-tep", "-truoc-nhap"))]
    removed = automatic_copies[keep:]
    for p in removed:
        p.unlink(missing_ok=True)
    if removed:  # attachment files that no remaining copy names
        attachment_files.prune_pool(backups_dir(Path(db_path).absolute()))
    return removed


def summary(backup_path: str | os.PathLike) -> dict[str, int]:
    """Rows per main table of a copy, read-only, so the user sees what a restore brings back."""
    conn = sqlite3.connect(sqlite_uri(Path(backup_path), "ro"), uri=True)
    try:
        out = {}
        for table in ("units", "individuals", "proposals", "awards", "movements"):
            try:
                out[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            except sqlite3.DatabaseError:
                out[table] = -1
        return out
    finally:
        conn.close()


def _pages(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA page_count").fetchone()[0]


def check_copy(backup_path: str | os.PathLike) -> None:
    """Raise ValueError unless the copy passes SQLite's integrity check."""
    source = Path(backup_path).absolute()
    damaged = ValueError(f"Bản sao “{source.name}” bị hỏng, không dùng để khôi phục được. Hãy chọn bản khác.")
    try:
        check = sqlite3.connect(sqlite_uri(source, "ro"), uri=True)
    except sqlite3.Error as exc:
        raise damaged from exc
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise damaged
    except sqlite3.DatabaseError as exc:
        raise damaged from exc
    finally:
        check.close()


def restore(
    db_path: str | os.PathLike,
    backup_path: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Replace the file's content with a copy, keeping the current content first as a
    copy of its own; returns that safety copy. The caller has closed its connections.
    ``progress(done, total)`` counts pages over both steps."""
    target = Path(db_path).absolute()
    source = Path(backup_path).absolute()
    check_copy(source)
    # the files the restored data names come back first: a restore stopped after the data
    # was swapped in (power cut, killed) must not leave data naming files that are not there
    attachment_files.bring_back(source, target)
    safety = backups_dir(target) / f"{target.stem}-{datetime.now().strftime(_STAMP)}-truoc-khoi-phuc.sqlite"
    current = sqlite3.connect(sqlite_uri(target, "ro"), uri=True, timeout=10)
    src = sqlite3.connect(sqlite_uri(source, "ro"), uri=True)
    try:
        first, second = _pages(current), _pages(src)
        total = first + second
        backup_to(current, safety, progress=progress and (lambda done, _t: progress(done, total)))
        current.close()
        dest = sqlite3.connect(target, timeout=10)
        try:
            # page by page under SQLite's own locks, WAL included; one transaction on dest
            src.backup(
                dest,
                pages=1024,
                progress=(lambda _s, remaining, n: progress(first + n - remaining, total))
                if progress
                else None,
            )
        finally:
            dest.close()
    finally:
        current.close()
        src.close()
    return safety


def restore_damaged(
    db_path: str | os.PathLike,
    backup_path: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Put a copy in place of a damaged file without writing a byte into the damaged one:
    the copy is written under a temporary name, the damaged file (with any -wal or
    -journal beside it) is moved, as it is, into the backup folder for IT staff, and the
    copy takes its name. Returns where the damaged file went."""
    target = Path(db_path).absolute()
    source = Path(backup_path).absolute()
    check_copy(source)
    fresh = target.with_name(target.name + ".khoi-phuc.part")
    fresh.unlink(missing_ok=True)
    try:
        backup_file(source, fresh, progress=progress)
    except BaseException:
        fresh.unlink(missing_ok=True)
        raise
    try:
        attachment_files.bring_back(source, target)  # the files first, then the data (see restore)
        aside = (
            backups_dir(target) / f"{target.stem}-{datetime.now().strftime(_STAMP)}{DAMAGED_SUFFIX}.sqlite"
        )
        aside.parent.mkdir(parents=True, exist_ok=True)
        file_ops.replace(target, aside)  # held by another program: nothing has moved yet
    except BaseException:
        file_ops.unlink(fresh)  # no full-size .part left behind
        raise
    moved = [(target, aside)]
    try:
        for suffix in ("-wal", "-journal"):
            companion = target.with_name(target.name + suffix)
            if companion.exists():
                file_ops.replace(companion, aside.with_name(aside.name + suffix))
                moved.append((companion, aside.with_name(aside.name + suffix)))
        target.with_name(target.name + "-shm").unlink(missing_ok=True)  # an index of the old -wal only
        file_ops.replace(fresh, target)
    except OSError as exc:
        # put the damaged file back where it was, so what the message says is true
        for original, now in reversed(moved):
            with contextlib.suppress(OSError):
                file_ops.replace(now, original)
        with contextlib.suppress(OSError):
            file_ops.unlink(fresh)
        if target.exists():
            raise
        raise StoreError(target, f"Chưa khôi phục được: {os_reason(exc)}. Tệp hỏng đã được cất ở “{aside}”; "
                         "hãy chép tệp đó về tên cũ hoặc khôi phục lại từ bản sao.") from exc  # fmt: skip
    return aside


LEFTOVER_AGE_S = 3600  # younger temporary files may belong to a copy or a restore still running


def clean_leftovers(db_path: str | os.PathLike, *, min_age_s: float = LEFTOVER_AGE_S) -> list[Path]:
    """Temporary files a copy, a restore or a new sample file left when stopped (a full disk,
    a power cut, a killed program): ``<file>.part``, ``<file>.khoi-phuc.part``, ``*.part`` in
    the backup folder, unfinished attachment files. Run when a file is opened; returns what
    was removed. Never the data file, a copy or a stored attachment."""
    target = Path(db_path).absolute()
    now = time.time()
    found = [target.with_name(target.name + ".part"), target.with_name(target.name + ".khoi-phuc.part")]
    folder = backups_dir(target)
    if folder.is_dir():
        found += list(folder.glob("*.part"))
    pool = attachment_files.folder_for(target)
    if pool.is_dir() and not attachment_files.is_link(pool):
        found += list(pool.glob(".dang-ghi-*"))
    removed = []
    for path in found:
        try:
            info = path.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < min_age_s:
            continue
        remove_with_companions(path)
        removed.append(path)
    return removed
