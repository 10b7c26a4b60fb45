"""Certificate speed: 1,000 certificates of the province sample into one PDF (the layout
with shrink-to-fit and wrapping, then drawing), side by side with bare reportlab drawing
the same lines with the same embedded font on the same pages, in the same run.

    python bench/certificates.py [--db PATH] [--runs N]"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    from common import arguments, province_db
    from reportlab.pdfgen.canvas import Canvas

    from thidua_desktop.reports import fonts as certificate_fonts
    from thidua_desktop.reports.certificates import batch as rc
    from thidua_desktop.reports.certificates.layout import MM
    from thidua_desktop.store.report_data import certificates as sc

    args = arguments(__doc__, runs=(int, 3), count=(int, 1000))
    db = province_db(args.db)
    ids = [r[0] for r in db.conn.execute(
        "SELECT id FROM proposals WHERE status IN ('da_khen', 'da_cap_bang') ORDER BY id LIMIT ?", (args.count,))]  # fmt: skip
    records = sc.recipients(db, proposal_ids=ids)
    fonts = certificate_fonts.bundled()
    templates = rc.all_templates({})
    batch = rc.Batch(templates["bang-khen-tinh-a3"], fonts, overrides={"signer_name": "Nguyễn Văn Bình"})
    plan = sc.plan_register_numbers(db, records)
    out = Path(tempfile.mkdtemp())
    # what bare reportlab draws: the same lines, fonts, sizes and places, laid out beforehand
    pages = [batch.page(r, plan[r["id"]]) for r in records]
    template = batch.template
    from reportlab import rl_config

    def draw_bare(path: Path) -> None:
        c = Canvas(str(path), pagesize=(template.width_mm * MM, template.height_mm * MM),
                   pageCompression=1, initialFontName=fonts.face_name("regular"))  # fmt: skip
        height = template.height_mm
        for page in pages:
            for placed in page.fields:
                c.setFont(fonts.face_name(placed.style), placed.size)
                for line, baseline in zip(placed.lines, placed.baselines_mm, strict=True):
                    c.drawString(placed.anchor_x_mm * MM, (height - baseline) * MM, line)
            c.showPage()
        c.save()

    ours, bare, bare_binary, check = [], [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        rc.write_pdf(out / "ours.pdf", records, batch, plan)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        draw_bare(out / "bare.pdf")
        bare.append(time.perf_counter() - start)
        rl_config.useA85 = 0  # as ours writes its streams: binary, not ASCII85
        start = time.perf_counter()
        draw_bare(out / "bare-binary.pdf")
        bare_binary.append(time.perf_counter() - start)
        rl_config.useA85 = 1
        start = time.perf_counter()
        problems = rc.preflight(records, batch, plan)
        check.append(time.perf_counter() - start)
    o, b = statistics.median(ours), statistics.median(bare)
    print(f"{'what':<58}  {'measured':>9}  target")
    print(f"{f'{len(records):,} certificates into one PDF (A3, full design)':<58}  {o:>7.2f} s")
    print(f"{'the same lines, bare reportlab canvas':<58}  {b:>7.2f} s")
    print(f"{'ratio':<58}  {o / b:>8.2f}×  ≤ 1.3×")
    bb = statistics.median(bare_binary)
    print(f"{'  bare with binary streams, as ours writes them':<58}  {bb:>7.2f} s")
    print(f"{'  ratio to that':<58}  {o / bb:>8.2f}×")
    print(
        f"{f'preflight of the {len(records):,} ({len(problems)} problems)':<58}  {statistics.median(check):>7.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
