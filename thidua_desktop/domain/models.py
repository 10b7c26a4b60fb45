"""Records of the desk as plain dataclasses, and the enums their fields take.

Enum values are the stable codes stored in SQLite; ``label`` is what a person reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Vietnamese label: ``CODE = ("code", "Nhãn")``."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {m.value: m.label for m in cls}


class Sex(LabelledEnum):
    MALE = ("nam", "Nam")
    FEMALE = ("nu", "Nữ")


class Role(LabelledEnum):
    """A unit's role in its cluster for one year."""

    HEAD = ("truong", "Khối trưởng")
    DEPUTY = ("pho", "Khối phó")
    MEMBER = ("thanh_vien", "Thành viên")


class AwardTrack(LabelledEnum):
    """Which ladder of titles a unit follows (DOMAIN.md §3)."""

    CIVIL = ("dan_su", "Dân sự")
    ARMED = ("luc_luong_vu_trang", "Lực lượng vũ trang")
    SECTOR = ("nganh", "Ngành")


class MovementKind(LabelledEnum):
    REGULAR = ("thuong_xuyen", "Thường xuyên")
    THEMATIC = ("chuyen_de", "Chuyên đề, theo đợt")


class ReviewKind(LabelledEnum):
    MID_YEAR = ("so_ket", "Sơ kết 6 tháng")
    YEAR_END = ("tong_ket", "Tổng kết năm")


class Rating(LabelledEnum):
    """Annual staff rating (xếp loại)."""

    EXCELLENT = ("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ")
    GOOD = ("HTTNV", "Hoàn thành tốt nhiệm vụ")
    COMPLETED = ("HTNV", "Hoàn thành nhiệm vụ")
    NOT_COMPLETED = ("KHTNV", "Không hoàn thành nhiệm vụ")


class CommendationKind(LabelledEnum):
    """Kinds of commendation (Law 06/2022 Art. 8)."""

    REGULAR = ("thuong_xuyen", "Thường xuyên")
    AD_HOC = ("dot_xuat", "Đột xuất")
    THEMATIC = ("chuyen_de", "Theo đợt, chuyên đề")
    DEDICATION = ("cong_hien", "Cống hiến")
    SENIORITY = ("nien_han", "Niên hạn")
    FOREIGN = ("doi_ngoai", "Đối ngoại")


class InitiativeLevel(LabelledEnum):
    GRASSROOTS = ("co_so", "Cấp cơ sở")
    PROVINCE = ("tinh", "Cấp tỉnh")
    NATIONAL = ("toan_quoc", "Toàn quốc")


class Subject(LabelledEnum):
    INDIVIDUAL = ("ca_nhan", "Cá nhân")
    COLLECTIVE = ("tap_the", "Tập thể")


class ProposalStatus(LabelledEnum):
    DRAFT = ("du_thao", "Dự thảo")
    VOTED = ("da_binh_xet", "Đã bình xét")
    SUBMITTED = ("da_trinh", "Đã trình")
    APPROVED = ("da_khen", "Đã khen thưởng")
    REJECTED = ("khong_duyet", "Không được duyệt")
    RETURNED = ("tra_lai", "Trả lại đơn vị")
    CERTIFIED = ("da_cap_bang", "Đã cấp bằng")


@dataclass(slots=True)
class Unit:
    name: str
    short_name: str = ""
    award_track: AwardTrack = AwardTrack.CIVIL
    code: str = ""
    id: int | None = None
    uid: str = ""


@dataclass(slots=True)
class Cluster:
    name: str
    authority: str = ""
    id: int | None = None
    uid: str = ""


@dataclass(slots=True)
class Membership:
    cluster_id: int
    unit_id: int
    year: int
    role: Role = Role.MEMBER
    award_track: AwardTrack = AwardTrack.CIVIL
    id: int | None = None


@dataclass(slots=True)
class Movement:
    name: str
    year: int
    kind: MovementKind = MovementKind.REGULAR
    doc_number: str = ""
    doc_date: date | None = None
    doc_issuer: str = ""
    start_date: date | None = None
    end_date: date | None = None
    cluster_id: int | None = None
    id: int | None = None
    uid: str = ""


@dataclass(slots=True)
class Individual:
    full_name: str
    sex: Sex
    unit_id: int | None = None
    birth_year: int | None = None
    birth_date: date | None = None
    ethnicity: str = "Kinh"
    rank: str = ""
    position: str = ""
    id: int | None = None
    uid: str = ""


@dataclass(slots=True)
class Proposal:
    subject: Subject
    award_code: str
    year: int
    individual_id: int | None = None
    unit_id: int | None = None
    kind: CommendationKind = CommendationKind.REGULAR
    movement_id: int | None = None
    summary: str = ""
    status: ProposalStatus = ProposalStatus.DRAFT
    votes_for: int | None = None
    votes_total: int | None = None
    decision_number: str = ""
    decision_date: date | None = None
    register_number: str = ""
    id: int | None = None
    uid: str = ""
