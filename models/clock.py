"""Time: aware UTC datetimes everywhere; offices live in Vietnam (UTC+7, no daylight saving)."""

from datetime import UTC, date, datetime, time, timedelta, timezone

VN = timezone(timedelta(hours=7), "ICT")


def utcnow() -> datetime:
    """The only place the real clock is read; commands take `now` as an argument."""
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # naive values are UTC by convention
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN)


def local_date(moment: datetime) -> date:
    return local(moment).date()


def at_local(d: date, hour: int = 8, minute: int = 0) -> datetime:
    """A wall-clock time in Vietnam on day `d`, as an aware UTC datetime."""
    return datetime.combine(d, time(hour, minute), tzinfo=VN).astimezone(UTC)


def on_day(d: date, moment: datetime) -> datetime:
    """`moment`'s wall-clock time moved to day `d` (a date recorded for a case entered
    after the fact: the record keeps the day given, never the clock's)."""
    return datetime.combine(d, local(moment).timetz()).astimezone(UTC)
