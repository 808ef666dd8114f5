"""The follow-up plan form (/directives/{id}/follow-up/plan) and PlanIn, both ways: the
plan's fields as the form's flat field names (indicator, section and briefing rows numbered
ind_code_0, sec_key_0, br_every_0 …) and a posted form back as PlanIn's input, with each
error's location mapped to the field that shows it. Blank rows are left out; the
numbering of the rows shown is kept, so an error lands on the row it is about."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from models.follow_up.plan import PlanIn
from web.forms import FormErrors, checked
from web.views import record_id, record_ids

SPARE_ROWS = 2  # blank rows offered under the filled ones
MAX_ROWS = 80  # rows a posted form may number (PlanIn refuses more items anyway)
ROWS = {
    "ind": ("indicators", ("code", "name", "measure", "aggregate")),
    "sec": ("sections", ("key", "title")),
    "br": ("briefings", ("category", "unit", "every", "note")),
}
LISTS = ("reminder_before", "reminder_after")
NUMBERS = ("first_year", "last_year", "cutoff_day", "due_working_days", "don_doc_after_days")
OPTIONAL_NUMBERS = ("so_ket_year", "tong_ket_year")
DAYS_MESSAGE = "Nhập các số ngày, cách nhau bởi dấu phẩy, ví dụ 3, 1."


@dataclass
class PlanForm:
    """What the template needs: the text of every field, the ticked lists, the rows."""

    values: dict[str, str]
    cadence: list[str]
    unit_ids: list[int]
    group_ids: list[int]
    rows: dict[str, int]  # prefix → number of rows to show


def form_of(plan: Mapping[str, Any], *, spare: int = SPARE_ROWS) -> PlanForm:
    """A plan's fields (PlanIn's shape) as the form shows them."""
    values: dict[str, str] = {}
    for name in (*NUMBERS, *OPTIONAL_NUMBERS, "report_to_id"):
        value = plan.get(name)
        values[name] = "" if value is None else str(value)
    for name in LISTS:
        values[name] = ", ".join(str(d) for d in plan.get(name) or [])
    values["note"] = str(plan.get("note") or "")
    rows: dict[str, int] = {}
    for prefix, (field, _cols) in ROWS.items():
        items = list(plan.get(field) or [])
        for i, item in enumerate(items):
            for col, value in item.items():
                if col == "unit_ids":
                    values[f"{prefix}_unit_{i}"] = str(value[0]) if value else ""
                else:
                    values[f"{prefix}_{col}_{i}"] = str(value)
        rows[prefix] = len(items) + spare
    return PlanForm(
        values=values,
        cadence=list(plan.get("cadence") or []),
        unit_ids=list(plan.get("reporting_unit_ids") or []),
        group_ids=[],
        rows=rows,
    )


def _row_count(form: FormData, prefix: str) -> int:
    """The rows the posted form has: those its fields number (the hidden count only adds
    blank ones to show), never more than MAX_ROWS."""
    raw = form.get(f"{prefix}_rows")
    shown = int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 4 else 0
    numbered = re.compile(rf"{prefix}_[a-z]+_(\d{{1,3}})")
    found = [int(m.group(1)) + 1 for key in form.keys() if (m := numbered.fullmatch(key))]
    return min(max([shown, *found]), MAX_ROWS)


def posted_form(form: FormData, *, more: str = "") -> PlanForm:
    """The posted form as typed, to show again (with one more row where asked)."""
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    rows = {p: _row_count(form, p) + (1 if p == more else 0) for p in ROWS}
    return PlanForm(
        values=values,
        cadence=[v for v in form.getlist("cadence") if isinstance(v, str)],
        unit_ids=record_ids(form.getlist("reporting_unit_ids")),
        group_ids=record_ids(form.getlist("group_ids")),
        rows=rows,
    )


def _days(text: str) -> list[Any]:
    parts = [p.strip() for p in re.split(r"[,;\s]+", text) if p.strip()]
    out: list[Any] = []
    for p in parts:
        if not p.isdigit() or len(p) > 4:
            raise ValueError(DAYS_MESSAGE)
        out.append(int(p))
    return out


def plan_input(form: FormData, groups: Mapping[int, list[int]]) -> PlanIn:
    """PlanIn from the posted form, or FormErrors naming the form's fields. `groups`: the
    unit groups the form offers (id → members), a ticked group adds its members."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    renames: dict[str, str] = {}
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    data["cadence"] = [v for v in form.getlist("cadence") if isinstance(v, str)]
    units = record_ids(form.getlist("reporting_unit_ids"))
    for gid in record_ids(form.getlist("group_ids")):
        units += [u for u in groups.get(gid, []) if u not in units]
    # An id that is not a number is dropped by record_ids: keep it, to be refused.
    raw_units = [v for v in form.getlist("reporting_unit_ids") if isinstance(v, str)]
    data["reporting_unit_ids"] = units + [v for v in raw_units if record_id(v) is None]
    for name in (*NUMBERS, *OPTIONAL_NUMBERS):
        text = values.get(name, "").strip()
        if text:  # blank: the plan's default, or refused as missing (the years)
            data[name] = text
    if values.get("report_to_id", "").strip():
        data["report_to_id"] = values["report_to_id"].strip()
    for name in LISTS:
        try:
            data[name] = _days(values.get(name, ""))
        except ValueError as exc:
            errors[name] = str(exc)
    data["note"] = values.get("note", "")
    for prefix, (field, cols) in ROWS.items():
        items: list[dict[str, Any]] = []
        for i in range(_row_count(form, prefix)):
            cells = {c: values.get(f"{prefix}_{c}_{i}", "").strip() for c in cols}
            if not any(v for c, v in cells.items() if c not in ("aggregate", "every")):
                continue  # a blank row (its select keeps a default value)
            j = len(items)
            for c in cols:
                renames[f"{field}.{j}.{c}"] = f"{prefix}_{c}_{i}"
            renames[f"{field}.{j}"] = f"{prefix}_{cols[0]}_{i}"
            item: dict[str, Any] = {c: v for c, v in cells.items() if v}
            if prefix == "br":
                unit = item.pop("unit", "")
                item["unit_ids"] = [unit] if unit else []
                item.setdefault("category", "")
                renames[f"{field}.{j}.unit_ids"] = f"br_unit_{i}"
            items.append(item)
        data[field] = items
    try:
        plan = checked(PlanIn, data, renames=renames)
    except FormErrors as exc:
        raise FormErrors({**errors, **exc.errors}) from exc
    if errors:
        raise FormErrors(errors)
    return plan
