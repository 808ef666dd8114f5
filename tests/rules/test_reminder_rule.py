"""The pure reminder rule: which offset is due today, across weekends and holidays, at most
one a day, only the latest after downtime, none once submitted or exempt."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from models.follow_up.reminders import due_offset, shift_days, thresholds
from models.statuses import ReportStatus

# Due Monday 22/4/2024; the Hùng Kings' day was Thursday 18/4/2024 (a day off).
DUE = date(2024, 4, 22)
OFF = frozenset({date(2024, 4, 18)})
BEFORE, AFTER = [3, 1], [1, 3, 7]


def due(today: date, **kw) -> int | None:
    args = {"due_on": DUE, "before": BEFORE, "after": AFTER, "today": today}
    args |= {"status": ReportStatus.PENDING.value, "days_off": OFF}
    return due_offset(**(args | kw))


def test_offsets_count_working_days_over_the_weekend_and_the_holiday():
    days = [d for d, _ in thresholds(DUE, BEFORE, AFTER, OFF)]
    # 3 working days before Monday 22/4, skipping the weekend and Thursday 18/4: Tue 16/4.
    assert days == [
        date(2024, 4, 16),
        date(2024, 4, 19),
        date(2024, 4, 23),
        date(2024, 4, 25),
        date(2024, 5, 1),
    ]
    assert shift_days(DUE, -1, None) == date(2024, 4, 21)  # calendar days without a list


def test_a_daily_sweep_sends_each_offset_once_and_never_on_a_day_off():
    sent: list[date] = []
    went: list[tuple[date, int]] = []
    day = date(2024, 4, 10)
    while day <= date(2024, 5, 10):
        offset = due(day, sent_on=sent)
        if offset is not None:
            sent.append(day)
            went.append((day, offset))
        day += timedelta(days=1)
    assert went == [
        (date(2024, 4, 16), 3),
        (date(2024, 4, 19), 1),  # Friday: Saturday 20 and Sunday 21 are days off
        (date(2024, 4, 23), -1),
        (date(2024, 4, 25), -3),
        (date(2024, 5, 1), -7),  # 7 working days after, over the weekend of 27–28/4
    ]


def test_after_downtime_only_the_latest_reached_offset_goes():
    # The sweep was down from 15/4 to 24/4: the 3-before, 1-before and 1-after all passed.
    assert due(date(2024, 4, 24)) == -1
    assert due(date(2024, 4, 24), sent_on=[date(2024, 4, 24)]) is None
    # The next day the 3-after threshold is reached: a new reminder.
    assert due(date(2024, 4, 25), sent_on=[date(2024, 4, 24)]) == -3


def test_a_before_offset_missed_never_fires_after_the_due_date():
    # after=[3]: on 23/4 (1 working day after) nothing is due yet, the 1-before is not replayed.
    assert due(date(2024, 4, 23), after=[3]) is None
    assert due(date(2024, 4, 22)) == 1  # the due day itself still carries the 1-before one


def test_none_once_submitted_or_exempt_and_one_a_day():
    for status in (ReportStatus.SUBMITTED, ReportStatus.EXEMPT):
        assert due(date(2024, 4, 19), status=status.value) is None
    assert due(date(2024, 4, 19), status=ReportStatus.DRAFT.value) == 1
    assert due(date(2024, 4, 19), sent_on=[date(2024, 4, 19)]) is None


def test_a_returned_report_is_reminded_only_for_thresholds_after_its_return():
    returned = ReportStatus.RETURNED.value
    # Returned on 23/4, the day of the 1-after threshold: the return mail was the notice.
    assert due(date(2024, 4, 23), status=returned, returned_on=date(2024, 4, 23)) is None
    assert due(date(2024, 4, 24), status=returned, returned_on=date(2024, 4, 23)) is None
    assert due(date(2024, 4, 25), status=returned, returned_on=date(2024, 4, 23)) == -3
    # A unit asked late (the period opened after the due date) gets its request, not a
    # reminder, that day; the next threshold reminds it.
    assert due(date(2024, 4, 24), asked_on=date(2024, 4, 24)) is None
    assert due(date(2024, 4, 25), asked_on=date(2024, 4, 24)) == -3


@given(
    st.lists(st.integers(0, 10), max_size=4),
    st.lists(st.integers(1, 15), max_size=4),
    st.lists(st.integers(0, 40), max_size=40, unique=True),
)
def test_never_more_than_one_reminder_per_threshold(before, after, sweep_days):
    """Whatever days the sweep runs, each threshold is covered by at most one reminder and
    no two go the same day."""
    start = DUE - timedelta(days=15)
    sent: list[date] = []
    for n in sorted(sweep_days):
        today = start + timedelta(days=n)
        for _ in range(2):  # the sweep twice the same day
            kw = {"before": before, "after": after, "sent_on": sent}
            if due(today, **kw) is not None:
                sent.append(today)
    assert len(sent) == len(set(sent))
    assert len(sent) <= len(thresholds(DUE, before, after, OFF))
