"""Who was commended, in the groups the statistics form 0603.N/BNV-TĐKT (Thông tư
02/2023/TT-BNV) counts: the type of a collective, and the group of an individual (a
leader and at which level, a businessperson, a person working directly)."""

from __future__ import annotations

import unicodedata

from thidua_desktop.domain.models import LabelledEnum
from thidua_desktop.domain.text import fold


class CollectiveType(LabelledEnum):
    """What a commended collective is. Enterprises count among the collectives (with a
    line of their own, "Trong đó: Doanh nghiệp"); households are counted apart."""

    COLLECTIVE = ("tap_the", "Tập thể (cơ quan, tổ chức, đơn vị)")
    ENTERPRISE = ("doanh_nghiep", "Doanh nghiệp")
    HOUSEHOLD = ("ho_gia_dinh", "Hộ gia đình")


# read with the marks: "Hộ ông…" is a household, "Hồ Bá…" a name
_HOUSEHOLD_STARTS = ("hộ gia đình", "hộ ông", "hộ bà", "hộ anh", "hộ chị", "gia đình ông", "gia đình bà",
                     "gia đình anh", "gia đình chị")  # fmt: skip
_ENTERPRISE_STARTS = ("cong ty", "doanh nghiep", "tong cong ty", "tap doan")


def collective_type_of(name: str) -> CollectiveType:
    """What a collective's name says it is: "Hộ gia đình ông Y Phôn", "Gia đình bà H'Lan" a
    household (paid at its own rate, counted apart); "Công ty…", "Doanh nghiệp…" an enterprise;
    anything else an agency or unit. Used where a list names a collective not yet in the data."""
    folded = fold(name).strip()
    if " ".join(unicodedata.normalize("NFC", name).casefold().split()).startswith(_HOUSEHOLD_STARTS):
        return CollectiveType.HOUSEHOLD
    if folded.startswith(_ENTERPRISE_STARTS):
        return CollectiveType.ENTERPRISE
    return CollectiveType.COLLECTIVE


def counts_by_school_year(name: str) -> bool:
    """A school ("Trường Tiểu học…", "Trường THPT…") runs its emulation by school year (issue 22,
    point 9); a unit a list names for the first time is created so when its name says it is one."""
    return fold(name).strip().startswith("truong ")


class PersonGroup(LabelledEnum):
    """The group of an individual in the statistics; a person in none of them (an
    official without a leading post, say) is stored as the empty text."""

    PROVINCE_LEADER = ("lanh_dao_bo_tinh", "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên")
    DEPARTMENT_LEADER = ("lanh_dao_vu_so", "Lãnh đạo cấp vụ, sở, ngành và tương đương")
    OTHER_LEADER = ("lanh_dao_phong", "Lãnh đạo khác từ phó phòng trở lên")
    BUSINESSPERSON = ("doanh_nhan", "Doanh nhân")
    DIRECT_WORKER = (
        "truc_tiep",
        "Người trực tiếp công tác, lao động, học tập, chiến đấu, phục vụ chiến đấu (công nhân, nông dân…)",
    )


#: posts that mark their holder's group, for the sample data; the longest matching start
#: wins, so "Giám đốc công ty" is tried before "Giám đốc"
POSITION_GROUPS: tuple[tuple[str, PersonGroup], ...] = (
    ("Chủ tịch Ủy ban nhân dân tỉnh", PersonGroup.PROVINCE_LEADER),
    ("Phó Chủ tịch Ủy ban nhân dân tỉnh", PersonGroup.PROVINCE_LEADER),
    ("Giám đốc", PersonGroup.DEPARTMENT_LEADER),
    ("Phó Giám đốc", PersonGroup.DEPARTMENT_LEADER),
    ("Viện trưởng", PersonGroup.DEPARTMENT_LEADER),
    ("Phó Viện trưởng", PersonGroup.DEPARTMENT_LEADER),
    ("Chánh án", PersonGroup.DEPARTMENT_LEADER),
    ("Phó Chánh án", PersonGroup.DEPARTMENT_LEADER),
    ("Chỉ huy trưởng", PersonGroup.DEPARTMENT_LEADER),
    ("Phó Chỉ huy trưởng", PersonGroup.DEPARTMENT_LEADER),
    ("Chính ủy", PersonGroup.DEPARTMENT_LEADER),
    ("Chánh Thanh tra", PersonGroup.DEPARTMENT_LEADER),
    ("Cục trưởng", PersonGroup.DEPARTMENT_LEADER),
    ("Trưởng phòng", PersonGroup.OTHER_LEADER),
    ("Phó Trưởng phòng", PersonGroup.OTHER_LEADER),
    ("Chánh Văn phòng", PersonGroup.OTHER_LEADER),
    ("Phó Chánh Văn phòng", PersonGroup.OTHER_LEADER),
    ("Chánh tòa", PersonGroup.OTHER_LEADER),
    ("Giám đốc công ty", PersonGroup.BUSINESSPERSON),
    ("Chủ doanh nghiệp", PersonGroup.BUSINESSPERSON),
)

#: posts held by people who work directly (no leading or managing post)
DIRECT_POSTS = (
    "Nhân viên", "Cán bộ", "Chiến sĩ", "Công nhân", "Nông dân", "Điều tra viên", "Trợ lý", "Chuyên viên",
    "Kiểm sát viên", "Kiểm tra viên", "Thẩm phán", "Thẩm tra viên", "Thư ký", "Chấp hành viên",
    "Thanh tra viên", "Kế toán viên", "Giáo viên", "Bác sĩ", "Điều dưỡng",
)  # fmt: skip


def group_of_position(position: str) -> str:
    """The likely group of a person holding ``position`` ("" when none fits): how the
    sample data fills the group, never a rule (the desk sets each person's group)."""
    text = " ".join(position.split())
    for start, group in sorted(POSITION_GROUPS, key=lambda p: -len(p[0])):
        if text == start or text.startswith(start + " ") or text.startswith(start + ","):
            return group.value
    if text.startswith(DIRECT_POSTS):
        return PersonGroup.DIRECT_WORKER.value
    return ""
