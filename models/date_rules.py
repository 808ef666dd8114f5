"""The dates of a case as pure rules: no I/O, no clock (the caller passes today), no DB.

The commands call these before any register number is taken, so a refused date never uses
up a letter number, opens a round or queues a mail. Each refusal names its form field.

`live` is False for a directive in record mode ("nhập hồ sơ đã thực hiện"): a case that
already happened is entered with its past dates as they were; only the order of the dates
is checked then, never their place against today.
"""

from datetime import date, datetime

from models.clock import local_date
from models.errors import Invalid
from models.text import short_date


def check_deadline(*, letter_date: date, deadline: date, today: date, live: bool) -> None:
    """A round's reply deadline: after its letter's date and, for a round opened now, still
    ahead (a past one would be closed by the next sweep, every unit told it is overdue)."""
    if deadline <= letter_date:
        raise Invalid(
            f"Hạn trả lời phải sau ngày của công văn ({short_date(letter_date)}).",
            field="deadline",
        )
    if live and deadline <= today:
        raise Invalid(
            f"Hạn trả lời phải sau hôm nay ({short_date(today)}). Nếu đây là hồ sơ đã thực "
            "hiện, hãy tạo dự thảo ở chế độ “nhập hồ sơ đã thực hiện”.",
            field="deadline",
        )


def check_conference_held(
    *, letter_date: date, held_at: datetime, live: bool, now: datetime
) -> None:
    """A conference is held after its invitation is dated and, when the invitations go out
    now, not in the past."""
    if local_date(held_at) < letter_date:
        raise Invalid(
            f"Hội nghị không thể họp trước ngày giấy mời ({short_date(letter_date)}).",
            field="held_at",
        )
    if live and held_at < now:
        raise Invalid(
            "Thời gian hội nghị đã qua. Nếu đây là hồ sơ đã thực hiện, hãy tạo dự thảo ở "
            "chế độ “nhập hồ sơ đã thực hiện”.",
            field="held_at",
        )


def check_conference_ended(*, held_at: datetime, ended_at: datetime) -> None:
    """The minutes' end time (the page's `ended_time`) is never before the start."""
    if ended_at < held_at:
        raise Invalid("Giờ kết thúc hội nghị không được trước giờ bắt đầu.", field="ended_time")


def check_round_closed_on(*, letter_date: date, closed_on: date, today: date, live: bool) -> None:
    """A closing day typed by the officer. A live round closes today, on the clock; a case
    entered after the fact closes on the day it did: not before its letter, never ahead."""
    if live and closed_on != today:
        raise Invalid(
            "Đợt đang diễn ra kết thúc vào hôm nay; chỉ hồ sơ đã thực hiện mới nhập ngày khác.",
            field="closed_on",
        )
    if closed_on < letter_date:
        raise Invalid(
            f"Ngày kết thúc đợt không được trước ngày của công văn ({short_date(letter_date)}).",
            field="closed_on",
        )
    if closed_on > today:
        raise Invalid("Ngày kết thúc đợt không được sau hôm nay.", field="closed_on")


def check_signed_on(*, signed_on: date, last_round_closed: date | None) -> None:
    """A directive is signed once its consultation is over, never before its last round's
    close."""
    if last_round_closed is not None and signed_on < last_round_closed:
        raise Invalid(
            "Ngày ký không được trước ngày kết thúc đợt lấy ý kiến cuối cùng "
            f"({short_date(last_round_closed)}).",
            field="signed_on",
        )
