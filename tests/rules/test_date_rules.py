"""The dates of a case as pure rules (models/date_rules.py): each refusal names its field."""

from datetime import date, datetime

import pytest

from models.clock import at_local
from models.date_rules import (
    check_conference_ended,
    check_conference_held,
    check_deadline,
    check_round_closed_on,
    check_signed_on,
)
from models.errors import Invalid

LETTER, TODAY = date(2023, 7, 12), date(2023, 7, 20)


def refused(call, *args: object, **kwargs: object) -> Invalid:
    with pytest.raises(Invalid) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_deadline_comes_after_the_letter_in_any_mode() -> None:
    for live in (True, False):
        for deadline in (LETTER, date(2023, 7, 1)):
            err = refused(
                check_deadline, letter_date=LETTER, deadline=deadline, today=LETTER, live=live
            )
            assert err.field == "deadline" and "12/7/2023" in err.message


def test_a_live_round_needs_a_deadline_ahead_a_recorded_one_does_not() -> None:
    err = refused(
        check_deadline, letter_date=LETTER, deadline=date(2023, 7, 19), today=TODAY, live=True
    )
    assert err.field == "deadline" and "nhập hồ sơ đã thực hiện" in err.message
    refused(check_deadline, letter_date=LETTER, deadline=TODAY, today=TODAY, live=True)
    check_deadline(letter_date=LETTER, deadline=date(2023, 7, 21), today=TODAY, live=True)
    check_deadline(letter_date=LETTER, deadline=date(2023, 7, 19), today=TODAY, live=False)


def test_a_conference_is_held_after_its_invitation_and_ends_after_it_starts() -> None:
    held = at_local(date(2023, 8, 4), 8)
    now = at_local(date(2023, 7, 31), 14)
    check_conference_held(letter_date=date(2023, 7, 31), held_at=held, live=True, now=now)
    err = refused(
        check_conference_held, letter_date=date(2023, 8, 5), held_at=held, live=False, now=now
    )
    assert err.field == "held_at"
    # Invitations sent now for a conference already over: only a recorded case may.
    later = at_local(date(2023, 8, 10), 9)
    refused(
        check_conference_held, letter_date=date(2023, 7, 31), held_at=held, live=True, now=later
    )
    check_conference_held(letter_date=date(2023, 7, 31), held_at=held, live=False, now=later)
    check_conference_ended(held_at=held, ended_at=held)
    err = refused(check_conference_ended, held_at=held, ended_at=at_local(date(2023, 8, 4), 7))
    assert err.field == "ended_time"


def test_a_recorded_close_lies_between_the_letter_and_today() -> None:
    check_round_closed_on(letter_date=LETTER, closed_on=LETTER, today=TODAY, live=False)
    check_round_closed_on(letter_date=LETTER, closed_on=TODAY, today=TODAY, live=False)
    for wrong in (date(2023, 7, 11), date(2023, 7, 21)):
        err = refused(
            check_round_closed_on, letter_date=LETTER, closed_on=wrong, today=TODAY, live=False
        )
        assert err.field == "closed_on"


def test_a_live_round_closes_today_only() -> None:
    check_round_closed_on(letter_date=LETTER, closed_on=TODAY, today=TODAY, live=True)
    err = refused(
        check_round_closed_on, letter_date=LETTER, closed_on=LETTER, today=TODAY, live=True
    )
    assert err.field == "closed_on" and "hồ sơ đã thực hiện" in err.message


def test_signing_never_precedes_the_last_close() -> None:
    check_signed_on(signed_on=date(2023, 10, 12), last_round_closed=None)
    check_signed_on(signed_on=date(2023, 10, 12), last_round_closed=date(2023, 10, 12))
    err = refused(
        check_signed_on, signed_on=date(2023, 10, 11), last_round_closed=date(2023, 10, 12)
    )
    assert err.field == "signed_on" and "12/10/2023" in err.message


def test_a_conference_day_is_the_local_day() -> None:
    # 00:30 on 1/8 in Vietnam is 31/7 in UTC: the invitation of 1/8 still comes first.
    held = datetime.fromisoformat("2023-07-31T17:30:00+00:00")
    check_conference_held(letter_date=date(2023, 8, 1), held_at=held, live=False, now=held)
