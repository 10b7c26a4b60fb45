"""The counting committee's record of a cluster's vote (biên bản kiểm phiếu, issue 21): when
and where the ballots were counted and by whom, the ballots issued, returned, valid, blank
and spoiled, each unit's votes in each race, the units chosen, and the committee's
signatures. It is the paper the committee reads to the conference before the minutes
(biên bản hội nghị) record the result: the same figures (``voting.standing``), the same
header (the cluster's, Decree 30/2020 App. I), one content written to Excel and to PDF."""

from __future__ import annotations

import re
from pathlib import Path

import sqlite_utils

from thidua_desktop.reports.cluster.figures import DRAFT, letterhead_for, races, result_lines, threshold_text
from thidua_desktop.reports.cluster.minutes import BLANK, count_blocks, day_words, vote_grid
from thidua_desktop.reports.letterhead import Letterhead, of_db
from thidua_desktop.reports.papers.blocks import Paper, Signatures, Text
from thidua_desktop.reports.papers.pdf import write_paper_pdf
from thidua_desktop.reports.papers.xlsx import write_paper_xlsx
from thidua_desktop.rules.voting import Race
from thidua_desktop.store.cluster import papers as cluster_papers

CHOSEN = {Race.LEADING: "đơn vị dẫn đầu", Race.COMMEND: "đơn vị đề nghị Bằng khen"}


def committee(text: str) -> list[tuple[str, str]]:
    """The counting committee as typed, one person a line or between semicolons ("Nguyễn Văn A
    – Trưởng ban; Lê Thị B – Thành viên"): (name, task); one without a task is a member."""
    out = []
    for line in re.split(r"[;\n]", text or ""):
        line = line.strip(" -•\t")
        if not line:
            continue
        for dash in (" – ", " - ", " — ", ":"):
            if dash in line:
                name, task = line.split(dash, 1)
                out.append((name.strip(), task.strip()))
                break
        else:
            out.append((line, "Thành viên"))
    return out


def count_record_paper(papers: cluster_papers.YearPapers, letterhead: Letterhead | None = None) -> Paper:
    vote, t = papers.vote, papers.tally
    assert vote is not None and t is not None
    cluster, year = papers.cluster["name"], papers.year
    people = committee(vote.get("counting_committee") or "")
    blocks: list = [
        Text(f"Hôm nay, {day_words(vote['held_on'])}, tại {vote['place'] or BLANK}, Ban kiểm phiếu của hội nghị "
             f"bình xét thi đua, khen thưởng năm {year} của {cluster} gồm:"),
    ]  # fmt: skip
    if people:
        blocks += [Text(f"{n}. {name} – {task}.") for n, (name, task) in enumerate(people, start=1)]
    else:
        blocks += [
            Text(f"{n}. {BLANK} – {task}.")
            for n, task in enumerate(("Trưởng ban", "Thành viên", "Thành viên"), 1)
        ]
    heads = " và ".join(CHOSEN[r] for r in races(t))
    blocks.append(Text(f"đã tiến hành kiểm phiếu bầu chọn {heads}, kết quả như sau:"))
    blocks.append(Text("I. SỐ PHIẾU", "heading"))
    blocks += count_blocks(t)
    blocks.append(Text("II. SỐ PHIẾU CỦA TỪNG ĐƠN VỊ", "heading"))
    blocks.append(Text(threshold_text(t)))
    blocks.append(vote_grid(papers))
    blocks.append(Text("III. KẾT QUẢ", "heading"))
    blocks += [Text(line) for line in result_lines(papers)]
    blocks.append(Text("Biên bản kiểm phiếu được lập xong và đọc trước hội nghị; Ban kiểm phiếu cùng ký dưới đây.",
                       "closing"))  # fmt: skip
    signers = people or [("", "Trưởng ban"), ("", "Thành viên")]
    chief = next(((n, tk) for n, tk in signers if "trưởng" in tk.lower()), signers[0])
    others = [p for p in signers if p != chief]
    left = ("CÁC THÀNH VIÊN", ", ".join(n for n, _t in others)) if others else ("THÀNH VIÊN", "")
    blocks.append(Signatures(left, ("TRƯỞNG BAN KIỂM PHIẾU", chief[0])))
    return Paper(
        letterhead or letterhead_for(papers), "BIÊN BẢN KIỂM PHIẾU",
        f"Bầu chọn {heads} năm {year} của {cluster}", blocks, draft="" if papers.closed else DRAFT,
    )  # fmt: skip


def _paper(
    db: sqlite_utils.Database, vote_id: int, letterhead: Letterhead | None
) -> tuple[Paper, cluster_papers.YearPapers]:
    papers = cluster_papers.minutes(db, vote_id)
    base = of_db(db, year=papers.year, cluster_id=papers.cluster.get("id"))
    return count_record_paper(papers, letterhead or letterhead_for(papers, base=base)), papers


def write_count_record_xlsx(db: sqlite_utils.Database, vote_id: int, out: Path,
                            letterhead: Letterhead | None = None) -> Path:  # fmt: skip
    """The counting committee's record of vote ``vote_id`` as one printable Excel sheet."""
    return write_paper_xlsx(_paper(db, vote_id, letterhead)[0], Path(out))


def write_count_record_pdf(db: sqlite_utils.Database, vote_id: int, out: Path,
                           letterhead: Letterhead | None = None) -> Path:  # fmt: skip
    """The counting committee's record of vote ``vote_id`` as PDF (A4, the bundled font)."""
    paper, papers = _paper(db, vote_id, letterhead)
    return write_paper_pdf(paper, Path(out), title=f"Biên bản kiểm phiếu năm {papers.year} – {papers.cluster['name']}",
                           author=papers.cluster["name"])  # fmt: skip
