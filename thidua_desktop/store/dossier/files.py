"""The files of attachments on disk: a content-addressed folder beside the data file.

Where: ``<folder>/<stem>-tailieu/ab/abcdef….pdf`` beside ``<stem>.sqlite``, each file
named by the SHA-256 of its content (its first two hex digits as a sub-folder, so no
folder grows past a few thousand entries). The copies in a backup folder
(``<stem>-saoluu/``) share one such folder, ``<stem>-saoluu/tailieu/``.

Why beside the file and not inside SQLite: scans of minutes and reports weigh 1–10 MB
each, a cluster attaches hundreds a year and a province thousands. Inside the database
they would make every automatic copy (one a day, ten kept) a full copy of every scan,
push the file past the size the open-time page check can read at once, and slow each
restore page by page. Beside it, the database stays small; a file never changes once
written (its name is its hash), so a backup copies only files it does not hold yet and
ten copies share one set of files; the same scan attached to twenty proposals (the
council's minutes) is stored once; and the hash checks every read: a file changed or
missing on disk is reported, never opened.

Writing is safe: a file is written under a temporary name in the same folder, hashed as
it is written, flushed to disk, made read-only and renamed into place; the database row
that names it is written only after that. A file that no row names any more (removed,
or left by a failed write) stays until ``prune``, so an undone removal finds its file.

No SQL beyond reading which files a database names (``referenced``); the rows are
``store.attachments``'."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from thidua_desktop.store import file_ops
from thidua_desktop.store.location import extended, sqlite_uri

FOLDER_SUFFIX = "-tailieu"
POOL_NAME = "tailieu"  # the shared folder of the copies in a backup folder
BACKUP_FOLDER_SUFFIX = "-saoluu"  # as store.backup.backups_dir names it
CHUNK = 1 << 20
_EXT = re.compile(r"^[a-z0-9]{1,8}$")

MISSING, CHANGED = "thieu", "khac"
PRUNE_MIN_AGE_S = 3600  # a file younger than this may belong to a row another process is about to write


class NotRegularFile(OSError):
    """A link, a pipe, a device or a folder where a stored or attached file should be."""


class TooLarge(ValueError):
    """More bytes came than the limit allows (counted while copying, not from stat())."""


def is_link(path: Path) -> bool:
    """A symbolic link, or on Windows a junction or other reparse point."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISLNK(info.st_mode) or bool(getattr(info, "st_file_attributes", 0) & 0x400)


def open_regular(path: str | os.PathLike):
    """Open a regular file for reading, never through a symbolic link and never a pipe or a
    device (which would block, or never end): NotRegularFile for those."""
    if is_link(Path(path)):
        raise NotRegularFile(f"{path} là liên kết (symlink)")
    flags = (
        os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(f"{path} không phải tệp thường")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def folder_for(db_path: str | os.PathLike) -> Path:
    """The attachment folder of a data file (or of a copy in a backup folder), in Windows'
    long-path form when a deep folder would take its files past 260 characters (issue 24)."""
    path = Path(db_path).absolute()
    if path.parent.name.endswith(BACKUP_FOLDER_SUFFIX):
        return Path(extended(path.parent / POOL_NAME))
    return Path(extended(path.parent / f"{path.stem}{FOLDER_SUFFIX}"))


def safe_ext(file_name: str) -> str:
    """The lower-case extension of ``file_name`` when it is plain (letters, digits), else ''."""
    ext = Path(file_name).suffix.lower().lstrip(".")
    return ext if _EXT.match(ext) else ""


def blob_path(folder: Path, sha256: str, ext: str) -> Path:
    return folder / sha256[:2] / (f"{sha256}.{ext}" if ext else sha256)


def hash_file(path: str | os.PathLike) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open_regular(path) as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def state_of(path: Path, sha256: str, size: int, *, full: bool = True) -> str | None:
    """None when the file is there and whole; ``MISSING`` or ``CHANGED``. ``full=False``
    compares only the size (for lists; opening and exporting always hash)."""
    try:
        info = os.lstat(path)
    except OSError:
        return MISSING
    if not stat.S_ISREG(info.st_mode) or is_link(path):
        return CHANGED  # a link, pipe or device put in its place: never read
    if info.st_size != size:
        return CHANGED
    if not full:
        return None
    try:
        found, _ = hash_file(path)
    except OSError:
        return MISSING
    return None if found == sha256 else CHANGED


def _writable_unlink(path: Path) -> None:
    """Remove a file we made read-only (Windows refuses to delete those otherwise)."""
    try:
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    except OSError:
        pass
    file_ops.unlink(path)


def _place(tmp: Path, final: Path, sha256: str, size: int) -> None:
    """Rename a fully written temporary file into place, read-only. A file already there
    with the right content is kept; one with wrong content (changed on disk) is replaced."""
    os.chmod(tmp, stat.S_IREAD)
    if final.exists():
        if state_of(final, sha256, size) is None:
            _writable_unlink(tmp)
            return
        os.chmod(final, stat.S_IWRITE | stat.S_IREAD)
    file_ops.replace(tmp, final)


def _write_stream(
    folder: Path, chunks: Iterable[bytes], ext: str, expected: str | None = None, *, limit: int | None = None
) -> tuple[str, int]:
    if is_link(folder):
        raise NotRegularFile(f"thư mục tài liệu {folder} là liên kết (symlink) tới nơi khác")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".dang-ghi-{uuid.uuid4().hex}"
    digest, size = hashlib.sha256(), 0
    try:
        with open(tmp, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if limit is not None and size > limit:
                    raise TooLarge(size)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        if expected is not None and sha != expected:
            raise ValueError(sha)
        final = blob_path(folder, sha, ext)
        final.parent.mkdir(parents=True, exist_ok=True)
        _place(tmp, final, sha, size)
        return sha, size
    except BaseException:
        if tmp.exists():
            _writable_unlink(tmp)
        raise


def _file_chunks(path: str | os.PathLike) -> Iterable[bytes]:
    with open_regular(path) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def store_file(
    folder: Path, source: str | os.PathLike, ext: str, *, limit: int | None = None
) -> tuple[str, int]:
    """Copy ``source`` (a regular file, not through a link) into the folder under its hash;
    returns (sha256, size). With ``limit``, TooLarge once more bytes than that came, whatever
    stat() said before (a file that grows, a pipe): nothing is kept."""
    return _write_stream(folder, _file_chunks(source), ext, limit=limit)


def store_bytes(folder: Path, data: bytes, ext: str, *, expected: str | None = None) -> tuple[str, int]:
    """Write ``data`` under its hash; with ``expected``, raise ValueError (writing nothing)
    unless the content has that hash."""
    return _write_stream(folder, (data[i : i + CHUNK] for i in range(0, len(data), CHUNK)), ext, expected)


# --- which files a database names, and carrying them with copies ----------------------------------
def referenced(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    """(sha256, ext) -> size of every file the database's attachments name; empty for a
    file made before attachments existed."""
    try:
        return {
            (r[0], r[1]): r[2] for r in conn.execute("SELECT DISTINCT sha256, ext, size FROM attachments")
        }
    except sqlite3.OperationalError:  # no such table: a file of an older schema
        return {}


def main_path(conn: sqlite3.Connection) -> Path | None:
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def _copy_verified(source: Path, dest: Path, sha256: str) -> bool:
    """Copy one file into another attachment folder, checking its hash on the way; False
    (nothing written) when the source is missing or not what its name says."""
    ext = dest.suffix.lstrip(".")
    try:
        _write_stream(dest.parent.parent, _file_chunks(source), ext, expected=sha256)
    except (OSError, ValueError):
        return False
    return True


def carry(source: sqlite3.Connection, copy: sqlite3.Connection, copy_path: Path) -> list[str]:
    """After ``copy`` was made from ``source`` (a backup): put every file the copy names
    into the copy's folder, copying only those not already there. Returns the hashes that
    could not be carried (missing or changed at the source: ``check`` reports them)."""
    if copy_path.suffix == ".part":  # a restore's temporary file: the restore brings the files back
        return []
    names = referenced(copy)
    source_path = main_path(source)
    if not names or source_path is None:
        return []
    src_folder, dest_folder = folder_for(source_path), folder_for(copy_path)
    if src_folder == dest_folder:
        return []
    failed = []
    for (sha, ext), size in names.items():
        dest = blob_path(dest_folder, sha, ext)
        if state_of(dest, sha, size, full=False) is None:
            continue  # content-addressed: the same name holds the same bytes
        if not _copy_verified(blob_path(src_folder, sha, ext), dest, sha):
            failed.append(sha)
    return failed


def bring_back(
    copy_path: str | os.PathLike,
    db_path: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """After a restore from ``copy_path``: every file the restored data names is put back
    into the data file's folder when it is missing there or its content changed, from the
    copy's folder (checked by hash). Returns the hashes that could not be brought back."""
    conn = sqlite3.connect(sqlite_uri(Path(copy_path), "ro"), uri=True)
    try:
        names = referenced(conn)
    finally:
        conn.close()
    src_folder, dest_folder = folder_for(copy_path), folder_for(db_path)
    failed = []
    for n, ((sha, ext), size) in enumerate(names.items(), start=1):
        dest = blob_path(dest_folder, sha, ext)
        if src_folder != dest_folder and state_of(dest, sha, size) is not None:
            if not _copy_verified(blob_path(src_folder, sha, ext), dest, sha):
                failed.append(sha)
        if progress is not None:
            progress(n, len(names))
    return failed


def unreferenced(folder: Path, keep: set[str], *, min_age_s: float = 0) -> list[Path]:
    """Files in an attachment folder whose hash is not in ``keep`` (and, with
    ``min_age_s``, older than that: a file just written may belong to a row about to be)."""
    if is_link(folder):
        raise NotRegularFile(f"thư mục tài liệu {folder} là liên kết (symlink) tới nơi khác")
    if not folder.is_dir():
        return []
    now = time.time()
    out = []
    for sub in folder.iterdir():
        if len(sub.name) != 2 or is_link(sub) or not sub.is_dir():
            continue  # never through a link to another folder
        for path in sub.iterdir():
            sha = path.name.split(".", 1)[0]
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if sha in keep or not stat.S_ISREG(info.st_mode) or is_link(path):
                continue
            if min_age_s and now - info.st_mtime < min_age_s:
                continue
            out.append(path)
    return out


def remove(paths: Iterable[Path]) -> list[Path]:
    removed = []
    for path in paths:
        try:
            _writable_unlink(path)
            removed.append(path)
        except OSError:
            pass
    return removed


def prune_pool(backup_folder: str | os.PathLike, *, min_age_s: float = 86_400) -> list[Path]:
    """Remove from a backup folder's shared files those no copy in it names any more
    (after old copies were rotated away). Nothing is removed when a copy cannot be read."""
    folder = Path(backup_folder)
    pool = folder / POOL_NAME
    if not pool.is_dir():
        return []
    keep: set[str] = set()
    for copy in folder.glob("*.sqlite"):
        try:
            conn = sqlite3.connect(sqlite_uri(copy, "ro"), uri=True)
            try:
                keep.update(sha for sha, _ext in referenced(conn))
            finally:
                conn.close()
        except sqlite3.Error:
            return []  # a copy we cannot read may still need its files
    return remove(unreferenced(pool, keep, min_age_s=min_age_s))


def copy_out(source: Path, dest: Path) -> Path:
    """A writable copy of an attachment for a viewer (never the stored file itself)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        _writable_unlink(dest)
    with open_regular(source) as src, open(dest, "wb") as out:
        shutil.copyfileobj(src, out, CHUNK)
    return dest
