"""Officers' actions on the outbox: fix an address and resend; tell invitees a conference
moved or is cancelled (the calendar entry follows: same UID, higher SEQUENCE)."""

import re
from datetime import datetime

from sqlalchemy import ColumnElement, SQLColumnExpression, func
from sqlmodel import Session, col, select

from models import audit
from models.access import may
from models.commands.conference import conference_update
from models.commands.invitations import invite_context
from models.commands.units import unit_email_changed
from models.errors import Conflict, DomainError, Invalid
from models.event_log import record
from models.events import ConferenceNoticed, MailResent
from models.ids import id_of
from models.lifecycle import RoundKind
from models.outbox import enqueue_for_unit
from models.queries.links import open_invitations
from models.queries.records import get
from models.queries.versions import get_version_number
from models.statuses import OutboxStatus, RoundStatus, require_kind
from models.tables import Conference, Directive, Invitation, OutboxMessage, Round, Unit, User
from models.text import clean_line

_EMAIL = re.compile(r"^[^@\s<>,;:\"()\[\]]+@[^@\s<>,;:\"()\[\]]+\.[^@\s<>,;:\"()\[\]]+$")


def valid_email(value: str | None) -> str:
    email = clean_line(value)
    if not _EMAIL.match(email) or len(email) > 320:
        raise Invalid(f"Địa chỉ thư điện tử không hợp lệ: “{email}”.", field="to_email")
    return email


def _same_address(column: SQLColumnExpression[str], address: str) -> ColumnElement[bool]:
    return func.lower(column) == address.lower()


def outbox_resend(
    session: Session,
    *,
    message_id: int,
    to_email: str | None = None,
    by: str,
    now: datetime,
) -> OutboxMessage:
    """Put a failed (or waiting) message back in the queue, to a corrected address if given.

    A corrected address also goes on the same directive's other failed messages to the wrong
    one and on that directive's open invitations of the units that had it (their reminders
    follow); it is written on a unit itself only when `by` may edit that unit (the policy:
    its body's officers, administrators), through the unit rule that keeps other bodies'
    live links where they were sent. Users that had the wrong address get the new one."""
    row = get(session, OutboxMessage, message_id, lock=True)
    if row.status == OutboxStatus.SENDING:
        raise Conflict("Thư đang được gửi. Vui lòng thử lại sau ít phút.")
    if row.status == OutboxStatus.SENT:
        raise DomainError("Thư đã được gửi thành công, không cần gửi lại.")
    old = row.to_email
    new = valid_email(to_email) if to_email is not None else old
    rows, units, users = [row], [], []
    if new.lower() != old.lower():
        # Only this directive's: another body's queued links never follow this correction.
        same_directive = (
            col(OutboxMessage.directive_id) == row.directive_id
            if row.directive_id is not None
            else OutboxMessage.directive_id == None  # noqa: E711
        )
        rows += session.exec(
            select(OutboxMessage).where(
                _same_address(col(OutboxMessage.to_email), old),
                OutboxMessage.status == OutboxStatus.FAILED,
                OutboxMessage.id != row.id,
                same_directive,
            )
        ).all()
        actor = session.exec(select(User).where(User.username == by)).first()
        for unit in session.exec(select(Unit).where(_same_address(col(Unit.email), old))).all():
            if actor is not None and may(actor, "unit.edit", unit):
                unit_email_changed(
                    session, unit, new=new, by=by, now=now, skip_directive=row.directive_id
                )
                unit.email = new
                session.add(unit)
                units.append(unit)
            for inv, _, directive in open_invitations(session, id_of(unit)):
                if directive.id == row.directive_id:
                    inv.sent_to = new
                    session.add(inv)
        users = list(session.exec(select(User).where(_same_address(col(User.email), old))).all())
        for holder in users:
            holder.email = new
            session.add(holder)
    before = {"to_email": old, "status": row.status, "last_error": row.last_error}
    for r in rows:
        r.to_email = new
        r.status = OutboxStatus.READY
        r.attempts = 0
        r.next_attempt_at = now
        r.claimed_by = ""
        session.add(r)
    audit.record(
        session,
        actor=by,
        at=now,
        action="outbox.resend",
        entity="outboxmessage",
        entity_id=row.id,
        directive_id=row.directive_id,
        before=before,
        after={
            "to_email": new,
            "status": OutboxStatus.READY,
            "messages": [r.id for r in rows],
            "units": [u.id for u in units],
            "users": [u.id for u in users],
        },
    )
    record(session, [MailResent(row.directive_id, now, id_of(row))])
    session.commit()
    return row


def _last_notice(session: Session, round_id: int) -> OutboxMessage | None:
    return session.exec(
        select(OutboxMessage)
        .where(
            OutboxMessage.round_id == round_id,
            OutboxMessage.template == "conference_invitation",
        )
        .order_by(col(OutboxMessage.id).desc())
    ).first()


def conference_notify(
    session: Session,
    *,
    round_id: int,
    by: str,
    now: datetime,
    cancel: bool = False,
) -> int:
    """After the conference moved (conference_update) or to cancel it: one message per
    invitee with an updated .ics. Nothing is sent when the invitees already have the current
    time and place, so a double click notifies once. Returns the messages queued."""
    rnd = get(session, Round, round_id)
    require_kind(rnd.kind, RoundKind.CONFERENCE)
    if rnd.status != RoundStatus.OPEN:
        raise DomainError("Hội nghị đã kết thúc: không thể báo thay đổi.")
    conf = session.exec(select(Conference).where(Conference.round_id == round_id)).one()
    last = _last_notice(session, round_id)
    if last is not None:
        ctx = last.context
        same_place = (ctx.get("held_at"), ctx.get("place")) == (
            conf.held_at.isoformat(),
            conf.place,
        )
        if (ctx.get("ics_method") == "CANCEL") == cancel and (cancel or same_place):
            return 0
    sequence = int(last.context.get("ics_sequence") or 0) + 1 if last is not None else 0
    directive = get(session, Directive, rnd.directive_id)
    drafting = get(session, Unit, directive.drafting_unit_id)
    version = get_version_number(session, rnd)
    invitees = session.exec(
        select(Invitation, Unit)
        .join(Unit, col(Unit.id) == col(Invitation.unit_id))
        .where(Invitation.round_id == round_id, Invitation.revoked_at == None)  # noqa: E711
        .order_by(col(Invitation.id))
    ).all()
    queued = 0
    for inv, unit in invitees:
        context = invite_context(directive, rnd, unit, drafting, id_of(inv), conf, version)
        context.update(
            change="cancelled" if cancel else "moved",
            ics_method="CANCEL" if cancel else "REQUEST",
            ics_sequence=sequence,
        )
        queued += enqueue_for_unit(
            session,
            unit=unit,
            rnd=rnd,
            key=f"conference:{round_id}:{unit.id}:{sequence}",
            template="conference_invitation",
            context=context,
            now=now,
        )
    audit.record(
        session,
        actor=by,
        at=now,
        action="conference.cancel" if cancel else "conference.notify",
        entity="conference",
        entity_id=conf.id,
        directive_id=directive.id,
        after={"held_at": conf.held_at, "place": conf.place, "sequence": sequence},
    )
    record(session, [ConferenceNoticed(directive.id, now, round_id, cancel)])
    session.commit()
    return queued


def conference_move(
    session: Session,
    *,
    round_id: int,
    held_at: datetime,
    place: str | None,
    by: str,
    now: datetime,
) -> int:
    """The conference moves: the new time and place and the updated .ics to every invitee,
    in one transaction (a move is never saved without its notices). Returns messages queued."""
    conference_update(
        session, round_id=round_id, held_at=held_at, place=place, by=by, now=now, commit=False
    )
    return conference_notify(session, round_id=round_id, by=by, now=now)


def user_set_mail_mode(
    session: Session, *, user_id: int, digest: bool, by: str, now: datetime
) -> User:
    """Each message as it happens, or one daily digest: every officer chooses for themselves."""
    user = get(session, User, user_id)
    if user.digest != digest:
        audit.record(
            session,
            actor=by,
            at=now,
            action="user.mail_mode",
            entity="user",
            entity_id=user.id,
            before={"digest": user.digest},
            after={"digest": digest},
        )
        user.digest = digest
        session.add(user)
        session.commit()
    return user
