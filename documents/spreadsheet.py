"""The one rule for spreadsheet and CSV cells the app writes: text stays text.

A comment or a unit name starting with "=" would otherwise be a formula when the file is
opened (=HYPERLINK(...) phoning home, =cmd|' /C calc'!A0 running a program, "\\t=1+2" once a
viewer strips the tab). So every cell is written as a string (openpyxl data_type "s", never
inferred) and, as OWASP recommends for CSV injection, a value that starts with = + - @, a
tab or a carriage return (or whitespace before one of them, or their full-width forms) gets
a leading apostrophe, which spreadsheets show as text and never evaluate.
"""

from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_BLANK = " \t\r\n\u00a0\u3000"


def neutralise(value: object) -> str:
    """The text a cell (XLSX or CSV) shows: a formula trigger is escaped with "'", and the
    control characters a worksheet cannot hold are dropped (openpyxl would refuse the file)."""
    if value is None:
        return ""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    first = text[:1]
    stripped = text.lstrip(_BLANK)[:1]
    if first in _TRIGGERS or (stripped and stripped in _TRIGGERS):
        return "'" + text
    return text


def text_cell(cell: Cell, value: object) -> Cell:
    """Write `value` into `cell` as a plain string, never a formula or a number."""
    cell.value = neutralise(value)
    cell.data_type = "s"  # openpyxl infers "f" from a leading "="; it must not
    return cell


def append_text_row(ws: Worksheet, values: Sequence[object]) -> list[Cell]:
    """ws.append() for text: the next row, each value written through text_cell."""
    cells = [text_cell(Cell(ws), v) for v in values]
    ws.append(cells)
    return cells


def csv_rows(rows: Iterable[Sequence[object]]) -> list[list[str]]:
    """Rows for csv.writer, neutralised the same way (a CSV has no cell types)."""
    return [[neutralise(v) for v in row] for row in rows]
