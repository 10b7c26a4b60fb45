"""Opening a desk's SQLite file: checks that never modify a file we must refuse, the
pragmas, the audit user, migrations, and the one transaction helper every write uses."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from thidua_desktop.domain.text import vn_number
from thidua_desktop.store import errors, location
from thidua_desktop.store.location import os_user, sqlite_uri

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks our files ("TĐKT"); a SQLite file with another id, or
# with tables and no id, belongs to some other program and is left alone.
APPLICATION_ID = 0x54444B54
DEFAULT_BUSY_TIMEOUT_MS = 5000
# quick_check reads every page: about 10 ms for a cluster's few MB, a second or more for a
# province's hundreds of MB. Larger files are checked in the background after opening.
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
DAMAGED_PAGES = "có trang dữ liệu bị ghi đè hoặc hư hỏng"


def audit_user(db: sqlite_utils.Database) -> str:
    """The user the audit trail names for this connection."""
    try:
        return db.conn.execute("SELECT app_user()").fetchone()[0]
    except Exception:  # a read-only connection has no app_user(): the system's user
        return os_user()


@contextlib.contextmanager
def read_snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """One read transaction, so the export sees one state even while another window writes."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


def open_database(
    path: str | os.PathLike,
    *,
    create: bool = True,
    migrate: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    user: str | None = None,
    verify: bool | None = None,
) -> sqlite_utils.Database:
    """Open (or create) a desk database, migrated to the current schema.

    Raises a :class:`errors.StoreError` subclass, with the file untouched, for a file
    that is missing (``create=False``), not SQLite, another program's, made by a newer
    version, read-only, locked, unreadable or damaged. ``verify``: run SQLite's
    ``quick_check`` before opening (default: for files up to ``QUICK_CHECK_MAX_BYTES``;
    larger ones get only the quick structural checks here, and a full check in the
    background, see :func:`verify_file`).

    A file on a network share or a removable drive is opened with a rollback journal
    instead of WAL (see :mod:`store.location`)."""
    from thidua_desktop.store import migrations  # migrations imports this module

    path = Path(path).expanduser().absolute()
    exists = path.exists()
    if exists and not path.is_file():
        raise errors.NotADatabaseError(path)
    if not exists and not create:
        raise errors.MissingFileError(path)
    if exists and path.stat().st_size == 0 and not create:  # not ours: nothing is written into it
        raise errors.EmptyFileError(path)
    if exists and path.stat().st_size > 0:
        if verify is None:
            verify = path.stat().st_size <= QUICK_CHECK_MAX_BYTES
        _check_existing(path, busy_timeout_ms, migrations.LATEST_VERSION, verify=verify, ours_only=not create)
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise errors.ReadOnlyError(path.parent, " (không tạo được thư mục)") from exc
        if not location.folder_writable(path.parent):
            raise errors.ReadOnlyError(path.parent, " (thư mục không cho phép tạo tệp)")

    conn = sqlite3.connect(
        path, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        audit_user = user or os_user()
        conn.create_function("app_user", 0, lambda: audit_user)
        _apply_pragmas(conn, busy_timeout_ms, location.locate(path).journal_mode)
        # no sqlite-utils plugins: loading them scans every installed package's entry
        # points (about 0.1 s of the start-up) for hooks this program does not use
        db = sqlite_utils.Database(conn, execute_plugins=False)
        if migrate:
            migrations.migrate(db, path)
        return db
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise translate(exc, path) from exc
    except BaseException:
        conn.close()
        raise


def _check_existing(
    path: Path, busy_timeout_ms: int, latest: int, *, verify: bool = True, ours_only: bool = False
) -> None:
    """Refuse files we must not touch, reading them only. ``ours_only``: an SQLite file
    without the program's mark (an empty database made by another tool) is refused too,
    rather than made into a data file."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except PermissionError as exc:
        raise errors.ReadOnlyError(path, " (không đọc được tệp)") from exc
    if not header.startswith(SQLITE_HEADER):
        raise errors.NotADatabaseError(path)
    _check_size(path, header)
    app_id = int.from_bytes(header[68:72], "big")
    if app_id not in (0, APPLICATION_ID):
        raise errors.ForeignDatabaseError(path)
    user_version = int.from_bytes(header[60:64], "big")
    if user_version > latest:
        raise errors.NewerVersionError(path, user_version, latest)
    if not location.file_writable(path):
        raise errors.ReadOnlyError(path)
    if not location.folder_writable(path.parent):  # the journal, the lock and the copies go there
        raise errors.ReadOnlyError(path, " (thư mục chứa tệp không cho phép ghi)")
    # A read-only connection confirms the header, sees the schema and meets any lock.
    # Reading a WAL file makes SQLite create -wal/-shm beside it: a refused file gets
    # those removed again, so it is left exactly as it was found.
    companions = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    already = {c for c in companions if c.exists()}
    probe = sqlite3.connect(sqlite_uri(path, "ro"), uri=True, timeout=busy_timeout_ms / 1000)
    try:
        probe.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        tables = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        app_id = probe.execute("PRAGMA application_id").fetchone()[0]
        user_version = probe.execute("PRAGMA user_version").fetchone()[0]
        problems = _quick_check(probe) if verify else []
    except sqlite3.DatabaseError as exc:
        probe.close()
        _remove_new(companions, already)
        raise translate(exc, path) from exc
    probe.close()
    refusal: errors.StoreError | None = None
    if problems:
        refusal = errors.DamagedError(path, DAMAGED_PAGES)
    elif app_id != APPLICATION_ID and (tables > 0 or ours_only):
        refusal = errors.ForeignDatabaseError(path)
    elif user_version > latest:
        refusal = errors.NewerVersionError(path, user_version, latest)
    if refusal is not None:
        _remove_new(companions, already)
        raise refusal


def _check_size(path: Path, header: bytes) -> None:
    """A file shorter than its header says (cut off by a copy, a full disk, a pulled
    drive) is damaged. Only when no journal beside it may still hold the missing pages."""
    if any(
        path.with_name(path.name + s).exists() and path.with_name(path.name + s).stat().st_size > 0
        for s in ("-wal", "-journal")
    ):
        return
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        raise errors.DamagedError(path, "phần đầu tệp ghi kích thước trang sai")
    size = path.stat().st_size
    change_counter, valid_for = header[24:28], header[92:96]
    pages = int.from_bytes(header[28:32], "big")
    if size % page_size or (pages and change_counter == valid_for and size < pages * page_size):
        raise errors.DamagedError(
            path,
            f"tệp bị cắt cụt: có {vn_number(size)} byte, đúng ra phải có {vn_number(pages * page_size)} byte",
        )


def _quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check (every page, b-tree and record is readable; indexes are not
    compared with their tables): an empty list when sound."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
    return [] if rows == ["ok"] else rows


def verify_file(path: str | os.PathLike) -> None:
    """Read the whole file through a read-only connection (``quick_check``); raise
    :class:`errors.DamagedError` when a page is damaged. For a worker thread: the check of
    a large file that :func:`open_database` skipped."""
    path = Path(path).absolute()
    conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True, timeout=DEFAULT_BUSY_TIMEOUT_MS / 1000)
    try:
        problems = _quick_check(conn)
    except sqlite3.DatabaseError as exc:
        raise translate(exc, path) from exc
    finally:
        conn.close()
    if problems:
        raise errors.DamagedError(path, DAMAGED_PAGES)


def journal_mode(db: sqlite_utils.Database) -> str:
    """``wal`` normally; ``delete`` for a file on a network share or a removable drive."""
    return db.conn.execute("PRAGMA journal_mode").fetchone()[0].lower()


def _remove_new(companions: list[Path], already: set[Path]) -> None:
    for companion in companions:
        if companion not in already:
            companion.unlink(missing_ok=True)


def _apply_pragmas(conn: sqlite3.Connection, busy_timeout_ms: int, journal: str = "wal") -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA journal_mode = {'WAL' if journal == 'wal' else 'DELETE'}")
    conn.execute("PRAGMA synchronous = FULL")
    # 64 MB of page cache (SQLite's default is 2 MB): a province file has indexes of a
    # few hundred MB, and a batch of inserts touches pages all over them
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA temp_store = MEMORY")


def translate(exc: sqlite3.Error, path: Path | None) -> errors.StoreError | sqlite3.Error:
    """Turn an environment failure from SQLite into the user's message."""
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return errors.DiskFullError(path)
    if "disk i/o error" in text:
        return errors.DiskIOError(path)
    if "locked" in text or "busy" in text:
        return errors.LockedError(path)
    if "readonly" in text or "read-only" in text:
        return errors.ReadOnlyError(path)
    if "malformed" in text or "disk image" in text:
        return errors.DamagedError(path, DAMAGED_PAGES)
    if "not a database" in text:
        return errors.DamagedError(path, "phần đầu tệp bị hỏng")
    if "invalid uri" in text or "unable to open" in text:
        return errors.ReadOnlyError(path, " (không mở được tệp)")
    return exc


def database_path(db: sqlite_utils.Database) -> Path | None:
    try:
        row = db.conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.ProgrammingError:  # closed (a restore or a damaged file in progress)
        return None
    return Path(row[2]) if row and row[2] else None


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All or nothing. The outermost block takes the write lock at once (BEGIN
    IMMEDIATE, so a busy file waits for busy_timeout instead of failing halfway);
    nested blocks are savepoints."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise translate(exc, database_path(db)) from exc
    try:
        yield db
    except BaseException as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # a full or failing disk may refuse this too
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError):
            translated = translate(exc, database_path(db))
            if translated is not exc:
                raise translated from exc
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise translate(exc, database_path(db)) from exc


@contextlib.contextmanager
def bulk_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``transaction`` for a large batch (an import of thousands of rows): its commit does not
    also copy the write-ahead log back into the file. That copy (a checkpoint) is most of a
    big commit — 1.2 s of a 10,000-row import on the province file — and can run after the
    user has the result: call :func:`checkpoint` from a worker, or let the next commit or the
    closing of the file do it."""
    conn = db.conn
    if conn.in_transaction:  # inside a caller's transaction: its commit decides
        with transaction(db):
            yield db
        return
    previous = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        with transaction(db):
            yield db
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(previous)}")


def checkpoint(path: str | os.PathLike) -> None:
    """Copy the write-ahead log back into the file through a connection of its own (a
    worker's), without waiting for readers or writers: what cannot be copied now is left
    for the next checkpoint. Nothing to do for a file in rollback-journal mode."""
    conn = sqlite3.connect(  # mode=rw: never creates a file that went away meanwhile
        sqlite_uri(Path(path), "rw"), uri=True, timeout=DEFAULT_BUSY_TIMEOUT_MS / 1000
    )
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        conn.close()


def open_reader(path: str | os.PathLike) -> sqlite_utils.Database:
    """A read-only connection of its own, for a worker thread (an export) while the
    window keeps writing through its connection; WAL lets both work at once."""
    conn = sqlite3.connect(sqlite_uri(Path(path), "ro"), uri=True, timeout=10, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_TIMEOUT_MS}")
    return sqlite_utils.Database(conn, execute_plugins=False)
