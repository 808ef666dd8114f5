"""Dates are rules, checked before any number is taken; record mode ("nhập hồ sơ đã thực
hiện") keeps a past case's dates and sends nothing. On SQLite and PostgreSQL."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from models.clock import at_local, local_date
from models.commands.conference import conference_close
from models.commands.rounds import ConferencePlan, round_close, round_open
from models.commands.sweep import sweep_round
from models.errors import Invalid
from models.ids import id_of
from models.queries.deadlines import open_rounds_with_deadline
from models.queries.directive import directive_view
from models.tables import Directive, Invitation, OutboxMessage, RegisterEntry, Round, Term
from tests.factories import World, directive_with_draft, world

TODAY = date(2026, 12, 1)
NOW = at_local(TODAY, 9)
# Round 1 of the 2023 case: Công văn 490-CV/BDVTU of 12/7/2023, answers due by 27/7/2023.
PAST_LETTER: dict[str, Any] = {
    "letter_number": "490-CV/BDVTU",
    "letter_date": date(2023, 7, 12),
    "deadline": date(2023, 7, 27),
}


def today_world(session: Session) -> World:
    """The test world, with a term for today's letters too."""
    w = world(session, NOW)
    session.add(Term(name="2025 - 2030", starts_on=date(2025, 10, 1), ends_on=date(2030, 9, 30)))
    session.commit()
    return w


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def recorded_directive(session: Session, w: World) -> int:
    """A case of 2023 entered today, in record mode."""
    return directive_with_draft(session, w, NOW, record_mode=True)


def open_written(session: Session, w: World, did: int, links, **dates: Any) -> Round:
    return round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units[:3]],
        by="canbo",
        now=NOW,
        links=links,
        **dates,
    ).round


def test_a_live_round_with_a_past_deadline_leaves_nothing_behind(session, links):
    """Today's case: accepted, closed by the sweep 12 s later, every unit mailed twice and
    the letter number gone. Now refused at the field, before the register is touched."""
    w = today_world(session)
    did = directive_with_draft(session, w, NOW)
    for dates in (
        {"letter_date": date(2023, 7, 12), "deadline": date(2023, 7, 27)},  # past
        {"deadline": TODAY},  # today is no reply time
        {"letter_date": date(2026, 12, 10), "deadline": date(2026, 12, 5)},  # before the letter
    ):
        with pytest.raises(Invalid) as refused:
            open_written(session, w, did, links, **dates)
        assert refused.value.field == "deadline"
    with pytest.raises(Invalid, match="Hạn trả lời"):
        open_written(session, w, did, links, **PAST_LETTER)
    session.rollback()
    for model in (RegisterEntry, Round, Invitation, OutboxMessage):
        assert count(session, model) == 0, model
    assert session.get_one(Directive, did).stage == "drafting"
    # A deadline ahead opens the round as before, with the next number.
    rnd = open_written(session, w, did, links, deadline=TODAY + timedelta(days=14))
    assert rnd.letter_number and count(session, OutboxMessage) == 3


def test_record_mode_keeps_the_past_dates_and_sends_nothing(session, links):
    w = today_world(session)
    did = recorded_directive(session, w)
    rnd = open_written(session, w, did, links, **PAST_LETTER)
    assert (rnd.letter_date, rnd.deadline) == (date(2023, 7, 12), date(2023, 7, 27))
    assert count(session, Invitation) == 3 and count(session, OutboxMessage) == 0
    # The sweep leaves the past alone: no reminder, overdue notice or close.
    assert open_rounds_with_deadline(session) == []
    result = sweep_round(session, rnd, now=NOW)
    assert (result.reminders, result.overdue, result.closed) == (0, 0, [])
    assert session.get_one(Round, rnd.id).status == "open"
    # Still a rule on order: the letter comes before its deadline, the close after it.
    with pytest.raises(Invalid) as refused:
        round_close(session, round_id=id_of(rnd), closed_on=date(2023, 7, 1), by="canbo", now=NOW)
    assert refused.value.field == "closed_on"
    session.rollback()
    round_close(session, round_id=id_of(rnd), closed_on=date(2023, 7, 28), by="canbo", now=NOW)
    closed = session.get_one(Round, rnd.id)
    assert closed.closed_at is not None and local_date(closed.closed_at) == date(2023, 7, 28)
    late = session.exec(select(Invitation.status)).all()
    assert set(late) == {"overdue"}
    assert count(session, OutboxMessage) == 0  # no "round closed" notice either
    # The directive page shows the recorded dates, never the clock's.
    view = directive_view(session, did, data_dir=Path("/nonexistent"))
    assert view.stage_dates["consulting"] == date(2023, 7, 12)
    days = [when for when, label, _ in view.events if "đợt" in label]
    assert days == [date(2023, 7, 12), date(2023, 7, 28)]


def test_a_live_round_closes_on_the_clock_only(session, links):
    w = today_world(session)
    did = directive_with_draft(session, w, NOW)
    rnd = open_written(session, w, did, links, deadline=TODAY + timedelta(days=14))
    with pytest.raises(Invalid) as refused:
        round_close(session, round_id=id_of(rnd), closed_on=date(2026, 11, 30), by="canbo", now=NOW)
    assert refused.value.field == "closed_on"


def test_conference_dates(session, links):
    w = today_world(session)
    did = directive_with_draft(session, w, NOW)
    units = [id_of(w.units[0])]

    def conference(held, **kw):
        return round_open(
            session,
            directive_id=did,
            kind="conference",
            unit_ids=units,
            by="canbo",
            now=NOW,
            links=links,
            conference=ConferencePlan(held_at=held, place="Hội trường"),
            **kw,
        )

    with pytest.raises(Invalid) as refused:
        conference(at_local(TODAY - timedelta(days=2), 8))  # invitations for a past meeting
    assert refused.value.field == "held_at"
    with pytest.raises(Invalid):
        conference(at_local(TODAY + timedelta(days=3), 8), letter_date=TODAY + timedelta(days=5))
    session.rollback()
    assert count(session, Round) == 0 and count(session, OutboxMessage) == 0
    held = at_local(TODAY + timedelta(days=3), 8)
    rnd = conference(held).round
    # Closed before it is held, or with an end before its start: refused, still open.
    with pytest.raises(Invalid) as refused:
        conference_close(session, round_id=id_of(rnd), attendees=40, by="canbo", now=NOW)
    assert refused.value.field == "ended_time"
    session.rollback()
    with pytest.raises(Invalid):
        conference_close(
            session,
            round_id=id_of(rnd),
            ended_at=held - timedelta(hours=1),
            by="canbo",
            now=held + timedelta(hours=4),
        )
    session.rollback()
    assert session.get_one(Round, rnd.id).status == "open"
    conference_close(
        session,
        round_id=id_of(rnd),
        ended_at=held + timedelta(hours=3),
        by="canbo",
        now=held + timedelta(hours=4),
    )
    assert session.get_one(Round, rnd.id).status == "closed"


def test_signing_not_before_the_last_close(session, links):
    from tests.factories import sign_22

    w = today_world(session)
    did = recorded_directive(session, w)
    rnd = open_written(
        session, w, did, links, letter_date=date(2023, 7, 12), deadline=date(2023, 7, 27)
    )
    round_close(session, round_id=id_of(rnd), closed_on=date(2023, 10, 20), by="canbo", now=NOW)
    directive = session.get_one(Directive, did)
    directive.stage = "submitted"  # straight to the signature: the close is what matters here
    directive.final_version_id = rnd.draft_version_id
    session.add(directive)
    session.commit()
    entries = count(session, RegisterEntry)
    with pytest.raises(Invalid) as refused:
        sign_22(session, w, did, NOW)  # signed 12/10/2023, the round closed 20/10
    assert refused.value.field == "signed_on" and "20/10/2023" in refused.value.message
    session.rollback()
    assert count(session, RegisterEntry) == entries  # 22-CT/TU not used up
    assert session.get_one(Directive, did).stage == "submitted"
