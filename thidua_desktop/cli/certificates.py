"""``thidua-desktop certificates``: the certificate batch from the command line, with
the same preflight, register numbers and print log as the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_PROBLEM, add_wait, fail, writer


def add_parser(sub) -> None:
    p = sub.add_parser("certificates", help="in bằng khen, giấy khen ra PDF (theo quyết định hoặc đề nghị)")
    p.add_argument("--db", type=Path, dest="target", metavar="TỆP_DỮ_LIỆU", help="tệp dữ liệu")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--decision", help="mọi đề nghị đã khen thưởng của quyết định này, ví dụ 261/QĐ-UBND")
    which.add_argument("--proposal", type=int, action="append", help="mã đề nghị (có thể ghi nhiều lần)")
    which.add_argument("--calibration", action="store_true", help="in trang căn chỉnh máy in của mẫu")
    which.add_argument("--list-templates", action="store_true", help="liệt kê các mẫu bằng")
    p.add_argument("--template", help="tên mẫu (mặc định: mẫu dành cho hình thức khen thưởng)")
    p.add_argument("--overprint", action="store_true", help="chỉ in các dòng thay đổi lên phôi bằng in sẵn")
    p.add_argument("--per-recipient", action="store_true", help="mỗi người một tệp PDF, -o là thư mục")
    p.add_argument("--start", type=int, help="số vào sổ bắt đầu cho những bằng chưa có số")
    p.add_argument("--signer-name", help="họ tên người ký")
    p.add_argument("--signer-title", help="chức vụ người ký (\\n để xuống dòng)")
    p.add_argument(
        "--no-log", action="store_true", help="bản xem thử: không ghi số vào sổ, không ghi nhật ký in"
    )
    p.add_argument("-o", "--out", type=Path, help="tệp .pdf (hoặc thư mục với --per-recipient)")
    add_wait(p)


def run(args: argparse.Namespace) -> int:
    with writer(args, writes=not (args.no_log or args.list_templates or args.calibration)):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from thidua_desktop.reports.certificates import batch as rc
    from thidua_desktop.reports.certificates import kinds
    from thidua_desktop.reports.certificates.layout import Mode, values_for
    from thidua_desktop.reports.certificates.pdf import calibration_page
    from thidua_desktop.reports.fonts import FontError
    from thidua_desktop.reports.papers.issuer import certificate_values
    from thidua_desktop.store import desk_settings, open_database
    from thidua_desktop.store.report_data import certificates as sc

    if args.target is None:
        return fail("cần --db TỆP_DỮ_LIỆU.")
    db = open_database(args.target, create=False)
    try:
        templates = rc.all_templates(sc.desk_templates(db))
        if args.list_templates:
            for t in templates.values():
                kind = "kèm theo" if t.builtin else "của bộ phận"
                print(f"  {t.name:<28} {t.title} ({t.width_mm:g} × {t.height_mm:g} mm, {kind})")
            return EXIT_OK
        if args.out is None:
            return fail("cần -o TỆP.pdf.")
        if args.template and args.template not in templates:
            return fail(
                f"không có mẫu “{args.template}”. Xem: thidua-desktop certificates --db … --list-templates"
            )
        overrides = {
            k: v for k, v in (("signer_name", args.signer_name), ("signer_title", args.signer_title)) if v
        }
        if args.calibration:
            template = templates[args.template] if args.template else next(iter(templates.values()))
            batch = rc.batch_from_settings(
                sc.load_settings(db), template, mode=Mode.OVERPRINT, overrides=overrides
            )
            sample = {"id": 0, "subject": "ca_nhan", "full_name": "Nguyễn Văn Mẫu", "sex": "nam", "position": "Chức vụ",
                      "unit_name": "Đơn vị công tác", "summary": "Đã có thành tích xuất sắc", "year": 2025,
                      "decision_number": "123/QĐ-UBND", "decision_date": "2026-01-15", "register_number": "0001"}  # fmt: skip
            calibration_page(
                args.out,
                template,
                batch.fonts,
                batch.calibration,
                values_for(
                    sample,
                    template,
                    batch.overrides,
                    certificate_values(sample, desk_settings.load_identity(db)),
                ),
            )
            print(f"Đã ghi trang căn chỉnh của mẫu “{template.title}” vào {args.out}.")
            return EXIT_OK
        if not args.decision and not args.proposal:
            return fail("cần --decision SỐ hoặc --proposal MÃ (hoặc --calibration, --list-templates).")
        records = sc.recipients(db, decision=args.decision, proposal_ids=args.proposal)
        if not records:
            return fail("không có đề nghị nào đã khen thưởng để in bằng.", EXIT_PROBLEM)
        identity = desk_settings.load_identity(db)
        if args.template:  # one template for all, as asked: the check says what does not fit it
            groups = [kinds.Kind(templates[args.template], records)]
            skipped = []
        else:  # each recipient the template of its own award and issuer
            groups, skipped = kinds.sort_out(records, templates, identity)
        for item in skipped:
            print(f"Không in: {rc.recipient_name(item.record)} — {item.reason}", file=sys.stderr)
        if not groups:
            return fail(
                "không có bằng nào để in trong những đề nghị này (xem các dòng “Không in” ở trên).",
                EXIT_PROBLEM,
            )
        settings = sc.load_settings(db)
        mode = Mode.OVERPRINT if args.overprint else Mode.FULL
        plans, batches, start = [], [], args.start
        for group in groups:
            batch = rc.batch_from_settings(
                settings, group.template, identity=identity, mode=mode, overrides=overrides
            )
            plan = sc.plan_register_numbers(db, group.records, start)
            fresh = [
                int(plan[r["id"]])
                for r in group.records
                if not r["register_number"] and plan[r["id"]].isdigit()
            ]
            start = max(fresh) + 1 if fresh else start  # the next kind's numbers follow on in the register
            problems = rc.preflight(group.records, batch, plan)
            blocking = [p for p in problems if not p.warning]
            for problem in problems:
                if problem.warning:
                    print(f"Lưu ý ({group.template.title}): {problem}", file=sys.stderr)
            if blocking:
                print(
                    f"Chưa in: {len(blocking)} vấn đề cần sửa trước ({group.template.title}):",
                    file=sys.stderr,
                )
                for problem in blocking:
                    print(f"  - {problem}", file=sys.stderr)
                return EXIT_PROBLEM
            plans.append(plan)
            batches.append(batch)
        if not args.per_recipient and args.out.suffix.lower() != ".pdf":
            return fail("tệp ghi ra phải có đuôi .pdf.")
        for group, batch, plan in zip(groups, batches, plans, strict=True):
            # a decision of several kinds: one PDF per kind, named for its template
            out = args.out if len(groups) == 1 else (
                args.out / group.template.name if args.per_recipient
                else args.out.with_name(f"{args.out.stem}-{group.template.name}.pdf"))  # fmt: skip
            if args.per_recipient:
                files = rc.write_per_recipient(out, group.records, batch, plan)
                print(f"Đã ghi {len(files)} tệp PDF ({group.template.title}) vào {out}.")
            else:
                pages = rc.write_pdf(out, group.records, batch, plan)
                print(f"Đã ghi {pages} bằng ({group.template.title}) vào {out}.")
            if not args.no_log:
                counts = sc.record_printing(db, group.records, plan, template=group.template.name,
                                            mode=batch.mode.value, target=str(out))  # fmt: skip
                print(f"Nhật ký in: {counts['in']} in lần đầu, {counts['in_lai']} in lại; "
                      f"số vào sổ {plan[group.records[0]['id']]}–{plan[group.records[-1]['id']]}.")  # fmt: skip
        return EXIT_OK
    except (FontError, ValueError) as exc:
        return fail(str(exc), EXIT_PROBLEM)
    finally:
        db.close()
