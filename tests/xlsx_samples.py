"""Hand-made spreadsheets in the layouts units send."""

from datetime import date

from openpyxl import Workbook


def official_list(path, rows, *, header_row=7, year=None):
    """The usual layout: title lines and merged cells above, "Năm sinh" over Nam / Nữ."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "CÔNG AN TỈNH ĐẮK LẮK"
    ws["F1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells("F1:I1")
    year = year or date.today().year - 1  # the year of achievement is read from the title
    ws["A4"] = f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}"
    ws.merge_cells("A4:I4")
    h = header_row
    for col, text in enumerate(["STT", "Họ và tên", "Năm sinh", None, "Ngày sinh", "Chức vụ", "Đơn vị",
                                "Hình thức đề nghị", "Tóm tắt thành tích"], start=1):  # fmt: skip
        ws.cell(h, col, text)
    ws.merge_cells(start_row=h, start_column=3, end_row=h, end_column=4)
    ws.cell(h + 1, 3, "Nam")
    ws.cell(h + 1, 4, "Nữ")
    ws.cell(h + 2, 1, "I. CÁ NHÂN")
    for i, r in enumerate(rows, start=h + 3):
        for col, value in enumerate(r, start=1):
            ws.cell(i, col, value)
    wb.save(path)
    return path
