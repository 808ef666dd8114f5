"""Import units from CSV (name, parent, email, category, symbol, and optionally valid_from,
valid_to, successor: when the unit exists and who takes over after it): all lines or none.

Every line is checked and every error reported with its line number, in Vietnamese; if any
line is bad nothing is written. A line's fields pass the very rule a unit sent to the API
passes (`check_line`: the pages and the API give their schema, web/routes/units.unit_line),
then the command's own (unit_create), so the import accepts nothing the API refuses.
A parent, or a successor, is an existing unit or one earlier in the file, named.
An import only creates units, owned like any unit the importer creates (its body's, or
shared when an administrator imports): a line re-using the name of an existing unit under
the same parent is refused whoever owns that unit, so an import never edits a unit.
"""

import csv
import io
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from models import audit
from models.commands.units import unit_create
from models.errors import DomainError, Invalid
from models.ids import id_of
from models.tables import Unit
from models.text import clean, clean_line, search_key

COLUMNS = ("name", "parent", "email", "category", "symbol", "valid_from", "valid_to", "successor")
# Vietnamese headers an office's spreadsheet may carry instead of the English ones.
ALIASES = {
    "tên": "name",
    "tên đơn vị": "name",
    "đơn vị cấp trên": "parent",
    "cấp trên": "parent",
    "thư điện tử": "email",
    "email": "email",
    "phân loại": "category",
    "nhóm": "category",
    "ký hiệu": "symbol",
    "hiệu lực từ": "valid_from",
    "hiệu lực đến": "valid_to",
    "đơn vị kế thừa": "successor",
    "kế thừa": "successor",
}
MAX_LINES = 5_000
# How a line's message names the column at fault.
LABELS = {
    "name": "tên đơn vị",
    "parent": "đơn vị cấp trên",
    "email": "thư điện tử",
    "category": "phân loại",
    "symbol": "ký hiệu",
    "valid_from": "hiệu lực từ",
    "valid_to": "hiệu lực đến",
    "successor": "đơn vị kế thừa",
    "successor_id": "đơn vị kế thừa",
}
# One line's fields (name, email, category, symbol, valid_from, valid_to) checked, or a
# DomainError naming the field.
LineRule = Callable[[dict[str, str]], Mapping[str, Any]]


class ImportErrors(Invalid):
    """All bad lines at once: `lines` holds (line number, message)."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        shown = "; ".join(f"Dòng {n}: {m}" for n, m in lines[:20])
        more = f" (và {len(lines) - 20} lỗi khác)" if len(lines) > 20 else ""
        super().__init__(
            f"Không nhập được: {shown}{more}. Chưa có đơn vị nào được ghi.", field="csv"
        )
        self.lines = lines


def _header(row: list[str]) -> list[str]:
    names = [clean_line(c).lower().lstrip("\ufeff") for c in row]
    return [ALIASES.get(n, n) for n in names]


def _line_error(exc: DomainError) -> str:
    message = exc.message.rstrip(".")
    label = LABELS.get(exc.field or "")
    return f"{message} (cột {label})" if label else message


def _named(known: Mapping[str, list[int]], rec: Mapping[str, str], column: str) -> int | None:
    """The unit a line names in `column` (parent, successor): None if blank, ValueError
    with the line's message if none or several bear that name."""
    named = clean_line(rec.get(column, ""))
    if not named:
        return None
    ids = known.get(search_key(named), [])
    if not ids:
        raise ValueError(f"không tìm thấy {LABELS[column]} “{named}”")
    if len(ids) > 1:
        raise ValueError(f"có nhiều đơn vị tên “{named}”: hãy nhập đơn vị này bằng tay")
    return ids[0]


def units_import(
    session: Session,
    *,
    csv_text: str,
    check_line: LineRule,
    owner_id: int | None = None,
    by: str,
    now: datetime,
) -> list[Unit]:
    text = clean(csv_text)
    if not text:
        raise Invalid("Tệp CSV trống.", field="csv")
    sample = text.split("\n", 1)[0]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = _header(rows[0])
    if "name" not in header:
        raise Invalid(
            "Dòng đầu phải là tiêu đề cột: name, parent, email, category, symbol (và nếu cần "
            "valid_from, valid_to, successor).",
            field="csv",
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise Invalid(f"Cột không được hỗ trợ: {', '.join(unknown)}.", field="csv")
    if len(rows) - 1 > MAX_LINES:
        raise Invalid(f"Tối đa {MAX_LINES} dòng mỗi lần nhập.", field="csv")
    known: dict[str, list[int]] = {}
    for u in session.exec(select(Unit)).all():
        known.setdefault(u.search, []).append(id_of(u))
    errors: list[tuple[int, str]] = []
    created: list[Unit] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        rec = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
        try:
            parent_id = _named(known, rec, "parent")
            successor_id = _named(known, rec, "successor")
        except ValueError as exc:
            errors.append((n, str(exc)))
            continue
        fields = {
            k: rec.get(k, "")
            for k in ("name", "email", "category", "symbol", "valid_from", "valid_to")
        }
        try:
            checked = check_line(fields)
            unit = unit_create(
                session,
                name=checked["name"],
                parent_id=parent_id,
                email=checked["email"],
                category=checked["category"],
                symbol=checked["symbol"] or None,
                valid_from=checked.get("valid_from"),
                valid_to=checked.get("valid_to"),
                successor_id=successor_id,
                owner_id=owner_id,
                by=by,
                now=now,
                commit=False,
            )
        except DomainError as exc:
            errors.append((n, _line_error(exc)))
            continue
        known.setdefault(unit.search, []).append(id_of(unit))
        created.append(unit)
    if errors:
        session.rollback()
        raise ImportErrors(errors)
    if not created:
        raise Invalid("Tệp không có dòng dữ liệu nào.", field="csv")
    audit.record(
        session,
        actor=by,
        at=now,
        action="unit.import",
        entity="unit",
        entity_id=None,
        after={"count": len(created), "ids": [u.id for u in created]},
    )
    session.commit()
    return created
