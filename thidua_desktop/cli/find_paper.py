"""``thidua-desktop find-paper --db F NUMBER``: the proposals, people and attachments of a decision
or submission number."""

from __future__ import annotations

import argparse
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_PROBLEM


def add_parser(sub) -> None:
    p = sub.add_parser("find-paper", help="tìm đề nghị, cá nhân và tài liệu theo số quyết định, tờ trình")
    p.add_argument("--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU")
    p.add_argument("number", help="số văn bản, ví dụ 261/QĐ-UBND (gõ không dấu cũng được)")


def run(args: argparse.Namespace) -> int:
    from thidua_desktop.rules.catalogue import award_name
    from thidua_desktop.store import open_database
    from thidua_desktop.store.dossier import find_paper as paper_search

    db = open_database(args.target, create=False)
    try:
        hits = paper_search.find_paper(db, args.number)
    finally:
        db.close()
    if hits.empty:
        print(f"Không tìm thấy văn bản nào có số “{args.number}”.")
        return EXIT_PROBLEM

    def shown(n: int, total: int) -> str:
        return f"{total}" if n >= total else f"{n} đầu tiên trong {total}"

    print(f"Đề nghị ({shown(len(hits.proposals), hits.proposals_total)}):")
    for p in hits.proposals:
        print(f"  {p['id']:>6}  {p['nominee']} – {award_name(p['awarded_code'] or p['award_code'])} năm {p['year']} "
              f"({p['matched']})")  # fmt: skip
    print(f"Cá nhân, tập thể ({shown(len(hits.people), hits.people_total)}):")
    for e in hits.people:
        who = "cá nhân" if e["kind"] == "ca_nhan" else "tập thể"
        print(f"  {who} {e['name']}" + (f", {e['unit']}" if e["unit"] and e["kind"] == "ca_nhan" else "")
              + f": {'; '.join(e['via'])}")  # fmt: skip
    print(f"Tài liệu đính kèm ({len(hits.attachments)}):")
    for a in hits.attachments:
        print(f"  {a['id']:>6}  {a['kind_label']} {a['doc_number']}: {a['file_name']} – {a['owner']}")
    return EXIT_OK
