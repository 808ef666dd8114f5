"""Which reminder a unit's report is due today (pure: no I/O, no clock).

A plan names its offsets in days before the due date (`before`, e.g. [3, 1]) and after it
(`after`, e.g. [1, 3, 7]). Each offset is a threshold day; a report gets a reminder on the
first sweep on or after a threshold that no earlier reminder covers:

- Offsets count working days when the days off are given (weekends and the holidays): with
  a due date on a Monday, "1 day before" is the Friday, "1 day after" is the Tuesday; and no
  reminder goes on a day off (a sweep on Sunday sends nothing; it waits for Monday).
- After downtime only the latest threshold reached goes, once: a sweep back after a week
  never sends the three it missed.
- At most one a day (`sent_on` holds the days reminders went; the database's unique key
  (report, day) holds it under concurrent sweeps too).
- Before-offsets apply up to the due date included, after-offsets only after it: a
  threshold of the other side never fires late.
- None once the report is submitted or the unit is exempt.
- A returned report (yêu cầu bổ sung) is reminded as a missing one, but only for thresholds
  after the day it was returned: the return mail was that day's notice, and the thresholds
  already passed when it came back are not replayed. The same holds for a unit asked late
  (`asked_on`: the day its request went): the request is that day's notice.
"""

from collections.abc import Collection, Container, Iterable
from datetime import date, timedelta

from models.statuses import ReportStatus

DONE = {ReportStatus.SUBMITTED.value, ReportStatus.EXEMPT.value}


def is_day_off(day: date, days_off: Container[date] | None) -> bool:
    """A weekend or a listed day off; with no list given every day is a working day."""
    if days_off is None:
        return False
    return day.weekday() >= 5 or day in days_off


def shift_days(day: date, n: int, days_off: Container[date] | None) -> date:
    """`n` days after `day` (before it when negative), counting working days only when the
    days off are given."""
    if days_off is None:
        return day + timedelta(days=n)
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        day += step
        if not is_day_off(day, days_off):
            left -= 1
    return day


def thresholds(
    due_on: date,
    before: Iterable[int],
    after: Iterable[int],
    days_off: Container[date] | None = None,
) -> list[tuple[date, int]]:
    """(day, offset) of every reminder in the plan, by day; offset > 0 before the due date,
    0 on it, < 0 after it (as ReportReminder.offset_days stores it)."""
    out = {(shift_days(due_on, -o, days_off), o) for o in set(before) if o >= 0}
    out |= {(shift_days(due_on, a, days_off), -a) for a in set(after) if a > 0}
    return sorted(out)


def due_offset(
    *,
    due_on: date,
    before: Iterable[int],
    after: Iterable[int],
    today: date,
    status: str,
    sent_on: Collection[date] = (),
    asked_on: date | None = None,
    returned_on: date | None = None,
    days_off: Container[date] | None = None,
) -> int | None:
    """The offset of the reminder to send today, or None (see the module's rules)."""
    if status in DONE or today in sent_on or is_day_off(today, days_off):
        return None
    quiet_until = max(
        (d for d in (asked_on, returned_on if status == ReportStatus.RETURNED else None) if d),
        default=None,
    )
    if quiet_until is not None and today <= quiet_until:
        return None
    side = [
        (day, off)
        for day, off in thresholds(due_on, before, after, days_off)
        if day <= today and (off >= 0) == (today <= due_on)
    ]
    if not side:
        return None
    day, offset = side[-1]
    if quiet_until is not None and day <= quiet_until:
        return None  # reached before the unit was asked (or returned): that was its notice
    if any(sent >= day for sent in sent_on):
        return None  # a reminder went on or after this threshold: it is covered
    return offset
