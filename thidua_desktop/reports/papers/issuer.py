"""Who issues a paper and how that reads (DOMAIN.md §6): the letterhead of the issuer
(Decree 30/2020/NĐ-CP, Appendix I), its default signer, the law that gives it power (the
Law on the Organisation of Local Government only where a People's Committee or its chairman
issues), whom Điều 3 charges and who gets a copy; and for a tờ trình, whom the desk asks.
A decision of a central authority (the President, the Prime Minister, a minister) is not a
local desk's paper: `decision_issuer` refuses it and names who decides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from thidua_desktop.domain.identity import DeskIdentity, Signer, normal_case, short_parent, split_committee
from thidua_desktop.rules import authorities as au
from thidua_desktop.rules import legal_texts
from thidua_desktop.rules.catalogue import BY_CODE, award_name

#: a head's title at the start of an issuer's name, longest first ("Chánh" heads a Thanh tra)
_TITLES = ("Chi cục trưởng", "Chỉ huy trưởng", "Tổng Giám đốc", "Viện trưởng", "Cục trưởng", "Giám đốc",
           "Trưởng ban", "Thủ trưởng", "Hiệu trưởng", "Trưởng phòng", "Chánh án", "Chánh")  # fmt: skip


class OutsideRemit(ValueError):
    """A paper the desk does not draft (a central authority's decision); says who decides."""


@dataclass(frozen=True)
class Issuer:
    authority: au.Authority
    text: str  # "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai", "Giám đốc Sở Tư pháp"
    upper: str  # letterhead's upper line
    lower: str  # its lower line (bold)
    upper_bold: bool
    signer: Signer
    own: bool  # the desk's own authority: the desk's saved signer applies
    bases: list[str] = field(default_factory=list)  # the texts that give it power
    executes: str = ""  # Điều 3: who carries the decision out
    copies: list[str] = field(default_factory=list)  # Nơi nhận, before "Lưu: VT"
    advised_by: str = ""  # "Giám đốc Sở Nội vụ": the office that checked the dossier


def _highest(codes: list[str]) -> str:
    return max(codes, key=lambda c: BY_CODE[c].rank if c in BY_CODE else -1)


def _committee(identity: DeskIdentity, on: date, body: str, *, chairman: bool) -> dict[str, Any]:
    """The parts of a People's Committee's paper (``body``: "Ủy ban nhân dân tỉnh Gia Lai")."""
    upper, lower = split_committee(body.upper())
    place = body[len("Ủy ban nhân dân") :].strip()
    provincial = (
        place.lower().startswith(("tỉnh", "thành phố")) and place.lower() == identity.province_name.lower()
    )
    if provincial:
        executes = (f"Chánh Văn phòng Ủy ban nhân dân {place.split(' ')[0]}, Giám đốc Sở Nội vụ, "
                    "Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị có liên quan")  # fmt: skip
        copies = ["Như Điều 3", "Sở Nội vụ", "Sở Tài chính"]
    else:
        executes = f"Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {place}, Thủ trưởng các cơ quan, đơn vị có liên quan"
        copies = ["Như Điều 3"]
    return {
        "upper": upper, "lower": lower, "upper_bold": True,
        "signer": Signer("", "CHỦ TỊCH", "") if chairman else Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""),
        "bases": legal_texts.local_government(on), "executes": executes, "copies": copies,
        "advised_by": "Giám đốc Sở Nội vụ" if provincial and identity.level != "tinh" else "",
    }  # fmt: skip


def _agency_head(text: str) -> tuple[str, str]:
    """ "Chánh Thanh tra tỉnh" -> ("Chánh Thanh tra", "Thanh tra tỉnh"); "Giám đốc Sở Tư pháp"
    -> ("Giám đốc", "Sở Tư pháp")."""
    lowered = text.lower()
    for title in _TITLES:
        if lowered.startswith(title.lower() + " "):
            rest = text[len(title) :].strip()
            if title == "Chánh":  # "Chánh Thanh tra" heads "Thanh tra tỉnh"
                title = "Chánh " + " ".join(rest.split(" ")[:2])
            return title, rest
    return "Thủ trưởng", text


def of_text(text: str, identity: DeskIdentity, on: date) -> Issuer:
    """The issuer a decision names (as recorded on it, or as the desk would write it)."""
    text = " ".join(text.split())
    authority = au.authority_of_issuer(text) or au.AUTHORITIES["thu_truong"]
    own_code = au.OWN_AUTHORITY.get(identity.level)
    if authority.central:
        raise OutsideRemit(authority.title)
    lowered = text.lower()
    if lowered.startswith(("chủ tịch ủy ban", "chủ tịch uỷ ban")):
        body = text[len("Chủ tịch ") :]
        parts = _committee(identity, on, body, chairman=True)
        own = own_code == authority.code and body.lower() in (
            identity.agency.lower(),
            f"ủy ban nhân dân {identity.province_name}".lower(),
        )
        return Issuer(authority, text, own=own, **parts)
    if lowered.startswith(("ủy ban nhân dân", "uỷ ban nhân dân")):
        parts = _committee(identity, on, text, chairman=False)
        return Issuer(authority, text, own=identity.agency.lower() == lowered, **parts)
    title, agency = _agency_head(text)
    own = normal_case(agency).lower() == identity.agency_name.lower()
    parent = identity.parent_agency if own or not identity.parent_agency.lower().startswith("ủy ban") else ""
    parent = parent or f"Ủy ban nhân dân {identity.province_name}"
    who = identity.agency_name if own else agency
    return Issuer(
        authority, text, upper=short_parent(parent), lower=agency.upper(), upper_bold=False, signer=Signer("", title.upper(), ""), own=own,
        bases=[identity.charter] if own and identity.charter else [],
        executes=f"Chánh Văn phòng, Thủ trưởng các phòng, đơn vị thuộc {who}",
        copies=["Như Điều 3"],
    )  # fmt: skip


def decision_issuer(
    records: list[dict[str, Any]], identity: DeskIdentity, on: date, *, central_ok: bool = False
) -> Issuer:
    """The issuer of a decision over ``records``: the issuer it recorded, else who decides
    its highest award. Raises OutsideRemit for a central authority's decision unless
    ``central_ok`` (its ceremony is held locally: only its name is used)."""
    recorded = next((r["decision_issuer"] for r in records if r.get("decision_issuer")), "")
    codes = [(r.get("awarded_code") or r["award_code"]) for r in records]
    text = recorded or (au.issuer_for(_highest(codes), identity, on) if codes else "")
    authority = au.authority_of_issuer(text) if text else None
    if authority is not None and authority.central and central_ok:
        return Issuer(authority, text, "", "", False, Signer(), own=False)
    if authority is not None and authority.central:
        awards = ", ".join(dict.fromkeys(award_name(c) for c in codes))
        raise OutsideRemit(
            f"Quyết định tặng {awards} do {authority.title} ban hành ({authority.basis}); bộ phận thi đua "
            f"của cơ quan không soạn dự thảo quyết định này. Hãy soạn tờ trình đề nghị cấp có thẩm quyền "
            f"trình {authority.title}."
        )
    return of_text(text or identity.head_of_agency(), identity, on)


@dataclass(frozen=True)
class Request:
    addressee: str  # Kính gửi
    consider: str  # "xem xét, khen thưởng" / "xem xét, đề nghị Thủ tướng Chính phủ khen thưởng"
    closing: str  # "xem xét, quyết định" / "xem xét, đề nghị Thủ tướng Chính phủ quyết định"
    copies: list[str]


def submission_request(codes: list[str], identity: DeskIdentity, on: date) -> Request:
    """Whom a tờ trình over awards ``codes`` asks, and for what: the authority that decides
    the highest award; for a central authority's award, the province's chairman, asked to
    propose it (the desk never asks the Prime Minister directly)."""
    authority = au.deciding(_highest(codes), identity.level, on) if codes else None
    chairman = f"Chủ tịch Ủy ban nhân dân {identity.province_name}"
    copies = ["Như trên"]
    if authority is None or authority.code == "chu_tich_tinh":
        addressee, consider, closing = chairman, "xem xét, khen thưởng", "xem xét, quyết định"
    elif authority.central:
        addressee = chairman
        consider = f"xem xét, đề nghị {authority.title} khen thưởng"
        closing = f"xem xét, đề nghị {authority.title} quyết định"
    else:
        addressee, consider, closing = (
            identity.head_of_agency(),
            "xem xét, khen thưởng",
            "xem xét, quyết định",
        )
    if addressee == chairman and identity.level != "tinh":
        copies.append("Sở Nội vụ")
    if identity.level == "khoi":
        copies.append("Các đơn vị thành viên")
    return Request(identity.addressee or addressee, consider, closing, copies)


def certificate_values(record: dict[str, Any], identity: DeskIdentity) -> dict[str, str]:
    """What a certificate of ``record`` says of its issuer, by default: the red line
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI", "GIÁM ĐỐC SỞ TƯ PHÁP TỈNH GIA LAI"), the place of
    the date line, the signer's title and name (the desk's own signer only on its own
    decisions). The issuer is the one the decision recorded, else who decides the award."""
    code = record.get("awarded_code") or record.get("award_code") or ""
    raw = record.get("decision_date")
    on = raw if isinstance(raw, date) else (date.fromisoformat(str(raw)[:10]) if raw else date.today())
    text = " ".join((record.get("decision_issuer") or "").split()) or au.issuer_for(code, identity, on)
    try:
        who = of_text(text, identity, on) if text else None
    except OutsideRemit:
        return {"issuer": text.upper(), "place": "", "signer_title": "", "signer_name": ""}
    if who is None:
        return {"issuer": "", "place": identity.place, "signer_title": "", "signer_name": ""}
    issuer = who.text
    if who.own and who.authority.code == "thu_truong":
        issuer = f"{normal_case(identity.head_title) or 'Thủ trưởng'} {identity.full_name}"
    signer = identity.signer("quyet-dinh") if who.own else who.signer
    place = identity.place
    if who.authority.code == "chu_tich_tinh":
        place = identity.province_name.split(" ", 1)[-1] if identity.province_name else place
    return {"issuer": issuer.upper(), "place": place, "signer_title": "\n".join(signer.lines()),
            "signer_name": signer.name}  # fmt: skip
