"""A round's invitations: each invited unit's link and invitation email, re-issuing a link
(a lost or forwarded email) and revoking one."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from models import audit
from models.commands.common import get_open_round
from models.event_log import record
from models.events import InvitationReissued
from models.ids import id_of
from models.lifecycle import RoundKind
from models.outbox import enqueue_for_unit
from models.queries.records import get
from models.queries.versions import get_version_number
from models.tables import Conference, Directive, Invitation, Round, Unit
from models.text import short_date, short_datetime
from models.tokens import Links

INVITE_TEMPLATE = {
    RoundKind.WRITTEN: "invitation",
    RoundKind.CONFERENCE: "conference_invitation",
    RoundKind.GRASSROOTS: "grassroots_request",
}


def invite_context(
    directive: Directive,
    rnd: Round,
    unit: Unit,
    drafting: Unit,
    invitation_id: int,
    conference: Conference | None,
    version_number: int,
) -> dict[str, Any]:
    """The invitation's id, never its link: the link is built when the mail is sent."""
    ctx: dict[str, Any] = {
        "directive_id": directive.id,
        "directive_title": directive.title,
        "round_id": rnd.id,
        "round_kind": rnd.kind,
        "round_ordinal": rnd.ordinal,
        "letter_number": rnd.letter_number or "",
        "letter_date": short_date(rnd.letter_date),
        "abstract": rnd.abstract,
        "deadline": short_date(rnd.deadline),
        "unit": unit.name,
        "drafting_body": drafting.name,
        "invitation_id": invitation_id,
        "version": version_number,
    }
    if conference is not None:
        ctx.update(
            held_at=conference.held_at.isoformat(),
            held_at_text=short_datetime(conference.held_at),
            place=conference.place,
            chair=conference.chair,
        )
    return ctx


def invite(
    session: Session,
    directive: Directive,
    rnd: Round,
    unit: Unit,
    *,
    links: Links,
    now: datetime,
    conference: Conference | None,
    version_number: int,
    drafting: Unit,
) -> tuple[Invitation, str]:
    """One unit invited to a round (no commit): its invitation, link and email."""
    nonce, raw, hashed = links.issue()
    inv = Invitation(
        round_id=id_of(rnd),
        unit_id=id_of(unit),
        token_hash=hashed,
        token_nonce=nonce,
        sent_at=now,
    )
    session.add(inv)
    session.flush()
    ctx = invite_context(directive, rnd, unit, drafting, id_of(inv), conference, version_number)
    _queue_invitation(session, rnd, unit, hashed, ctx, now)
    return inv, raw


def _queue_invitation(
    session: Session, rnd: Round, unit: Unit, hashed: str, ctx: dict[str, Any], now: datetime
) -> None:
    """The invitation email; keyed by the link, so a re-issued link is a new message."""
    enqueue_for_unit(
        session,
        unit=unit,
        rnd=rnd,
        key=f"invite:{rnd.id}:{unit.id}:{hashed[:16]}",
        template=INVITE_TEMPLATE[RoundKind(rnd.kind)],
        context=ctx,
        now=now,
    )


def invitation_reissue(
    session: Session, *, invitation_id: int, by: str, now: datetime, links: Links
) -> tuple[Invitation, str]:
    """Revoke a unit's link and send a new one (a lost or forwarded email)."""
    inv = get(session, Invitation, invitation_id)
    rnd = get_open_round(session, inv.round_id)
    directive = get(session, Directive, rnd.directive_id)
    unit = get(session, Unit, inv.unit_id)
    drafting = get(session, Unit, directive.drafting_unit_id)
    conf = session.exec(select(Conference).where(Conference.round_id == rnd.id)).first()
    version = get_version_number(session, rnd)
    nonce, raw, hashed = links.issue()
    inv.token_hash, inv.token_nonce = hashed, nonce
    inv.revoked_at = None
    # The drafting body's explicit action: the new link goes to the unit's current address,
    # even one changed while the round was open (models/commands/units.py).
    inv.sent_to = None
    session.add(inv)
    ctx = invite_context(directive, rnd, unit, drafting, id_of(inv), conf, version)
    _queue_invitation(session, rnd, unit, hashed, ctx, now)
    audit.record(
        session,
        actor=by,
        at=now,
        action="invitation.reissue",
        entity="invitation",
        entity_id=inv.id,
        directive_id=directive.id,
        after={"to_email": unit.email},
    )
    record(session, [InvitationReissued(directive.id, now, id_of(rnd), id_of(inv))])
    session.commit()
    return inv, raw


def invitation_revoke(session: Session, *, invitation_id: int, by: str, now: datetime) -> None:
    inv = get(session, Invitation, invitation_id)
    rnd = get(session, Round, inv.round_id)
    inv.revoked_at = now
    session.add(inv)
    audit.record(
        session,
        actor=by,
        at=now,
        action="invitation.revoke",
        entity="invitation",
        entity_id=inv.id,
        directive_id=rnd.directive_id,
    )
    session.commit()
