"""The SQL of the hand-over between desks: what a cluster's year (or a unit's file) holds,
how each arriving row is matched with this desk's rows, the preview, and the merge.

Rows travel with their ``uid``; a reference to another row travels as that row's uid.
Rows without a uid (memberships, registrations, reviews, vote units) are known by their
natural key, e.g. a membership by (unit, year). Matching on the receiving side:

- the cluster: by uid, else by folded name; a file for a cluster this desk does not
  keep is refused (``HandoverFileError``), unless the desk has no cluster yet;
- units: by uid, else by code, else by folded name (any name the unit has had); the
  preview says which way each unit was matched;
- every other row: by uid, else by its natural key (``Spec.key``) with the references
  already matched, e.g. a score by (criterion, unit), a criterion by (table, group,
  folded text).

Each arriving row is then new, the same, in conflict (the differing fields with both
values) or in error (why). ``apply`` writes, in one transaction and through
``store.rows`` and the aggregates' own functions (so the audit trail and the derived
search columns stay right): the new rows, and for each conflict the side the user chose
(``MINE``, the default, or ``THEIRS``; per row by ``PreviewRow.key``, per table by
``"table:*"``, for all by ``"*"``). Rows in error are left out, with the rows that depend
on them. A vote closed on this desk is not changed through its ballots unless the vote
itself is taken from the file. Merging the same file again writes nothing.

Attachments (``attachments_of_year``, ``attachments_of_unit`` on the way out) come last,
after the rows they belong to: each is new, already here (the same uid, or the same file
of the same kind on the same owner) or in error (content not matching its hash, an owner
the merge does not bring or match, a file we do not take); never a conflict, since a
stored file never changes. Their owner is the proposal or unit the merge matched, passed
to ``attachments.import_blob``, which writes the file before its row: a merge that fails
after some files were written leaves them unreferenced (``attachments.prune`` removes
them), never a row without its file."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlite_utils

from thidua_desktop.domain.dates import format_vn_date
from thidua_desktop.domain.models import (
    AwardTrack,
    ReviewKind,
    Role,
)
from thidua_desktop.domain.text import fold, vn_number
from thidua_desktop.rules import dossier_checklist as checklist
from thidua_desktop.rules import scoring as scoring_rules
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.rules.voting import RACE_LABELS, Race
from thidua_desktop.store import attachment_files, attachments, movements, rows, units
from thidua_desktop.store.db import database_path, transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.handover_preview import (  # noqa: F401 (the names callers use)
    CODES,
    CONFLICT,
    ERROR,
    FIELD_LABELS,
    MATCH_LABELS,
    MINE,
    NEW,
    SAME,
    STATUS_LABELS,
    THEIRS,
    UNTOUCHED,
    Difference,
    HandoverFileError,
    MergeResult,
    Preview,
    PreviewRow,
    choice_for,
    display_value,
    heading,
    value_problem,
)
from thidua_desktop.store.proposals import derived_columns as proposal_derived


@dataclass(frozen=True)
class Spec:
    table: str
    key: tuple[str, ...]  # natural key when the uids differ (references matched first)
    fields: tuple[str, ...]  # compared, and written when the file's side is taken
    refs: Mapping[str, str] = field(default_factory=dict)  # column -> table it points at
    folded: tuple[str, ...] = ()  # key columns compared folded (case and marks ignored)
    extra: tuple[str, ...] = ()  # written when the row is new, never compared
    uid: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((("uid",) if self.uid else ()) + self.key + self.fields + self.extra))


_U = "units"
_VOTE_UNITS = {"next_head_unit_id": _U, "next_deputy_unit_id": _U, "next_host_unit_id": _U}
SPECS: dict[str, Spec] = {s.table: s for s in (
    Spec("clusters", ("name",), ("name", "authority"), folded=("name",)),
    Spec("units", (), ("name", "short_name", "code", "award_track", "founded_on")),
    Spec("memberships", ("unit_id", "year"), ("cluster_id", "role", "award_track"),
         {"cluster_id": "clusters", "unit_id": _U}, uid=False),
    Spec("movements", ("cluster_id", "year", "name"),
         ("name", "kind", "doc_number", "doc_date", "doc_issuer", "start_date", "end_date", "note"),
         {"cluster_id": "clusters"}, folded=("name",)),
    Spec("registrations", ("movement_id", "unit_id"), ("registered_on", "titles", "targets"),
         {"movement_id": "movements", "unit_id": _U}, uid=False),
    Spec("reviews", ("cluster_id", "year", "kind"),
         ("held_on", "host_unit_id", "cohost_unit_id", "next_host_unit_id", "place", "note"),
         {"cluster_id": "clusters", "host_unit_id": _U, "cohost_unit_id": _U, "next_host_unit_id": _U}, uid=False),
    Spec("scoring_tables", ("cluster_id", "year"), ("title", "tie_rule"), {"cluster_id": "clusters"}),
    Spec("criteria", ("table_id", "group_code", "text"),
         ("position", "group_code", "group_title", "kind", "text", "max_points"),
         {"table_id": "scoring_tables"}, folded=("text",)),
    Spec("unit_scores", ("criterion_id", "unit_id"), ("self_score", "agreed_score", "note", "evidence"),
         {"criterion_id": "criteria", "unit_id": _U}),
    Spec("votes", ("cluster_id", "year"),
         ("held_on", "place", "chair", "secretary", "issued", "leading_places", "commend_places",
          "threshold_percent", "base", "status", "closed_at", "reopen_reason", *_VOTE_UNITS),
         {"cluster_id": "clusters", **_VOTE_UNITS}),
    Spec("vote_units", ("vote_id", "unit_id"), ("position", "present", "representative"),
         {"vote_id": "votes", "unit_id": _U}, uid=False),
    Spec("ballots", ("vote_id", "number"), ("number", "state", "marks"), {"vote_id": "votes"},
         extra=("entered_at",)),
    Spec("calendar_events", ("cluster_id", "year", "kind", "title"), ("kind", "title", "due_on", "done"),
         {"cluster_id": "clusters"}, folded=("title",)),
    Spec("proposals", ("unit_id", "year", "award_code", "vote_id"),
         ("kind", "summary", "votes_for", "votes_total", "status", "submission_number", "submission_date",
          "decision_number", "decision_date", "decision_issuer", "awarded_code", "register_number",
          "return_reason", "override_reason", "movement_id"),
         {"unit_id": _U, "movement_id": "movements", "vote_id": "votes"}, extra=("subject", "created_at")),
)}  # fmt: skip
# A unit's file: its registrations and self-scores; the rest is there to match them.
UNIT_FILE_TABLES = (
    "clusters",
    "units",
    "movements",
    "registrations",
    "scoring_tables",
    "criteria",
    "unit_scores",
)
UNIT_SCORE_FIELDS = ("self_score", "note", "evidence")
_REFERENCE_IN_UNIT_FILE = ("movements", "scoring_tables", "criteria")


def collect_year(db: sqlite_utils.Database, cluster_id: int, year: int) -> dict[str, list[dict[str, Any]]]:
    """The cluster's year as file rows: members (this year and next), movements and
    registrations, reviews, the scoring table with scores, the vote with its units and
    ballots, the calendar, the proposals the vote made, and every unit these name."""
    cluster = rows.get(db, "clusters", cluster_id)
    if cluster is None:
        raise ConstraintError(f"Không tìm thấy khối thi đua (mã {cluster_id}).")
    if not units.members(db, cluster_id, year):
        raise ConstraintError(
            f"{cluster['name']} chưa có đơn vị thành viên năm {year}: không có gì để bàn giao."
        )
    cy = (cluster_id, year)
    in_table = "SELECT c.id FROM criteria c JOIN scoring_tables t ON t.id = c.table_id WHERE t.cluster_id = ? AND t.year = ?"
    in_vote = "SELECT id FROM votes WHERE cluster_id = ? AND year = ?"
    local = {
        "clusters": _select(db, "clusters", "id = ?", (cluster_id,)),
        "memberships": _select(db, "memberships", "cluster_id = ? AND year IN (?, ?)", (cluster_id, year, year + 1)),
        "movements": _select(db, "movements", "cluster_id = ? AND year = ?", cy),
        "registrations": _select(db, "registrations", "movement_id IN (SELECT id FROM movements WHERE "
                                 "cluster_id = ? AND year = ?)", cy),
        "reviews": _select(db, "reviews", "cluster_id = ? AND year = ?", cy),
        "scoring_tables": _select(db, "scoring_tables", "cluster_id = ? AND year = ?", cy),
        "criteria": _select(db, "criteria", "table_id IN (SELECT id FROM scoring_tables WHERE cluster_id = ? "
                            "AND year = ?)", cy, order="position, id"),
        "unit_scores": _select(db, "unit_scores", f"criterion_id IN ({in_table})", cy),
        "votes": _select(db, "votes", "cluster_id = ? AND year = ?", cy),
        "vote_units": _select(db, "vote_units", f"vote_id IN ({in_vote})", cy, order="vote_id, position"),
        "ballots": _select(db, "ballots", f"vote_id IN ({in_vote})", cy, order="vote_id, number"),
        "calendar_events": _select(db, "calendar_events", "cluster_id = ? AND year = ?", cy, order="due_on, id"),
        "proposals": _select(db, "proposals", f"subject = 'tap_the' AND vote_id IN ({in_vote})", cy),
    }  # fmt: skip
    marks = _marks(db, [b["id"] for b in local["ballots"]])
    wanted = {m[1] for found in marks.values() for m in found}
    for table, found in local.items():
        for column, target in SPECS[table].refs.items():
            if target == _U:
                wanted.update(r[column] for r in found if r[column] is not None)
    local["units"] = _select(db, "units", f"id IN ({','.join('?' * len(wanted))})", sorted(wanted))
    return _to_file(db, local, marks)


def collect_unit(
    db: sqlite_utils.Database, cluster_id: int, year: int, unit_id: int
) -> dict[str, list[dict[str, Any]]]:
    """A unit's file: its registrations to the cluster's movements of the year and its
    self-scores (never the agreed scores), with the movements and the scoring table so
    the desk can match them."""
    cluster = rows.get(db, "clusters", cluster_id)
    if cluster is None:
        raise ConstraintError(f"Không tìm thấy khối thi đua (mã {cluster_id}).")
    unit = rows.get(db, "units", unit_id)
    if unit is None:
        raise ConstraintError(f"Không tìm thấy đơn vị (mã {unit_id}).")
    if unit_id not in {m["id"] for m in units.members(db, cluster_id, year)}:
        raise ConstraintError(f"“{unit['name']}” không phải thành viên {cluster['name']} năm {year}.")
    cy = (cluster_id, year)
    local = {
        "clusters": [cluster],
        "units": [unit],
        "movements": _select(db, "movements", "cluster_id = ? AND year = ?", cy),
        "registrations": _select(db, "registrations", "unit_id = ? AND movement_id IN (SELECT id FROM movements "
                                 "WHERE cluster_id = ? AND year = ?)", (unit_id, *cy)),
        "scoring_tables": _select(db, "scoring_tables", "cluster_id = ? AND year = ?", cy),
        "criteria": _select(db, "criteria", "table_id IN (SELECT id FROM scoring_tables WHERE cluster_id = ? "
                            "AND year = ?)", cy, order="position, id"),
        "unit_scores": _select(db, "unit_scores", "unit_id = ? AND criterion_id IN (SELECT c.id FROM criteria c "
                               "JOIN scoring_tables t ON t.id = c.table_id WHERE t.cluster_id = ? AND t.year = ?)",
                               (unit_id, *cy)),
    }  # fmt: skip
    tables = _to_file(db, local, {})
    for score in tables["unit_scores"]:
        score.pop("agreed_score", None)  # the unit's file carries what the unit says, not what was agreed
    return tables


def attachments_of_year(db: sqlite_utils.Database, cluster_id: int, year: int) -> attachments.ExportSet:
    """The attachments a year's file carries: those of the proposals the vote made (the
    ones ``collect_year`` carries) and the dossiers of the year, and of no year, of the
    units that are members that year. Each checked by hash; the bad ones in ``problems``."""
    if database_path(db) is None:  # a database in memory has no attachment folder
        return attachments.ExportSet()
    cy = (cluster_id, year)
    proposal_ids = [r[0] for r in db.conn.execute(
        "SELECT id FROM proposals WHERE subject = 'tap_the' AND vote_id IN "
        "(SELECT id FROM votes WHERE cluster_id = ? AND year = ?) ORDER BY id", cy)]  # fmt: skip
    unit_ids = [r[0] for r in db.conn.execute(
        "SELECT unit_id FROM memberships WHERE cluster_id = ? AND year = ? ORDER BY unit_id", cy)]  # fmt: skip
    return attachments.for_export(db, proposal_ids, unit_ids, year=year)


def attachments_of_unit(db: sqlite_utils.Database, year: int, unit_id: int) -> attachments.ExportSet:
    """The attachments a unit's file carries: its dossier of the year (and of no year)."""
    if database_path(db) is None:
        return attachments.ExportSet()
    return attachments.for_export(db, (), [unit_id], year=year)


def _select(db, table: str, where: str, params: Iterable[Any], *, order: str = "id") -> list[dict[str, Any]]:
    return list(db.query(f'SELECT * FROM "{table}" WHERE {where} ORDER BY {order}', list(params)))


def _marks(db, ballot_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    out: dict[int, list[tuple[str, int]]] = {b: [] for b in ballot_ids}
    if ballot_ids:
        for ballot_id, race, unit_id in db.conn.execute(
            f"SELECT ballot_id, race, unit_id FROM ballot_marks WHERE ballot_id IN ({','.join('?' * len(ballot_ids))}) "
            "ORDER BY id",
            ballot_ids,
        ):
            out[ballot_id].append((race, unit_id))
    return out


def _to_file(db, local: dict[str, list[dict[str, Any]]], marks: dict[int, list[tuple[str, int]]]) -> dict:
    uid_of = {table: {r["id"]: r["uid"] for r in found} for table, found in local.items() if SPECS[table].uid}
    out: dict[str, list[dict[str, Any]]] = {}
    for table, found in local.items():
        spec = SPECS[table]
        file_rows = []
        for r in found:
            row: dict[str, Any] = {}
            for column in spec.columns:
                if column == "marks":
                    row[column] = sorted([race, uid_of[_U][u]] for race, u in marks.get(r["id"], []))
                elif column in spec.refs:
                    row[column] = uid_of.get(spec.refs[column], {}).get(r[column])
                else:
                    row[column] = r[column]
            if table == _U:  # every name it has had, so the other desk can match it by name
                row["names"] = [n for (n,) in db.conn.execute(
                    "SELECT name FROM unit_names WHERE unit_id = ? ORDER BY valid_from IS NOT NULL, valid_from",
                    (r["id"],))]  # fmt: skip
            file_rows.append(row)
        out[table] = file_rows
    return out


# --- preview and merge -------------------------------------------------------------------------------
class Contents(Protocol):
    """The attachments' content a hand-over file carries (``reports.handover_file.Contents``)."""

    def problem(self, meta: dict[str, Any]) -> str | None: ...

    def read(self, meta: dict[str, Any]) -> tuple[bytes | None, str | None]: ...


def plan(
    db: sqlite_utils.Database,
    manifest: dict[str, Any],
    tables: dict[str, list[dict[str, Any]]],
    *,
    cluster_id: int | None = None,
    contents: Contents | None = None,
) -> Preview:
    """What merging the file would do; reads only. ``cluster_id``: the cluster the user
    is working on; a file for another one is refused. ``contents``: the attachments'
    content (without it, the file's attachments are errors)."""
    planner = _Planner(db, manifest, tables, cluster_id=cluster_id, contents=contents)
    planner.run()
    return Preview(manifest["kind"], manifest, planner.cluster_id, planner.rows)


def apply(
    db: sqlite_utils.Database,
    manifest: dict[str, Any],
    tables: dict[str, list[dict[str, Any]]],
    choices: Mapping[str, str] | str | None = None,
    *,
    cluster_id: int | None = None,
    contents: Contents | None = None,
) -> MergeResult:
    """Merge the file in one transaction: all of it or nothing (files of attachments
    written before a failure stay unreferenced until ``attachments.prune``)."""
    with transaction(db):
        planner = _Planner(db, manifest, tables, cluster_id=cluster_id, choices=choices, write=True,
                           contents=contents)  # fmt: skip
        planner.run()
    return planner.result


class _New:
    """A row the file brings that this desk does not have yet (before it is written)."""

    __slots__ = ("label",)

    def __init__(self, label: str):
        self.label = label

    def __repr__(self) -> str:
        return f"<new {self.label}>"


class _Planner:
    def __init__(self, db, manifest, tables, *, cluster_id=None, choices=None, write=False, contents=None):
        self.db, self.manifest, self.write, self.choices = db, manifest, write, choices
        self.contents = contents
        self.attachments = tables.get("attachments") or []
        self.kind, self.year = manifest["kind"], manifest["year"]
        self.wanted_cluster = cluster_id
        self.cluster_id: int | None = None
        self.tables = {t: tables.get(t) or [] for t in (SPECS if self.kind == "year" else UNIT_FILE_TABLES)}
        self.by_uid = {
            t: {r["uid"]: r for r in found if isinstance(r.get("uid"), str)}
            for t, found in self.tables.items()
        }
        self.ids: dict[str, dict[str, Any]] = {t: {} for t in SPECS}  # file uid -> local id or _New
        self.broken: dict[str, dict[str, str]] = {t: {} for t in SPECS}  # file uid -> why it is unusable
        self.rows: list[PreviewRow] = []
        self.result = MergeResult()
        # votes closed on this desk before the merge: local id -> status of the vote's row
        self.closed_votes = {
            vid: "" for (vid,) in db.conn.execute("SELECT id FROM votes WHERE status = 'da_khoa'")
        }
        self.votes_taken: set[int] = set()

    # -- the passes --
    def run(self) -> None:
        self._cluster()
        self._units()
        for table in self.tables:
            if table in ("clusters", "units"):
                continue
            reference = self.kind == "unit" and table in _REFERENCE_IN_UNIT_FILE
            self._table(SPECS[table], reference=reference)
        self._attachments()

    def _cluster(self) -> None:
        info = self.manifest["cluster"]
        theirs = self.by_uid["clusters"].get(info["uid"])
        if theirs is None or not isinstance(theirs.get("name"), str) or value_problem("clusters", theirs):
            theirs = {"uid": info["uid"], "name": info["name"], "authority": str(info.get("authority") or "")}
        local = self._one("SELECT * FROM clusters WHERE uid = ?", (theirs["uid"],))
        if local is None:
            same_name = [
                c for c in self.db.query("SELECT * FROM clusters") if fold(c["name"]) == fold(theirs["name"])
            ]
            local = same_name[0] if len(same_name) == 1 else None
        name = f"{theirs['name']}, năm {self.year}"
        if self.wanted_cluster is not None and (local is None or local["id"] != self.wanted_cluster):
            chosen = rows.get(self.db, "clusters", self.wanted_cluster)
            raise HandoverFileError(
                f"Tệp này là của {name}, không phải của {chosen['name'] if chosen else 'khối đang chọn'}. "
                f"Hãy chọn đúng tệp của khối, hoặc chọn khối đó trước khi nhận tệp. {UNTOUCHED}"
            )
        if local is None:
            mine = [c["name"] for c in self.db.query("SELECT name FROM clusters ORDER BY id")]
            if mine or self.kind == "unit":
                raise HandoverFileError(
                    f"Tệp này là của {name}; bàn này không theo dõi khối đó"
                    + (f" (chỉ có: {', '.join(mine)})" if mine else "")
                    + ". Nếu đúng là cùng một khối mà tên ghi khác, hãy sửa tên khối ở bàn này cho giống "
                    f"rồi nhận lại tệp. {UNTOUCHED}"
                )
        if self.kind == "unit":  # a unit's file names the cluster; it never changes it
            self.ids["clusters"][theirs["uid"]] = self.cluster_id = local["id"]
            return
        spec = SPECS["clusters"]
        values = rows.clean({c: theirs.get(c) for c in spec.fields})
        key = f"clusters:{theirs['uid']}"
        if local is None:
            self._emit(PreviewRow("clusters", key, theirs["name"], NEW))
            new_id = units.create_cluster(self.db, values["name"], values.get("authority") or "", uid=theirs["uid"]) \
                if self.write else _New(theirs["name"])  # fmt: skip
            self._count_insert("clusters", new_id)
        else:
            diffs = self._diffs(spec, local, values)
            row = PreviewRow("clusters", key, theirs["name"], CONFLICT if diffs else SAME, diffs)
            self._emit(row)
            if diffs and self._take(row):
                rows.update(self.db, "clusters", local["id"], {d.field: d.theirs for d in diffs})
            new_id = local["id"]
        self.ids["clusters"][theirs["uid"]] = new_id
        self.cluster_id = new_id if isinstance(new_id, int) else None

    def _units(self) -> None:
        index = _UnitIndex(self.db)
        spec, claimed = SPECS[_U], set()
        unit_file = self.kind == "unit"
        sender = (self.manifest.get("unit") or {}).get("uid")
        for theirs in self.tables[_U]:
            uid, label = theirs.get("uid"), theirs.get("name") or "(không tên)"
            key = f"units:{uid}"
            if (
                not isinstance(uid, str)
                or not uid
                or not isinstance(theirs.get("name"), str)
                or not theirs["name"]
            ):
                self._error(_U, key, label, uid, "Tệp thiếu mã định danh hoặc tên của đơn vị.")
                continue
            if unit_file and uid != sender:
                continue
            problem = value_problem(_U, {c: theirs.get(c) for c in spec.fields})
            if problem or not all(isinstance(n, str) for n in theirs.get("names") or []):
                self._error(_U, key, label, uid, problem or "Tên cũ của đơn vị trong tệp không đọc được.")
                continue
            local, how = index.match(theirs)
            if local is not None and local["id"] in claimed:
                self._error(_U, key, label, uid, f"Trùng với một đơn vị khác trong tệp (“{local['name']}”).")
                continue
            if local is None:
                if unit_file:
                    self._error(_U, key, label, uid, "Bàn này chưa có đơn vị này (không khớp mã định danh, mã đơn "
                                "vị hay tên). Hãy thêm đơn vị vào khối trước rồi nhận lại tệp.")  # fmt: skip
                    continue
                self._emit(PreviewRow(_U, key, label, NEW, note="Đơn vị mới ở bàn này."))
                new_id = _New(label)
                if self.write:
                    v = rows.clean({c: theirs.get(c) for c in spec.fields})
                    new_id = units.create_unit(self.db, v["name"], short_name=v.get("short_name") or "",
                                               code=v.get("code") or "", award_track=AwardTrack(v.get("award_track") or "dan_su"),
                                               founded_on=v.get("founded_on"), uid=uid)  # fmt: skip
                self._count_insert(_U, new_id)
                self.ids[_U][uid] = new_id
                continue
            claimed.add(local["id"])
            note = f"Khớp với “{local['name']}” theo {MATCH_LABELS[how]}."
            if unit_file:
                member = self.db.conn.execute(
                    "SELECT 1 FROM memberships WHERE cluster_id = ? AND unit_id = ? AND year = ?",
                    (self.cluster_id, local["id"], self.year),
                ).fetchone()
                if not member:
                    self._error(_U, key, label, uid, f"{note} Nhưng đơn vị không phải thành viên khối năm {self.year} "
                                "ở bàn này.")  # fmt: skip
                    continue
                self._emit(PreviewRow(_U, key, label, SAME, note=note, matched_by=how))
            else:
                values = rows.clean(
                    {c: theirs.get(c) for c in spec.fields if theirs.get(c) not in (None, "")}
                )
                diffs = self._diffs(spec, local, values, only=tuple(values))
                row = PreviewRow(_U, key, label, CONFLICT if diffs else SAME, diffs, note, how)
                self._emit(row)
                if diffs and self._take(row):
                    units.update_unit(self.db, local["id"], **{d.field: d.theirs for d in diffs})
                    self._count_update(_U)
            self.ids[_U][uid] = local["id"]

    def _table(self, spec: Spec, *, reference: bool) -> None:
        """Match every row of one table; emit the preview rows; in a merge, write them."""
        claimed: set[int] = set()
        planned = []
        for theirs in self.tables[spec.table]:
            item = self._plan_row(spec, theirs, claimed, reference=reference)
            if item is not None:
                planned.append(item)
        if not self.write or reference:
            return
        if spec.table == "vote_units":
            # numbers on the ballot are unique per vote: move the changed ones aside first
            for row, local, _values in planned:
                taken = row.status == CONFLICT and choice_for(self.choices, row) == THEIRS
                if taken and any(d.field == "position" for d in row.differences):
                    rows.update(self.db, "vote_units", local["id"], {"position": local["position"] + 100_000})
        for row, local, values in planned:
            if row.status == NEW:
                new_id = self._insert(spec, values)
                self._count_insert(spec.table, new_id)
                if spec.uid:
                    self.ids[spec.table][values["uid"]] = new_id
            elif row.status == CONFLICT and self._take(row):
                self._update(spec, local, values, row.differences)
                self._count_update(spec.table)

    def _plan_row(self, spec: Spec, theirs: dict[str, Any], claimed: set[int], *, reference: bool):
        table = spec.table
        uid = theirs.get("uid") if spec.uid else None
        key = f"{table}:{uid}" if spec.uid else f"{table}:" + "|".join(str(theirs.get(k)) for k in spec.key)
        label = self._label(table, theirs)
        fields = UNIT_SCORE_FIELDS if (self.kind == "unit" and table == "unit_scores") else spec.fields

        def fail(why: str):
            if reference:
                if uid:
                    self.broken[table][uid] = why
            else:
                self._error(table, key, label, uid, why)

        if spec.uid and (not uid or not isinstance(uid, str)):
            uid = None
            return fail("Tệp thiếu mã định danh của dòng này.")
        values: dict[str, Any] = {"uid": uid} if spec.uid else {}
        plain = {}
        for column in spec.columns:
            if column == "uid" or (column not in theirs and column not in spec.key):
                continue
            value = theirs.get(column)
            if column in spec.refs:
                value, problem = self._resolve(spec.refs[column], value)
                if problem:
                    return fail(problem)
                values[column] = value
            elif column == "marks":
                resolved = []
                if not isinstance(value, list) or not all(isinstance(m, list) and len(m) == 2 for m in value):
                    return fail("Phiếu có đánh dấu không đọc được.")
                for race, unit_uid in value:
                    unit, problem = self._resolve(_U, unit_uid)
                    if problem or unit is None or race not in {r.value for r in Race}:
                        return fail(problem or "Phiếu có đánh dấu không đọc được.")
                    resolved.append((race, unit))
                values[column] = resolved
            else:
                plain[column] = value
        problem = value_problem(table, plain)
        if problem:
            return fail(problem)
        values.update(rows.clean(plain))
        missing = [k for k in spec.key if values.get(k) is None and k not in ("vote_id",)]
        if missing:
            return fail(f"Tệp thiếu {', '.join(FIELD_LABELS.get(k, k).lower() for k in missing)}.")
        if self.kind == "unit" and table in ("registrations", "unit_scores"):
            sender = self.ids[_U].get((self.manifest.get("unit") or {}).get("uid"))
            if sender is None or values.get("unit_id") != sender:
                return fail(
                    "Dòng này không thuộc đơn vị gửi tệp; chỉ nhận đăng ký và điểm tự chấm của đơn vị đó."
                )
        if table == "unit_scores":
            problem = self._score_problem(values, fields)
            if problem:
                return fail(problem)

        local = self._find(spec, uid, values, claimed)
        if isinstance(local, str):
            return fail(local)
        if reference:
            if local is None:
                self.broken[table][uid] = (f"Bàn này chưa có {rows.TABLE_LABELS[table]} “{label}”; hãy nhận tệp bàn "
                                           "giao của khối trước.")  # fmt: skip
            else:
                self.ids[table][uid] = local["id"]
            return None
        if local is None:
            row = PreviewRow(table, key, label, NEW)
            if spec.uid:
                self.ids[table][uid] = _New(label)
        else:
            claimed.add(local["id"])
            diffs = self._diffs(spec, local, values, only=fields)
            row = PreviewRow(table, key, label, CONFLICT if diffs else SAME, diffs)
            if spec.uid:
                self.ids[table][uid] = local["id"]
        if table == "votes" and local is not None and local["id"] in self.closed_votes:
            self.closed_votes[local["id"]] = row.status
            if row.status == CONFLICT and self.write and choice_for(self.choices, row) == THEIRS:
                self.votes_taken.add(local["id"])
        if table in ("vote_units", "ballots") and row.status != SAME:
            vote = values.get("vote_id")
            if isinstance(vote, int) and vote in self.closed_votes and vote not in self.votes_taken:
                if self.closed_votes[vote] != CONFLICT:
                    return fail(f"Cuộc bỏ phiếu năm {self.year} ở bàn này đã khóa, mà tệp có phiếu khác. Muốn nhận "
                                "theo tệp, hãy mở lại cuộc bỏ phiếu (ghi lý do) rồi nhận lại tệp.")  # fmt: skip
                row.note = ("Cuộc bỏ phiếu ở bàn này đã khóa: dòng này chỉ được ghi nếu chọn “lấy theo tệp” cho "
                            "cuộc bỏ phiếu.")  # fmt: skip
                if self.write:  # the vote stays as this desk has it: so do its units and ballots
                    self._emit(row)
                    self.result.kept += 1
                    return None
        self._emit(row)
        return row, local, values

    def _attachments(self) -> None:
        """The files the file carries, after the rows they belong to (see the module's
        docstring); in a merge each new one goes through ``attachments.import_blob``. The
        content is checked (hashed) only for those not here yet: nothing else is taken."""
        seen: set[Any] = set()
        for meta in self.attachments:
            label = self._attachment_label(meta)
            key = f"attachments:{meta.get('uid')}"
            problem = _attachment_problem(meta)
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
            info = f"{checklist.kind_label(meta['kind'])}, {_size_text(meta['size'])}"
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
        table, uid = ("proposals", proposal) if proposal else (_U, unit)
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
                f"({exc.strerror or exc}). Hãy kiểm tra ổ đĩa còn chỗ trống và quyền ghi vào thư mục đó rồi "
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
            owner = (f"đề nghị {award_name(p.get('award_code'))} – {self._name(_U, p.get('unit_id'))}" if p
                     else "đề nghị không có trong tệp")  # fmt: skip
        elif unit:
            year = meta.get("year")
            owner = f"hồ sơ {self._name(_U, unit)}" + (f" năm {year}" if year else "")
        else:
            owner = "không rõ thuộc hồ sơ nào"
        return f"{name} – {owner}"

    # -- matching --
    def _resolve(self, table: str, uid: Any) -> tuple[Any, str | None]:
        if uid is None:
            return None, None
        if not isinstance(uid, str):
            return None, "Tệp ghi tham chiếu không đọc được."
        if uid in self.ids[table]:
            return self.ids[table][uid], None
        if uid in self.broken[table]:
            return None, self.broken[table][uid]
        return None, f"Tệp không có {rows.TABLE_LABELS.get(table, table)} mà dòng này nhắc tới."

    def _find(self, spec: Spec, uid: str | None, values: dict[str, Any], claimed: set[int]):
        """This desk's row for the arriving one: a dict, None (new), or why it is an error."""
        table = spec.table
        if uid:
            local = self._one(f'SELECT * FROM "{table}" WHERE uid = ?', (uid,))
            if local is not None:
                if local["id"] in claimed:
                    return "Dòng này trùng với một dòng khác trong tệp."
                return local
        keys = [values.get(k) for k in spec.key]
        if any(isinstance(v, _New) for v in keys):
            return None  # its parent is new: so is it
        plain = [k for k in spec.key if k not in spec.folded]
        where = " AND ".join(f'"{k}" IS ?' for k in plain) or "1"
        found = [
            r for r in self.db.query(f'SELECT * FROM "{table}" WHERE {where} ORDER BY id', [values[k] for k in plain])
            if all(fold(r[k]) == fold(values[k]) for k in spec.folded)
        ]  # fmt: skip
        if table == "proposals":  # only the vote's own proposals, not others of the same unit and award
            found = [r for r in found if r["vote_id"] is not None]
        free = [r for r in found if r["id"] not in claimed]
        if found and not free:
            return "Dòng này trùng với một dòng khác trong tệp."
        return free[0] if free else None

    def _diffs(
        self, spec: Spec, local: dict[str, Any], values: dict[str, Any], *, only=None
    ) -> list[Difference]:
        out = []
        for column in only or spec.fields:
            if column not in values:
                continue
            theirs = values[column]
            mine = self._local_marks(local["id"]) if column == "marks" else local[column]
            if _same(mine, theirs):
                continue
            out.append(Difference(column, FIELD_LABELS.get(column, column), mine, theirs,
                                  self._show(spec, column, mine), self._show(spec, column, theirs)))  # fmt: skip
        return out

    def _score_problem(self, values: dict[str, Any], fields: tuple[str, ...]) -> str | None:
        criterion = values.get("criterion_id")
        if isinstance(criterion, int):
            c = rows.get(self.db, "criteria", criterion)
        else:  # a criterion the file brings: check against the file's maximum
            c = next((r for r in self.tables.get("criteria", []) if self.ids["criteria"].get(r.get("uid")) is criterion),
                     None)  # fmt: skip
        if c is None:
            return None
        try:
            rule = scoring_rules.Criterion(0, c["group_code"], c.get("group_title") or "",
                                           scoring_rules.ItemKind(c["kind"]), c["text"], float(c["max_points"]))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            return "Tiêu chí chấm điểm trong tệp không đọc được."
        for column in ("self_score", "agreed_score"):
            value = values.get(column)
            if column not in fields or value is None:
                continue
            if not isinstance(value, int | float):
                return f"{FIELD_LABELS[column]} “{value}” không phải là số."
            problem = scoring_rules.score_problem(rule, float(value))
            if problem:
                return f"{FIELD_LABELS[column]} {value:g}: {problem}"
        return None

    # -- writing --
    def _take(self, row: PreviewRow) -> bool:
        taken = choice_for(self.choices, row) == THEIRS
        if self.write and not taken:
            self.result.kept += 1
        return taken

    def _insert(self, spec: Spec, values: dict[str, Any]) -> int:
        db, table = self.db, spec.table
        data = {c: values.get(c) for c in spec.columns if c != "marks" and c in values}
        if table == "memberships":
            return units.set_membership(db, data["cluster_id"], data["unit_id"], data["year"],
                                        Role(data.get("role") or "thanh_vien"),
                                        AwardTrack(data["award_track"]) if data.get("award_track") else None)  # fmt: skip
        if table == "movements":
            data.pop("year")
            return movements.create_movement(db, data.pop("name"), values["year"], **data)
        if table == "unit_scores" and self.kind == "unit":
            data.pop("agreed_score", None)
        if table == "proposals":
            data["subject"] = "tap_the"
            data.update(self._proposal_derived({**data}))
        row_id = rows.insert(db, table, data)
        if table == "ballots":
            for race, unit_id in values.get("marks") or []:
                rows.insert(db, "ballot_marks", {"ballot_id": row_id, "race": race, "unit_id": unit_id})
        return row_id

    def _update(
        self, spec: Spec, local: dict[str, Any], values: dict[str, Any], diffs: list[Difference]
    ) -> None:
        db, table = self.db, spec.table
        changes = {d.field: values[d.field] for d in diffs}
        if table == "memberships":
            merged = {**local, **changes}
            units.set_membership(db, merged["cluster_id"], local["unit_id"], local["year"], Role(merged["role"]),
                                 AwardTrack(merged["award_track"]))  # fmt: skip
        elif table == "movements":
            movements.update_movement(db, local["id"], **changes)
        elif table == "ballots":
            marks = changes.pop("marks", None)
            rows.update(db, table, local["id"], changes)
            if marks is not None:
                for (mark_id,) in db.conn.execute(
                    "SELECT id FROM ballot_marks WHERE ballot_id = ?", (local["id"],)
                ).fetchall():
                    rows.delete(db, "ballot_marks", mark_id)
                for race, unit_id in marks:
                    rows.insert(
                        db, "ballot_marks", {"ballot_id": local["id"], "race": race, "unit_id": unit_id}
                    )
        elif table == "proposals":
            rows.update(db, table, local["id"], {**changes, **self._proposal_derived({**local, **changes})})
        else:
            rows.update(db, table, local["id"], changes)

    def _proposal_derived(self, p: dict[str, Any]) -> dict[str, str]:
        unit = rows.get(self.db, "units", p["unit_id"])
        return proposal_derived(unit["name"], False, p["award_code"],
                                (p.get("decision_number") or "", p.get("submission_number") or ""))  # fmt: skip

    # -- bookkeeping --
    def _emit(self, row: PreviewRow) -> None:
        self.rows.append(row)

    def _error(self, table: str, key: str, label: str, uid: str | None, why: str) -> None:
        self._emit(PreviewRow(table, key, label, ERROR, note=why))
        if uid:
            self.broken[table][uid] = (
                f"{heading(rows.TABLE_LABELS.get(table, table))} “{label}” bị lỗi: {why}"
            )
        if self.write:
            self.result.errors += 1

    def _count_insert(self, table: str, new_id: Any) -> None:
        if self.write and isinstance(new_id, int):
            self.result.inserted[table] = self.result.inserted.get(table, 0) + 1

    def _count_update(self, table: str) -> None:
        self.result.updated[table] = self.result.updated.get(table, 0) + 1

    def _one(self, sql: str, params: tuple) -> dict[str, Any] | None:
        return next(self.db.query(sql, params), None)

    def _local_marks(self, ballot_id: int) -> list[tuple[str, int]]:
        return sorted(
            (r, u)
            for r, u in self.db.conn.execute(
                "SELECT race, unit_id FROM ballot_marks WHERE ballot_id = ?", (ballot_id,)
            )  # fmt: skip
        )

    # -- words --
    def _name(self, table: str, uid: Any) -> str:
        """A referenced row of the file, as a person reads it."""
        r = self.by_uid.get(table, {}).get(uid) if isinstance(uid, str) else None
        if r is None:
            return "?"
        if table == "criteria":
            return f"{r.get('group_code')}. {r.get('text')}"
        if table == "votes":
            return f"bỏ phiếu năm {r.get('year')}"
        if table == "scoring_tables":
            return r.get("title") or f"bảng điểm năm {r.get('year')}"
        return str(r.get("name") or r.get("title") or "?")

    def _label(self, table: str, r: dict[str, Any]) -> str:
        unit = self._name(_U, r.get("unit_id"))
        year = r.get("year", self.year)
        labels = {
            "memberships": lambda: f"{unit}, năm {year}",
            "movements": lambda: f"{r.get('name')} ({year})",
            "registrations": lambda: f"{unit} – {self._name('movements', r.get('movement_id'))}",
            "reviews": lambda: f"{ReviewKind.labels().get(r.get('kind'), r.get('kind'))} năm {year}",
            "scoring_tables": lambda: r.get("title") or f"Bảng điểm năm {year}",
            "criteria": lambda: f"{r.get('group_code')}. {r.get('text')}",
            "unit_scores": lambda: f"{unit} – {self._name('criteria', r.get('criterion_id'))}",
            "votes": lambda: f"Bỏ phiếu năm {year}",
            "vote_units": lambda: f"Số {r.get('position')} trên phiếu: {unit}",
            "ballots": lambda: f"Phiếu số {r.get('number')}",
            "calendar_events": lambda: f"{r.get('title')} ({format_vn_date(r.get('due_on'))})",
            "proposals": lambda: f"{award_name(r.get('award_code'))} – {unit}",
        }
        return str(labels[table]() if table in labels else r.get("name") or "?")

    def _show(self, spec: Spec, column: str, value: Any) -> str:
        if value is None or value == "":
            return "(trống)"
        if isinstance(value, _New):
            return f"{value.label} (mới)"
        if column in spec.refs:
            return self._local_label(spec.refs[column], value)
        if column == "marks":
            parts = []
            for race in Race:
                chosen = [self._show(SPECS["vote_units"], "unit_id", u) for r, u in value if r == race.value]
                if chosen:
                    parts.append(f"{RACE_LABELS[race]}: {', '.join(chosen)}")
            return "; ".join(parts) or "(không chọn)"
        return display_value(spec.table, column, value)

    def _local_label(self, table: str, row_id: int) -> str:
        r = rows.get(self.db, table, row_id)
        if r is None:
            return "?"
        if table == "criteria":
            return f"{r['group_code']}. {r['text']}"
        if table == "votes":
            return f"bỏ phiếu năm {r['year']}"
        return str(r.get("name") or r.get("title") or row_id)


_SHA = re.compile(r"^[0-9a-f]{64}$")


def _attachment_problem(meta: dict[str, Any]) -> str | None:
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


def _size_text(size: int) -> str:
    return f"{vn_number(size)} byte" if size < 1024 else f"{vn_number(max(1, round(size / 1024)))} KB"


def _same(mine: Any, theirs: Any) -> bool:
    if isinstance(theirs, _New):
        return False
    if mine in (None, "") and theirs in (None, ""):
        return True
    if isinstance(mine, list) or isinstance(theirs, list):
        if any(isinstance(part, _New) for mark in theirs or [] for part in mark):
            return False
        return sorted(map(tuple, mine or [])) == sorted(map(tuple, theirs or []))
    return mine == theirs


class _UnitIndex:
    """This desk's units by uid, by folded code and by every folded name they have had."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.by_code: dict[str, set[int]] = {}
        self.by_name: dict[str, set[int]] = {}
        for unit_id, code, name in db.conn.execute("SELECT id, code, name FROM units"):
            if code:
                self.by_code.setdefault(fold(code), set()).add(unit_id)
            self.by_name.setdefault(fold(name), set()).add(unit_id)
        for unit_id, name in db.conn.execute("SELECT unit_id, name FROM unit_names"):
            self.by_name.setdefault(fold(name), set()).add(unit_id)

    def match(self, theirs: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        found = self._get("SELECT * FROM units WHERE uid = ?", theirs.get("uid"))
        if found:
            return found, "uid"
        code = fold(theirs.get("code") or "")
        if code and len(self.by_code.get(code, ())) == 1:
            return self._get("SELECT * FROM units WHERE id = ?", next(iter(self.by_code[code]))), "code"
        names = {fold(n) for n in [theirs.get("name"), *(theirs.get("names") or [])] if n}
        ids = set().union(*(self.by_name.get(n, set()) for n in names)) if names else set()
        if len(ids) == 1:
            return self._get("SELECT * FROM units WHERE id = ?", next(iter(ids))), "name"
        return None, ""

    def _get(self, sql: str, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        try:
            return next(self.db.query(sql, (value,)), None)
        except sqlite3.Error:
            return None
