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

from collections.abc import Mapping
from typing import Any, Protocol

import sqlite_utils

from thidua_desktop.domain.dates import format_vn_date
from thidua_desktop.domain.models import AwardTrack, ReviewKind, Role
from thidua_desktop.domain.text import fold
from thidua_desktop.rules import scoring as scoring_rules
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.rules.voting import RACE_LABELS, Race
from thidua_desktop.store import rows
from thidua_desktop.store.cluster import scoring as cluster_scoring
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.handover.arriving_files import AttachmentSteps
from thidua_desktop.store.handover.matching import New, UnitIndex, same
from thidua_desktop.store.handover.preview import (
    CONFLICT,
    ERROR,
    FIELD_LABELS,
    MATCH_LABELS,
    NEW,
    SAME,
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
from thidua_desktop.store.handover.tables import (
    REFERENCE_IN_UNIT_FILE,
    SPECS,
    UNIT_FILE_TABLES,
    UNIT_SCORE_FIELDS,
    Spec,
    U,
)
from thidua_desktop.store.records import movements, units
from thidua_desktop.store.records.proposals import derived_columns as proposal_derived


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


class _Planner(AttachmentSteps):
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
        self.ids: dict[str, dict[str, Any]] = {t: {} for t in SPECS}  # file uid -> local id or New
        self.broken: dict[str, dict[str, str]] = {t: {} for t in SPECS}  # file uid -> why it is unusable
        self.rows: list[PreviewRow] = []
        self.result = MergeResult()
        # votes closed on this desk before the merge: local id -> status of the vote's row
        self.closed_votes = {
            vid: "" for (vid,) in db.conn.execute("SELECT id FROM votes WHERE status = 'da_khoa'")
        }
        self.votes_taken: set[int] = set()
        # scoring tables of a year whose vote is closed here, and their criteria: frozen as adopted
        self.closed_tables, self.closed_criteria = cluster_scoring.frozen_tables(db)

    # -- the passes --
    def run(self) -> None:
        self._cluster()
        self._units()
        for table in self.tables:
            if table in ("clusters", "units"):
                continue
            reference = self.kind == "unit" and table in REFERENCE_IN_UNIT_FILE
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
                if self.write else New(theirs["name"])  # fmt: skip
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
        index = UnitIndex(self.db)
        spec, claimed = SPECS[U], set()
        unit_file = self.kind == "unit"
        sender = (self.manifest.get("unit") or {}).get("uid")
        for theirs in self.tables[U]:
            uid, label = theirs.get("uid"), theirs.get("name") or "(không tên)"
            key = f"units:{uid}"
            if (
                not isinstance(uid, str)
                or not uid
                or not isinstance(theirs.get("name"), str)
                or not theirs["name"]
            ):
                self._error(U, key, label, uid, "Tệp thiếu mã định danh hoặc tên của đơn vị.")
                continue
            if unit_file and uid != sender:
                continue
            problem = value_problem(U, {c: theirs.get(c) for c in spec.fields})
            if problem or not all(isinstance(n, str) for n in theirs.get("names") or []):
                self._error(U, key, label, uid, problem or "Tên cũ của đơn vị trong tệp không đọc được.")
                continue
            local, how = index.match(theirs)
            if local is not None and local["id"] in claimed:
                self._error(U, key, label, uid, f"Trùng với một đơn vị khác trong tệp (“{local['name']}”).")
                continue
            if local is None:
                if unit_file:
                    self._error(U, key, label, uid, "Bàn này chưa có đơn vị này (không khớp mã định danh, mã đơn "
                                "vị hay tên). Hãy thêm đơn vị vào khối trước rồi nhận lại tệp.")  # fmt: skip
                    continue
                self._emit(PreviewRow(U, key, label, NEW, note="Đơn vị mới ở bàn này."))
                new_id = New(label)
                if self.write:
                    v = rows.clean({c: theirs.get(c) for c in spec.fields})
                    new_id = units.create_unit(self.db, v["name"], short_name=v.get("short_name") or "",
                                               code=v.get("code") or "", award_track=AwardTrack(v.get("award_track") or "dan_su"),
                                               founded_on=v.get("founded_on"), uid=uid)  # fmt: skip
                self._count_insert(U, new_id)
                self.ids[U][uid] = new_id
                continue
            claimed.add(local["id"])
            note = f"Khớp với “{local['name']}” theo {MATCH_LABELS[how]}."
            if unit_file:
                member = self.db.conn.execute(
                    "SELECT 1 FROM memberships WHERE cluster_id = ? AND unit_id = ? AND year = ?",
                    (self.cluster_id, local["id"], self.year),
                ).fetchone()
                if not member:
                    self._error(U, key, label, uid, f"{note} Nhưng đơn vị không phải thành viên khối năm {self.year} "
                                "ở bàn này.")  # fmt: skip
                    continue
                self._emit(PreviewRow(U, key, label, SAME, note=note, matched_by=how))
            else:
                values = rows.clean(
                    {c: theirs.get(c) for c in spec.fields if theirs.get(c) not in (None, "")}
                )
                diffs = self._diffs(spec, local, values, only=tuple(values))
                row = PreviewRow(U, key, label, CONFLICT if diffs else SAME, diffs, note, how)
                self._emit(row)
                if diffs and self._take(row):
                    units.update_unit(self.db, local["id"], **{d.field: d.theirs for d in diffs})
                    self._count_update(U)
            self.ids[U][uid] = local["id"]

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
                    if not isinstance(race, str) or not isinstance(unit_uid, str):
                        return fail("Phiếu có đánh dấu không đọc được.")
                    unit, problem = self._resolve(U, unit_uid)
                    if problem or unit is None or race not in {r.value for r in Race}:
                        return fail(problem or "Phiếu có đánh dấu không đọc được.")
                    resolved.append((race, unit))
                values[column] = resolved
            else:
                plain[column] = value
        problem = value_problem(table, plain)
        if problem:
            return fail(problem)
        if table == "proposals" and not self._member(theirs, values):
            return fail(f"Đơn vị này không phải thành viên của khối năm {theirs.get('year')} (theo tệp và theo bàn "
                        "này), nên không nhận đề nghị khen thưởng của đơn vị qua tệp bàn giao.")  # fmt: skip
        try:
            values.update(rows.clean(plain))
        except ConstraintError as exc:  # value_problem checks the same: a second line of defence
            return fail(str(exc))
        missing = [k for k in spec.key if values.get(k) is None and k not in ("vote_id",)]
        if missing:
            return fail(f"Tệp thiếu {', '.join(FIELD_LABELS.get(k, k).lower() for k in missing)}.")
        if self.kind == "unit" and table in ("registrations", "unit_scores"):
            sender = self.ids[U].get((self.manifest.get("unit") or {}).get("uid"))
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
                self.ids[table][uid] = New(label)
        else:
            claimed.add(local["id"])
            diffs = self._diffs(spec, local, values, only=fields)
            row = PreviewRow(table, key, label, CONFLICT if diffs else SAME, diffs)
            if spec.uid:
                self.ids[table][uid] = local["id"]
        if row.status != SAME and self._frozen(table, local, values):
            return fail(cluster_scoring.frozen_in_file(self.year))
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

    def _frozen(self, table: str, local: dict[str, Any] | None, values: dict[str, Any]) -> bool:
        """The row belongs to a scoring table whose year's vote is closed here."""
        if table == "scoring_tables":
            return local is not None and local["id"] in self.closed_tables
        if table == "criteria":
            return values.get("table_id") in self.closed_tables
        if table == "unit_scores":
            return values.get("criterion_id") in self.closed_criteria
        return False

    def _member(self, theirs: dict[str, Any], values: dict[str, Any]) -> bool:
        """The proposal's unit is a member of the file's cluster in the proposal's year: by the
        file's memberships, or by this desk's."""
        year, unit_uid = theirs.get("year"), theirs.get("unit_id")
        for m in self.tables.get("memberships") or []:
            if m.get("unit_id") == unit_uid and m.get("year") == year:
                return True
        unit = values.get("unit_id")
        if not isinstance(unit, int) or not isinstance(self.cluster_id, int):
            return False
        return self._one("SELECT 1 AS found FROM memberships WHERE unit_id = ? AND year = ? AND cluster_id = ?",
                         (unit, year, self.cluster_id)) is not None  # fmt: skip

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
        if any(isinstance(v, New) for v in keys):
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
            if column == "marks" and sorted(theirs) == mine:  # the same marks, whatever the order typed
                continue
            if same(mine, theirs):
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
        unit = self._name(U, r.get("unit_id"))
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
        if isinstance(value, New):
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
