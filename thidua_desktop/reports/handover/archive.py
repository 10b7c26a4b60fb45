"""The hand-over file between desks, as bytes on disk: a ZIP holding two JSON members and,
from version 2, the attached files.

``manifest.json`` says what the file is::

    {"format": "thidua-desktop/ban-giao-khoi",     # or "thidua-desktop/tu-cham-don-vi"
     "version": 2,                                  # 1 when the file carries no attachments
     "kind": "year" | "unit",
     "app": "thidua-desktop 0.1.0", "schema_version": 6,
     "cluster": {"uid": "…", "name": "Khối thi đua …"},
     "year": 2025,
     "unit": {"uid": "…", "code": "…", "name": "…"},   # the unit's file only
     "exported_by": "thư ký", "machine": "MAY-01",
     "exported_at": "2026-01-12T08:30:00Z",
     "data": {"name": "data.json", "bytes": 48211, "sha256": "…"},
     "attachments": {"folder": "tailieu/", "files": 2, "bytes": 1830112},  # version 2 only
     "counts": {"units": 8, "unit_scores": 96, …, "attachments": 2}}

``data.json`` holds ``{"tables": {table: [row, …]}}``: every row with its ``uid`` where
its table has one, and every reference to another row written as that row's uid (see
``store/handover.py`` for the columns of each table). The SHA-256 of ``data.json`` in
the manifest catches a file cut off or edited on the way.

Attachments (version 2): the table ``attachments`` in ``data.json`` holds one row per
attachment as ``store.attachments.for_export`` gives it (kind, title, number, date, file
name, ``size``, ``sha256``, the owner as ``proposal_uid`` or ``unit_uid``), and each
file's content is the member ``tailieu/<sha256>`` (once, however many rows name it;
stored as is when the format is already compressed). The reader checks each member
against the size and hash of its row when it is previewed and again when it is merged.

Why the version went from 1 to 2: a reader of version 1 takes the tables it knows and
would silently drop the attachments (the new table and members), so it must refuse such
a file and say "update the program" instead. A file without attachments is still written
as version 1, so a desk not yet updated keeps reading it; this reader takes both.

Reading checks, in order: a ZIP at all, a manifest of ours, the format's version, the
sizes (at most ``MAX_TOTAL`` unpacked in all, ``MAX_MEMBERS`` members, each attachment
within ``attachments.MAX_BYTES`` and not packed more than ``MAX_RATIO`` times: a "zip
bomb" is refused before anything is unpacked), the data member present and intact (ZIP
CRC and the checksum), valid JSON of the expected shape. Each refusal is a
:class:`HandoverFileError` with a Vietnamese message; nothing is written anywhere. No SQL
and no Qt here."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from thidua_desktop.domain.text import vn_number
from thidua_desktop.store.dossier.attachments import MAX_BYTES as MAX_ATTACHMENT_BYTES
from thidua_desktop.store.errors import os_reason
from thidua_desktop.store.handover.preview import HandoverFileError

FORMATS = {"year": "thidua-desktop/ban-giao-khoi", "unit": "thidua-desktop/tu-cham-don-vi"}
FORMAT_VERSION = 2  # the newest this program writes; it reads every one in READABLE
READABLE = (1, 2)
ATTACHMENTS_SINCE = 2  # a file carrying attachments; one without is written as version 1
MANIFEST, DATA = "manifest.json", "data.json"
FOLDER = "tailieu/"  # the attachments' members: tailieu/<sha256>
SUFFIX = ".zip"
UNTOUCHED = "Chưa có gì được ghi vào dữ liệu."
MAX_TOTAL = 2 * 1024**3  # unpacked, all members together
MAX_MANIFEST_BYTES = 64 * 1024  # ours is ~1 KB
MAX_DATA_BYTES = 64 * 1024**2  # a cluster's year is ~10 KB; a big cluster with years of proposals, a few MB
MAX_ROWS = 200_000  # rows of all tables together
MAX_DEPTH = 8  # JSON nesting: {"tables": {t: [row {column: [mark [race, uid]]}]}} is 6 deep
MAX_MEMBERS = 100_000
MAX_RATIO = 200  # an attachment unpacking to more than this many times its packed size…
RATIO_FLOOR = 1024**2  # …and to more than 1 MB is taken for a zip bomb
#: formats already compressed: stored as they are (deflating them again gains nothing)
STORED_EXTS = frozenset("pdf jpg jpeg png gif webp heic tif tiff docx xlsx pptx odt ods odp zip".split())
CHUNK = 1 << 20
_SHA = re.compile(r"^[0-9a-f]{64}$")


class Attachment(Protocol):
    """One attachment to carry (``store.attachments.ExportedAttachment``)."""

    meta: dict[str, Any]

    def read_bytes(self) -> bytes: ...


def _mb(n: int) -> str:
    return vn_number(max(1, round(n / 1024**2)))


def write(
    out: str | os.PathLike,
    manifest: dict[str, Any],
    tables: dict[str, list[dict[str, Any]]],
    attachments: Iterable[Attachment] = (),
) -> Path:
    """Write the file atomically (a temporary name renamed into place when complete);
    ``manifest`` gets the format, version, checksum and counts filled in. ``attachments``
    (each read, and checked, as it is written) become the table ``attachments`` and the
    members ``tailieu/<sha256>``; with none, the file is version 1 as before."""
    out = Path(out)
    tables = dict(tables)
    attachments = list(attachments)
    if attachments:
        tables["attachments"] = [dict(a.meta) for a in attachments]
    carried = tables.get("attachments") or []
    if not carried:
        tables.pop("attachments", None)
    unique = {r.get("sha256"): r.get("size") or 0 for r in carried}
    data = json.dumps({"tables": tables}, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    if sum(unique.values()) + len(data) > MAX_TOTAL:  # what a reader would refuse
        raise HandoverFileError(
            f"Các tài liệu đính kèm cần bàn giao nặng tổng cộng {_mb(sum(unique.values()))} MB, quá mức "
            f"{_mb(MAX_TOTAL)} MB (2 GB) một tệp bàn giao được phép chứa. Hãy quét lại các tài liệu lớn với độ "
            "phân giải thấp hơn rồi xuất lại."
        )
    manifest = {k: v for k, v in manifest.items() if k not in ("attachments", "format", "version")}
    if carried:
        manifest["attachments"] = {"folder": FOLDER, "files": len(unique), "bytes": sum(unique.values())}
    manifest = {
        "format": FORMATS[manifest["kind"]],
        "version": ATTACHMENTS_SINCE if carried else 1,
        **manifest,
        "data": {"name": DATA, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()},
        "counts": {table: len(found) for table, found in tables.items()},
    }
    tmp = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            zf.writestr(DATA, data)
            done: set[str] = set()
            for item in attachments:
                sha = item.meta["sha256"]
                if sha in done:
                    continue
                try:
                    content = item.read_bytes()  # checked against its hash again
                except OSError as exc:
                    raise HandoverFileError(
                        f"Không đọc được tài liệu “{item.meta.get('file_name')}” trong lúc xuất "
                        f"({os_reason(exc)}). Hãy kiểm tra các tệp đính kèm (Công cụ → Kiểm tra tệp đính "
                        "kèm…) rồi xuất lại."
                    ) from exc
                info = zipfile.ZipInfo(FOLDER + sha, date_time=time.localtime()[:6])
                info.compress_type = _packing(item.meta.get("ext"), content)
                info.external_attr = 0o644 << 16
                zf.writestr(info, content)
                done.add(sha)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


def read(path: str | os.PathLike) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The manifest and the tables of a hand-over file, or a HandoverFileError saying
    why the file cannot be used."""
    path = Path(path)
    name = f"“{path.name}”"
    if not path.is_file():
        raise HandoverFileError(f"Không tìm thấy tệp {name}. Hãy chọn lại tệp. {UNTOUCHED}")
    if path.stat().st_size == 0:
        raise HandoverFileError(
            f"Tệp {name} rỗng (0 byte): có thể chép chưa xong. Hãy xin gửi lại tệp. {UNTOUCHED}"
        )
    try:
        is_zip = zipfile.is_zipfile(path)
    except OSError as exc:
        raise HandoverFileError(f"Không đọc được tệp {name}: {os_reason(exc)}. {UNTOUCHED}") from exc
    not_ours = (
        f"Tệp {name} không phải tệp bàn giao của phần mềm thi đua – khen thưởng. Hãy chọn tệp "
        f"“.zip” do phần mềm xuất ra (Tệp → Bàn giao khối thi đua). {UNTOUCHED}"
    )
    damaged = (
        f"Tệp {name} bị hỏng ({{}}): có thể chép chưa xong hoặc đã bị sửa. Hãy xin bên gửi xuất "
        f"và gửi lại tệp. {UNTOUCHED}"
    )
    if not is_zip:
        with path.open("rb") as fh:
            starts_as_zip = fh.read(4) == b"PK\x03\x04"
        raise HandoverFileError(damaged.format("tệp nén bị cắt cụt") if starts_as_zip else not_ours)
    try:
        with zipfile.ZipFile(path) as zf:
            listed = zf.namelist()
            names = set(listed)
            if MANIFEST not in names:
                raise HandoverFileError(not_ours)
            if len(names) != len(listed):  # two members of one name: which one is meant is anyone's guess
                raise HandoverFileError(damaged.format("có hai phần cùng tên trong tệp nén"))
            try:
                manifest = _load_json(_bounded_read(zf, MANIFEST, MAX_MANIFEST_BYTES))
            except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                raise HandoverFileError(damaged.format("phần mô tả tệp không đọc được")) from exc
            _check_manifest(manifest, not_ours, name)
            _check_sizes(zf.infolist(), name)
            member = manifest["data"].get("name", DATA) if isinstance(manifest.get("data"), dict) else DATA
            if not isinstance(member, str) or member not in names:
                raise HandoverFileError(damaged.format("thiếu phần dữ liệu"))
            try:
                raw = _bounded_read(zf, member, MAX_DATA_BYTES)
            except ValueError as exc:
                raise HandoverFileError(
                    f"Tệp {name} có phần dữ liệu quá lớn (hơn {_mb(MAX_DATA_BYTES)} MB), không phải tệp bàn giao "
                    f"của một năm thi đua. Hãy hỏi lại bên gửi. {UNTOUCHED}"
                ) from exc
    except HandoverFileError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        NotImplementedError,
        zlib.error,
    ) as exc:
        raise HandoverFileError(damaged.format("tệp nén không giải nén được")) from exc
    expected = manifest.get("data") or {}
    if hashlib.sha256(raw).hexdigest() != expected.get("sha256"):
        raise HandoverFileError(damaged.format("mã kiểm tra SHA-256 không khớp"))
    try:
        data = _load_json(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise HandoverFileError(damaged.format("phần dữ liệu không đọc được")) from exc
    tables = data.get("tables") if isinstance(data, dict) else None
    if not isinstance(tables, dict) or not all(
        isinstance(found, list) and all(isinstance(r, dict) for r in found) for found in tables.values()
    ):
        raise HandoverFileError(damaged.format("phần dữ liệu không đúng cấu trúc"))
    if sum(len(found) for found in tables.values()) > MAX_ROWS:
        raise HandoverFileError(
            f"Tệp {name} có hơn {vn_number(MAX_ROWS)} dòng dữ liệu, nhiều hơn mọi năm thi đua của một khối: có thể tệp "
            f"không do phần mềm xuất ra. Hãy hỏi lại bên gửi. {UNTOUCHED}"
        )
    return manifest, tables


def _bounded_read(zf: zipfile.ZipFile, member: str, limit: int) -> bytes:
    """A member's bytes, refused (ValueError) past ``limit``: checked on the size the ZIP
    declares before anything is unpacked, and again while unpacking."""
    if zf.getinfo(member).file_size > limit:
        raise ValueError(member)
    with zf.open(member) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(member)
    return data


def _refuse_constant(text: str):
    raise ValueError(f"JSON constant {text}")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 18:  # past what SQLite stores (2**63): never a value of ours
        raise ValueError("integer too large")
    return int(text)


def _load_json(raw: bytes) -> Any:
    """JSON as a hand-over file holds it: UTF-8, no NaN or Infinity, integers SQLite can store,
    nested at most ``MAX_DEPTH`` deep (a file nested 200,000 deep stops the parser with a
    RecursionError, which the caller turns into its message like any other ValueError)."""
    value = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant, parse_int=_bounded_int)
    stack = [(value, 1)]
    while stack:  # iterative: the depth check itself never recurses
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise ValueError("nested too deep")
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return value


def _check_manifest(manifest: Any, not_ours: str, name: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") not in FORMATS.values():
        raise HandoverFileError(not_ours)
    version = manifest.get("version")
    readable = f"số {READABLE[0]} đến số {READABLE[-1]}"
    if isinstance(version, bool) or version not in READABLE:
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise HandoverFileError(
                f"Tệp {name} được xuất bởi phiên bản mới hơn của phần mềm (định dạng bàn giao số {version}, "
                f"phiên bản đang chạy chỉ đọc được {readable}). Hãy cập nhật phần mềm rồi mở lại tệp. "
                f"{UNTOUCHED}"
            )
        raise HandoverFileError(
            f"Tệp {name} có định dạng bàn giao số {version!s}, phần mềm này chỉ đọc được {readable}. "
            f"Hãy xin bên gửi xuất lại tệp bằng phiên bản phần mềm mới. {UNTOUCHED}"
        )
    kind = manifest.get("kind")
    cluster = manifest.get("cluster")
    year = manifest.get("year")
    if (
        FORMATS.get(kind) != manifest["format"]
        or not isinstance(cluster, dict)
        or not isinstance(cluster.get("uid"), str)
        or not isinstance(cluster.get("name"), str)
        or not cluster["name"]
        or not isinstance(year, int)
        or not 1945 <= year <= 2100
        or (kind == "unit" and not isinstance((manifest.get("unit") or {}).get("uid"), str))
    ):
        raise HandoverFileError(
            f"Tệp {name} bị hỏng (phần mô tả tệp thiếu khối, năm hoặc đơn vị): hãy xin bên gửi xuất và gửi "
            f"lại tệp. {UNTOUCHED}"
        )


def _packing(ext: Any, content: bytes) -> int:
    """Deflated, unless the format is compressed already or deflating would pack it past
    what a reader takes for a zip bomb (a blank page scanned as BMP)."""
    if ext in STORED_EXTS:
        return zipfile.ZIP_STORED
    if len(content) > RATIO_FLOOR and len(zlib.compress(content, 6)) * (MAX_RATIO // 2) < len(content):
        return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def _check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse, before unpacking anything, a file too big to take or an attachment packed
    like a zip bomb. The sizes are those the ZIP declares; unpacking never goes past them
    (``zipfile`` stops at the declared size and the CRC check then fails)."""
    ask_again = f"Hãy hỏi lại bên gửi và xin xuất lại tệp. {UNTOUCHED}"
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_MEMBERS or total > MAX_TOTAL:
        raise HandoverFileError(
            f"Tệp {name} quá lớn: khi giải nén chứa {vn_number(len(infos))} phần, {_mb(total)} MB, quá mức "
            f"{_mb(MAX_TOTAL)} MB (2 GB) phần mềm nhận trong một lần. Có thể tệp không do phần mềm xuất ra hoặc "
            f"mang quá nhiều tài liệu đính kèm. {ask_again}"
        )
    for i in infos:
        if not i.filename.startswith(FOLDER):
            continue
        if i.file_size > MAX_ATTACHMENT_BYTES:
            raise HandoverFileError(
                f"Tệp {name} có một tài liệu đính kèm nặng {_mb(i.file_size)} MB, quá mức "
                f"{_mb(MAX_ATTACHMENT_BYTES)} MB cho một tài liệu. {ask_again}"
            )
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise HandoverFileError(
                f"Tệp {name} có một tài liệu đính kèm nén bất thường ({vn_number(max(1, i.compress_size // 1024))} KB "
                f"bung ra {_mb(i.file_size)} MB, gấp hơn {MAX_RATIO} lần): có thể là tệp độc hại (“bom nén”) nên "
                f"không được mở. {ask_again}"
            )


class Contents:
    """The attachments' content inside a hand-over file, read on demand, each checked
    against the size and SHA-256 its row gives. Use as a context manager."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._zf: zipfile.ZipFile | None = None
        self._checked: dict[tuple[str, int], str | None] = {}

    def __enter__(self) -> Contents:
        try:
            self._zf = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:  # replaced since it was read
            raise HandoverFileError(
                f"Tệp “{self.path.name}” vừa bị thay đổi hoặc không đọc được nữa. Hãy mở lại tệp. {UNTOUCHED}"
            ) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zf is not None:
            self._zf.close()
            self._zf = None

    def problem(self, meta: dict[str, Any]) -> str | None:
        """Why this attachment's content cannot be taken (in Vietnamese), or None."""
        key = (meta["sha256"], meta["size"])
        if key not in self._checked:
            self._checked[key] = self._read(meta, keep=False)[1]
        return self._checked[key]

    def read(self, meta: dict[str, Any]) -> tuple[bytes | None, str | None]:
        """(content, None) when the content is what the row says; else (None, why)."""
        data, problem = self._read(meta, keep=True)
        self._checked[(meta["sha256"], meta["size"])] = problem
        return data, problem

    def _read(self, meta: dict[str, Any], *, keep: bool) -> tuple[bytes | None, str | None]:
        assert self._zf is not None, "Contents is used as a context manager"
        file_name, sha = meta.get("file_name") or "", meta["sha256"]
        send_again = "Tài liệu này không được nhận; hãy xin bên gửi xuất và gửi lại tệp."
        if not _SHA.match(sha):
            return (
                None,
                f"Tài liệu “{file_name}” có mã kiểm tra không hợp lệ trong tệp bàn giao. {send_again}",
            )
        try:
            info = self._zf.getinfo(FOLDER + sha)
        except KeyError:
            return None, f"Tệp bàn giao thiếu nội dung của tài liệu “{file_name}”. {send_again}"
        mismatch = (
            f"Nội dung tài liệu “{file_name}” trong tệp bàn giao không khớp mã kiểm tra SHA-256 (tệp bàn giao bị "
            f"hỏng hoặc đã bị sửa). {send_again}"
        )
        if info.file_size != meta["size"]:
            return None, mismatch
        digest, parts = hashlib.sha256(), []
        try:
            with self._zf.open(info) as fh:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                    if keep:
                        parts.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, zlib.error):
            return (
                None,
                f"Nội dung tài liệu “{file_name}” trong tệp bàn giao bị hỏng, không giải nén được. {send_again}",
            )
        if digest.hexdigest() != sha:
            return None, mismatch
        return (b"".join(parts) if keep else None), None
