"""Writing single rows: NFC text, ISO dates, uids, and the schema's refusals turned into
Vietnamese messages. Every function here writes inside ``transaction``."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlite_utils

from thidua_desktop.domain.text import nfc
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError

TABLE_LABELS = {
    "clusters": "khối thi đua",
    "units": "đơn vị",
    "unit_names": "tên đơn vị",
    "unit_discipline": "số người bị kỷ luật của đơn vị",
    "disciplines": "kỷ luật của cá nhân",
    "memberships": "thành viên khối",
    "movements": "phong trào thi đua",
    "registrations": "đăng ký thi đua",
    "reviews": "hội nghị sơ kết, tổng kết",
    "individuals": "cá nhân",
    "ratings": "xếp loại",
    "proposals": "đề nghị khen thưởng",
    "awards": "danh hiệu, hình thức khen thưởng đã nhận",
    "initiatives": "sáng kiến",
    "proposal_steps": "bước xử lý đề nghị",
    "settings": "thiết lập",
    "certificate_prints": "lần in bằng",
    "scoring_tables": "bảng điểm thi đua",
    "criteria": "tiêu chí chấm điểm",
    "unit_scores": "điểm của đơn vị",
    "votes": "cuộc bỏ phiếu",
    "vote_units": "đơn vị trong phiếu bầu",
    "ballots": "phiếu bầu",
    "ballot_marks": "đánh dấu trên phiếu",
    "calendar_events": "việc trong lịch năm",
    "attachments": "tài liệu đính kèm",
    "reward_payments": "lần chi tiền thưởng",
}


def new_uid() -> str:
    """A UUID version 7 as 32 hex digits: the time in milliseconds first, then 74 random bits
    (RFC 9562). Rows written together get neighbouring uids, so the unique uid index grows at
    one end instead of taking a random page for every row: a random uuid4 per row rewrote
    most of the index's pages in a 10,000-row import (a quarter of what it wrote to disk)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (
        (ms & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | (rand >> 68) << 64 | 0b10 << 62 | (rand & (1 << 62) - 1)
    )
    return f"{value:032x}"


# the longest text a column takes (issue 17, point 8: a 1 MB unit name broke the minutes' PDF);
# names and titles are short, a summary of achievements or a note may run to pages
NAME_COLUMNS = {"name": "tên", "full_name": "họ và tên", "short_name": "tên viết tắt", "position": "chức vụ",
                "title": "tiêu đề", "file_name": "tên tệp", "unit_name": "tên đơn vị", "code": "mã",
                "decision_number": "số quyết định", "submission_number": "số tờ trình", "uid": "mã định danh"}  # fmt: skip
MAX_NAME_CHARS = 500
MAX_TEXT_CHARS = 200_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(key: str, text: str) -> str | None:
    """Why ``text`` (already NFC) cannot be stored in column ``key``: a lone surrogate (no
    UTF-8 file can hold it) or a length past the column's bound; None when it can."""
    if len(text) <= MAX_NAME_CHARS and text.isprintable():  # nearly every value: nothing more to check
        return None
    limit = MAX_NAME_CHARS if key in NAME_COLUMNS else MAX_TEXT_CHARS
    what = NAME_COLUMNS.get(key, "nội dung")
    if len(text) > limit:
        return f"{what.capitalize()} dài {len(text):,} ký tự, quá mức {limit:,} ký tự; hãy rút gọn rồi ghi lại.".replace(
            ",", "."
        )
    if _SURROGATE.search(text):
        return (f"{what.capitalize()} “{_SURROGATE.sub('?', text)[:60]}” có ký tự không hợp lệ (chữ bị hỏng khi chép "
                "từ chương trình khác); hãy gõ lại.")  # fmt: skip
    return None


def _checked_text(key: str, value: str) -> str:
    """NFC, spaces tidied and control characters gone (domain.text.nfc); ConstraintError when
    ``text_problem`` finds one."""
    text = nfc(value)
    problem = text_problem(key, text)
    if problem:
        raise ConstraintError(problem)
    return text


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """Values as stored: text in NFC with spaces tidied and no control characters (bounded,
    no lone surrogate: ConstraintError), dates as ISO text, enums as codes."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        kind = type(value)
        if kind is str:  # the common cases first: a 10,000-row import cleans 200,000 values
            out[key] = _checked_text(key, value)
            continue
        if kind is int or value is None:
            out[key] = value
            continue
        if isinstance(value, Enum):
            value = value.value
        if isinstance(value, str):
            value = _checked_text(key, value)
        elif isinstance(value, datetime):
            value = value.isoformat(timespec="seconds")
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, dict | list | tuple):
            value = json.dumps(value, ensure_ascii=False)  # as sqlite-utils stored them
        out[key] = value
    return out


_COLUMNS: dict[tuple[int, str], frozenset[str]] = {}


def _columns(db: sqlite_utils.Database, table: str) -> frozenset[str]:
    """The table's columns, read once per connection (a migration only ever adds columns)."""
    key = (id(db.conn), table)
    found = _COLUMNS.get(key)
    if found is None:
        found = frozenset(r[1] for r in db.conn.execute(f'PRAGMA table_info("{table}")'))
        if len(_COLUMNS) > 1000:
            _COLUMNS.clear()
        _COLUMNS[key] = found
    return found


def _statement(db: sqlite_utils.Database):
    """What one statement needs: inside a transaction nothing (a statement is atomic by
    itself, no savepoint round trip per row); outside one, its own transaction."""
    return contextlib.nullcontext() if db.conn.in_transaction else transaction(db)


def insert(db: sqlite_utils.Database, table: str, values: dict[str, Any]) -> int:
    """One row; its id. A plain INSERT: sqlite-utils' insert reads the table's structure
    again for every row (five queries each), a third of a 10,000-row import."""
    values = clean(values)
    if not values.get("uid") and "uid" in _columns(db, table):
        values["uid"] = new_uid()
    names = ", ".join(f'"{c}"' for c in values)
    sql = (f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(values))})' if values
           else f'INSERT INTO "{table}" DEFAULT VALUES')  # fmt: skip
    with _statement(db), constraint_messages(table):
        return db.conn.execute(sql, list(values.values())).lastrowid


def update(db: sqlite_utils.Database, table: str, row_id: int, values: dict[str, Any]) -> None:
    values = clean(values)
    if not values:
        return
    sets = ", ".join(f'"{c}" = ?' for c in values)
    with _statement(db), constraint_messages(table):
        changed = db.conn.execute(
            f'UPDATE "{table}" SET {sets} WHERE id = ?', [*values.values(), row_id]
        ).rowcount
        if changed == 0:
            raise ConstraintError(f"Không tìm thấy {TABLE_LABELS.get(table, table)} cần sửa (mã {row_id}).")


def delete(db: sqlite_utils.Database, table: str, row_id: int, *, label: str = "") -> None:
    """Delete a row, or explain which records still depend on it."""
    with transaction(db):
        blocking = blocking_references(db, table, row_id)
        if blocking:
            raise _blocked(label or f"{TABLE_LABELS.get(table, table)} này", "nó", blocking)
        with constraint_messages(table):
            db.table(table).delete(row_id)


def get(db: sqlite_utils.Database, table: str, row_id: int) -> dict[str, Any] | None:
    return next(db.query(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,)), None)


def _references(db: sqlite_utils.Database, table: str) -> list[tuple[str, str, str]]:
    """Every foreign key pointing at ``table``: (its table, its column, ON DELETE in capitals)."""
    return [
        (other, fk[3], fk[6].upper())
        for other in _tables(db)
        for fk in db.conn.execute(f'PRAGMA foreign_key_list("{other}")')
        if fk[2] == table
    ]


def _blocked(what: str, pronoun: str, blocking: list[tuple[str, int]]) -> ConstraintError:
    parts = ", ".join(f"{n} {TABLE_LABELS.get(t, t)}" for t, n in blocking)
    return ConstraintError(
        f"Không thể xóa {what} vì còn {parts} gắn với {pronoun}. Hãy xóa hoặc chuyển các bản ghi đó trước."
    )


def blocking_references(db: sqlite_utils.Database, table: str, row_id: int) -> list[tuple[str, int]]:
    """Rows in other tables whose foreign keys forbid deleting ``table``/``row_id``."""
    found = []
    for other, column, on_delete in _references(db, table):
        if on_delete in ("CASCADE", "SET NULL"):
            continue
        count = db.conn.execute(
            f'SELECT count(*) FROM "{other}" WHERE "{column}" = ?'
            + (" AND id <> ?" if other == table else ""),
            (row_id, row_id) if other == table else (row_id,),
        ).fetchone()[0]
        if count:
            found.append((other, count))
    return found


# Unique indexes a user can run into, as sentences saying what to do instead.
_UNIQUE_MESSAGES = {
    "memberships.unit_id, memberships.year": "Đơn vị này đã thuộc một khối thi đua trong năm đó.",
    "memberships.cluster_id, memberships.unit_id, memberships.year": "Đơn vị này đã là thành viên của khối trong năm đó.",
    "registrations.movement_id, registrations.unit_id": "Đơn vị này đã đăng ký thi đua trong phong trào này; hãy sửa bản đăng ký đã có.",
    "reviews.cluster_id, reviews.year, reviews.kind": "Khối đã có hội nghị loại này trong năm đó.",
    "ratings.individual_id, ratings.year": "Người này đã có xếp loại của năm đó.",
    "ratings.unit_id, ratings.year": "Đơn vị này đã có xếp loại của năm đó.",
    "initiatives.used_by_award_id": "Sáng kiến này đã được dùng cho một danh hiệu, hình thức khen thưởng khác (mỗi sáng kiến chỉ dùng một lần).",
}


class constraint_messages:
    """Context manager: IntegrityError from ``table`` becomes a ConstraintError."""

    def __init__(self, table: str):
        self.table = table

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or not issubclass(exc_type, sqlite3.IntegrityError):
            return False
        label = TABLE_LABELS.get(self.table, self.table)
        text = str(exc)
        if "UNIQUE" in text:
            columns = text.split(":", 1)[-1].strip()
            message = _UNIQUE_MESSAGES.get(columns, f"Đã có {label} này rồi.")
        elif "FOREIGN KEY" in text:
            message = f"Không lưu được {label}: bản ghi liên quan không tồn tại hoặc vẫn đang được dùng."
        else:  # NOT NULL or CHECK: the forms should have caught it
            message = f"Không lưu được {label}: có ô bỏ trống hoặc giá trị không hợp lệ. Hãy kiểm tra lại."
        raise ConstraintError(message) from exc


def _tables(db: sqlite_utils.Database) -> list[str]:
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def insert_many(
    db: sqlite_utils.Database,
    table: str,
    records: list[dict[str, Any]],
    *,
    batch_size: int = 2000,
    cleaned: bool = False,
) -> int:
    """Insert many rows in one transaction (all or nothing); returns how many."""
    if not records:
        return 0
    if not cleaned:
        records = [clean(r) for r in records]
    with transaction(db), constraint_messages(table):
        db.table(table).insert_all(records, batch_size=batch_size)
    return len(records)


def is_empty(db: sqlite_utils.Database) -> bool:
    """True when the desk holds no units, people or proposals yet."""
    return not any(
        db.conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
        for t in ("units", "individuals", "proposals")
    )


@dataclass
class Snapshot:
    """A deleted row and the rows its deletion cascaded to, enough to put them back."""

    table: str
    row: dict[str, Any]
    children: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)


def take(db: sqlite_utils.Database, table: str, row_id: int, *, label: str = "") -> Snapshot:
    """Delete a row (as ``delete`` does, refusing when others depend on it) and return
    what was removed, cascaded rows included, for ``restore``."""
    with transaction(db):
        row = get(db, table, row_id)
        if row is None:
            raise ConstraintError(f"Không tìm thấy {TABLE_LABELS.get(table, table)} (mã {row_id}).")
        children = []
        for other, column, on_delete in _references(db, table):
            if on_delete == "CASCADE":
                found = list(db.query(f'SELECT * FROM "{other}" WHERE "{column}" = ?', (row_id,)))
                if found:
                    children.append((other, found))
        delete(db, table, row_id, label=label)
    return Snapshot(table, row, children)


def take_many(
    db: sqlite_utils.Database, table: str, row_ids: list[int], *, label: str = ""
) -> list[Snapshot]:
    """``take`` for many rows at once, all or nothing: the foreign keys read once, the rows,
    their cascaded rows and what would block them read and deleted 500 at a time (undoing
    26,000 suggested proposals row by row took half a minute)."""
    references = [
        (o, c, on_delete == "CASCADE")
        for o, c, on_delete in _references(db, table)
        if on_delete != "SET NULL"
    ]
    snapshots: dict[int, Snapshot] = {}
    with transaction(db):
        for start in range(0, len(row_ids), 500):
            chunk = list(row_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for row in db.query(f'SELECT * FROM "{table}" WHERE id IN ({marks})', chunk):
                snapshots[row["id"]] = Snapshot(table, row)
            missing = [i for i in chunk if i not in snapshots]
            if missing:
                raise ConstraintError(f"Không tìm thấy {TABLE_LABELS.get(table, table)} (mã {missing[0]}).")
            blocking = []
            for other, column, cascade in references:
                where = f'"{column}" IN ({marks})' + (f" AND id NOT IN ({marks})" if other == table else "")
                params = chunk * 2 if other == table else chunk
                if cascade:
                    for child in db.query(f'SELECT * FROM "{other}" WHERE {where}', params):
                        _children_of(snapshots[child[column]], other).append(child)
                else:
                    n = db.conn.execute(f'SELECT count(*) FROM "{other}" WHERE {where}', params).fetchone()[0]
                    if n:
                        blocking.append((other, n))
            if blocking:
                raise _blocked(label or f"các {TABLE_LABELS.get(table, table)} này", "chúng", blocking)
            with constraint_messages(table):
                db.conn.execute(f'DELETE FROM "{table}" WHERE id IN ({marks})', chunk)
    return [snapshots[i] for i in row_ids]


def restore_many(db: sqlite_utils.Database, snapshots: list[Snapshot]) -> None:
    """Put back what ``take_many`` removed, with the same ids and uids, in one transaction."""
    if not snapshots:
        return
    table = snapshots[0].table
    with transaction(db), constraint_messages(table):
        db.table(table).insert_all([s.row for s in snapshots])
        children: dict[str, list[dict[str, Any]]] = {}
        for snapshot in snapshots:
            for other, found in snapshot.children:
                children.setdefault(other, []).extend(found)
        for other, found in children.items():
            db.table(other).insert_all(found)


def _children_of(snapshot: Snapshot, table: str) -> list[dict[str, Any]]:
    for name, found in snapshot.children:
        if name == table:
            return found
    snapshot.children.append((table, []))
    return snapshot.children[-1][1]


def restore(db: sqlite_utils.Database, snapshot: Snapshot) -> None:
    """Put back what ``take`` removed, with the same ids and uids."""
    with transaction(db), constraint_messages(snapshot.table):
        db.table(snapshot.table).insert(snapshot.row)
        for table, found in snapshot.children:
            db.table(table).insert_all(found)


Group = tuple[str, str, Any]  # table, column, value: "the rows of table where column = value"


def capture(db: sqlite_utils.Database, groups: list[Group]) -> dict[Group, list[dict[str, Any]]]:
    """The rows of each group as they are now, for ``put_back``."""
    return {g: list(db.query(f'SELECT * FROM "{g[0]}" WHERE "{g[1]}" = ?', (g[2],))) for g in groups}


CHANGED_ELSEWHERE = (
    "Không hoàn tác được: những dòng này đã được thay đổi ở nơi khác sau bước đó (ví dụ từ dòng lệnh hoặc một máy "
    "khác). Hoàn tác lúc này sẽ xóa mất dữ liệu của người khác, nên dữ liệu được giữ nguyên. Hãy xem lại rồi sửa "
    "trực tiếp nếu cần."
)


def state_of(db: sqlite_utils.Database, table: str, row_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The rows as they are now (id -> row; a row that is gone is absent). An undo compares it
    with the state its own write left, so it never reverses rows someone else changed since;
    the window's own later steps, undone first, leave the rows as they were (content, unlike
    the audit trail, comes back)."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(row_ids), 900):  # under SQLite's bound-parameter limit
        chunk = row_ids[start : start + 900]
        for r in db.query(f'SELECT * FROM "{table}" WHERE id IN ({", ".join("?" * len(chunk))})', chunk):
            found[r["id"]] = r
    return found


def put_back_if(
    db: sqlite_utils.Database,
    expected: dict[Group, list[dict[str, Any]]],
    state: dict[Group, list[dict[str, Any]]],
) -> None:
    """``put_back`` only while the groups still hold exactly ``expected`` (what this window
    left there); rows another program wrote since are never undone with ours: ConstraintError,
    nothing changed. One transaction: the check and the write see the same rows."""
    first = next(iter(state), ("", "", None))[0]
    with constraint_messages(first), transaction(db):  # a deferred reference fails at the commit
        if capture(db, list(expected)) != expected:
            raise ConstraintError(CHANGED_ELSEWHERE)
        put_back(db, state)


def put_back(db: sqlite_utils.Database, state: dict[Group, list[dict[str, Any]]]) -> None:
    """Make each group hold exactly the captured rows again: rows added since are deleted,
    changed ones restored, removed ones re-inserted with their ids. One transaction."""
    first = next(iter(state), ("", "", None))[0]
    with constraint_messages(first), transaction(db):
        # the groups may be put back in any order (a step's row names the award its decision
        # wrote): references are checked when the whole state is back, at commit
        db.conn.execute("PRAGMA defer_foreign_keys = ON")
        for (table, column, value), saved in state.items():
            keep = {r["id"] for r in saved}
            for (row_id,) in db.conn.execute(
                f'SELECT id FROM "{table}" WHERE "{column}" = ?', (value,)
            ).fetchall():
                if row_id not in keep:
                    with constraint_messages(table):
                        db.table(table).delete(row_id)
            for r in saved:
                with constraint_messages(table):
                    db.table(table).upsert(r, pk="id")
