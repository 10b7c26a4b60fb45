"""Hand-over files between desks (issue 7). The head of a cluster rotates to another agency
each year: the outgoing desk exports the cluster's year, the incoming desk previews what
is new and what conflicts, then merges it in one transaction. A unit likewise sends its
registrations and self-scores.

Two kinds of file, both a ZIP with ``manifest.json`` and ``data.json`` (format name,
version, cluster, year, who exported it, when, on which machine, a SHA-256 of the data)
and the attached files under ``tailieu/`` (version 2; see :mod:`reports.handover_file`):

- ``thidua-desktop/ban-giao-khoi``: the cluster's year, written by :func:`export_year`:
  members (the year and the next), movements and registrations, the review conferences,
  the scoring table with criteria and every unit's scores, the vote (minutes fields,
  units on the ballot, every numbered ballot with its marks), the year's calendar, the
  proposals the vote made, and the units these name; with the attachments of those
  proposals and of the member units' dossiers of the year;
- ``thidua-desktop/tu-cham-don-vi``: one unit's registrations and self-scores (note and
  evidence too, never the agreed scores) and its dossier's attachments of the year,
  written by :func:`export_unit_file`.

An attached file missing or changed on disk is left out of the file and named in
``Exported.problems``; the export goes on.

:func:`preview` reads a file of either kind and says, row by row, what is new, the same,
in conflict (both values) or in error; it writes nothing. :func:`merge` takes an
automatic copy of the desk file first (when it will write anything), then applies the
file with the user's choices in one transaction (see :mod:`store.handover`)."""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop import __version__
from thidua_desktop.domain.text import fold, vn_number
from thidua_desktop.reports.handover import archive as handover_file
from thidua_desktop.store import backup, migrations, rows
from thidua_desktop.store.db import audit_user, database_path, read_snapshot
from thidua_desktop.store.dossier.attachments import ExportSet
from thidua_desktop.store.handover import export as handover_export
from thidua_desktop.store.handover import merge as handover_merge
from thidua_desktop.store.handover.preview import (
    CONFLICT,
    ERROR,
    MINE,
    THEIRS,
    HandoverFileError,
    MergeResult,
    Preview,
    choice_for,
)

__all__ = [
    "MINE", "THEIRS", "HandoverFileError", "MergeResult", "Preview", "Exported", "export_year",
    "export_unit_file", "preview", "merge", "describe_manifest", "suggested_name", "choice_for", "exporter",
]  # fmt: skip
FILE_FILTER = "Tệp bàn giao thi đua (*.zip);;Tất cả các tệp (*)"


@dataclass
class Exported:
    path: Path
    size: int  # bytes
    counts: dict[str, int]  # rows per table (attachments too)
    problems: list[str] = field(default_factory=list)  # attachments left out, and why

    def describe(self) -> str:
        parts = [f"{n} {rows.TABLE_LABELS.get(t, t)}" for t, n in self.counts.items() if n]
        text = f"Đã ghi {self.path.name} ({vn_number(self.size)} byte): {', '.join(parts)}."
        if self.problems:
            text += f" {len(self.problems)} tài liệu đính kèm không đưa vào được (thiếu hoặc đã bị thay đổi trên đĩa)."
        return text


def export_year(
    db: sqlite_utils.Database,
    cluster_id: int,
    year: int,
    out: str | os.PathLike,
    *,
    exported_by: str | None = None,
) -> Exported:
    """Write the cluster's year to ``out`` (a .zip), atomically."""
    with read_snapshot(db):
        tables = handover_export.collect_year(db, cluster_id, year)
        found = handover_export.attachments_of_year(db, cluster_id, year)
        cluster = rows.get(db, "clusters", cluster_id)
        schema = migrations.user_version(db)
    manifest = _manifest(db, "year", cluster, year, exported_by, schema)
    return _write(out, manifest, tables, found)


def export_unit_file(
    db: sqlite_utils.Database,
    cluster_id: int,
    year: int,
    unit_id: int,
    out: str | os.PathLike,
    *,
    exported_by: str | None = None,
) -> Exported:
    """Write one unit's registrations and self-scores of the cluster's year to ``out``."""
    with read_snapshot(db):
        tables = handover_export.collect_unit(db, cluster_id, year, unit_id)
        found = handover_export.attachments_of_unit(db, year, unit_id)
        cluster = rows.get(db, "clusters", cluster_id)
        unit = rows.get(db, "units", unit_id)
        schema = migrations.user_version(db)
    manifest = _manifest(db, "unit", cluster, year, exported_by, schema)
    manifest["unit"] = {"uid": unit["uid"], "code": unit["code"], "name": unit["name"]}
    return _write(out, manifest, tables, found)


def _write(out, manifest: dict, tables: dict[str, list[dict[str, Any]]], found: ExportSet) -> Exported:
    """The file with the attachments that could be read; those that could not, named."""
    path = handover_file.write(out, manifest, tables, found.items)
    counts = {t: len(rows_) for t, rows_ in tables.items()}
    if found.items:
        counts["attachments"] = len(found.items)
    problems = [f"{p.file_name} ({p.owner}): {p.message}" for p in found.problems]
    return Exported(path, path.stat().st_size, counts, problems)


def preview(db: sqlite_utils.Database, path: str | os.PathLike, *, cluster_id: int | None = None) -> Preview:
    """What merging the file would do, row by row; nothing is written. Raises
    HandoverFileError for a file that cannot be used (not ours, another version,
    damaged, another cluster's)."""
    manifest, tables = handover_file.read(path)
    with handover_file.Contents(path) as contents:
        return handover_merge.plan(db, manifest, tables, cluster_id=cluster_id, contents=contents)


def merge(
    db: sqlite_utils.Database,
    path: str | os.PathLike,
    choices: Mapping[str, str] | str | None = None,
    *,
    cluster_id: int | None = None,
) -> MergeResult:
    """Merge the file: an automatic copy of the desk file first, then everything in one
    transaction (a failure leaves the data as it was). ``choices``: per conflicting row
    (``PreviewRow.key``), per table (``"table:*"``) or for all (``"*"`` or a plain
    ``MINE``/``THEIRS``); a conflict not chosen keeps this desk's version."""
    manifest, tables = handover_file.read(path)
    with handover_file.Contents(path) as contents:
        planned = handover_merge.plan(db, manifest, tables, cluster_id=cluster_id, contents=contents)
        if not planned.writes(choices):  # nothing to write: no copy, nothing changes
            return MergeResult(
                kept=sum(r.status == CONFLICT for r in planned.rows), errors=planned.total(ERROR)
            )
        copy = None
        db_path = database_path(db)
        if db_path is not None and db_path.exists():
            copy = backup.automatic(db_path, "truoc-nhap")
        result = handover_merge.apply(db, manifest, tables, choices, cluster_id=cluster_id, contents=contents)
    result.backup = copy
    return result


def describe_manifest(manifest: Mapping[str, Any]) -> str:
    """Which file this is, in one Vietnamese sentence."""
    what = "Tệp bàn giao" if manifest.get("kind") == "year" else "Tệp đăng ký, tự chấm điểm của"
    unit = manifest.get("unit") or {}
    subject = f" {unit.get('name')}," if manifest.get("kind") == "unit" else ""
    at = str(manifest.get("exported_at") or "")
    try:
        when = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        when = at
    machine = f" trên máy {manifest['machine']}" if manifest.get("machine") else ""
    return (
        f"{what}{subject} {manifest['cluster']['name']}, năm {manifest['year']}; "
        f"do {manifest.get('exported_by') or '?'} xuất{machine} lúc {when}."
    )


def suggested_name(cluster_name: str, year: int, unit_name: str | None = None) -> str:
    """A file name without marks or spaces, safe on every system and in e-mail."""

    def slug(text: str) -> str:
        return "-".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())

    if unit_name:
        return f"tu-cham-{slug(unit_name)}-{year}{handover_file.SUFFIX}"
    return f"ban-giao-{slug(cluster_name)}-{year}{handover_file.SUFFIX}"


def _manifest(
    db, kind: str, cluster: dict[str, Any], year: int, exported_by: str | None, schema: int
) -> dict:
    return {
        "kind": kind,
        "app": f"thidua-desktop {__version__}",
        "schema_version": schema,
        "cluster": {"uid": cluster["uid"], "name": cluster["name"], "authority": cluster["authority"]},
        "year": year,
        "exported_by": exported_by or audit_user(db),
        "machine": platform.node(),
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def exporter(db: sqlite_utils.Database) -> str:
    """Who exports, as the file names them: the desk's user (for a worker's own read
    connection, pass this as ``exported_by``)."""
    return audit_user(db)
