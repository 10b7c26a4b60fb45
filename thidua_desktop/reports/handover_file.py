"""The hand-over file between desks, as bytes on disk: a ZIP holding two JSON members.

``manifest.json`` says what the file is::

    {"format": "thidua-desktop/ban-giao-khoi",     # or "thidua-desktop/tu-cham-don-vi"
     "version": 1,                                  # FORMAT_VERSION; another one is refused
     "kind": "year" | "unit",
     "app": "thidua-desktop 0.1.0", "schema_version": 5,
     "cluster": {"uid": "…", "name": "Khối thi đua số 3"},
     "year": 2025,
     "unit": {"uid": "…", "code": "…", "name": "…"},   # the unit's file only
     "exported_by": "thư ký", "machine": "MAY-01",
     "exported_at": "2026-01-12T08:30:00Z",
     "data": {"name": "data.json", "bytes": 48211, "sha256": "…"},
     "counts": {"units": 8, "unit_scores": 96, …}}

``data.json`` holds ``{"tables": {table: [row, …]}}``: every row with its ``uid`` where
its table has one, and every reference to another row written as that row's uid (see
``store/handover.py`` for the columns of each table). The SHA-256 of ``data.json`` in
the manifest catches a file cut off or edited on the way.

Reading checks, in order: a ZIP at all, a manifest of ours, the format's version, the
data member present and intact (ZIP CRC and the checksum), valid JSON of the expected
shape. Each refusal is a :class:`HandoverFileError` with a Vietnamese message; nothing
is written anywhere. No SQL and no Qt here."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from thidua_desktop.store.handover_preview import HandoverFileError

FORMATS = {"year": "thidua-desktop/ban-giao-khoi", "unit": "thidua-desktop/tu-cham-don-vi"}
FORMAT_VERSION = 1
MANIFEST, DATA = "manifest.json", "data.json"
SUFFIX = ".zip"
UNTOUCHED = "Chưa có gì được ghi vào dữ liệu."


def write(out: str | os.PathLike, manifest: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> Path:
    """Write the file atomically (a temporary name renamed into place when complete);
    ``manifest`` gets the format, version, checksum and counts filled in."""
    out = Path(out)
    data = json.dumps({"tables": tables}, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    manifest = {
        "format": FORMATS[manifest["kind"]],
        "version": FORMAT_VERSION,
        **manifest,
        "data": {"name": DATA, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()},
        "counts": {table: len(found) for table, found in tables.items()},
    }
    tmp = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            zf.writestr(DATA, data)
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
        raise HandoverFileError(f"Không đọc được tệp {name}: {exc.strerror or exc}. {UNTOUCHED}") from exc
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
            names = set(zf.namelist())
            if MANIFEST not in names:
                raise HandoverFileError(not_ours)
            try:
                manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise HandoverFileError(damaged.format("phần mô tả tệp không đọc được")) from exc
            _check_manifest(manifest, not_ours, name)
            member = manifest["data"].get("name", DATA) if isinstance(manifest.get("data"), dict) else DATA
            if member not in names:
                raise HandoverFileError(damaged.format("thiếu phần dữ liệu"))
            raw = zf.read(member)
    except HandoverFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise HandoverFileError(damaged.format("tệp nén không giải nén được")) from exc
    expected = manifest.get("data") or {}
    if hashlib.sha256(raw).hexdigest() != expected.get("sha256"):
        raise HandoverFileError(damaged.format("mã kiểm tra SHA-256 không khớp"))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise HandoverFileError(damaged.format("phần dữ liệu không đọc được")) from exc
    tables = data.get("tables") if isinstance(data, dict) else None
    if not isinstance(tables, dict) or not all(
        isinstance(found, list) and all(isinstance(r, dict) for r in found) for found in tables.values()
    ):
        raise HandoverFileError(damaged.format("phần dữ liệu không đúng cấu trúc"))
    return manifest, tables


def _check_manifest(manifest: Any, not_ours: str, name: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") not in FORMATS.values():
        raise HandoverFileError(not_ours)
    version = manifest.get("version")
    if version != FORMAT_VERSION:
        if isinstance(version, int) and version > FORMAT_VERSION:
            raise HandoverFileError(
                f"Tệp {name} được xuất bởi phiên bản mới hơn của phần mềm (định dạng bàn giao số {version}, "
                f"phiên bản đang chạy chỉ đọc được số {FORMAT_VERSION}). Hãy cập nhật phần mềm rồi mở lại tệp. "
                f"{UNTOUCHED}"
            )
        raise HandoverFileError(
            f"Tệp {name} có định dạng bàn giao số {version!s}, phần mềm này chỉ đọc được số {FORMAT_VERSION}. "
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
