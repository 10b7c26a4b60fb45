"""Who the desk is: its agency, the agency above it, the place on its date lines, its
province, its level and who signs each kind of paper (DOMAIN.md §6–7). Kept in the data
file (store.desk_settings), so it travels with the file and its backups; every paper and
export reads it, and nothing in the code names a particular desk.

The letterhead rule is Decree 30/2020/NĐ-CP, Appendix I, item 3 (tên cơ quan ban hành):
the parent agency in capitals, regular, above the issuing agency's own name in capitals,
bold; when a People's Committee issues, its two lines are its own name and both are bold."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields

from thidua_desktop.domain.text import nfc

#: the desk's level: what it is, and so whose decisions it drafts and what it proposes
LEVELS: dict[str, str] = {
    "so_nganh": "Sở, ban, ngành hoặc cơ quan, đơn vị thuộc tỉnh",
    "tinh": "Cơ quan tham mưu thi đua, khen thưởng của tỉnh (trình Chủ tịch UBND tỉnh)",
    "huyen": "Ủy ban nhân dân cấp huyện (đến 30/06/2025)",
    "xa": "Ủy ban nhân dân cấp xã, phường, đặc khu",
    "khoi": "Thường trực, thư ký khối (cụm) thi đua",
}

#: the papers with a signer of their own: {kind: what the paper is}
SIGNED_PAPERS: dict[str, str] = {
    "to-trinh": "Tờ trình đề nghị khen thưởng",
    "quyet-dinh": "Quyết định khen thưởng của cơ quan",
    "danh-sach": "Danh sách, báo cáo, bảng tổng hợp (Excel)",
}
AUTHORITY_LINES = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")

#: the keys the command line and the hand-over speak, with what each holds (Vietnamese)
KEYS: dict[str, str] = {
    "agency": "tên cơ quan, ví dụ Sở Tư pháp (bắt buộc)",
    "parent_agency": "cơ quan cấp trên, ví dụ Ủy ban nhân dân tỉnh Gia Lai (để trống nếu không có)",
    "place": "địa danh ghi ở dòng ngày tháng, ví dụ Gia Lai (bắt buộc)",
    "province": "tỉnh, thành phố, ví dụ tỉnh Gia Lai (bắt buộc)",
    "level": "cấp của cơ quan: " + ", ".join(LEVELS) + " (bắt buộc)",
    "head_title": "chức danh người đứng đầu, ví dụ Giám đốc",
    "code": "chữ viết tắt trong số văn bản, ví dụ STP",
    "addressee": "nơi nhận tờ trình (Kính gửi); để trống: người có thẩm quyền quyết định",
    "charter": "văn bản quy định chức năng, nhiệm vụ của cơ quan, căn cứ của quyết định khen thưởng",
}
for _kind in SIGNED_PAPERS:
    KEYS[f"signer.{_kind}.authority"] = (
        "dòng thẩm quyền ký: TM., KT., Q., TL., TUQ. kèm chức danh, hoặc trống"
    )
    KEYS[f"signer.{_kind}.title"] = "chức vụ người ký, ví dụ GIÁM ĐỐC"
    KEYS[f"signer.{_kind}.name"] = "họ tên người ký"
REQUIRED = ("agency", "place", "province", "level")

_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn", "đặc khu")
#: nouns after which the next word is the proper part of an agency's name ("Sở Tư pháp")
_HEAD_NOUNS = ("sở", "bộ", "ban", "cục", "chi cục", "viện", "tòa án", "trường", "văn phòng", "trung tâm")


class IdentityError(ValueError):
    """A value the identity cannot take; the message is Vietnamese and names the key."""


@dataclass(frozen=True)
class Signer:
    authority: str = ""  # "KT. GIÁM ĐỐC"; empty when the head signs in their own right
    title: str = ""  # "PHÓ GIÁM ĐỐC"
    name: str = ""

    def lines(self) -> list[str]:
        return [line for line in (self.authority, self.title) if line]


@dataclass(frozen=True)
class DeskIdentity:
    agency: str = ""
    parent_agency: str = ""
    place: str = ""
    province: str = ""
    level: str = ""
    head_title: str = ""
    code: str = ""
    addressee: str = ""
    charter: str = ""
    signers: dict[str, Signer] = field(default_factory=dict)

    # --- reading and writing ------------------------------------------------------------------
    @classmethod
    def from_json(cls, text: str | None) -> DeskIdentity:
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except ValueError:
            return cls()
        return cls.from_dict(data if isinstance(data, dict) else {})

    @classmethod
    def from_dict(cls, data: dict) -> DeskIdentity:
        plain = {f.name: str(data.get(f.name) or "") for f in fields(cls) if f.name != "signers"}
        signers = {}
        for kind, value in (data.get("signers") or {}).items():
            if kind in SIGNED_PAPERS and isinstance(value, dict):
                signers[kind] = Signer(*(str(value.get(k) or "") for k in ("authority", "title", "name")))
        return cls(**plain, signers=signers)

    def to_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "signers"}
        out["signers"] = {k: _signer_dict(s) for k, s in self.signers.items()}
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    def items(self) -> list[tuple[str, str]]:
        """Every key with its value, in the order of KEYS (what `desk` prints)."""
        return [(key, self.get(key)) for key in KEYS]

    def get(self, key: str) -> str:
        if key.startswith("signer."):
            _, kind, part = key.split(".")
            return getattr(self.signers.get(kind, Signer()), part)
        return getattr(self, key)

    def with_values(self, values: dict[str, str]) -> DeskIdentity:
        """A copy with ``values`` set ({key: text}); raises IdentityError on an unknown key or
        a value the key cannot take."""
        data = self.to_dict()
        for key, raw in values.items():
            if key not in KEYS:
                raise IdentityError(f"Không có mục “{key}”. Các mục có thể đặt: {', '.join(KEYS)}.")
            value = " ".join(nfc(str(raw)).split())
            if key == "level" and value and value not in LEVELS:
                raise IdentityError(f"Cấp “{value}” không có. Hãy chọn một trong: {', '.join(LEVELS)}.")
            if key == "code" and code_problem(value):
                raise IdentityError(code_problem(value))
            if key.startswith("signer."):
                _, kind, part = key.split(".")
                data["signers"].setdefault(kind, {})[part] = value
            else:
                data[key] = value
        return DeskIdentity.from_dict(data)

    def problems(self) -> list[str]:
        """What is still missing, one Vietnamese sentence per required key."""
        names = {
            "agency": "tên cơ quan",
            "place": "địa danh",
            "province": "tỉnh, thành phố",
            "level": "cấp của cơ quan",
        }
        return [f"Chưa có {names[k]} ({k})." for k in REQUIRED if not getattr(self, k)]

    @property
    def is_set(self) -> bool:
        return not self.problems()

    # --- how the papers write it ----------------------------------------------------------------
    @property
    def is_people_committee(self) -> bool:
        return self.agency.lower().startswith(("ủy ban nhân dân", "uỷ ban nhân dân"))

    @property
    def province_name(self) -> str:
        """ "tỉnh Gia Lai" (the word tỉnh or thành phố added when the user typed only the name)."""
        text = self.province.strip()
        if not text:
            return ""
        if text.lower().startswith(("tỉnh ", "thành phố ")):
            return text[0].lower() + text[1:]
        return f"tỉnh {text}"

    @property
    def province_upper(self) -> str:
        return self.province_name.upper()

    @property
    def agency_name(self) -> str:
        """The agency in running text: "Sở Tư pháp" (typed in capitals, put in normal case)."""
        return normal_case(self.agency)

    @property
    def full_name(self) -> str:
        """ "Sở Tư pháp tỉnh Gia Lai": the agency with its province where the name lacks it
        (the reporting unit of a statistics form, a tờ trình's "đề nghị của …")."""
        name = self.agency_name
        plain = self.province_name.split(" ", 1)[-1] if " " in self.province_name else ""
        lowered = name.lower()
        if not plain or plain.lower() in lowered:
            return name
        if lowered.endswith((" tỉnh", " thành phố")):
            return f"{name} {plain}"
        if any(f" {w} " in f" {lowered} " for w in _PLACE_WORDS):
            return name
        return f"{name} {self.province_name}"

    @property
    def parent_name(self) -> str:
        return normal_case(self.parent_agency)

    def letterhead(self) -> tuple[str, str, bool]:
        """(upper line, lower line, upper line bold) of the agency's header (Decree 30/2020)."""
        agency = self.agency.upper()
        if self.is_people_committee:
            upper, lower = split_committee(agency)
            return upper, lower, True
        return short_parent(self.parent_agency), agency, False

    def signer(self, kind: str) -> Signer:
        """The signer of ``kind`` as set, else the head of the agency in their own right."""
        chosen = self.signers.get(kind)
        if chosen and (chosen.title or chosen.authority or chosen.name):
            return chosen
        return Signer("", self.default_title(), "")

    def default_title(self) -> str:
        if self.head_title:
            return self.head_title.upper()
        if self.level == "khoi":
            return "TRƯỞNG KHỐI"
        if self.is_people_committee or self.level in ("huyen", "xa"):
            return "CHỦ TỊCH"
        return "THỦ TRƯỞNG CƠ QUAN"

    def head_of_agency(self) -> str:
        """ "Giám đốc Sở Tư pháp": the agency's head, as a decision names its issuer."""
        title = normal_case(self.head_title) if self.head_title else ""
        if self.is_people_committee:
            return f"Chủ tịch {self.agency_name}"
        if not title:
            return f"Thủ trưởng {self.agency_name}"
        return f"{title} {self.agency_name}"


def _signer_dict(s: Signer) -> dict[str, str]:
    return {"authority": s.authority, "title": s.title, "name": s.name}


def short_parent(name: str) -> str:
    """The parent agency's line in capitals, "Ủy ban nhân dân" written UBND as Decree 30/2020
    allows for the line above the issuer ("UBND TỈNH GIA LAI"), so it keeps to one line."""
    upper = " ".join(name.upper().split())
    for full in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "):
        if upper.startswith(full):
            return "UBND " + upper[len(full) :]
    return upper


def split_committee(name: str) -> tuple[str, str]:
    """ "ỦY BAN NHÂN DÂN TỈNH GIA LAI" -> ("ỦY BAN NHÂN DÂN", "TỈNH GIA LAI")."""
    lowered = name.lower()
    for word in _PLACE_WORDS:
        at = lowered.find(f" {word} ")
        if at > 0:
            return name[:at].strip(), name[at:].strip()
    return "", name


def normal_case(text: str) -> str:
    """An agency's name as running text writes it, from however it was typed: the first
    word capitalised, the word after a heading noun and after its "-" or "và" ("Sở Tư
    pháp", "Ban Thi đua - Khen thưởng", "Sở Giáo dục và Đào tạo") and every word of a place name ("tỉnh Gia Lai", "xã Ea Kar") capitalised.
    Text typed in mixed case is kept as typed."""
    text = " ".join(nfc(text).split())
    if not text or text != text.upper():
        return text
    words = text.lower().split(" ")
    out = list(words)
    out[0] = _cap(out[0])
    i = 0
    while i < len(words):
        two = " ".join(words[i : i + 2])
        three = " ".join(words[i : i + 3])
        if three in ("ủy ban nhân dân", "uỷ ban nhân dân"):
            i += 3
            continue
        if two in _PLACE_WORDS or words[i] in _PLACE_WORDS:
            step = 2 if two in _PLACE_WORDS else 1
            for j in range(i + step, len(words)):
                if words[j] in ("-", "và"):
                    break
                out[j] = _cap(words[j])
            break
        if i == 0 and (two in _HEAD_NOUNS or words[i] in _HEAD_NOUNS):
            step = 2 if two in _HEAD_NOUNS else 1
            if i + step < len(words):
                out[i + step] = _cap(words[i + step])
            # "Ban Thi đua - Khen thưởng": each part after a dash is capitalised too
            for j in range(i + step, len(words) - 1):
                if words[j] in ("-", "và") and words[j + 1] not in _PLACE_WORDS:
                    out[j + 1] = _cap(words[j + 1])
            i += step
            continue
        i += 1
    return " ".join(out)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def padded_number(code: str, kind: str) -> str:
    """ "      /TTr-STP": a number left for the office to fill, with the desk's code."""
    suffix = f"/{kind}-{code}" if code else f"/{kind}"
    return "\u00a0" * 8 + suffix


_CODE = re.compile(r"^[A-ZĐ0-9-]{0,20}$")


def code_problem(code: str) -> str:
    if code and not _CODE.match(code):
        return "Chữ viết tắt chỉ gồm chữ in hoa, chữ số và dấu gạch ngang, ví dụ STP."
    return ""
