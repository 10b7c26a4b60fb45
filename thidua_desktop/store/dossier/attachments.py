"""Attachments of a dossier: the council's minutes, achievement reports, decisions and
scans (PDF, images, office files), attached to a proposal or to a unit's dossier of a year.

The rows live in the ``attachments`` table; the files live in a content-addressed folder
beside the data file (see ``store.attachment_files`` for where and why). Every read checks
the file's SHA-256 against the row: a file changed or missing on disk raises
``AttachmentError`` with a Vietnamese message, and is never opened or exported.

For the hand-over between desks: ``for_export(db, proposal_ids, unit_ids)`` gives the
rows (as plain values, references as uids) with the checked path of each file, and
``import_blob(db, data, meta)`` takes one back on the receiving desk (hash checked,
matched by uid, written once)."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.domain.text import nfc, search_text, vn_number
from thidua_desktop.rules import dossier_checklist as checklist
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.store import rows
from thidua_desktop.store.db import database_path, transaction
from thidua_desktop.store.dossier import files
from thidua_desktop.store.errors import StoreError, os_reason
from thidua_desktop.store.listing import unit_name_in_year

MAX_BYTES = 200 * 1024 * 1024
#: what may be attached: scans, office documents, plain text; never programs or scripts,
#: since an attachment is opened with the system's viewer
ALLOWED_EXTS = frozenset(
    "pdf jpg jpeg png tif tiff bmp gif webp heic doc docx odt rtf txt xls xlsx ods csv ppt pptx odp zip".split()
)
SUBMITTED = ("da_trinh", "da_khen", "khong_duyet", "da_cap_bang")
COLUMNS = (
    "id", "uid", "proposal_id", "unit_id", "year", "kind", "title", "doc_number", "doc_date", "file_name",
    "ext", "size", "sha256", "note", "added_by", "added_at",
)  # fmt: skip


class AttachmentError(StoreError):
    """An attachment that cannot be stored, read or opened; the message says what to do."""

    def __init__(self, message: str):
        super().__init__(None, message)


def files_dir(db: sqlite_utils.Database) -> Path:
    path = database_path(db)
    if path is None:
        raise AttachmentError("Tệp dữ liệu chưa được lưu trên đĩa nên chưa đính kèm tài liệu được.")
    return files.folder_for(path)


def _owner_values(db, proposal_id: int | None, unit_id: int | None, year: int | None) -> dict[str, Any]:
    if (proposal_id is None) == (unit_id is None):
        raise AttachmentError("Tài liệu phải gắn với đúng một đề nghị hoặc một hồ sơ đơn vị.")
    if proposal_id is not None:
        if rows.get(db, "proposals", proposal_id) is None:
            raise AttachmentError(f"Không tìm thấy đề nghị (mã {proposal_id}).")
        return {"proposal_id": proposal_id, "unit_id": None, "year": None}
    if rows.get(db, "units", unit_id) is None:
        raise AttachmentError(f"Không tìm thấy đơn vị (mã {unit_id}).")
    return {"proposal_id": None, "unit_id": unit_id, "year": year}


def check_name(file_name: str, size: int) -> str:
    """The extension to store under, or AttachmentError for a file we do not take."""
    ext = files.safe_ext(file_name)
    if ext not in ALLOWED_EXTS:
        raise AttachmentError(
            f"Không đính kèm được “{file_name}”: chỉ nhận bản quét và văn bản (PDF, ảnh JPG/PNG/TIFF, Word, "
            "Excel, ODF, TXT, ZIP). Hãy lưu tài liệu sang PDF rồi đính kèm."
        )
    if size > MAX_BYTES:
        raise AttachmentError(
            f"Tệp “{file_name}” nặng {vn_number(size // (1024 * 1024))} MB, quá mức "
            f"{vn_number(MAX_BYTES // (1024 * 1024))} MB. Hãy quét lại với độ phân giải thấp hơn hoặc chia nhỏ."
        )
    return ext


def _default_number(db, proposal_id: int | None, kind: str) -> str:
    """A decision or tờ trình attached to a proposal carries that proposal's number."""
    if proposal_id is None:
        return ""
    p = rows.get(db, "proposals", proposal_id)
    return {"quyet_dinh_khen_thuong": p["decision_number"], "to_trinh": p["submission_number"]}.get(kind, "")


def _insert(db, sha: str, size: int, file_name: str, ext: str, owner: dict[str, Any], *, kind: str,
            title: str, doc_number: str, doc_date, note: str, uid: str = "", added_by: str = "",
            added_at: str | None = None) -> int:  # fmt: skip
    if not kind:
        raise AttachmentError("Hãy chọn loại tài liệu.")
    doc_number = nfc(doc_number or "") or _default_number(db, owner["proposal_id"], kind)
    if not added_by:
        try:
            added_by = db.conn.execute("SELECT app_user()").fetchone()[0]
        except Exception:  # a connection without the audit user
            added_by = ""
    values = {
        "uid": uid, **owner, "kind": kind, "title": title or "", "doc_number": doc_number, "doc_date": doc_date,
        "file_name": Path(file_name).name, "ext": ext, "size": size, "sha256": sha, "note": note or "",
        "added_by": added_by, "search": search_text(title, doc_number, Path(file_name).name),
    }  # fmt: skip
    if added_at:
        values["added_at"] = added_at
    return rows.insert(db, "attachments", values)


def add_file(
    db: sqlite_utils.Database, source: str | os.PathLike, *, proposal_id: int | None = None,
    unit_id: int | None = None, year: int | None = None, kind: str, title: str = "", doc_number: str = "",
    doc_date: date | None = None, note: str = "",
) -> int:  # fmt: skip
    """Attach a file from disk: its content is stored under its hash (checked), then the
    row is written. Returns the attachment's id."""
    source = Path(source)
    try:
        info = os.lstat(source)
    except OSError as exc:
        raise AttachmentError(f"Không đọc được tệp “{source}”. Hãy kiểm tra tệp còn đó và mở được.") from exc
    if not stat.S_ISREG(info.st_mode) or files.is_link(source):
        raise AttachmentError(
            f"“{source}” không phải một tệp tài liệu thường (thư mục, liên kết, thiết bị hoặc đường ống). "
            "Hãy chọn chính tệp PDF, ảnh hoặc văn bản cần đính kèm."
        )
    ext = check_name(source.name, info.st_size)
    owner = _owner_values(db, proposal_id, unit_id, year)
    try:
        sha, size = files.store_file(files_dir(db), source, ext, limit=MAX_BYTES)
    except files.TooLarge:
        check_name(source.name, MAX_BYTES + 1)  # says it in the same words as a file too big from the start
        raise
    except files.NotRegularFile as exc:
        raise AttachmentError(f"Không đính kèm được “{source.name}”: {exc}.") from exc
    except OSError as exc:
        raise AttachmentError(
            f"Không chép được “{source.name}” vào thư mục tài liệu ({os_reason(exc)}). "
            "Hãy kiểm tra ổ đĩa còn chỗ trống và quyền ghi vào thư mục chứa tệp dữ liệu."
        ) from exc
    return _insert(db, sha, size, source.name, ext, owner, kind=kind, title=title or source.stem,
                   doc_number=doc_number, doc_date=doc_date, note=note)  # fmt: skip


def add_bytes(
    db: sqlite_utils.Database, data: bytes, file_name: str, *, proposal_id: int | None = None,
    unit_id: int | None = None, year: int | None = None, kind: str, title: str = "", doc_number: str = "",
    doc_date: date | None = None, note: str = "",
) -> int:  # fmt: skip
    ext = check_name(file_name, len(data))
    owner = _owner_values(db, proposal_id, unit_id, year)
    sha, size = files.store_bytes(files_dir(db), data, ext)
    return _insert(db, sha, size, file_name, ext, owner, kind=kind, title=title or Path(file_name).stem,
                   doc_number=doc_number, doc_date=doc_date, note=note)  # fmt: skip


def update(db: sqlite_utils.Database, attachment_id: int, **changes: Any) -> None:
    """Change what is said of a file (kind, title, number, date, note); never the file."""
    allowed = {"kind", "title", "doc_number", "doc_date", "note", "year"}
    if set(changes) - allowed:
        raise KeyError(f"not an attachment field: {sorted(set(changes) - allowed)}")
    with transaction(db):
        a = get(db, attachment_id)
        merged = {**a, **changes}
        changes["search"] = search_text(merged["title"], merged["doc_number"], merged["file_name"])
        rows.update(db, "attachments", attachment_id, changes)


def remove(db: sqlite_utils.Database, attachment_id: int) -> None:
    """Remove the attachment's row. Its file stays in the folder (an undo finds it) until
    ``prune`` removes the files no row names."""
    get(db, attachment_id)
    rows.delete(db, "attachments", attachment_id)


def get(db: sqlite_utils.Database, attachment_id: int) -> dict[str, Any]:
    a = rows.get(db, "attachments", attachment_id)
    if a is None:
        raise AttachmentError(f"Không tìm thấy tài liệu đính kèm (mã {attachment_id}).")
    return a


_OWNER_SQL = (
    f"coalesce(i.full_name, {unit_name_in_year('p.unit_id', 'p.year')}) AS owner_nominee, "
    "p.award_code AS owner_award, p.year AS owner_year, u.name AS owner_unit"
)


def _owner(a: dict[str, Any]) -> str:
    """Who an attachment belongs to, in words."""
    if a.get("proposal_id") is not None:
        return f"đề nghị {award_name(a['owner_award'])} năm {a['owner_year']} – {a['owner_nominee']}"
    return f"hồ sơ {a['owner_unit']}" + (f" năm {a['year']}" if a.get("year") else "")


_FROM = (
    "attachments a LEFT JOIN proposals p ON p.id = a.proposal_id "
    "LEFT JOIN individuals i ON i.id = p.individual_id LEFT JOIN units u ON u.id = a.unit_id"
)


def listing(
    db: sqlite_utils.Database, *, proposal_id: int | None = None, unit_id: int | None = None,
    year: int | None = None, ids: Iterable[int] | None = None, with_state: bool = True,
) -> list[dict[str, Any]]:  # fmt: skip
    """Attachments of a proposal, of a unit (of one year, or all), of given ids, or all;
    each with ``owner`` (who it belongs to, in words) and ``state``: None when the file
    is there with its size, else ``thieu`` / ``khac`` (a quick look: opening hashes)."""
    conditions, params = [], []
    if proposal_id is not None:
        conditions.append("a.proposal_id = ?")
        params.append(proposal_id)
    if unit_id is not None:
        conditions.append("a.unit_id = ?")
        params.append(unit_id)
        if year is not None:
            conditions.append("(a.year = ? OR a.year IS NULL)")
            params.append(year)
    if ids is not None:
        ids = list(ids)
        conditions.append(f"a.id IN ({', '.join('?' * len(ids))})" if ids else "0")
        params += ids
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    found = list(
        db.query(f"SELECT a.*, {_OWNER_SQL} FROM {_FROM}{where} ORDER BY a.year, a.kind, a.id", params)
    )
    folder = files_dir(db) if with_state and found else None
    for a in found:
        a.pop("search", None)
        a["owner"] = _owner(a)
        a["kind_label"] = checklist.kind_label(a["kind"])
        if folder is not None:
            a["state"] = files.state_of(files.blob_path(folder, a["sha256"], a["ext"]), a["sha256"], a["size"],
                                        full=False)  # fmt: skip
    return found


# --- reading, always checked ------------------------------------------------------------------------
def _message(a: dict[str, Any], state: str, path: Path) -> str:
    if state == files.MISSING:
        return (
            f"Không tìm thấy tệp “{a['file_name']}” trong thư mục tài liệu ({path}). Tệp có thể đã bị xóa hoặc "
            "thư mục tài liệu không được chép kèm tệp dữ liệu. Hãy khôi phục từ bản sao lưu hoặc đính kèm lại."
        )
    return (
        f"Tệp “{a['file_name']}” đã bị thay đổi sau khi đính kèm (mã kiểm tra SHA-256 không khớp) nên không mở. "
        "Hãy khôi phục từ bản sao lưu hoặc đính kèm lại bản đúng."
    )


@dataclass(frozen=True)
class Problem:
    attachment_id: int
    file_name: str
    owner: str
    state: str  # attachment_files.MISSING or CHANGED
    message: str


def checked_path(db: sqlite_utils.Database, attachment_id: int) -> Path:
    """The stored file of an attachment, after its hash was checked; AttachmentError when
    it is missing or changed."""
    a = get(db, attachment_id)
    path = files.blob_path(files_dir(db), a["sha256"], a["ext"])
    state = files.state_of(path, a["sha256"], a["size"])
    if state is not None:
        raise AttachmentError(_message(a, state, path))
    return path


def read_bytes(db: sqlite_utils.Database, attachment_id: int) -> bytes:
    """The content, checked against its hash as it is read (what is returned is what was
    hashed)."""
    import hashlib

    a = get(db, attachment_id)
    path = files.blob_path(files_dir(db), a["sha256"], a["ext"])
    try:
        with files.open_regular(path) as fh:
            data = fh.read(a["size"] + 1)
    except files.NotRegularFile:
        raise AttachmentError(_message(a, files.CHANGED, path)) from None
    except OSError:
        raise AttachmentError(_message(a, files.MISSING, path)) from None
    if len(data) != a["size"] or hashlib.sha256(data).hexdigest() != a["sha256"]:
        raise AttachmentError(_message(a, files.CHANGED, path))
    return data


def open_copy(db: sqlite_utils.Database, attachment_id: int, folder: Path | None = None) -> Path:
    """A checked copy of the file under its own name in a temporary folder, for the
    system viewer: the stored file is never handed to another program. A copy still open in
    Word or Acrobat (Windows will not let it be replaced) is left alone and the new one gets a
    name of its own, "12-bien-ban (2).pdf" (issue 24, point 6: "Permission denied")."""
    a = get(db, attachment_id)
    data = read_bytes(db, attachment_id)
    folder = folder or Path(tempfile.gettempdir()) / "thidua-tailieu"
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(f"{attachment_id}-{a['file_name']}")
    for n in range(1, 100):
        dest = folder / (name.name if n == 1 else f"{name.stem} ({n}){name.suffix}")
        if dest.exists():
            files.remove([dest])  # an earlier copy nobody holds
            if dest.exists():
                continue  # held open by a viewer: another name
        try:
            dest.write_bytes(data)
        except PermissionError:
            continue
        return dest
    raise AttachmentError(
        f"Không chép được “{a['file_name']}” ra thư mục tạm {folder}: các bản đã mở trước vẫn đang được giữ. "
        "Hãy đóng bớt các cửa sổ xem tài liệu rồi mở lại."
    )


def check_all(db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None) -> list[Problem]:
    """Hash every attached file; the ones missing or changed."""
    found = listing(db, with_state=False)
    folder = files_dir(db) if found else None
    problems, checked = [], {}
    for n, a in enumerate(found, start=1):
        path = files.blob_path(folder, a["sha256"], a["ext"])
        if path not in checked:
            checked[path] = files.state_of(path, a["sha256"], a["size"])
        state = checked[path]
        if state is not None:
            problems.append(Problem(a["id"], a["file_name"], a["owner"], state, _message(a, state, path)))
        if progress is not None:
            progress(n, len(found))
    return problems


def prune(db: sqlite_utils.Database, *, min_age_s: float = files.PRUNE_MIN_AGE_S) -> list[Path]:
    """Remove the files in the folder that no attachment names any more and that are older
    than ``min_age_s`` (a file just written may belong to a row another process is about to
    write). Never through a folder that is a link: AttachmentError."""
    keep = {r[0] for r in db.conn.execute("SELECT DISTINCT sha256 FROM attachments")}
    folder = files_dir(db)
    try:
        return files.remove(files.unreferenced(folder, keep, min_age_s=min_age_s))
    except files.NotRegularFile as exc:
        raise AttachmentError(
            f"Không dọn thư mục tài liệu: {exc}. Chương trình không xóa gì qua liên kết; hãy nhờ cán bộ tin học "
            "kiểm tra thư mục này."
        ) from exc


# --- the checklist of a proposal -------------------------------------------------------------------
def present_kinds(db: sqlite_utils.Database, proposal_id: int) -> set[str]:
    """Kinds of paper a proposal's dossier holds: its own attachments, and from its unit's
    dossier of that year the shared papers (a collective's own dossier counts whole)."""
    p = rows.get(db, "proposals", proposal_id)
    kinds = {
        r[0] for r in db.conn.execute("SELECT kind FROM attachments WHERE proposal_id = ?", (proposal_id,))
    }
    if p["unit_id"] is not None:
        unit_id, shared_only = p["unit_id"], False
    else:
        row = db.conn.execute(
            "SELECT unit_id FROM individuals WHERE id = ?", (p["individual_id"],)
        ).fetchone()
        unit_id, shared_only = (row[0] if row else None), True
    if unit_id is not None:
        for (kind,) in db.conn.execute(
            "SELECT DISTINCT kind FROM attachments WHERE unit_id = ? AND (year = ? OR year IS NULL)",
            (unit_id, p["year"]),
        ):
            if not shared_only or kind in checklist.SHARED_KINDS:
                kinds.add(kind)
    return kinds


def proposal_checklist(db: sqlite_utils.Database, proposal_id: int) -> list[checklist.CheckItem]:
    p = rows.get(db, "proposals", proposal_id)
    return checklist.evaluate(
        p["award_code"],
        p["subject"],
        p["kind"],
        present_kinds(db, proposal_id),
        submitted=p["status"] in SUBMITTED,
    )


def missing_papers(db: sqlite_utils.Database, proposal_id: int) -> list[checklist.CheckItem]:
    """The required papers not attached yet, as the submission step sees them."""
    return checklist.missing(proposal_checklist(db, proposal_id))


# --- the hand-over between desks --------------------------------------------------------------------
META_FIELDS = (
    "uid", "kind", "title", "doc_number", "doc_date", "file_name", "ext", "size", "sha256", "note", "added_by",
    "added_at", "year",
)  # fmt: skip


@dataclass
class ExportedAttachment:
    meta: dict[str, Any]  # plain values: META_FIELDS plus proposal_uid / unit_uid
    path: Path  # the stored file, checked when the export was made

    def read_bytes(self) -> bytes:
        """The content, checked again against ``meta['sha256']``."""
        import hashlib

        try:
            with files.open_regular(self.path) as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError:
            data = b""
        if hashlib.sha256(data).hexdigest() != self.meta["sha256"]:
            raise AttachmentError(
                f"Tệp “{self.meta['file_name']}” đã bị thay đổi trong lúc xuất. Hãy kiểm tra lại tài liệu đính kèm."
            )
        return data


@dataclass
class ExportSet:
    items: list[ExportedAttachment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # left out: missing or changed on disk


def for_export(
    db: sqlite_utils.Database, proposal_ids: Iterable[int] = (), unit_ids: Iterable[int] = (),
    *, year: int | None = None,
) -> ExportSet:  # fmt: skip
    """The attachments of these proposals and of these units' dossiers (with ``year``:
    the dossiers of that year and those of no year, as ``listing`` reads them), each
    checked by hash, for a hand-over file. References travel as uids (``proposal_uid``,
    ``unit_uid``); a file missing or changed on disk is left out and listed in
    ``problems``, so one bad scan never stops a hand-over."""
    out = ExportSet()
    proposal_ids, unit_ids = list(proposal_ids), list(unit_ids)
    if not proposal_ids and not unit_ids:
        return out
    folder = files_dir(db)
    clauses = []
    params: list[Any] = []
    if proposal_ids:
        clauses.append(f"a.proposal_id IN ({', '.join('?' * len(proposal_ids))})")
        params += proposal_ids
    if unit_ids:
        clauses.append(
            f"(a.unit_id IN ({', '.join('?' * len(unit_ids))})"
            + (" AND (a.year = ? OR a.year IS NULL))" if year is not None else ")")
        )
        params += unit_ids + ([year] if year is not None else [])
    found = db.query(
        f"SELECT a.*, p.uid AS proposal_uid, u.uid AS unit_uid, {_OWNER_SQL} FROM {_FROM} "
        f"WHERE {' OR '.join(clauses)} ORDER BY a.id",
        params,
    )
    for a in found:
        path = files.blob_path(folder, a["sha256"], a["ext"])
        state = files.state_of(path, a["sha256"], a["size"])
        if state is not None:
            out.problems.append(Problem(a["id"], a["file_name"], _owner(a), state, _message(a, state, path)))
            continue
        meta = {k: a[k] for k in META_FIELDS}
        meta.update(proposal_uid=a["proposal_uid"], unit_uid=a["unit_uid"])
        out.items.append(ExportedAttachment(meta, path))
    return out


def import_blob(
    db: sqlite_utils.Database, data: bytes, meta: dict[str, Any], *, proposal_id: int | None = None,
    unit_id: int | None = None,
) -> tuple[int, bool]:  # fmt: skip
    """Take one attachment from a hand-over file: ``meta`` as ``for_export`` wrote it. The
    owner is ``proposal_id`` / ``unit_id`` when given (the hand-over's own matching), else
    found by ``proposal_uid`` / ``unit_uid``. The content must have ``meta['sha256']``
    (AttachmentError otherwise, nothing written). An attachment already here (same uid, or
    the same file on the same owner) is not written again. Returns (id, written)."""
    import hashlib

    if hashlib.sha256(data).hexdigest() != meta.get("sha256") or len(data) != meta.get("size", len(data)):
        raise AttachmentError(
            f"Tệp “{meta.get('file_name', '')}” trong tệp bàn giao không khớp mã kiểm tra: tệp bàn giao bị hỏng "
            "hoặc bị sửa. Hãy xin đơn vị gửi lại."
        )
    if proposal_id is None and unit_id is None:
        if meta.get("proposal_uid"):
            row = db.conn.execute(
                "SELECT id FROM proposals WHERE uid = ?", (meta["proposal_uid"],)
            ).fetchone()
            proposal_id = row[0] if row else None
        elif meta.get("unit_uid"):
            row = db.conn.execute("SELECT id FROM units WHERE uid = ?", (meta["unit_uid"],)).fetchone()
            unit_id = row[0] if row else None
        if proposal_id is None and unit_id is None:
            raise AttachmentError(
                f"Không tìm thấy đề nghị hoặc đơn vị mà tài liệu “{meta.get('file_name', '')}” gắn với trên máy này."
            )
    if meta.get("uid"):
        row = db.conn.execute("SELECT id FROM attachments WHERE uid = ?", (meta["uid"],)).fetchone()
        if row:
            return row[0], False
    column, owner_id = ("proposal_id", proposal_id) if proposal_id is not None else ("unit_id", unit_id)
    row = db.conn.execute(
        f"SELECT id FROM attachments WHERE {column} = ? AND sha256 = ? AND kind = ?",
        (owner_id, meta["sha256"], meta.get("kind", "khac")),
    ).fetchone()
    if row:
        return row[0], False
    ext = check_name(meta.get("file_name", "tai-lieu"), len(data))
    owner = _owner_values(db, proposal_id, unit_id, meta.get("year") if unit_id is not None else None)
    sha, size = files.store_bytes(files_dir(db), data, ext, expected=meta["sha256"])
    new_id = _insert(db, sha, size, meta.get("file_name", "tai-lieu"), ext, owner, kind=meta.get("kind") or "khac",
                     title=meta.get("title", ""), doc_number=meta.get("doc_number", ""),
                     doc_date=meta.get("doc_date"), note=meta.get("note", ""), uid=meta.get("uid", ""),
                     added_by=meta.get("added_by", ""), added_at=meta.get("added_at"))  # fmt: skip
    return new_id, True


def count(db: sqlite_utils.Database) -> int:
    """How many attachments the desk keeps."""
    return db.conn.execute("SELECT count(*) FROM attachments").fetchone()[0]


def dossier_years(db: sqlite_utils.Database, unit_id: int) -> list[int]:
    """The years a unit's dossier can be looked at: its membership years and the years of
    its attached papers."""
    return sorted(
        r[0]
        for r in db.conn.execute(
            "SELECT year FROM memberships WHERE unit_id = ? UNION SELECT year FROM attachments "
            "WHERE unit_id = ? AND year IS NOT NULL",
            (unit_id, unit_id),
        )
    )
