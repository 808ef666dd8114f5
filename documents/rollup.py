"""The roll-up as a spreadsheet (XLSX): the same numbers as the page and the API.

Text goes through the formula-safe rule (documents/spreadsheet.py: a unit named
"=HYPERLINK(...)" stays text); figures and counts are written as numbers, so the office can
add them up again; rates as fractions with a percent format.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from documents.spreadsheet import append_text_row, text_cell
from models.follow_up.rollup import ALL_LEVELS, LEVEL_LABELS, STATE_LABELS, Rate, Rollup
from models.text import short_date


def _row(ws: Worksheet, values: list[object]) -> None:
    """A row of text and numbers: numbers stay numbers, everything else is text."""
    cells = []
    for v in values:
        cell = Cell(ws)
        if isinstance(v, bool) or not isinstance(v, int | float):
            text_cell(cell, v)
        else:
            cell.value = v
        cells.append(cell)
    ws.append(cells)


def _rate(r: Rate) -> float | str:
    v = r.value
    return "" if v is None else float(v)


def _bold_last(ws: Worksheet) -> None:
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)


def _percent(ws: Worksheet, column: int, first_row: int) -> None:
    for (cell,) in ws.iter_rows(min_row=first_row, min_col=column, max_col=column):
        if isinstance(cell.value, float):
            cell.number_format = "0.0%"


def rollup_xlsx(r: Rollup, title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    append_text_row(ws, [f"Tổng hợp báo cáo thực hiện: {title}"])
    ws["A1"].font = Font(bold=True, size=13)
    head: list[object] = ["Cấp", "Loại đơn vị", "Đơn vị"]
    for p in r.periods:
        head += [f"{p.label}: tình trạng", "Ngày nộp", "Số báo cáo"]
        head += [f"{i.name} ({i.measure})" if i.measure else i.name for i in r.indicators]
    head.append("Tỷ lệ đúng hạn")
    append_text_row(ws, head)
    _bold_last(ws)
    for level in r.levels:
        for g in (g for g in r.groups if g.level == level):
            for u in g.units:
                line: list[object] = [g.level_label, g.kind_label, u.name]
                for p in r.periods:
                    c = u.cells.get(p.id)
                    if c is None:
                        line += ["", "", ""] + [""] * len(r.indicators)
                        continue
                    line += [STATE_LABELS[c.state], short_date(c.submitted_on), c.number]
                    line += [c.figures.get(i.code, "") for i in r.indicators]
                line.append(_rate(u.rate))
                _row(ws, line)
        _total_row(ws, r, level, f"Cộng {LEVEL_LABELS.get(level, level).lower()}")
    _total_row(ws, r, ALL_LEVELS, "Tổng cộng")
    _percent(ws, len(head), 3)
    ws.column_dimensions["C"].width = 40
    ws.freeze_panes = "D3"

    rs = wb.create_sheet("Tỷ lệ đúng hạn")
    cols = ["Kỳ báo cáo", "Hạn nộp", "Phải nộp", "Đã nộp", "Đúng hạn", "Nộp muộn", "Miễn"]
    append_text_row(rs, [*cols, "Chưa báo cáo", "Tỷ lệ đúng hạn"])
    _bold_last(rs)
    for s in r.summaries:
        _row(
            rs,
            [s.period.label, short_date(s.period.due_on), s.rate.due, s.submitted, s.on_time]
            + [s.late, s.exempt, len(s.missing), _rate(s.rate)],
        )
    _percent(rs, 9, 2)
    rs.column_dimensions["A"].width = 28

    ms = wb.create_sheet("Chưa báo cáo")
    append_text_row(ms, ["Kỳ báo cáo", "Hạn nộp", "Đơn vị", "Tình trạng"])
    _bold_last(ms)
    for s in r.summaries:
        for m in s.missing:
            _row(
                ms,
                [s.period.label, short_date(s.period.due_on), m.unit_name, STATE_LABELS[m.state]],
            )
    ms.column_dimensions["C"].width = 40

    us = wb.create_sheet("Theo đơn vị")
    append_text_row(us, ["Cấp", "Loại đơn vị", "Đơn vị", "Phải nộp", "Đúng hạn", "Tỷ lệ đúng hạn"])
    _bold_last(us)
    for g in r.groups:
        for u in g.units:
            _row(
                us, [g.level_label, g.kind_label, u.name, u.rate.due, u.rate.on_time, _rate(u.rate)]
            )
    _percent(us, 6, 2)
    us.column_dimensions["C"].width = 40

    ts = wb.create_sheet("Xu hướng")
    append_text_row(ts, ["Chỉ tiêu", "Đơn vị tính", *[p.label for p in r.periods]])
    _bold_last(ts)
    for i in r.indicators:
        _row(ts, [i.name, i.measure, *[v if v is not None else "" for v in r.trends[i.code]]])
    ts.column_dimensions["A"].width = 40
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _total_row(ws: Worksheet, r: Rollup, level: str, label: str) -> None:
    line: list[object] = ["", "", label]
    for p in r.periods:
        line += ["", "", ""]
        totals = r.totals.get(level, {}).get(p.id, {})
        line += [v if (v := totals.get(i.code)) is not None else "" for i in r.indicators]
    line.append("")
    _row(ws, line)
    _bold_last(ws)
