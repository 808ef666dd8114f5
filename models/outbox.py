"""Writing emails as outbox rows, inside the caller's transaction.

A row never holds a unit's link (a live secret): it keeps the invitation's id, and the
sender builds the link from the invitation's nonce when the mail goes (notifications/links.py).
"""

from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from models.statuses import OutboxStatus
from models.tables import Directive, Invitation, OutboxMessage


def enqueue(
    session: Session,
    *,
    key: str,
    template: str,
    to_email: str,
    to_name: str = "",
    context: dict[str, Any],
    now: datetime,
    directive_id: int | None = None,
    round_id: int | None = None,
    digest: bool = False,
) -> bool:
    """Queue one message; False when a message with this key already exists (never twice)."""
    if "link" in context:
        raise ValueError("outbox context holds a unit link: pass invitation_id instead")
    if not to_email:
        return False
    if directive_id is not None and is_record_mode(session, directive_id):
        return False  # a case entered after the fact: its mails went (on paper) long ago
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(OutboxMessage)
        .values(
            key=key[:200],
            template=template,
            to_email=to_email,
            to_name=to_name,
            context=context,
            status=OutboxStatus.READY,
            attempts=0,
            last_error="",
            claimed_by="",
            message_id="",
            created_at=now,
            next_attempt_at=now,
            directive_id=directive_id,
            round_id=round_id,
            digest=digest,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(col(OutboxMessage.id))
    )
    # RETURNING, not rowcount: an ORM-enabled insert does not report rowcount on psycopg.
    return session.execute(stmt).scalar_one_or_none() is not None


def enqueue_for_unit(
    session: Session,
    *,
    unit: Any,
    rnd: Any,
    key: str,
    template: str,
    context: dict[str, Any],
    now: datetime,
) -> bool:
    """Queue one message to a unit about a round (the common case of the round commands)."""
    return enqueue(
        session,
        key=key,
        template=template,
        to_email=link_address(session, rnd, unit),
        to_name=unit.name,
        context=context,
        now=now,
        directive_id=rnd.directive_id,
        round_id=rnd.id,
    )


def enqueue_for_user(
    session: Session,
    *,
    user: Any,
    key: str,
    template: str,
    context: dict[str, Any],
    now: datetime,
    directive_id: int | None = None,
    round_id: int | None = None,
) -> bool:
    """Queue one message to an officer (the drafting team's notices), in their digest when
    they chose one."""
    return enqueue(
        session,
        key=key,
        template=template,
        to_email=user.email,
        to_name=user.full_name,
        context=context,
        now=now,
        directive_id=directive_id,
        round_id=round_id,
        digest=user.digest,
    )


def link_address(session: Session, rnd: Any, unit: Any) -> str:
    """Where a message carrying the unit's link for this round goes: the address the link was
    sent to when the unit's email changed during the round (models/commands/units.py), so a
    reminder never follows a new address before the drafting body re-issues the link; else
    the unit's email."""
    pinned = session.exec(
        select(Invitation.sent_to).where(
            Invitation.round_id == rnd.id, Invitation.unit_id == unit.id
        )
    ).first()
    return unit.email if pinned is None else pinned


def is_record_mode(session: Session, directive_id: int) -> bool:
    """The one rule of record mode for mail: every message about such a directive is
    dropped here, whichever command queues it."""
    directive = session.get(Directive, directive_id)
    return directive is not None and directive.record_mode
