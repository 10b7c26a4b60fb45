"""Attachments arriving in a hand-over file, after the rows they belong to: each checked (its row,
its owner, its content against the hash), then new, already here or in error; new ones stored
through ``attachments.import_blob``. A part of the merge's planner (``merge._Planner``)."""

from __future__ import annotations

import re
from typing import Any

from thidua_desktop.domain.text import vn_number
from thidua_desktop.rules import dossier_checklist as checklist
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.store.db import database_path
from thidua_desktop.store.dossier import attachments
from thidua_desktop.store.dossier import files as attachment_files
from thidua_desktop.store.errors import os_reason
from thidua_desktop.store.handover.preview import NEW, SAME, PreviewRow
from thidua_desktop.store.handover.tables import U

_SHA = re.compile(r"^[0-9a-f]{64}$")


def attachment_problem(meta: dict[str, Any]) -> str | None:
    """Why an attachment's row, as read from the file, cannot be used."""
    texts = ("uid", "kind", "file_name")
    if not all(isinstance(meta.get(k), str) and meta[k] for k in texts):
        return "Tệp thiếu mã định danh, loại hoặc tên tệp của tài liệu."
    if not isinstance(meta.get("sha256"), str) or not _SHA.match(meta["sha256"]):
        return "Mã kiểm tra SHA-256 của tài liệu trong tệp không hợp lệ."
    size = meta.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        return "Cỡ tệp của tài liệu trong tệp không đọc được."
    year = meta.get("year")
    if year is not None and (not isinstance(year, int) or not 1945 <= year <= 2100):
        return f"Năm của tài liệu “{year}” không hợp lệ."
    owners = [meta.get("proposal_uid"), meta.get("unit_uid")]
    if sum(isinstance(o, str) and bool(o) for o in owners) != 1 or any(o is not None and not isinstance(o, str)
                                                                          for o in owners):  # fmt: skip
        return "Tài liệu phải gắn với đúng một đề nghị hoặc một hồ sơ đơn vị."
    others = ("title", "doc_number", "doc_date", "note", "added_by", "added_at", "ext")
    if any(meta.get(k) is not None and not isinstance(meta[k], str) for k in others):
        return "Thông tin của tài liệu trong tệp không đọc được."
    return None


def size_text(size: int) -> str:
    return f"{vn_number(size)} byte" if size < 1024 else f"{vn_number(max(1, round(size / 1024)))} KB"


class AttachmentSteps:
    """The planner's pass over the attachments; mixed into ``merge._Planner``."""

    def _attachments(self) -> None:
        """The files the file carries, after the rows they belong to (see the module's
        docstring); in a merge each new one goes through ``attachments.import_blob``. The
        content is checked (hashed) only for those not here yet: nothing else is taken."""
        seen: set[Any] = set()
        for meta in self.attachments:
            label = self._attachment_label(meta)
            key = f"attachments:{meta.get('uid')}"
            problem = attachment_problem(meta)
            owner = None
            if problem is None:
                owner, problem = self._attachment_owner(meta)
            if problem is None:
                try:
                    attachments.check_name(meta["file_name"], meta["size"])
                except attachments.AttachmentError as exc:
                    problem = str(exc)
            if problem:
                self._error("attachments", key, label, None, problem)
                continue
            column = "proposal_id" if meta.get("proposal_uid") else "unit_id"
            same_file = (column, owner, meta["sha256"], meta["kind"])
            info = f"{checklist.kind_label(meta['kind'])}, {size_text(meta['size'])}"
            if meta["uid"] in seen or same_file in seen:
                note = f"{info}; trùng với tài liệu khác trong tệp."
                self._emit(PreviewRow("attachments", key, label, SAME, note=note))
                continue
            if self._attachment_here(meta, column, owner):
                seen.update((meta["uid"], same_file))
                self._emit(PreviewRow("attachments", key, label, SAME, note=f"{info}; bàn này đã có."))
                continue
            data = None
            if self.contents is None:
                problem = "Tệp bàn giao không kèm nội dung của tài liệu này."
            elif self.write:
                data, problem = self.contents.read(meta)
            else:
                problem = self.contents.problem(meta)
            if problem:
                self._error("attachments", key, label, None, problem)
                continue
            seen.update((meta["uid"], same_file))
            self._emit(PreviewRow("attachments", key, label, NEW, note=info))
            if self.write:
                self._import_attachment(data, meta, column, owner)

    def _attachment_owner(self, meta: dict[str, Any]) -> tuple[Any, str | None]:
        """The proposal or unit (a local id, or one the merge brings) an attachment is of."""
        proposal, unit = meta.get("proposal_uid"), meta.get("unit_uid")
        if self.kind == "unit" and (proposal or unit != (self.manifest.get("unit") or {}).get("uid")):
            return None, "Tài liệu này không thuộc hồ sơ của đơn vị gửi tệp; chỉ nhận hồ sơ của đơn vị đó."
        table, uid = ("proposals", proposal) if proposal else (U, unit)
        what = "đề nghị khen thưởng" if proposal else "đơn vị"
        if uid in self.broken[table]:
            return None, f"Không nhận được vì {what} mà tài liệu gắn với bị lỗi: {self.broken[table][uid]}"
        owner = self.ids[table].get(uid)
        if owner is None:
            return None, f"Không tìm thấy {what} mà tài liệu gắn với, cả trong tệp lẫn ở bàn này."
        return owner, None

    def _attachment_here(self, meta: dict[str, Any], column: str, owner: Any) -> bool:
        """As ``attachments.import_blob`` decides: the same uid, or the same file of the
        same kind on the same owner."""
        if self.db.conn.execute("SELECT 1 FROM attachments WHERE uid = ?", (meta["uid"],)).fetchone():
            return True
        if not isinstance(owner, int):
            return False
        return bool(self.db.conn.execute(
            f"SELECT 1 FROM attachments WHERE {column} = ? AND sha256 = ? AND kind = ?",
            (owner, meta["sha256"], meta["kind"]),
        ).fetchone())  # fmt: skip

    def _import_attachment(self, data: bytes, meta: dict[str, Any], column: str, owner: Any) -> None:
        try:
            new_id, written = attachments.import_blob(self.db, data, meta, **{column: owner})
        except OSError as exc:
            folder = attachment_files.folder_for(database_path(self.db))
            raise attachments.AttachmentError(
                f"Không ghi được tài liệu “{meta['file_name']}” vào thư mục tài liệu {folder} "
                f"({os_reason(exc)}). Hãy kiểm tra ổ đĩa còn chỗ trống và quyền ghi vào thư mục đó rồi "
                "nhận lại tệp."
            ) from exc
        except ValueError as exc:  # the content's hash, checked once more as it was written
            raise attachments.AttachmentError(
                f"Nội dung tài liệu “{meta['file_name']}” không khớp mã kiểm tra khi ghi. Hãy nhận lại tệp."
            ) from exc
        if written:
            self._count_insert("attachments", new_id)

    def _attachment_label(self, meta: dict[str, Any]) -> str:
        """The file's name and whose it is, as a person reads it."""
        name = meta.get("file_name") or "(không tên)"
        proposal, unit = meta.get("proposal_uid"), meta.get("unit_uid")
        if proposal:
            p = self.by_uid.get("proposals", {}).get(proposal)
            owner = (f"đề nghị {award_name(p.get('award_code'))} – {self._name(U, p.get('unit_id'))}" if p
                     else "đề nghị không có trong tệp")  # fmt: skip
        elif unit:
            year = meta.get("year")
            owner = f"hồ sơ {self._name(U, unit)}" + (f" năm {year}" if year else "")
        else:
            owner = "không rõ thuộc hồ sơ nào"
        return f"{name} – {owner}"
