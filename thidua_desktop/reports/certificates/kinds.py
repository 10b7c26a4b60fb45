"""Which certificate each recipient of a decision takes (DOMAIN.md §7; Decree 98/2023 Art.
54, kept by Decree 152/2025): the template of its own award and issuer; a decision that mixes
awards prints each kind with its own template. What hands over no paper (Lao động tiên tiến,
Chiến sĩ tiên tiến, Tập thể lao động tiên tiến, Đơn vị tiên tiến: money only), a flag (Cờ thi
đua) and what a central authority prints (the Prime Minister's, the President's, a
minister's) are not printed here: each is listed with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from thidua_desktop.domain.identity import DeskIdentity
from thidua_desktop.reports.certificates.template import Template
from thidua_desktop.reports.papers.issuer import certificate_values
from thidua_desktop.rules import authorities as au
from thidua_desktop.rules.catalogue import award_name

#: titles that hand over money only, and the flags (Decree 98/2023 Art. 54; DOMAIN.md §7)
MONEY_ONLY = {"LDTT", "CSTT", "TTLDTT", "DVTT"}
FLAGS = {"CO_TINH", "CO_CP"}


@dataclass
class Kind:
    """The recipients one template prints, with the issuer their decisions name."""

    template: Template
    records: list[dict[str, Any]] = field(default_factory=list)
    issuer: str = ""

    @property
    def label(self) -> str:
        return f"{self.template.title} — {len(self.records)} bằng"


@dataclass(frozen=True)
class Skipped:
    record: dict[str, Any]
    reason: str


def code_of(record: dict[str, Any]) -> str:
    return record.get("awarded_code") or record.get("award_code") or ""


def authority_of(record: dict[str, Any], identity: DeskIdentity) -> au.Authority | None:
    """Who issued the record's decision: as recorded, else who decides its award."""
    issuer = (record.get("decision_issuer") or "").strip()
    if issuer:
        return au.authority_of_issuer(issuer)
    raw = record.get("decision_date")
    on = date.fromisoformat(str(raw)[:10]) if raw else None
    return au.deciding(code_of(record), identity.level, on)


def not_printed(record: dict[str, Any], identity: DeskIdentity) -> str:
    """Why the desk prints no certificate for ``record``; empty when it does."""
    code = code_of(record)
    name = award_name(code)
    if code in MONEY_ONLY:
        return f"danh hiệu {name} không có bằng, chỉ tặng tiền thưởng (Điều 54 Nghị định số 98/2023/NĐ-CP)."
    if code in FLAGS:
        return f"{name}: trao cờ thi đua, không in bằng."
    authority = authority_of(record, identity)
    if authority is not None and authority.central:
        return f"{name} do {authority.title} quyết định và cấp bằng; cơ quan không in bằng này."
    return ""


def fits(template: Template, record: dict[str, Any], identity: DeskIdentity) -> bool:
    """Whether ``template`` is made for the record's award and issuer."""
    if code_of(record) not in template.awards:
        return False
    authority = authority_of(record, identity)
    return not template.authorities or authority is None or authority.code in template.authorities


def sort_out(
    records: list[dict[str, Any]], templates: dict[str, Template], identity: DeskIdentity
) -> tuple[list[Kind], list[Skipped]]:
    """The recipients grouped by the template each takes (the desk's own copy first), in the
    order of the first recipient of each; and those not printed here, with the reason."""
    kinds: dict[str, Kind] = {}
    skipped = []
    ordered = sorted(templates.values(), key=lambda t: t.builtin)  # the desk's copies win
    # what decides the kind is the award, the issuer and the date: a decision of 46,773
    # recipients asks once per combination, not once per recipient
    decided: dict[tuple, tuple[str, Template | None]] = {}
    for record in records:
        key = (
            code_of(record),
            record.get("decision_issuer") or "",
            str(record.get("decision_date") or "")[:10],
        )
        if key not in decided:
            reason = not_printed(record, identity)
            chosen = None if reason else next((t for t in ordered if fits(t, record, identity)), None)
            if not reason and chosen is None:
                reason = (f"chưa có mẫu bằng cho {award_name(code_of(record))}; hãy chép một mẫu ở Công cụ → "
                          "Mẫu bằng… và ghi hình thức này vào mẫu.")  # fmt: skip
            decided[key] = (reason, chosen)
        reason, chosen = decided[key]
        if reason:
            skipped.append(Skipped(record, reason))
            continue
        kind = kinds.get(chosen.name)
        if kind is None:
            kind = kinds[chosen.name] = Kind(chosen, [], certificate_values(record, identity)["issuer"])
        kind.records.append(record)
    return list(kinds.values()), skipped


def signer_problem(issuer: str, signer_title: str) -> str:
    """A signer whose title is not the issuer's ("CHÁNH THANH TRA" under "CHỦ TỊCH ỦY BAN NHÂN
    DÂN TỈNH"): the title line must name the issuer's office (KT./PHÓ forms included)."""
    issuer = " ".join(issuer.upper().split())
    lines = [
        " ".join(line.upper().split())
        for line in signer_title.replace("\\n", "\n").splitlines()
        if line.strip()
    ]
    if not issuer or not lines:
        return ""
    head = next((t.upper() for t in ("Chủ tịch", "Thủ tướng", *_HEADS) if issuer.startswith(t.upper())), "")
    if not head or head == "THỦ TRƯỞNG" or any(head in line for line in lines):
        return ""  # "Thủ trưởng" names no office of its own: any head's title is his
    return (f"chức vụ người ký “{' / '.join(lines)}” không phải của người tặng “{issuer}”; hãy ghi chức vụ của "
            f"người ký thay mặt {head.lower()} (ví dụ “{head}” hoặc “KT. {head}” / “PHÓ {head}”).")  # fmt: skip


_HEADS = ("Chi cục trưởng", "Chỉ huy trưởng", "Tổng Giám đốc", "Viện trưởng", "Cục trưởng", "Giám đốc", "Trưởng ban",
          "Thủ trưởng", "Hiệu trưởng", "Trưởng phòng", "Chánh án", "Chánh Thanh tra", "Chánh Văn phòng")  # fmt: skip
