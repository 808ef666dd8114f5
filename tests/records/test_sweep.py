"""The sweep: reminders N days before the deadline, overdue notices, closing past-due rounds."""

from datetime import date

from sqlmodel import select

from models.clock import at_local
from models.commands.answers import answer_no_comments
from models.commands.rounds import round_open
from models.commands.sweep import sweep_round
from models.ids import id_of
from models.tables import Directive, Invitation, OutboxMessage, Round
from notifications.links import link_for
from tests.conftest import T0
from tests.factories import directive_with_draft, world


def keys(session, template: str) -> list[str]:
    return sorted(
        session.exec(select(OutboxMessage.key).where(OutboxMessage.template == template)).all()
    )


def test_reminders_overdue_and_close(session, links):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units[:2]],
        by="canbo",
        now=at_local(date(2023, 7, 12)),
        links=links,
        letter_date=date(2023, 7, 12),
        deadline=date(2023, 7, 27),
    )
    rnd = opened.round
    answer_no_comments(
        session, raw_token=opened.tokens[id_of(w.units[0])], now=at_local(date(2023, 7, 13))
    )
    silent = w.units[1].id

    # 10 days left: nothing due. 3 days left: the 3-day reminder, to the silent unit only.
    assert sweep_round(session, rnd, now=at_local(date(2023, 7, 17))).reminders == 0
    assert sweep_round(session, rnd, now=at_local(date(2023, 7, 24))).reminders == 1
    assert sweep_round(session, rnd, now=at_local(date(2023, 7, 24), 17)).reminders == 0
    assert keys(session, "reminder") == [f"remind:{rnd.id}:{silent}:3"]
    reminder = session.exec(select(OutboxMessage).where(OutboxMessage.template == "reminder")).one()
    inv = session.exec(select(Invitation).where(Invitation.unit_id == silent)).one()
    assert reminder.context["invitation_id"] == inv.id and "link" not in reminder.context
    assert link_for(session, reminder, links) == links.invitation_url(inv.token_nonce)

    # Down for a few days, back on the deadline day: only the 1-day reminder goes.
    sweep_round(session, rnd, now=at_local(date(2023, 7, 27)))
    assert keys(session, "reminder") == [
        f"remind:{rnd.id}:{silent}:1",
        f"remind:{rnd.id}:{silent}:3",
    ]

    # The day after the deadline: overdue notice, round closed, directive back to drafting.
    result = sweep_round(session, rnd, now=at_local(date(2023, 7, 28)))
    assert (result.overdue, result.closed) == (1, [rnd.id])
    session.expire_all()
    assert session.get(Round, rnd.id).status == "closed"
    assert session.get(Directive, did).stage == "drafting"
    assert session.get(Invitation, inv.id).status == "overdue"
    again = sweep_round(session, session.get(Round, rnd.id), now=at_local(date(2023, 7, 29)))
    assert (again.reminders, again.overdue, again.closed) == (0, 0, [])
