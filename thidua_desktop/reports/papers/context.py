"""What fills the desk's Word papers (DOMAIN.md §6): numbers, dates, counts per award,
the legal basis and the attached list, computed from the workflow's records. Plain
dictionaries, one per paper, whose keys are the placeholders the templates use
(resources/papers/README.md lists them); no file is read or written here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from thidua_desktop.domain import recipients
from thidua_desktop.domain.dates import format_vn_date, year_words
from thidua_desktop.domain.identity import DeskIdentity, Signer
from thidua_desktop.domain.models import Rating
from thidua_desktop.domain.text import vn_decimal, vn_number
from thidua_desktop.reports.letterhead import Letterhead
from thidua_desktop.reports.papers.issuer import decision_issuer, submission_request
from thidua_desktop.rules import legal_texts, money
from thidua_desktop.rules.catalogue import BY_CODE, AwardType, award_name, report_period
from thidua_desktop.rules.funds import Due
from thidua_desktop.rules.settings import DeskSettings

KINDS = {
    "to-trinh": "Tờ trình đề nghị khen thưởng (kèm danh sách)",
    "quyet-dinh": "Dự thảo quyết định khen thưởng (kèm danh sách)",
    "bao-cao-ca-nhan": "Báo cáo thành tích của cá nhân",
    "bao-cao-tap-the": "Báo cáo thành tích của tập thể",
    "kich-ban": "Kịch bản công bố quyết định khen thưởng",
}

INITIATIVE_LEVELS = {"co_so": "Cấp cơ sở", "tinh": "Cấp tỉnh", "toan_quoc": "Toàn quốc"}
ROUND_SIZE = 10  # recipients called on stage at once in the ceremony

#: what each placeholder holds: {kind: {name: description}}; list items are described in ITEM_FIELDS
COMMON = {
    "co_quan_cap_tren": "dòng trên của tên cơ quan ban hành (chữ in hoa; đậm khi Ủy ban nhân dân ban hành)",
    "co_quan_cap_tren_dam": "đúng khi dòng trên cũng là tên cơ quan ban hành (Ủy ban nhân dân): in đậm",
    "co_quan": "dòng dưới của tên cơ quan ban hành (chữ in hoa, đậm)",
    "so": "số văn bản, ví dụ 261/QĐ-UBND",
    "dia_danh_ngay": "“Gia Lai, ngày 05 tháng 01 năm 2026” (để trống ngày nếu chưa có)",
    "ngay": "ngày văn bản dạng 05/01/2026",
    "nam": "năm của thành tích",
    "nam_thi_dua": "“năm 2025”, hoặc “năm học 2024–2025” khi mọi đối tượng thuộc trường học xét theo năm học",
    "nguoi_ky_quyen_han": "dòng thẩm quyền ký (KT. CHỦ TỊCH, TM. ỦY BAN NHÂN DÂN) hoặc trống",
    "nguoi_ky_chuc_vu": "chức vụ người ký, chữ in hoa",
    "nguoi_ky_ho_ten": "họ tên người ký",
}
_LAW = {
    "luat": "Luật Thi đua, khen thưởng, ghi đủ số và ngày",
    "nghi_dinh": "nghị định hướng dẫn có hiệu lực vào ngày văn bản, ghi đủ số, ngày, cơ quan ban hành và trích yếu",
    "thong_tu": "thông tư hướng dẫn có hiệu lực vào ngày văn bản, ghi đủ (trống nếu chưa có)",
    "can_cu": "danh sách căn cứ pháp lý của từng hình thức (điều, khoản của Luật)",
}
_BATCH = {
    "trich_yeu": "trích yếu: Về việc …",
    "hinh_thuc": "danh sách các hình thức khen thưởng, mỗi mục có các trường ở mục hinh_thuc bên dưới",
    "danh_sach": "danh sách tập thể, cá nhân theo thứ tự in bằng: hình thức cao trước, tập thể trước cá nhân, "
    "rồi theo tên; mỗi dòng có các trường ở mục danh_sach bên dưới",
    "tong_tap_the": "số tập thể",
    "tong_ho_gia_dinh": "số hộ gia đình",
    "tong_ca_nhan": "số cá nhân",
    "tong_so": "tổng số tập thể và cá nhân",
    "so_luong": "“02 tập thể và 30 cá nhân”",
}
_REPORT = {
    "de_nghi": "hình thức đề nghị (cao nhất của năm đề nghị mới nhất), ví dụ Chiến sĩ thi đua cấp tỉnh",
    "nam": "năm của thành tích đề nghị",
    "ky": "những năm báo cáo theo hình thức đề nghị: “năm 2025” hoặc “từ năm 2023 đến năm 2025”",
    "mau": "mẫu báo cáo theo nghị định có hiệu lực vào ngày báo cáo",
    "thanh_tich": "tóm tắt thành tích ghi ở đề nghị",
    "danh_hieu": "các danh hiệu thi đua đã đạt trong những năm báo cáo (nam, ten, quyet_dinh)",
    "hinh_thuc_khen": "các hình thức khen thưởng đã nhận trong những năm báo cáo (nam, ten, quyet_dinh)",
    "xep_loai": "xếp loại những năm báo cáo (nam, muc)",
    "dia_danh_ngay": "địa danh và ngày lập báo cáo",
    "co_quan_cap_tren": "cơ quan cấp trên (dòng trên, chữ in hoa)",
}
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "to-trinh": {
        **COMMON,
        **_LAW,
        **_BATCH,
        "so_to_trinh": "số tờ trình, ví dụ 15/TTr-STP",
        "ten_co_quan": "tên cơ quan trình, chữ thường: Sở Tư pháp tỉnh Gia Lai",
        "kinh_gui": "nơi nhận tờ trình (Kính gửi): người có thẩm quyền quyết định hình thức cao nhất",
        "xem_xet": "“xem xét, khen thưởng” hoặc “xem xét, đề nghị Thủ tướng Chính phủ khen thưởng”",
        "xem_xet_ket": "“xem xét, quyết định” hoặc “xem xét, đề nghị Thủ tướng Chính phủ quyết định”",
        "noi_nhan": "danh sách nơi nhận (trước dòng Lưu: VT)",
    },
    "quyet-dinh": {
        **COMMON,
        **_LAW,
        **_BATCH,
        "so_quyet_dinh": "số quyết định",
        "ngay_quyet_dinh": "ngày quyết định dạng 10/01/2025",
        "co_quan_ban_hanh": "thẩm quyền ban hành, chữ in hoa: GIÁM ĐỐC SỞ TƯ PHÁP",
        "nguoi_ban_hanh": "thẩm quyền ban hành, chữ thường: Giám đốc Sở Tư pháp",
        "can_cu_to_chuc": "căn cứ thẩm quyền của cơ quan ban hành (Luật Tổ chức chính quyền địa phương khi Ủy ban nhân dân ban hành)",
        "thi_hanh": "những người chịu trách nhiệm thi hành (Điều 3)",
        "noi_nhan": "danh sách nơi nhận (trước dòng Lưu: VT)",
        "xet_de_nghi": "ai đề nghị, tại tờ trình nào (số và ngày): Hội đồng Thi đua - Khen thưởng Sở Tư pháp tại Tờ trình số 15/TTr-STP ngày 05/12/2025",
        "tong_tien": "tổng tiền thưởng, ví dụ 74.880.000",
    },
    "bao-cao-ca-nhan": {
        **_REPORT,
        "ho_ten": "họ và tên",
        "danh_xung": "Ông hoặc Bà",
        "gioi_tinh": "Nam hoặc Nữ",
        "ngay_sinh": "ngày sinh (hoặc năm sinh)",
        "dan_toc": "dân tộc",
        "cap_bac": "cấp bậc, hàm (nếu có)",
        "chuc_vu": "chức vụ",
        "don_vi": "đơn vị công tác",
        "sang_kien": "sáng kiến (nam, ten, cap, quyet_dinh)",
    },
    "bao-cao-tap-the": {
        **_REPORT,
        "ten_don_vi": "tên tập thể",
        "ten_viet_tat": "tên viết tắt",
        "khoi_thi_dua": "khối thi đua của đơn vị",
        "ngay_thanh_lap": "ngày thành lập (nếu có)",
    },
    "kich-ban": {
        "so_quyet_dinh": "số quyết định",
        "ngay_quyet_dinh": "ngày quyết định dạng 10/01/2025",
        "nguoi_ban_hanh": "thẩm quyền ban hành: Giám đốc Sở Tư pháp",
        "trich_yeu": "trích yếu của quyết định",
        "hinh_thuc": "mỗi hình thức một trang; mỗi mục có các trường ở mục hinh_thuc bên dưới",
        "tong_so": "tổng số tập thể và cá nhân",
        "so_luong": "“02 tập thể và 30 cá nhân”",
    },
}
_ROW = {
    "stt": "số thứ tự",
    "ten": "họ tên cá nhân hoặc tên tập thể",
    "ten_day_du": "“Đại úy Nguyễn Văn A” (cấp bậc của sĩ quan), “Bà Nguyễn Thị B” hoặc tên tập thể",
    "doi_tuong": "Tập thể, Hộ gia đình hoặc Cá nhân",
    "nam_sinh_nam": "năm sinh nếu là nam",
    "nam_sinh_nu": "năm sinh nếu là nữ",
    "dan_toc": "dân tộc",
    "cap_bac": "cấp bậc",
    "chuc_vu": "chức vụ",
    "don_vi": "đơn vị",
    "chuc_vu_don_vi": "chức vụ, đơn vị nối bằng dấu phẩy (cấp bậc ở ten_day_du)",
    "hinh_thuc": "hình thức khen thưởng (tờ trình: hình thức đề nghị)",
    "thanh_tich": "tóm tắt thành tích",
    "phieu": "số phiếu đồng ý / tổng số, ví dụ 9/11",
    "so_vao_so": "số vào sổ của bằng",
}
ITEM_FIELDS: dict[str, dict[str, str]] = {
    "danh_sach": _ROW,
    "hinh_thuc": {
        "stt": "số thứ tự",
        "ma": "mã hình thức trong danh mục, ví dụ BK_TINH",
        "ten": "tên hình thức",
        "ten_hoa": "tên hình thức, chữ in hoa",
        "tap_the": "số tập thể",
        "ca_nhan": "số cá nhân",
        "tong": "tổng số",
        "so_luong": "“02 tập thể và 30 cá nhân”",
        "can_cu": "căn cứ pháp lý (điều, khoản của Luật)",
        "cap_khen": "thẩm quyền khen",
        "tien_tap_the": "tiền thưởng mỗi tập thể",
        "ho_gia_dinh": "số hộ gia đình",
        "tien_ho_gia_dinh": "tiền thưởng mỗi hộ gia đình",
        "muc_tien": "“mỗi tập thể … đồng; mỗi hộ gia đình … đồng; mỗi cá nhân … đồng” (những đối tượng có trong hình thức)",
        "tien_ca_nhan": "tiền thưởng mỗi cá nhân",
        "ghi_chu_tien": "ghi chú khi có người không nhận tiền thưởng của hình thức (đã nhận danh hiệu cao hơn cùng năm)",
        "tong_tien": "tổng tiền thưởng của hình thức",
        "nguoi": "các tập thể, cá nhân của hình thức, mỗi người có các trường của danh_sach",
        "luot": f"các lượt lên nhận (tối đa {ROUND_SIZE} người một lượt): so, nguoi",
    },
    "luot": {"so": "lượt thứ mấy", "nguoi": "những người của lượt, có các trường của danh_sach"},
    "danh_hieu": {"nam": "năm", "ten": "tên danh hiệu", "quyet_dinh": "số, ngày quyết định, cơ quan ban hành"},
    "hinh_thuc_khen": {"nam": "năm", "ten": "tên hình thức", "quyet_dinh": "số, ngày quyết định, cơ quan ban hành"},
    "xep_loai": {"nam": "năm", "muc": "mức xếp loại"},
    "sang_kien": {"nam": "năm", "ten": "tên sáng kiến", "cap": "cấp công nhận", "quyet_dinh": "quyết định công nhận"},
}  # fmt: skip


@dataclass(frozen=True)
class Desk:
    """Who the desk is (its identity in the data file), the signer given for this one paper
    (``signers``: kind -> {"authority", "title", "name"}), and for a cluster's secretariat
    the unit heading the cluster that year, which signs its papers."""

    identity: DeskIdentity = field(default_factory=DeskIdentity)
    signers: dict[str, dict[str, str]] = field(default_factory=dict)
    head_unit: str = ""

    @property
    def place(self) -> str:
        return self.identity.place

    def signer(self, kind: str, default: Signer | None = None) -> tuple[str, str, str]:
        """(authority line, title, name): what was given for this paper, else ``default``,
        else the desk's own signer of ``kind`` (a secretariat's with the year's head unit)."""
        base = default or self.identity.signer(kind)
        title = base.title
        if default is None and self.identity.level == "khoi" and self.head_unit and title == "TRƯỞNG KHỐI":
            title = f"TRƯỞNG KHỐI\n{self.head_unit.upper()}"
        chosen = self.signers.get(kind, {})
        return (
            chosen.get("authority") or base.authority,
            chosen.get("title") or title,
            chosen.get("name") or base.name,
        )


# --- small helpers ---------------------------------------------------------------------------
def _as_date(value: date | str | None) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def date_line(place: str, on: date | None) -> str:
    """ "Gia Lai, ngày 05 tháng 01 năm 2026"; blanks for the day when not known yet."""
    if on is None:
        return f"{place}, ngày      tháng      năm       "
    return Letterhead(place=place, on=on).date_line()


def counted(collectives: int, individuals: int, households: int = 0) -> str:
    """ "02 tập thể và 30 cá nhân" (under ten written with two digits, as decisions do)."""
    parts = [f"{n:02d} {what}" for n, what in ((collectives, "tập thể"), (households, "hộ gia đình"),
                                               (individuals, "cá nhân")) if n]  # fmt: skip
    if len(parts) > 2:
        return ", ".join(parts[:-1]) + " và " + parts[-1]
    return " và ".join(parts) or "00 cá nhân"


def _law(on: date) -> dict[str, str]:
    return legal_texts.emulation_bases(on)


def _code(record: dict[str, Any], decided: bool) -> str:
    return (record.get("awarded_code") or record["award_code"]) if decided else record["award_code"]


def row(record: dict[str, Any], stt: int, *, decided: bool) -> dict[str, Any]:
    """One line of the attached list."""
    person = record["subject"] == "ca_nhan"
    name = (record.get("full_name") if person else record.get("unit_name")) or ""
    sex = record.get("sex")
    shown = recipients.named(name, sex, record.get("rank")) if person else name
    votes = ""
    if record.get("votes_for") is not None and record.get("votes_total"):
        votes = f"{record['votes_for']}/{record['votes_total']}"
    return {
        "stt": stt,
        "ten": name,
        "ten_day_du": shown,
        "doi_tuong": "Cá nhân" if person else "Hộ gia đình" if record.get("pay_subject") == "ho_gia_dinh" else "Tập thể",
        "nam_sinh_nam": str(record.get("birth_year") or "") if person and sex == "nam" else "",
        "nam_sinh_nu": str(record.get("birth_year") or "") if person and sex == "nu" else "",
        "dan_toc": (record.get("ethnicity") or "") if person else "",
        "cap_bac": (record.get("rank") or "") if person else "",
        "chuc_vu": (record.get("position") or "") if person else "",
        "don_vi": (record.get("unit_name") or "") if person else "",
        "chuc_vu_don_vi": recipients.post(record.get("position"), record.get("unit_name")) if person else "",
        "hinh_thuc": award_name(_code(record, decided)),
        "thanh_tich": record.get("summary") or "",
        "phieu": votes,
        "so_vao_so": record.get("register_number") or "",
    }  # fmt: skip


def _awards(
    records: list[dict[str, Any]], rows: list[dict[str, Any]], *, decided: bool, on: date | None,
    settings: DeskSettings | None, due: dict[int, Due] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Counts, basis and money per award, in the order the awards first appear in the list.
    ``due`` (store.report_data.rewards, by proposal id) is what each recipient is owed: a
    title not paid because a higher one of the same period is, is counted out of the total."""
    groups: dict[str, list[tuple[dict, dict]]] = {}
    for record, line in zip(records, rows, strict=True):
        groups.setdefault(_code(record, decided), []).append((record, line))
    out = []
    for n, (code, members) in enumerate(groups.items(), start=1):
        award = BY_CODE.get(code)
        kinds = [r.get("pay_subject") or r["subject"] for r, _ in members]  # a household at its own rate
        collectives, households = kinds.count("tap_the"), kinds.count("ho_gia_dinh")
        individuals = len(members) - collectives - households
        pay = {"tap_the": 0, "ho_gia_dinh": 0, "ca_nhan": 0}
        if award is not None and settings is not None and on is not None:
            pay = {s: money.reward(code, s, on, settings) for s in pay}
        people = [dict(line, stt=i) for i, (_, line) in enumerate(members, start=1)]
        total = pay["tap_the"] * collectives + pay["ho_gia_dinh"] * households + pay["ca_nhan"] * individuals
        each = "; ".join(f"mỗi {what} {vn_number(pay[s])} đồng" + _times(code, s, settings) for s, n, what in (
            ("tap_the", collectives, "tập thể"), ("ho_gia_dinh", households, "hộ gia đình"),
            ("ca_nhan", individuals, "cá nhân")) if n)  # fmt: skip
        if award is not None and on is not None and each:
            each += f", theo {money.article_of(code, on).replace('Nghị định ', 'Nghị định số ')}"
        note = ""
        if due is not None:
            owed = [due.get(r.get("id")) for r, _ in members]
            total = sum(d.amount for d in owed if d is not None)
            unpaid = [r for (r, _), d in zip(members, owed, strict=True) if d is not None and not d.payable]
            if unpaid:
                left = [r.get("pay_subject") or r["subject"] for r in unpaid]
                left_out = counted(left.count("tap_the"), left.count("ca_nhan"), left.count("ho_gia_dinh"))
                basis = (
                    ", theo khoản 5 Điều 49 Nghị định số 152/2025/NĐ-CP"
                    if on and on >= date(2025, 7, 1)
                    else ""
                )
                note = (f" ({left_out} không nhận tiền thưởng danh hiệu này vì đã nhận tiền thưởng danh hiệu cao "
                        f"hơn của cùng năm{basis})")  # fmt: skip
        out.append({
            "stt": n, "ma": code, "ten": award_name(code), "ten_hoa": award_name(code).upper(),
            "tap_the": collectives, "ca_nhan": individuals, "tong": len(members),
            "so_luong": counted(collectives, individuals, households),
            "ho_gia_dinh": households, "tien_ho_gia_dinh": vn_number(pay["ho_gia_dinh"]), "muc_tien": each,
            "can_cu": _basis(award, individuals_only=not (collectives or households)) if award else "",
            "cap_khen": award.issuer if award else "",
            "tien_tap_the": vn_number(pay["tap_the"]), "tien_ca_nhan": vn_number(pay["ca_nhan"]),
            "tong_tien": vn_number(total), "_tien": total, "ghi_chu_tien": note,
            "nguoi": people,
            "luot": [{"so": k // ROUND_SIZE + 1, "nguoi": people[k : k + ROUND_SIZE]}
                     for k in range(0, len(people), ROUND_SIZE)],
        })  # fmt: skip
    return out


def _times(code: str, subject: str, settings: DeskSettings | None) -> str:
    """ " (1,5 lần mức lương cơ sở)": the multiple a paper states beside the amount."""
    if code not in BY_CODE or settings is None:
        return ""
    return f" ({vn_decimal(money.coefficient(code, subject, settings))} lần mức lương cơ sở)"


_POINT = re.compile(r"^(điểm \w+ )?(khoản \d+ )?(?=Điều)")


def _basis(award, *, individuals_only: bool) -> str:
    """The award's article; given to collectives or households as well, the whole article
    ("Điều 74 …", not "điểm d khoản 1 Điều 74", the individuals' clause)."""
    return award.basis if individuals_only else _POINT.sub("", award.basis)


def _bases(awards: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(f"{a['can_cu']} về {a['ten']}" for a in awards if a["can_cu"]))


def _subject_line(awards: list[dict[str, Any]], proposing: bool, year: int | None) -> str:
    if len(awards) == 1:
        text = f"Về việc {'đề nghị tặng' if proposing else 'tặng'} {awards[0]['ten']}"
    else:
        text = "Về việc đề nghị khen thưởng" if proposing else "Về việc khen thưởng"
    return f"{text} năm {year}" if proposing and year else text


def _totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    collectives = sum(r["doi_tuong"] == "Tập thể" for r in rows)
    households = sum(r["doi_tuong"] == "Hộ gia đình" for r in rows)
    return {
        "tong_tap_the": collectives,
        "tong_ho_gia_dinh": households,
        "tong_ca_nhan": len(rows) - collectives - households,
        "tong_so": len(rows),
        "so_luong": counted(collectives, len(rows) - collectives - households, households),
    }


# --- the papers ------------------------------------------------------------------------------
def _letterhead_keys(upper: str, lower: str, bold: bool) -> dict[str, Any]:
    return {"co_quan_cap_tren": upper, "co_quan": lower, "co_quan_cap_tren_dam": bold}


def submission_context(
    records: list[dict[str, Any]], number: str, desk: Desk, settings: DeskSettings | None = None,
    *, on: date | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The tờ trình of ``records`` (the proposals of tờ trình ``number``, in order), the
    desk's own paper, asking the authority that decides its highest award."""
    on = on or max((d for d in (_as_date(r.get("submission_date")) for r in records) if d), default=None)
    rows = [row(r, i, decided=False) for i, r in enumerate(records, start=1)]
    awards = _awards(records, rows, decided=False, on=on, settings=settings)
    year = max((r["year"] for r in records), default=None)
    identity = desk.identity
    authority, title, name = desk.signer("to-trinh")
    # the texts in force when it is filed: a tờ trình without a date is filed after its year ends
    in_force = on or (date(year + 1, 1, 1) if year else date.today())
    ask = submission_request([a["ma"] for a in awards], identity, in_force)
    return {
        **_letterhead_keys(*identity.letterhead()),
        "ten_co_quan": identity.full_name, "so": number, "so_to_trinh": number, "dia_danh_ngay": date_line(desk.place, on),
        "ngay": format_vn_date(on), "nam": year or "", "nam_thi_dua": _emulation_year(records, year),
        "nguoi_ky_quyen_han": authority, "nguoi_ky_chuc_vu": title, "nguoi_ky_ho_ten": name,
        **_law(in_force), "can_cu": _bases(awards),
        "trich_yeu": _subject_line(awards, True, year), "kinh_gui": ask.addressee,
        "xem_xet": ask.consider, "xem_xet_ket": ask.closing, "noi_nhan": ask.copies,
        "hinh_thuc": _public(awards), "danh_sach": rows, **_totals(rows),
    }  # fmt: skip


def _emulation_year(records: list[dict[str, Any]], year: int | None) -> str:
    """ "năm 2025", or "năm học 2024–2025" when every nominee is of a school counting by school
    year (issue 22, point 9)."""
    if not year:
        return ""
    return year_words(year, bool(records) and all(r.get("school_year") for r in records))


def _public(awards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.items() if not k.startswith("_")} for a in awards]


def submissions_cited(records: list[dict[str, Any]]) -> str:
    """ "Tờ trình số 15/TTr-STP ngày 05/12/2025" or "các Tờ trình số 15/… ngày …; số 12/…
    ngày …": every tờ trình the decision answers, each with its number and date."""
    seen: dict[str, date | None] = {}
    for record in records:
        if record.get("submission_number"):
            seen.setdefault(record["submission_number"], _as_date(record.get("submission_date")))
    named = [f"số {ref}" + (f" ngày {format_vn_date(when)}" if when else "") for ref, when in seen.items()]
    if len(named) == 1:
        return f"Tờ trình {named[0]}"
    return "các Tờ trình " + "; ".join(named) if named else ""


def decision_context(
    records: list[dict[str, Any]],
    number: str,
    desk: Desk,
    settings: DeskSettings | None = None,
    *,
    central_ok: bool = False,
    due: dict[int, Due] | None = None,
) -> dict[str, Any]:
    """The draft decision ``number`` over its approved ``records`` (certificate order), as
    its issuer's own paper. Raises OutsideRemit for a central authority's decision."""
    on = max((d for d in (_as_date(r.get("decision_date")) for r in records) if d), default=None)
    rows = [row(r, i, decided=True) for i, r in enumerate(records, start=1)]
    awards = _awards(records, rows, decided=True, on=on, settings=settings, due=due)
    identity = desk.identity
    who = decision_issuer(records, identity, on or date.today(), central_ok=central_ok)
    authority, title, name = desk.signer("quyet-dinh", None if who.own else who.signer)
    basis = submissions_cited(records)
    proposer = identity.full_name if who.own or identity.level != "tinh" else ""
    if who.own and who.authority.code == "thu_truong":
        proposer = f"Hội đồng Thi đua - Khen thưởng {identity.agency_name}"
    asked = " ".join(p for p in (proposer, f"tại {basis}" if basis else "") if p)
    if who.advised_by:
        asked = f"{asked} và đề nghị của {who.advised_by}" if asked else who.advised_by
    year = max((r["year"] for r in records), default=None)
    return {
        **_letterhead_keys(who.upper, who.lower, who.upper_bold), "so": number, "so_quyet_dinh": number,
        "dia_danh_ngay": date_line(desk.place, on), "ngay": format_vn_date(on),
        "ngay_quyet_dinh": format_vn_date(on), "nam": year or "", "nam_thi_dua": _emulation_year(records, year),
        "nguoi_ky_quyen_han": authority, "nguoi_ky_chuc_vu": title, "nguoi_ky_ho_ten": name,
        "co_quan_ban_hanh": who.text.upper(), "nguoi_ban_hanh": who.text,
        **_law(on or date.today()), "can_cu_to_chuc": who.bases, "can_cu": _bases(awards),
        "trich_yeu": _subject_line(awards, False, year),
        "xet_de_nghi": asked, "thi_hanh": who.executes, "noi_nhan": who.copies,
        "tong_tien": vn_number(sum(a["_tien"] for a in awards)),
        "hinh_thuc": _public(awards), "danh_sach": rows, **_totals(rows),
    }  # fmt: skip


def ceremony_context(records: list[dict[str, Any]], number: str, desk: Desk) -> dict[str, Any]:
    """The ceremony script of decision ``number``: one part per award, names in the order
    of the certificates, called on stage in rounds."""
    paper = decision_context(records, number, desk, central_ok=True)
    keys = (
        "so_quyet_dinh",
        "ngay_quyet_dinh",
        "nguoi_ban_hanh",
        "trich_yeu",
        "hinh_thuc",
        "tong_so",
        "so_luong",
    )
    return {k: paper[k] for k in keys}


def _decision_text(record: dict[str, Any]) -> str:
    parts = []
    if record.get("decision_number"):
        parts.append(f"Quyết định số {record['decision_number']}")
    if record.get("decision_date"):
        parts.append(f"ngày {format_vn_date(record['decision_date'])}")
    if record.get("issuer"):
        parts.append(f"của {record['issuer']}")
    return " ".join(parts)


def _history(history: Iterable[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Awards received, split into emulation titles and forms of commendation."""
    titles, forms = [], []
    for a in history:
        award = BY_CODE.get(a["award_code"])
        line = {"nam": a["year"], "ten": award_name(a["award_code"]), "quyet_dinh": _decision_text(a)}
        (titles if award is not None and award.type == AwardType.TITLE else forms).append(line)
    return titles, forms


def _ratings(ratings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = Rating.labels()
    return [{"nam": r["year"], "muc": labels.get(r["rating"], r["rating"])} for r in ratings]


def report_form(on: date, *, person: bool) -> str:
    """The form a report follows on its date: Decree 98/2023 Appendix I (Mẫu 03 an
    individual's, Mẫu 02 a collective's) until 30/06/2025, Decree 152/2025's after [its form
    numbers are not confirmed here: DOMAIN.md §6 marks them P]."""
    if on < date(2025, 7, 1):
        return f"Mẫu số {'03' if person else '02'}, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP"
    return "Mẫu báo cáo thành tích kèm theo Nghị định số 152/2025/NĐ-CP"


def _period(proposal: dict[str, Any] | None) -> tuple[int | None, int | None, str]:
    if not proposal:
        return None, None, ""
    first, last = report_period(proposal["award_code"], proposal["year"])
    return first, last, f"năm {last}" if first == last else f"từ năm {first} đến năm {last}"


def _within(rows: Iterable[dict[str, Any]], first: int | None, last: int | None) -> list[dict[str, Any]]:
    return [r for r in rows if first is None or first <= r["year"] <= last]


def person_report_context(
    person: dict[str, Any], proposal: dict[str, Any] | None, history: list[dict[str, Any]],
    ratings: list[dict[str, Any]], initiatives: list[dict[str, Any]], desk: Desk, *, on: date | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Báo cáo thành tích of an individual, titled with the award proposed and covering the
    years that award rests on (a CSTĐ cấp tỉnh: the three CSTĐCS years), with the ratings,
    initiatives and awards of those years."""
    on = on or date.today()
    first, last, period = _period(proposal)
    titles, forms = _history(_within(history, first, last))
    born = format_vn_date(person.get("birth_date")) or str(person.get("birth_year") or "")
    return {
        "co_quan_cap_tren": desk.identity.letterhead()[0] or desk.identity.agency.upper(),
        "ho_ten": person["full_name"], "danh_xung": recipients.title(person["sex"], person.get("rank")),
        "gioi_tinh": {"nam": "Nam", "nu": "Nữ"}.get(person["sex"], ""), "ngay_sinh": born,
        "dan_toc": person.get("ethnicity") or "", "cap_bac": person.get("rank") or "",
        "chuc_vu": person.get("position") or "", "don_vi": person.get("unit_name") or "",
        "de_nghi": award_name(proposal["award_code"]) if proposal else "",
        "nam": proposal["year"] if proposal else "", "ky": period, "mau": report_form(on, person=True),
        "thanh_tich": (proposal or {}).get("summary") or "",
        "danh_hieu": titles, "hinh_thuc_khen": forms, "xep_loai": _ratings(_within(ratings, first, last)),
        "sang_kien": [{
            "nam": i["year"], "ten": i["title"], "cap": INITIATIVE_LEVELS.get(i["level"], i["level"]),
            "quyet_dinh": _decision_text(i),
        } for i in _within(initiatives, first, last)],
        "dia_danh_ngay": date_line(desk.place, on),
    }  # fmt: skip


def unit_report_context(
    unit: dict[str, Any], proposal: dict[str, Any] | None, history: list[dict[str, Any]],
    ratings: list[dict[str, Any]], desk: Desk, *, on: date | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Báo cáo thành tích of a collective, titled with the award proposed and covering the
    years it rests on."""
    on = on or date.today()
    first, last, period = _period(proposal)
    titles, forms = _history(_within(history, first, last))
    return {
        "co_quan_cap_tren": desk.identity.letterhead()[0] or desk.identity.agency.upper(),
        "ten_don_vi": unit["name"], "ten_viet_tat": unit.get("short_name") or "",
        "khoi_thi_dua": unit.get("cluster_name") or "", "ngay_thanh_lap": format_vn_date(unit.get("founded_on")),
        "de_nghi": award_name(proposal["award_code"]) if proposal else "",
        "nam": proposal["year"] if proposal else "", "ky": period, "mau": report_form(on, person=False),
        "thanh_tich": (proposal or {}).get("summary") or "",
        "danh_hieu": titles, "hinh_thuc_khen": forms, "xep_loai": _ratings(_within(ratings, first, last)),
        "dia_danh_ngay": date_line(desk.place, on),
    }  # fmt: skip


# --- an example of each paper, to check a template before the desk relies on it ------------------
_EXAMPLE_RECORDS = [
    {"id": 1, "subject": "tap_the", "year": 2025, "award_code": "BK_TINH", "awarded_code": None,
     "summary": "Đã có thành tích xuất sắc trong phong trào thi đua năm 2025", "votes_for": 8, "votes_total": 8,
     "submission_number": "15/TTr-STP", "submission_date": "2025-12-05", "decision_number": "12/QĐ-UBND",
     "decision_date": "2026-01-05", "decision_issuer": "", "register_number": "", "full_name": None,
     "sex": None, "birth_year": None, "ethnicity": None, "rank": None, "position": None,
     "unit_name": "Phòng Tổ chức cán bộ"},
    {"id": 2, "subject": "ca_nhan", "year": 2025, "award_code": "BK_TINH", "awarded_code": None,
     "summary": "Đã hoàn thành xuất sắc nhiệm vụ năm 2025", "votes_for": 9, "votes_total": 11,
     "submission_number": "15/TTr-STP", "submission_date": "2025-12-05", "decision_number": "12/QĐ-UBND",
     "decision_date": "2026-01-05", "decision_issuer": "", "register_number": "", "full_name": "Nguyễn Thị Mẫu",
     "sex": "nu", "birth_year": 1985, "ethnicity": "Kinh", "rank": "", "position": "Chuyên viên",
     "unit_name": "Sở Nội vụ"},
]  # fmt: skip


#: a desk for the examples (a department of another province than the sample's)
EXAMPLE_DESK = DeskIdentity(
    agency="Sở Tư pháp", parent_agency="Ủy ban nhân dân tỉnh Gia Lai", place="Gia Lai", province="tỉnh Gia Lai",
    level="so_nganh", head_title="Giám đốc", code="STP", signers={"quyet-dinh": Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Mẫu")},
)  # fmt: skip


def example_context(kind: str) -> dict[str, Any]:
    """Every placeholder of ``kind`` filled with example values."""
    desk, settings = Desk(EXAMPLE_DESK), DeskSettings()
    if kind == "to-trinh":
        return submission_context(_EXAMPLE_RECORDS, "15/TTr-STP", desk, settings)
    if kind == "quyet-dinh":
        return decision_context(_EXAMPLE_RECORDS, "12/QĐ-UBND", desk, settings)
    if kind == "kich-ban":
        return ceremony_context(_EXAMPLE_RECORDS, "12/QĐ-UBND", desk)
    history = [{"year": 2024, "award_code": "CSTDCS", "decision_number": "20/QĐ-UBND", "decision_date": "2025-01-10",
                "issuer": "Giám đốc Sở Nội vụ"}]  # fmt: skip
    ratings = [{"year": 2024, "rating": "HTXSNV"}]
    proposal = {"year": 2025, "award_code": "BK_TINH", "summary": "Đã hoàn thành xuất sắc nhiệm vụ năm 2025"}
    if kind == "bao-cao-ca-nhan":
        person = {"full_name": "Nguyễn Thị Mẫu", "sex": "nu", "birth_date": "1985-03-02", "birth_year": 1985,
                  "ethnicity": "Kinh", "rank": "", "position": "Chuyên viên", "unit_name": "Sở Nội vụ"}  # fmt: skip
        initiatives = [{"year": 2024, "title": "Sáng kiến mẫu", "level": "co_so", "decision_number": "5/QĐ-HĐSK",
                        "decision_date": "2024-11-20", "issuer": "Hội đồng sáng kiến cơ sở"}]  # fmt: skip
        return person_report_context(person, proposal, history, ratings, initiatives, desk)
    if kind == "bao-cao-tap-the":
        unit = {
            "name": "Sở Nội vụ",
            "short_name": "SNV",
            "cluster_name": "Khối thi đua các cơ quan nội chính",
            "founded_on": None,
        }
        return unit_report_context(unit, proposal, history, ratings, desk)
    raise KeyError(kind)
