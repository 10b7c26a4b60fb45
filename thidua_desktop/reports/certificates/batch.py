"""A batch of certificates: the preflight that lists every problem before anything is
printed, and the PDFs (one file, or one file per recipient). No Qt and no SQL: the records
and register numbers come from store/certificates.py."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thidua_desktop.domain.identity import DeskIdentity
from thidua_desktop.domain.text import fold
from thidua_desktop.reports.certificates import kinds
from thidua_desktop.reports.certificates import pdf as certificate_pdf
from thidua_desktop.reports.certificates.layout import Calibration, Mode, Page, layout, values_for
from thidua_desktop.reports.certificates.template import Template, TemplateError, builtin_templates, loads
from thidua_desktop.reports.fonts import FontSet
from thidua_desktop.reports.jobs import Cancelled
from thidua_desktop.reports.papers.issuer import certificate_values
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.store import file_ops
from thidua_desktop.store.errors import FileWriteError
from thidua_desktop.store.location import file_writable

APPROVED = ("da_khen", "da_cap_bang")


@dataclass
class Batch:
    template: Template
    fonts: FontSet
    mode: Mode = Mode.FULL
    calibration: Calibration = field(default_factory=Calibration)
    overrides: dict[str, str] = field(default_factory=dict)  # signer, issuer, place for this batch
    images: dict[str, Path] = field(default_factory=dict)
    identity: DeskIdentity | None = (
        None  # the desk: the issuer, place and signer each record takes by default
    )

    _issuers: dict[tuple, dict[str, str]] = field(
        default_factory=dict, repr=False
    )  # issuer defaults, asked once

    def values(self, record: dict[str, Any]) -> dict[str, str]:
        defaults = None
        if self.identity is not None:
            key = (
                kinds.code_of(record),
                record.get("decision_issuer") or "",
                str(record.get("decision_date") or ""),
            )
            defaults = self._issuers.get(key)
            if defaults is None:
                defaults = self._issuers[key] = certificate_values(record, self.identity)
        return values_for(record, self.template, self.overrides, defaults)

    def page(self, record: dict[str, Any], register_number: str | None = None) -> Page:
        if register_number is not None:
            record = {**record, "register_number": register_number}
        values = self.values(record)
        return layout(self.template, values, self.fonts, self.mode, self.calibration)


@dataclass(frozen=True)
class Problem:
    proposal_id: int
    recipient: str
    message: str
    warning: bool = False  # said, but does not stop the printing

    def __str__(self) -> str:
        if not self.proposal_id:  # the whole batch
            return f"{self.recipient}: {self.message}"
        return f"{self.recipient} (đề nghị mã {self.proposal_id}): {self.message}"


def recipient_name(record: dict[str, Any]) -> str:
    return (
        record.get("full_name") if record.get("subject") == "ca_nhan" else record.get("unit_name")
    ) or "(chưa có tên)"


def preflight(
    records: list[dict[str, Any]],
    batch: Batch,
    plan: dict[int, str],
    cancelled: Callable[[], bool] | None = None,
) -> list[Problem]:
    """Everything that would make a wrong certificate, for every recipient, before printing:
    not approved, missing name, achievement, decision number or date, a text that does not
    fit its box even at the smallest size, a letter the font cannot draw. ``cancelled`` is
    asked every 200 records; True stops with ``jobs.Cancelled``."""
    problems = []
    if not records:
        return [Problem(0, "—", "Không có đề nghị nào đã được khen thưởng để in bằng.")]
    needs_signer = any("signer_name" in f.placeholders for f in batch.template.fields)
    first = batch.values(records[0])  # the signer: given for this batch, fixed in the template, or the desk's
    if needs_signer and not (first.get("signer_name") or "").strip():
        problems.append(Problem(0, "Người ký", "chưa ghi họ tên người ký bằng."))
    mismatch = kinds.signer_problem(first.get("issuer") or "", first.get("signer_title") or "")
    if mismatch:
        problems.append(Problem(0, "Người ký", mismatch))
    if (
        batch.mode is Mode.FULL
        and any(i.key == "emblem" for i in batch.template.images)
        and "emblem" not in batch.images
    ):
        problems.append(Problem(0, "Quốc huy", "bản đầy đủ chưa có hình Quốc huy: bằng in ra không có Quốc huy. Hãy "
                                "chọn tệp hình ở Công cụ → Mẫu bằng… (Hình), hoặc in lên phôi đã in sẵn.", warning=True))  # fmt: skip
    for n, record in enumerate(records):
        if cancelled is not None and n % 200 == 0 and cancelled():
            raise Cancelled
        pid, name = record["id"], recipient_name(record)

        def say(message: str, pid=pid, name=name) -> None:
            problems.append(Problem(pid, name, message))

        if batch.identity is not None and not kinds.fits(batch.template, record, batch.identity):
            say(
                kinds.not_printed(record, batch.identity)
                or f"mẫu “{batch.template.title}” không dành cho "
                f"{award_name(kinds.code_of(record))} của {batch.values(record).get('issuer') or 'cấp quyết định này'}."
            )
        if record.get("status") not in APPROVED:
            say("đề nghị chưa có quyết định khen thưởng (chưa ở bước “Đã khen thưởng”).")
        if not recipient_name(record) or recipient_name(record) == "(chưa có tên)":
            say("chưa có tên người hoặc tập thể được khen.")
        if not (record.get("summary") or "").strip():
            say("chưa ghi thành tích (nội dung tóm tắt của đề nghị).")
        if not (record.get("decision_number") or "").strip():
            say("chưa có số quyết định.")
        if not record.get("decision_date"):
            say("chưa có ngày quyết định.")
        if not plan.get(pid):
            say("chưa có số vào sổ.")
        page = batch.page(record, plan.get(pid))
        for placed in page.fields:
            if not placed.fits:
                spec = batch.template.field(placed.key)
                say(f"dòng “{placed.key}” dài quá khung {spec.width_mm:g} mm dù đã thu nhỏ chữ đến {placed.size:g} pt: "
                    f"“{placed.text}”. Hãy rút gọn nội dung hoặc nới khung trong mẫu.")  # fmt: skip
            if placed.missing_glyphs:
                say(f"phông “{batch.fonts.family}” không có chữ {' '.join(placed.missing_glyphs)} "
                    f"(dòng “{placed.key}”); hãy chọn phông khác hoặc sửa chữ.")  # fmt: skip
    return problems


def _pages(records: list[dict[str, Any]], batch: Batch, plan: dict[int, str]) -> Iterator[Page]:
    for record in records:
        yield batch.page(record, plan.get(record["id"]))


def write_pdf(
    out: Path,
    records: list[dict[str, Any]],
    batch: Batch,
    plan: dict[int, str],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Every certificate into one PDF, a page each, in order."""
    return certificate_pdf.write(
        Path(out), batch.template, _pages(records, batch, plan), batch.fonts, total=len(records),
        images=batch.images, progress=progress, cancelled=cancelled, title=batch.template.title,
    )  # fmt: skip


def safe_file_name(number: str, name: str) -> str:
    """ "0012-nguyen-van-an.pdf": plain letters only, safe on Windows, in zips and e-mail."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "bang"
    prefix = re.sub(r"[^0-9A-Za-z]+", "-", number).strip("-")
    prefix = prefix.zfill(4) if prefix.isdigit() else prefix
    return f"{prefix}-{slug}.pdf" if prefix else f"{slug}.pdf"


def write_per_recipient(
    folder: Path,
    records: list[dict[str, Any]],
    batch: Batch,
    plan: dict[int, str],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """One PDF per recipient in ``folder``; the files appear only when all are written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / ".dang-ghi"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    names: list[str] = []
    try:
        for done, record in enumerate(records, start=1):
            if cancelled is not None and cancelled():
                raise Cancelled()
            name = safe_file_name(plan.get(record["id"], ""), recipient_name(record))
            while name in names:
                name = name.replace(".pdf", f"-{record['id']}.pdf")
            certificate_pdf.write(work / name, batch.template, [batch.page(record, plan.get(record["id"]))],
                                  batch.fonts, images=batch.images, title=batch.template.title)  # fmt: skip
            names.append(name)
            if progress is not None:
                progress(done, len(records))
        # a file of the same name held open (a viewer showing last week's PDF) stops nothing
        # halfway: every one is checked before any is replaced
        held = [folder / n for n in names if (folder / n).exists() and not file_writable(folder / n)]
        if held:
            raise FileWriteError(held[0], PermissionError(13, "held", str(held[0])))
        for name in names:
            file_ops.replace(work / name, folder / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [folder / n for n in names]


# --- which templates ----------------------------------------------------------------------


def all_templates(desk: dict[str, str]) -> dict[str, Template]:
    """The shipped templates, then the desk's copies (name → template). A desk copy that
    cannot be read is left out rather than stopping the others."""
    found = {t.name: t for t in builtin_templates()}
    for name, text in desk.items():
        try:
            found[name] = loads(text)
        except TemplateError:
            continue
    return found


def template_for(templates: dict[str, Template], award_code: str | None) -> Template:
    """The template made for ``award_code`` (the desk's copy first), else the first one."""
    chosen = [t for t in templates.values() if award_code and award_code in t.awards]
    chosen.sort(key=lambda t: t.builtin)  # the desk's own copy wins
    return chosen[0] if chosen else next(iter(templates.values()))


def batch_from_settings(
    settings: dict[str, Any],
    template: Template,
    *,
    mode: Mode = Mode.FULL,
    overrides: dict[str, str] | None = None,
    identity: DeskIdentity | None = None,
) -> Batch:
    """A batch with the desk's saved choices (store/certificates.py ``load_settings``): the
    font, the template's calibration and the images. The signer is this batch's own
    (``overrides``), else the desk's for the decision's issuer (``identity``): a signer
    typed for another batch is never carried over. The font is checked here: a missing or
    unsuitable one raises ``FontError`` with what to do."""
    from thidua_desktop.reports import fonts as certificate_fonts

    fonts = certificate_fonts.load(settings.get("font") or "")
    images = {k: Path(v) for k, v in settings.get("images", {}).items() if v and Path(v).is_file()}
    return Batch(
        template=template, fonts=fonts, mode=mode,
        calibration=Calibration.from_dict(settings.get("calibration", {}).get(template.name)),
        overrides=dict(overrides or {}), images=images, identity=identity,
    )  # fmt: skip
