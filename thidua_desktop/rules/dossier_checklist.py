"""The papers of a dossier (hồ sơ đề nghị khen thưởng) and the checklist of what each
award requires before it is submitted (DOMAIN.md §4, §6).

Data only: the kinds of paper a desk attaches (to a proposal, or to a unit's dossier of a
year), and per award the papers the Law on Emulation and Commendation 2022 and its
decrees ask for. A requirement carries its basis and how sure we are of it (C confirmed,
P partly, U unconfirmed, as in DOMAIN.md). A missing paper is a warning for the desk,
never a refusal: the rules of the province and the council may differ, and an
unconfirmed requirement must not stop work."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from thidua_desktop.rules.catalogue import BY_CODE

LAW = "Luật Thi đua, khen thưởng 2022"
DOSSIER_BASIS = f"{LAW} (hồ sơ đề nghị khen thưởng); Nghị định 98/2023/NĐ-CP, Nghị định 152/2025/NĐ-CP"


class Owner(StrEnum):
    PROPOSAL = "de_nghi"  # attached to one proposal
    UNIT = "don_vi"  # a unit's dossier of a year
    BOTH = "ca_hai"


@dataclass(frozen=True, slots=True)
class PaperKind:
    code: str
    label: str
    owner: Owner = Owner.BOTH
    # one paper for all of a unit's nominees (the unit's tờ trình, the council's minutes):
    # a copy in the unit's dossier of the year counts for each of its proposals
    shared: bool = False


PAPER_KINDS: tuple[PaperKind, ...] = (
    PaperKind("to_trinh", "Tờ trình đề nghị khen thưởng (kèm danh sách)", shared=True),
    PaperKind("bien_ban_hoi_dong", "Biên bản họp, kết quả bỏ phiếu của Hội đồng thi đua, khen thưởng", shared=True),
    PaperKind("bien_ban_khoi", "Biên bản họp, kết quả bỏ phiếu suy tôn của khối thi đua", shared=True),
    PaperKind("bao_cao_thanh_tich", "Báo cáo thành tích"),
    PaperKind("tom_tat_thanh_tich", "Tóm tắt thành tích"),
    PaperKind("sang_kien", "Quyết định công nhận sáng kiến, đề tài khoa học"),
    PaperKind("pham_vi_anh_huong", "Văn bản công nhận hiệu quả, phạm vi ảnh hưởng của sáng kiến"),
    PaperKind("qd_danh_hieu_truoc", "Bản sao quyết định danh hiệu, khen thưởng các năm trước"),
    PaperKind("xac_nhan_co_quan", "Văn bản xác nhận, ý kiến của cơ quan có thẩm quyền"),
    PaperKind("quyet_dinh_khen_thuong", "Quyết định khen thưởng"),
    PaperKind("bao_cao_tong_ket", "Báo cáo tổng kết công tác năm", Owner.UNIT),
    PaperKind("dang_ky_thi_dua", "Bản đăng ký thi đua", Owner.UNIT),
    PaperKind("bang_cham_diem", "Bảng tự chấm điểm thi đua", Owner.UNIT),
    PaperKind("chung_tu_chi", "Chứng từ chi tiền thưởng"),
    PaperKind("khac", "Tài liệu khác"),
)  # fmt: skip

KINDS: dict[str, PaperKind] = {k.code: k for k in PAPER_KINDS}
SHARED_KINDS = frozenset(k.code for k in PAPER_KINDS if k.shared)


def kind_label(code: str) -> str:
    kind = KINDS.get(code)
    return kind.label if kind else code


def kinds_for(owner: Owner | str) -> list[PaperKind]:
    """The kinds offered when attaching to a proposal (``de_nghi``) or a unit (``don_vi``)."""
    return [k for k in PAPER_KINDS if k.owner in (owner, Owner.BOTH)]


@dataclass(frozen=True, slots=True)
class Requirement:
    kind: str
    required: bool  # True: cần có; False: nếu có (shown, never counted as missing)
    note: str = ""  # what the paper must show for this award
    basis: str = DOSSIER_BASIS
    tag: str = "P"  # C confirmed, P partly, U unconfirmed (DOMAIN.md)

    @property
    def label(self) -> str:
        return kind_label(self.kind)


def _r(
    kind: str, required: bool = True, note: str = "", basis: str = DOSSIER_BASIS, tag: str = "P"
) -> Requirement:
    return Requirement(kind, required, note, basis, tag)


# Papers every proposal carries (the "hồ sơ" of the Law): the cover submission, the
# council's minutes with its secret vote, the achievement report on the decree's form.
_COMMON = (
    _r("to_trinh", note="lập ở bước Trình"),
    _r("bien_ban_hoi_dong", note="biên bản họp và kết quả bỏ phiếu kín"),
    _r("bao_cao_thanh_tich", note="Mẫu 02 (tập thể), Mẫu 03 (cá nhân) Phụ lục I Nghị định 98/2023/NĐ-CP; "
       "mẫu của Nghị định 152/2025/NĐ-CP từ 01/07/2025"),
)  # fmt: skip

# Ad-hoc achievements go by the simplified procedure: a summary instead of the report,
# the council's minutes when there is one [U].
_AD_HOC = (
    _r("to_trinh", note="lập ở bước Trình"),
    _r("tom_tat_thanh_tich", note="thủ tục đơn giản", tag="U"),
    _r("bien_ban_hoi_dong", required=False, tag="U"),
)

_BY_AWARD: dict[str, tuple[Requirement, ...]] = {
    "CSTDCS": (
        _r("sang_kien", required=False, basis=f"Điều 23 {LAW}", tag="C",
           note="khi đề nghị theo sáng kiến, đề tài (không cần khi xếp loại hoàn thành xuất sắc nhiệm vụ)"),
    ),
    "CSTDT": (
        _r("sang_kien", basis=f"Điều 22 {LAW}", tag="C", note="sáng kiến, đề tài làm căn cứ"),
        _r("pham_vi_anh_huong", basis=f"Điều 22 {LAW}", tag="C", note="hiệu quả, phạm vi ảnh hưởng trong tỉnh"),
        _r("qd_danh_hieu_truoc", basis=f"Điều 22 {LAW}", note="3 lần liên tục Chiến sĩ thi đua cơ sở"),
    ),
    "CSTDTQ": (
        _r("sang_kien", basis=f"Điều 21 {LAW}", tag="C", note="sáng kiến, đề tài làm căn cứ"),
        _r("pham_vi_anh_huong", basis=f"Điều 21 {LAW}", tag="C", note="hiệu quả, phạm vi ảnh hưởng toàn quốc"),
        _r("qd_danh_hieu_truoc", basis=f"Điều 21 {LAW}", note="2 lần liên tục Chiến sĩ thi đua cấp tỉnh"),
        _r("xac_nhan_co_quan", note="ý kiến của cơ quan có thẩm quyền (khen thưởng cấp Nhà nước)"),
    ),
    "BK_TTG": (
        _r("qd_danh_hieu_truoc", basis=f"Điều 73 {LAW}", tag="C", note="Bằng khen cấp bộ, tỉnh đã nhận"),
        _r("xac_nhan_co_quan", note="ý kiến của cơ quan có thẩm quyền (khen thưởng cấp Nhà nước)"),
    ),
    "HCLD3": (
        _r("qd_danh_hieu_truoc", basis=f"Điều 44 {LAW}", note="các hình thức khen thưởng làm căn cứ"),
        _r("xac_nhan_co_quan", note="ý kiến của cơ quan có thẩm quyền (khen thưởng cấp Nhà nước)"),
    ),
    "CO_CP": (
        _r("xac_nhan_co_quan", basis=f"Điều 25 {LAW}", note="ý kiến của cơ quan có thẩm quyền"),
    ),
    "CO_TINH": (
        _r("bien_ban_khoi", basis=f"Điều 26 {LAW}", note="đơn vị dẫn đầu khối, được suy tôn"),
    ),
}  # fmt: skip

# Bằng khen of the provincial Chairman for a person's merit over time: 2 initiatives in
# the period (Art. 74.1.d); by the 2-year CSTĐCS path, copies of those decisions.
_BK_TINH_PERSON = (
    _r("sang_kien", basis=f"điểm d khoản 1 Điều 74 {LAW}", note="2 sáng kiến trong thời gian xét"),
    _r("qd_danh_hieu_truoc", required=False, basis=f"điểm d khoản 1 Điều 74 {LAW}",
       note="2 năm liên tục Chiến sĩ thi đua cơ sở, khi đề nghị theo danh hiệu"),
)  # fmt: skip


def requirements_for(award_code: str, subject: str, kind: str = "thuong_xuyen") -> list[Requirement]:
    """The papers a proposal of ``award_code`` for ``subject`` ('ca_nhan' / 'tap_the') of
    commendation ``kind`` should carry, the common ones first."""
    if kind == "dot_xuat":
        return list(_AD_HOC)
    out = list(_COMMON)
    out += _BY_AWARD.get(award_code, ())
    if award_code == "BK_TINH" and subject == "ca_nhan" and kind == "thuong_xuyen":
        out += _BK_TINH_PERSON
    return out


class State(StrEnum):
    PRESENT = "co"  # attached
    MISSING = "thieu"  # required and not attached
    OPTIONAL = "neu_co"  # asked for only in some cases, not attached
    AT_SUBMISSION = "khi_trinh"  # made at the submission step itself (the tờ trình)

    @property
    def label(self) -> str:
        return {"co": "đã có", "thieu": "còn thiếu", "neu_co": "nếu có", "khi_trinh": "lập khi trình"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class CheckItem:
    requirement: Requirement
    state: State

    @property
    def label(self) -> str:
        return self.requirement.label


def evaluate(
    award_code: str, subject: str, kind: str, present: set[str] | frozenset[str], *, submitted: bool
) -> list[CheckItem]:
    """Each required paper with its state, given the kinds ``present`` in the dossier.
    Before submission the tờ trình is not missing: the submission step makes it."""
    items = []
    for req in requirements_for(award_code, subject, kind):
        if req.kind in present:
            state = State.PRESENT
        elif not req.required:
            state = State.OPTIONAL
        elif req.kind == "to_trinh" and not submitted:
            state = State.AT_SUBMISSION
        else:
            state = State.MISSING
        items.append(CheckItem(req, state))
    return items


def missing(items: list[CheckItem]) -> list[CheckItem]:
    return [i for i in items if i.state == State.MISSING]


def describe_missing(items: list[CheckItem]) -> str:
    """'Báo cáo thành tích; Quyết định công nhận sáng kiến…' for a warning."""
    return "; ".join(i.label for i in missing(items))


def known_award(award_code: str) -> bool:
    return award_code in BY_CODE
