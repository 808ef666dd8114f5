"""The công văn đôn đốc's wording that more than one layer needs (pure): its trích yếu and
when the sweep drafts one."""

from datetime import date

from models.follow_up.reminders import shift_days
from models.text import lower_first


def don_doc_abstract(period_label: str, kind_name: str, directive_number: str | None) -> str:
    """ "V/v đôn đốc báo cáo quý I năm 2024 kết quả thực hiện Chỉ thị số 22-CT/TU"."""
    what = f"{kind_name} số {directive_number}" if directive_number else kind_name
    return f"V/v đôn đốc báo cáo {lower_first(period_label)} kết quả thực hiện {what}"


def don_doc_day(due_on: date, after_days: int, days_off: frozenset[date] | None) -> date:
    """The day the sweep drafts the letter: `after_days` past the due date, counted as the
    reminders count (working days when the days off are known)."""
    return shift_days(due_on, max(after_days, 1), days_off)
