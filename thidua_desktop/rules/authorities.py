"""Who decides each award (Law 06/2022/QH15 on Emulation and Commendation, Chapter IV,
Art. 77–80), as dated data: the desk asks `deciding()` for the authority of a proposal
and writes its issuer from it, never from a signer's name.

Sources (Công báo số 571+572, 15/7/2022, pp. 55–57):
- Art. 77: the President decides orders, medals and the State's honorary titles.
- Art. 78: the Prime Minister decides "Cờ thi đua của Chính phủ", "Chiến sĩ thi đua toàn
  quốc" and "Bằng khen của Thủ tướng Chính phủ".
- Art. 79: ministers and provincial chairmen decide their Cờ thi đua, "Chiến sĩ thi đua
  bộ, ban, ngành, tỉnh", "Tập thể lao động xuất sắc", "Đơn vị quyết thắng" and Bằng khen.
- Art. 80.1: heads of agencies with legal personality under a ministry or province and
  heads of the provincial People's Committee's specialised agencies decide "Tập thể lao
  động tiên tiến", "Chiến sĩ thi đua cơ sở", "Lao động tiên tiến" and Giấy khen.
- Art. 80.2: district chairmen decide the same four (and cultural villages).
- Art. 80.3: commune chairmen decide "Lao động tiên tiến" and Giấy khen.
- Art. 80.5: in the armed forces "Đơn vị tiên tiến", "Chiến sĩ tiên tiến" and the
  grassroots titles are decided as the Ministers of Defence and Public Security provide.
District People's Committees ceased on 01/07/2025 (Law 72/2025/QH15 on the Organisation of
Local Government); a district's power is dated to end the day before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from thidua_desktop.domain.identity import DeskIdentity

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DISTRICTS_END = date(2025, 6, 30)


@dataclass(frozen=True)
class Authority:
    code: str
    title: str  # as a decision names it, before the place or agency: "Chủ tịch Ủy ban nhân dân"
    central: bool  # decided in Hà Nội: a local desk proposes, never drafts the decision
    basis: str
    valid_from: date = date(2024, 1, 1)
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


AUTHORITIES: dict[str, Authority] = {a.code: a for a in (
    Authority("chu_tich_nuoc", "Chủ tịch nước", True, f"Điều 77 {LAW}"),
    Authority("thu_tuong", "Thủ tướng Chính phủ", True, f"Điều 78 {LAW}"),
    Authority("bo_truong", "Bộ trưởng, Thủ trưởng cơ quan ngang bộ", True, f"Điều 79 {LAW}"),
    Authority("chu_tich_tinh", "Chủ tịch Ủy ban nhân dân", False, f"Điều 79 {LAW}"),
    Authority("thu_truong", "Thủ trưởng cơ quan, đơn vị", False, f"khoản 1 Điều 80 {LAW}"),
    Authority("chu_tich_huyen", "Chủ tịch Ủy ban nhân dân cấp huyện", False, f"khoản 2 Điều 80 {LAW}",
              valid_to=DISTRICTS_END),
    Authority("chu_tich_xa", "Chủ tịch Ủy ban nhân dân cấp xã", False, f"khoản 3 Điều 80 {LAW}"),
)}  # fmt: skip

#: the authorities that may decide each award, the first being the usual one
DECIDERS: dict[str, tuple[str, ...]] = {
    "HCLD3": ("chu_tich_nuoc",),
    "CSTDTQ": ("thu_tuong",), "CO_CP": ("thu_tuong",), "BK_TTG": ("thu_tuong",),
    "BK_BO": ("bo_truong",),
    "CSTDT": ("chu_tich_tinh", "bo_truong"), "CO_TINH": ("chu_tich_tinh",), "BK_TINH": ("chu_tich_tinh",),
    "TTLDXS": ("chu_tich_tinh", "bo_truong"), "DVQT": ("chu_tich_tinh", "bo_truong"),
    "CSTDCS": ("thu_truong", "chu_tich_huyen"), "TTLDTT": ("thu_truong", "chu_tich_huyen"),
    "LDTT": ("thu_truong", "chu_tich_huyen", "chu_tich_xa"), "GK": ("thu_truong", "chu_tich_huyen", "chu_tich_xa"),
    "CSTT": ("thu_truong",), "DVTT": ("thu_truong",),
}  # fmt: skip

#: the authority a desk of each level advises for its own decisions (identity.LEVELS)
OWN_AUTHORITY = {
    "so_nganh": "thu_truong", "khoi": "thu_truong", "tinh": "chu_tich_tinh",
    "huyen": "chu_tich_huyen", "xa": "chu_tich_xa",
}  # fmt: skip
#: the authorities whose decisions a desk of each level proposes and records: its own, up
#: the line to the province, and the central ones through the province (DOMAIN.md §6)
_CENTRAL = ("thu_tuong", "chu_tich_nuoc", "bo_truong")
PROPOSES_TO = {
    "so_nganh": ("thu_truong", "chu_tich_tinh", *_CENTRAL),
    "khoi": ("thu_truong", "chu_tich_tinh", *_CENTRAL),  # members' own heads, and the province
    "tinh": ("chu_tich_tinh", "thu_truong", *_CENTRAL),
    "huyen": ("chu_tich_huyen", "chu_tich_xa", "chu_tich_tinh", *_CENTRAL),
    "xa": ("chu_tich_xa", "chu_tich_huyen", "chu_tich_tinh", *_CENTRAL),
}


def deciding(award_code: str, level: str = "", on: date | None = None) -> Authority | None:
    """The authority that decides ``award_code`` for a desk of ``level`` on ``on``: the
    desk's own authority when the law lets it decide the award, else the usual one."""
    on = on or date.today()
    codes = [c for c in DECIDERS.get(award_code, ()) if AUTHORITIES[c].in_force(on)]
    if not codes:
        return None
    own = OWN_AUTHORITY.get(level)
    if level == "huyen" and not AUTHORITIES["chu_tich_huyen"].in_force(on):
        own = "chu_tich_xa"
    if own in codes:
        return AUTHORITIES[own]
    if level == "xa" and "chu_tich_huyen" in codes:  # a commune's staff: the district above it
        return AUTHORITIES["chu_tich_huyen"]
    return AUTHORITIES[codes[0]]


def issuer_text(authority: Authority, *, province: str = "", own_head: str = "") -> str:
    """How a decision names its issuer: "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai", "Giám đốc
    Sở Tư pháp" (``own_head``: the desk's own head, for the awards it decides itself),
    "Thủ tướng Chính phủ"."""
    if authority.code == "chu_tich_tinh":
        return f"Chủ tịch Ủy ban nhân dân {province}".strip()
    if authority.code in ("thu_truong", "chu_tich_huyen", "chu_tich_xa"):
        return own_head or authority.title
    return authority.title


def _own(authority: Authority, level: str, on: date | None) -> bool:
    own = OWN_AUTHORITY.get(level)
    if level == "huyen" and not AUTHORITIES["chu_tich_huyen"].in_force(on or date.today()):
        own = "chu_tich_xa"
    return authority.code == own


def authority_of_issuer(issuer: str) -> Authority | None:
    """The authority an issuer's text names (a decision recorded before this table)."""
    lowered = " ".join(issuer.lower().split())
    if not lowered:
        return None
    if lowered.startswith("thủ tướng"):
        return AUTHORITIES["thu_tuong"]
    if lowered.startswith("chủ tịch nước"):
        return AUTHORITIES["chu_tich_nuoc"]
    if lowered.startswith("bộ trưởng"):
        return AUTHORITIES["bo_truong"]
    if lowered.startswith(
        ("chủ tịch ủy ban nhân dân", "chủ tịch uỷ ban nhân dân", "ủy ban nhân dân", "uỷ ban nhân dân")
    ):
        padded = f" {lowered} "
        if any(f" {w} " in padded for w in ("xã", "phường", "thị trấn", "đặc khu")):
            return AUTHORITIES["chu_tich_xa"]
        if any(f" {w} " in padded for w in ("huyện", "thị xã", "quận")):
            return AUTHORITIES["chu_tich_huyen"]
        return AUTHORITIES["chu_tich_tinh"]
    return AUTHORITIES["thu_truong"]


def refusal_for_level(authority: Authority, level: str) -> str:
    """A warning when a desk of ``level`` records a decision of an authority it does not
    propose to; empty when it does."""
    if not level or authority.code in PROPOSES_TO.get(level, ()):
        return ""
    return (
        f"Cơ quan cấp này không đề nghị {authority.title} quyết định khen thưởng ({authority.basis}). "
        "Hãy kiểm tra lại cấp quyết định trước khi lưu."
    )


def issuer_for(
    award_code: str, identity: DeskIdentity, on: date | None = None, *, unit_name: str = ""
) -> str:
    """How the desk names the authority deciding ``award_code``: "Giám đốc Sở Tư pháp",
    "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai", "Thủ tướng Chính phủ" (the decision form's
    prefill, and a draft decision's issuer when none was recorded). A cluster decides
    nothing itself: a member's own title is decided by the head of ``unit_name``."""
    authority = deciding(award_code, identity.level, on)
    if authority is None:
        return ""
    if identity.level == "khoi" and authority.code == "thu_truong":
        return f"Thủ trưởng {unit_name}" if unit_name else authority.title
    own_head = identity.head_of_agency() if _own(authority, identity.level, on) else ""
    return issuer_text(authority, province=identity.province_name, own_head=own_head)


def level_warning(issuer: str, level: str) -> str:
    """The warning of the decision form for an ``issuer`` the desk's ``level`` does not propose to."""
    authority = authority_of_issuer(issuer)
    return refusal_for_level(authority, level) if authority is not None else ""
