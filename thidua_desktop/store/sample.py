"""Sample data: Emulation Cluster No. 3 of Đắk Lắk with a few hundred fictional people
(scale "cluster"), or a province-scale desk of 100,000 people for benchmarks (scale
"province"). Deterministic from the seed: the same seed gives the same database."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.domain.identity import DeskIdentity
from thidua_desktop.domain.models import ReviewKind, Role
from thidua_desktop.domain.subjects import group_of_position
from thidua_desktop.domain.text import nfc, person_sort_key, search_text, vi_sort_key
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.shipped.files import resource_path
from thidua_desktop.store import backup, desk_settings, file_ops, migrations, rows
from thidua_desktop.store.db import open_database, transaction
from thidua_desktop.store.errors import ConstraintError

YEARS = (2023, 2024, 2025)
CENTRAL_ISSUERS = {"TTg": "Thủ tướng Chính phủ", "CTN": "Chủ tịch nước"}


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    extra_units: int  # units beyond the eight of Khối 3
    clusters: int
    proposals_per_person: float  # individual proposals over 2024-2025


SCALES = {
    "cluster": Scale("cluster", people=320, extra_units=0, clusters=1, proposals_per_person=0.3),
    "province": Scale("province", people=100_000, extra_units=192, clusters=30, proposals_per_person=2),
}


SAMPLE_FILE = "khoi3_daklak.json"


def _load(name: str) -> dict[str, Any]:
    return json.loads(resource_path("sample", name).read_text(encoding="utf-8"))


class _Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def uid(self) -> str:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def weighted(self, pairs: list[list]) -> Any:
        return self.rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]

    def day_in(self, year: int, month_from: int = 1, month_to: int = 12) -> date:
        start = date(year, month_from, 1)
        end = date(year + (month_to == 12), month_to % 12 + 1, 1) - timedelta(days=1)
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))


def describe() -> str:
    """What the bundled sample is, in a sentence fragment: "Khối thi đua … (8 đơn vị …)"."""
    facts = _load(SAMPLE_FILE)
    identity = facts["identity"]
    return f"{identity['agency']} ({identity['province']}, {len(facts['units'])} đơn vị, khoảng 300 cá nhân hư cấu)"


def write_new(
    path: str | Path, scale: str = "cluster", seed: int = 3, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """A new data file at ``path`` holding the sample, written under ``<path>.part`` and given
    its name only when complete: a program stopped halfway leaves no empty file with the final
    name (``--demo`` opened such a file empty for ever); the ``.part`` is removed by the next
    start (``backup.clean_leftovers``) or the next try."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    backup.remove_with_companions(tmp)
    try:
        db = open_database(tmp)
        try:
            counts = generate(db, scale, seed=seed, progress=progress)
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to rename
        finally:
            db.close()
        file_ops.replace(tmp, target)
    except BaseException:
        backup.remove_with_companions(tmp)
        raise
    return counts


def generate(
    db: sqlite_utils.Database,
    scale: str = "cluster",
    seed: int = 3,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill an empty desk database with sample data; returns rows written per table."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}")
    if not rows.is_empty(db):
        raise ConstraintError(
            "Tệp dữ liệu này đã có đơn vị, cá nhân hoặc đề nghị; dữ liệu mẫu chỉ được ghi vào "
            "tệp mới. Hãy chọn một tệp mới."
        )
    say = progress or (lambda _msg: None)
    sc = SCALES[scale]
    facts, names = _load(SAMPLE_FILE), _load("names.json")
    g = _Gen(seed)
    out: dict[str, list[dict[str, Any]]] = {}

    # Clusters and units --------------------------------------------------------------
    clusters = [{"id": 1, "uid": g.uid(), "name": facts["cluster"], "authority": facts["authority"]}]
    for n in range(2, sc.clusters + 1):
        clusters.append({"id": n, "uid": g.uid(), "name": f"Khối thi đua số {n + 1}"
                         if n > 2 else "Khối thi đua số 2", "authority": facts["authority"]})  # fmt: skip
    for c in clusters:
        c["search"] = search_text(c["name"])
    out["clusters"] = clusters

    units: list[dict[str, Any]] = []
    unit_names: list[dict[str, Any]] = []
    unit_kind: dict[int, str] = {}
    for i, u in enumerate(facts["units"], start=1):
        units.append({"id": i, "uid": g.uid(), "code": u["code"], "name": u["name"],
                      "short_name": u["short_name"], "award_track": u["track"]})  # fmt: skip
        unit_kind[i] = u["kind"]
        renamed = u.get("renamed")
        unit_names.append({"unit_id": i, "name": u["name"], "short_name": u["short_name"],
                           "valid_from": None,
                           "valid_to": (date.fromisoformat(renamed["on"]) - timedelta(days=1)).isoformat()
                           if renamed else None})  # fmt: skip
        if renamed:
            unit_names.append({"unit_id": i, "name": renamed["name"], "short_name": renamed["short_name"],
                               "valid_from": renamed["on"], "valid_to": None})  # fmt: skip
            units[-1].update(name=renamed["name"], short_name=renamed["short_name"])
    for n in range(sc.extra_units):
        uid_ = len(units) + 1
        name = f"{g.rng.choice(names['province_units'])} {g.rng.choice(names['places'])} {n + 1}"
        units.append({"id": uid_, "uid": g.uid(), "code": f"DV{uid_:03d}", "name": name,
                      "short_name": "", "award_track": "dan_su"})  # fmt: skip
        unit_kind[uid_] = "civil"
        unit_names.append({"unit_id": uid_, "name": name, "short_name": "", "valid_from": None,
                           "valid_to": None})  # fmt: skip
    # who heads each unit decides its own people's grassroots titles and Giấy khen (Law 06/2022
    # Art. 80.1, 80.5): "Giám đốc Công an tỉnh", numbered "…/QĐ-CAT"
    head_of = {i: f"{u['head']} {u['name']}" for i, u in enumerate(facts["units"], start=1)}
    for u in units[len(facts["units"]) :]:
        head_of[u["id"]] = f"Giám đốc {u['name']}"
    province_issuer = f"Chủ tịch {facts['authority']}"
    code_of = {u["id"]: u["code"] for u in units}
    for u in units:
        u["search"] = search_text(u["name"], u["short_name"], u["code"])
        u["sort_key"] = vi_sort_key(u["name"])
    out["units"], out["unit_names"] = units, unit_names
    code_to_id = {u["code"]: u["id"] for u in units}

    memberships = []
    for year in YEARS:
        heads = {v: k for k, v in facts["heads"][str(year)].items()}
        for u in units[:8]:
            memberships.append({"cluster_id": 1, "unit_id": u["id"], "year": year,
                                "role": heads.get(u["code"], Role.MEMBER.value),
                                "award_track": u["award_track"]})  # fmt: skip
        for k, u in enumerate(units[8:]):
            cluster = 2 + k % max(1, sc.clusters - 1)
            position = k // max(1, sc.clusters - 1)
            role = "truong" if position == 0 else "pho" if position == 1 else "thanh_vien"
            memberships.append({"cluster_id": cluster, "unit_id": u["id"], "year": year,
                                "role": role, "award_track": u["award_track"]})  # fmt: skip
    out["memberships"] = memberships

    # Movements, registrations, reviews ----------------------------------------------
    movements, registrations = [], []
    for i, m in enumerate(facts["movements"], start=1):
        doc_date = date.fromisoformat(m["doc_date"])
        movements.append({
            "id": i, "uid": g.uid(), "cluster_id": 1, "name": m["name"], "kind": m["kind"],
            "year": m["year"], "doc_number": m["doc_number"], "doc_date": m["doc_date"],
            "doc_issuer": m["doc_issuer"], "start_date": max(doc_date, date(m["year"], 1, 1)).isoformat(),
            "end_date": f"{m['year']}-12-31",
            "search": search_text(m["name"], m["doc_number"], m["doc_issuer"]),
        })  # fmt: skip
        if m["kind"] == "thuong_xuyen":
            for u in units[:8]:
                armed = u["award_track"] == "luc_luong_vu_trang"
                registrations.append({
                    "movement_id": i, "unit_id": u["id"],
                    "registered_on": g.day_in(m["year"], 2, 3).isoformat(),
                    "titles": ("Đơn vị quyết thắng" if armed else "Tập thể lao động xuất sắc")
                    + "; Cờ thi đua của Ủy ban nhân dân tỉnh",
                    "targets": "100% cán bộ hoàn thành nhiệm vụ; ≥ 70% đạt danh hiệu "
                    + ("Chiến sĩ tiên tiến" if armed else "Lao động tiên tiến"),
                })  # fmt: skip
    out["movements"], out["registrations"] = movements, registrations
    out["reviews"] = [
        {"cluster_id": 1, "year": r["year"], "kind": ReviewKind(r["kind"]).value,
         "held_on": r["held_on"], "host_unit_id": code_to_id[r["host"]],
         "cohost_unit_id": code_to_id.get(r.get("cohost")),
         "next_host_unit_id": code_to_id.get(r.get("next_host")), "note": r.get("note", "")}
        for r in facts["reviews"]
    ]  # fmt: skip
    say("đơn vị, phong trào")

    # People ------------------------------------------------------------------------------
    people = []
    for pid in range(1, sc.people + 1):
        unit_id = (
            ((pid - 1) % len(units)) + 1
            if sc.extra_units == 0
            else (g.rng.randrange(1, 9) if g.rng.random() < 0.05 else g.rng.randrange(9, len(units) + 1))
        )
        kind = unit_kind[unit_id]
        female = g.rng.random() < (0.18 if kind in ("army", "police") else 0.52)
        sex = "nu" if female else "nam"
        ethnic_roll = g.rng.random()
        if ethnic_roll < 0.06:
            ethnicity = "Ê Đê"
            full_name = (
                ("H'" if female else "Y ")
                + g.rng.choice(names["ede_given_female" if female else "ede_given_male"])
                + " "
                + g.rng.choice(names["ede_family"])
            )
            full_name = full_name.replace("' ", "'")
        else:
            ethnicity = g.weighted(names["other_ethnic"]) if ethnic_roll < 0.10 else "Kinh"
            full_name = " ".join((
                g.weighted(names["family"]),
                g.rng.choice(names["middle_female" if female else "middle_male"]),
                g.rng.choice(names["given_female" if female else "given_male"]),
            ))  # fmt: skip
        full_name = nfc(full_name)
        birth_year = g.rng.randrange(1968, 2001)
        birth_date = date(birth_year, 1, 1) + timedelta(days=g.rng.randrange(365))
        rank = g.rng.choice(names["ranks_army"]) if kind in ("army", "police") else ""
        position = g.rng.choice(names["positions"][kind])
        people.append({
            "id": pid, "uid": g.uid(), "full_name": full_name, "sex": sex,
            "birth_date": birth_date.isoformat() if g.rng.random() < 0.8 else None,
            "birth_year": birth_year, "ethnicity": ethnicity, "rank": rank, "position": position,
            "unit_id": unit_id, "is_exemplary": 0, "exemplary_kind": "", "exemplary_note": "",
            "person_group": group_of_position(position),  # the units are agencies: collective_type stays tap_the
            "search": search_text(full_name, position, rank), "sort_key": person_sort_key(full_name),
        })  # fmt: skip
    for p in g.rng.sample(people, max(3, len(people) // 40)):
        p.update(
            is_exemplary=1,
            exemplary_kind="Điển hình tiên tiến",
            exemplary_note="Gương điển hình tiên tiến được biểu dương tại hội nghị sơ kết của Khối.",
        )
    out["individuals"] = people
    say("cá nhân")

    # Ratings, titles, initiatives ---------------------------------------------------------
    track_of = {u["id"]: u["award_track"] for u in units}
    ratings, awards, initiatives = [], [], []
    decision_no = {y: g.rng.randrange(50, 300) for y in YEARS}
    for p in people:
        armed = track_of[p["unit_id"]] == "luc_luong_vu_trang"
        for year in YEARS:
            rating = g.weighted([["HTXSNV", 20], ["HTTNV", 67], ["HTNV", 10], ["KHTNV", 3]])
            ratings.append({"individual_id": p["id"], "unit_id": None, "year": year, "rating": rating})
            if rating not in ("HTXSNV", "HTTNV") or g.rng.random() < 0.2:
                continue  # not every good rating leads to a recorded title
            decided = g.day_in(year + 1, 1, 2)
            code = "CSTT" if armed else "LDTT"
            if rating == "HTXSNV" and g.rng.random() < 0.6:
                code = "CSTDCS"
            award = {
                "uid": g.uid(), "individual_id": p["id"], "unit_id": None, "year": year,
                "award_code": code, "kind": "thuong_xuyen",
                "decision_number": f"{decision_no[year] + p['unit_id'] % 7}/QĐ-{code_of[p['unit_id']]}",
                "decision_date": decided.isoformat(), "issuer": head_of[p["unit_id"]],
                "legacy": 0, "proposal_id": None,
            }  # fmt: skip
            awards.append(award)
            if code == "CSTDCS":
                topic = g.rng.choice(names["topics"])
                title = g.rng.choice(names["initiatives"]).format(topic=topic)
                initiatives.append({
                    "uid": g.uid(), "individual_id": p["id"], "title": title, "year": year,
                    "level": "tinh" if g.rng.random() < 0.15 else "co_so", "decision_number": f"{g.rng.randrange(10, 99)}/QĐ-HĐSK",
                    "decision_date": g.day_in(year, 9, 11).isoformat(), "issuer": "Hội đồng sáng kiến cơ sở",
                    "_award": len(awards), "search": search_text(title),
                })  # fmt: skip
        if g.rng.random() < 0.12:  # titles from before the app, possibly under the 2003 law
            legacy_year = g.rng.randrange(2015, 2023)
            awards.append({
                "uid": g.uid(), "individual_id": p["id"], "unit_id": None, "year": legacy_year,
                "award_code": "CSTT" if armed else "LDTT", "kind": "thuong_xuyen",
                "decision_number": f"{g.rng.randrange(10, 300)}/QĐ-{code_of[p['unit_id']]}",
                "decision_date": g.day_in(legacy_year + 1, 1, 2).isoformat(),
                "issuer": head_of[p["unit_id"]], "legacy": 1, "proposal_id": None,
            })  # fmt: skip
    for year in YEARS:  # collective titles of the eight units
        for u in units[:8]:
            armed = u["award_track"] == "luc_luong_vu_trang"
            awards.append({
                "uid": g.uid(), "individual_id": None, "unit_id": u["id"], "year": year,
                "award_code": "DVQT" if armed else "TTLDXS", "kind": "thuong_xuyen",
                "decision_number": f"{decision_no[year]}/QĐ-UBND",
                "decision_date": date(year + 1, 1, 20).isoformat(), "issuer": province_issuer,
                "legacy": 0, "proposal_id": None,
            })  # fmt: skip
            ratings.append({"individual_id": None, "unit_id": u["id"], "year": year, "rating": "HTXSNV"})
    say("xếp loại, danh hiệu")

    # Proposals -------------------------------------------------------------------------------
    proposals = []
    people_unit = {p["id"]: p["unit_id"] for p in people}
    chosen = (
        people
        if sc.proposals_per_person >= 1
        else g.rng.sample(people, int(len(people) * sc.proposals_per_person))
    )
    per_person = max(1, int(sc.proposals_per_person))
    for p in chosen:
        for year in (2024, 2025) if per_person >= 2 else (g.rng.choice((2024, 2025)),):
            code = g.weighted([["BK_TINH", 55], ["CSTDT", 15], ["BK_TTG", 5], ["GK", 25]])
            proposals.append(_proposal(g, names, year, code, p["full_name"], person=p,
                                       unit_code=code_of[p["unit_id"]]))  # fmt: skip
    for year in (2024, 2025):  # the cluster's own: leading unit and three Bằng khen
        ranked = g.rng.sample(units[:8], 8)
        for pos, u in enumerate(ranked[:4]):
            code = "CO_TINH" if pos == 0 else "BK_TINH"
            proposals.append(_proposal(g, names, year, code, u["name"], unit=u))
    for pid, pr in enumerate(proposals, start=1):
        pr["id"] = pid
        if pr["status"] == "da_khen":
            # who decided: the unit's head for a Giấy khen, the centre for its own awards, else the province
            number = pr["decision_number"] or ""
            issuer = CENTRAL_ISSUERS.get(number.rsplit("-", 1)[-1]) or (
                head_of[people_unit[pr["individual_id"]]] if pr["award_code"] == "GK" and pr["individual_id"]
                else province_issuer)  # fmt: skip
            pr["decision_issuer"] = issuer if number else ""
        if pr["status"] == "da_khen":
            awards.append({
                "uid": g.uid(), "individual_id": pr["individual_id"], "unit_id": pr["unit_id"],
                "year": pr["year"], "award_code": pr["award_code"], "kind": pr["kind"],
                "decision_number": pr["decision_number"], "decision_date": pr["decision_date"],
                "issuer": pr["decision_issuer"], "legacy": 0, "proposal_id": pid,
            })  # fmt: skip
    out["proposals"] = proposals
    for aid, a in enumerate(awards, start=1):
        a["id"] = aid
    for ini in initiatives:
        ini["used_by_award_id"] = ini.pop("_award")
    out["ratings"], out["awards"], out["initiatives"] = ratings, awards, initiatives
    say("đề nghị khen thưởng")

    counts = {}
    with transaction(db):
        for table in ("clusters", "units", "unit_names", "memberships", "movements",
                      "registrations", "reviews", "individuals", "ratings", "proposals",
                      "awards", "initiatives"):  # fmt: skip
            counts[table] = rows.insert_many(db, table, out[table], cleaned=True)
            say(f"ghi {table}")
        desk_settings.save_identity(db, DeskIdentity.from_dict(facts["identity"]))
        desk_settings.save(db, DeskSettings(giay_khen_criteria=facts["giay_khen_criteria"]))
        counts.update(_cluster_year(db, 1, 2024, random.Random(seed + 2024)))
        say("bảng điểm, bỏ phiếu của Khối")
        migrations.optimize_search_indexes(db.conn)
    return counts


def _cluster_year(
    db: sqlite_utils.Database, cluster_id: int, year: int, rng: random.Random
) -> dict[str, int]:
    """Khối 3's year-end review of ``year``: the standard table scored for every member,
    a vote of one ballot per unit (closed), and the next year's calendar. Its own random
    numbers, so the rest of the sample does not move."""
    from thidua_desktop.rules.scoring import ItemKind
    from thidua_desktop.rules.voting import BallotState
    from thidua_desktop.store.cluster import calendar, scoring, voting

    members = [m["id"] for m in _members(db, cluster_id, year)]
    if not members:
        return {}
    table_id = scoring.create_table(db, cluster_id, year)
    strength = {u: rng.uniform(0.78, 0.97) for u in members}
    for c in scoring.criteria(db, table_id):
        for u in members:
            if c.kind is ItemKind.SCORED:
                agreed = (
                    round(min(c.max_points, c.max_points * strength[u] + rng.choice((-0.5, 0, 0, 0.5))) * 2)
                    / 2
                )
                own = min(c.max_points, agreed + rng.choice((0, 0, 0.5, 1)))
            elif c.kind is ItemKind.BONUS:
                agreed = own = float(rng.choice((0, 0, 1, 2)))
            else:
                agreed = own = -float(rng.choice((0, 0, 0, 1)))
            scoring.set_score(db, c.id, u, self_score=own, agreed_score=agreed)
    vote_id = voting.create_vote(db, cluster_id, year, place="Hội trường Bộ Chỉ huy Quân sự tỉnh",
                                 held_on=date(year, 12, 12), commend_places=3)  # fmt: skip
    order = [c["unit_id"] for c in voting.candidates(db, vote_id)]
    for n in range(len(members)):
        if n == len(members) - 1:
            voting.add_ballot(db, vote_id, BallotState.BLANK)
            continue
        leading = (order[0],) if rng.random() < 0.8 else (order[1],)
        pool = [u for u in order[:6] if u not in leading]
        voting.add_ballot(db, vote_id, BallotState.VALID, leading, tuple(rng.sample(pool, 3)))
    voting.close(db, vote_id)
    calendar.fill_usual(db, cluster_id, year + 1)
    calendar.fill_usual(db, cluster_id, year + 2)
    for event in calendar.events(db, cluster_id, year + 1) + calendar.events(db, cluster_id, year + 2):
        if event["due_on"] < date.today().isoformat():  # a desk that kept its calendar up to date
            calendar.set_done(db, event["id"], True)
    return {"scoring_tables": 1, "ballots": len(members), "calendar_events": 8}


def _members(db: sqlite_utils.Database, cluster_id: int, year: int):
    from thidua_desktop.store.records import units

    return units.members(db, cluster_id, year)


def _decision(year: int, code: str, unit_code: str = "") -> tuple[str, str]:
    """The number and date of the decision on ``code`` for ``year``: the province's, the
    centre's for its own awards, a unit head's for his people's Giấy khen (``unit_code``)."""
    # the chairman's Bằng khen and CSTĐ cấp tỉnh of a year in one decision, as provinces do
    index = sum(map(ord, "BK_TINH" if code == "CSTDT" else code)) % 40
    issuer = {"BK_TTG": "TTg", "CSTDTQ": "TTg", "CO_CP": "TTg", "HCLD3": "CTN"}.get(code, "UBND")
    if code == "GK" and unit_code:
        issuer = unit_code
    return f"{100 + 7 * index}/QĐ-{issuer}", date(year + 1, 1, 10 + index % 18).isoformat()


def _proposal(g: _Gen, names, year: int, code: str, nominee: str, *, person=None, unit=None,
              unit_code: str = "") -> dict:  # fmt: skip
    if year == 2024:
        status = g.weighted([["da_khen", 85], ["khong_duyet", 15]])
    else:
        status = g.weighted([["du_thao", 40], ["da_binh_xet", 35], ["da_trinh", 25]])
    total = 8 if unit else g.rng.choice((9, 11, 13))
    votes_for = None if status == "du_thao" else max(0, total - g.rng.randrange(0, 4))
    decided = status == "da_khen"
    # One decision per award and year, as a province issues them; the random draws are
    # still taken so the rest of the sample stays as it was. Certificates are not
    # printed yet: register numbers are given when they are (store/certificates.py).
    g.rng.randrange(100, 999), g.day_in(year + 1, 1, 3), g.rng.randrange(1, 9999)
    decision_number, decision_date = _decision(year, code, unit_code) if decided else ("", None)
    return {
        "uid": g.uid(), "subject": "tap_the" if unit else "ca_nhan",
        "individual_id": person["id"] if person else None, "unit_id": unit["id"] if unit else None,
        "award_code": code, "year": year, "kind": "thuong_xuyen", "movement_id": None,
        "summary": g.rng.choice(names["achievements"]).format(year=year).capitalize(),
        "votes_for": votes_for, "votes_total": None if votes_for is None else total,
        "status": status,
        "submission_number": f"{g.rng.randrange(10, 99)}/TTr-KTĐ3" if status != "du_thao" else "",
        "decision_number": decision_number,
        "decision_date": decision_date,
        "decision_issuer": "",
        "register_number": "",
        "search": search_text(nominee, award_name(code), decision_number),
        "sort_key": person["sort_key"] if person else vi_sort_key(nominee),
    }  # fmt: skip
