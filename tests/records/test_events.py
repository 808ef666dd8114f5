"""The drift the one path removes, at the records: every command with side effects stores
the events whose reactions produce them, in its own transaction (flows/reactions.py)."""

from datetime import timedelta

from sqlmodel import Session, col, func, select

from flows.reactions import reactions_for
from models.commands.invitations import invitation_reissue
from models.commands.sweep import sweep_round
from models.event_log import event_of
from models.ids import id_of
from models.tables import Invitation, Round, StoredEvent
from tests.notifications.scenario import written_round


def _reactions(session: Session, since: int = 0) -> list[tuple[str, str, list[str] | None]]:
    rows = session.exec(select(StoredEvent).where(col(StoredEvent.id) > since)).all()
    return [
        (row.type, r.flow, r.params.get("families"))
        for row in rows
        for r in reactions_for(id_of(row), event_of(row))
    ]


def _last(session: Session) -> int:
    return session.exec(select(func.max(StoredEvent.id))).one() or 0


def test_a_sweep_closed_round_gets_its_documents(session, links) -> None:
    case = written_round(session, links)
    rnd = session.get(Round, case.written.round.id)
    since = _last(session)
    result = sweep_round(session, rnd, now=case.written.round.opened_at + timedelta(days=40))
    assert result.closed == [rnd.id]
    rid = rnd.id
    assert ("round.closed", "render-documents", [f"letter:{rid}", "synthesis", "report"]) in (
        _reactions(session, since)
    )
    assert ("round.closed", "deliver-outbox", None) in _reactions(session, since)


def test_a_reissued_invitation_is_delivered_without_a_sweep(session, links) -> None:
    case = written_round(session, links)
    inv = session.exec(select(Invitation)).first()
    since = _last(session)
    invitation_reissue(
        session,
        invitation_id=inv.id,
        by="canbo",
        now=case.written.round.opened_at + timedelta(days=1),
        links=links,
    )
    assert _reactions(session, since) == [("invitation.reissued", "deliver-outbox", None)]
