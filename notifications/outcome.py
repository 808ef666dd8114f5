"""Recording what happened to each claimed row, and telling the drafting team about failures.

Every update is guarded by (status='sending', claimed_by=worker): a row that another
deliverer reclaimed meanwhile is that deliverer's to record.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from models.db import table_of
from models.outbox import enqueue_for_user
from models.settings import Settings
from models.statuses import OutboxStatus
from models.tables import Directive, OutboxMessage, Unit, User

T = table_of(OutboxMessage)

SENT, RETRY, FAILED, DEFERRED = "sent", "retry", "failed", "deferred"


@dataclass
class Outcome:
    row_id: int
    kind: str  # sent | retry | failed | deferred
    answer: str = ""
    message_id: str = ""
    subject: str = ""


def backoff(settings: Settings, attempts: int) -> timedelta:
    seconds = settings.mail_retry_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.mail_retry_max_seconds))


def _guard(worker: str) -> tuple[ColumnElement[bool], ...]:
    return (
        T.c.id == bindparam("b_id"),
        T.c.status == OutboxStatus.SENDING,
        T.c.claimed_by == worker,
    )


def record(
    session: Session,
    outcomes: list[Outcome],
    *,
    settings: Settings,
    now: datetime,
    worker: str,
) -> int:
    """Write every outcome in one transaction; returns how many failure notices were queued."""
    sent = [o for o in outcomes if o.kind == SENT]
    if sent:
        session.execute(
            update(T)
            .where(*_guard(worker))
            .values(
                status=OutboxStatus.SENT,
                sent_at=now,
                message_id=bindparam("b_mid"),
                attempts=T.c.attempts + 1,
                last_error="",
            ),
            [{"b_id": o.row_id, "b_mid": o.message_id} for o in sent],
        )
    deferred = [o for o in outcomes if o.kind == DEFERRED]
    if deferred:
        # The server was unreachable: back to ready, due again at once, no attempt counted.
        session.execute(
            update(T)
            .where(*_guard(worker))
            .values(status=OutboxStatus.READY, last_error=bindparam("b_err")),
            [{"b_id": o.row_id, "b_err": o.answer} for o in deferred],
        )
    notices = 0
    for o in outcomes:
        if o.kind in (RETRY, FAILED):
            notices += _retry_or_fail(session, o, settings=settings, now=now, worker=worker)
    session.commit()
    return notices


def _retry_or_fail(
    session: Session, o: Outcome, *, settings: Settings, now: datetime, worker: str
) -> int:
    row = session.get(OutboxMessage, o.row_id, populate_existing=True)
    if row is None or row.status != OutboxStatus.SENDING or row.claimed_by != worker:
        return 0
    row.attempts += 1
    row.last_error = o.answer[:2000]
    if o.kind == RETRY and row.attempts < settings.mail_max_attempts:
        row.status = OutboxStatus.READY
        row.next_attempt_at = now + backoff(settings, row.attempts)
        session.add(row)
        return 0
    row.status = OutboxStatus.FAILED
    o.kind = FAILED  # out of attempts: the report counts it as failed
    session.add(row)
    session.flush()
    return undeliverable_notices(session, row, subject=o.subject, now=now)


def _team_for(session: Session, row: OutboxMessage) -> tuple[list[User], Directive | None]:
    directive = session.get(Directive, row.directive_id) if row.directive_id else None
    query = select(User).where(User.active == True, User.email != "")  # noqa: E712
    if directive is not None:
        query = query.where(User.unit_id == directive.drafting_unit_id)
    else:
        query = query.where(User.role == "admin")
    return list(session.exec(query).all()), directive


def undeliverable_notices(
    session: Session, row: OutboxMessage, *, subject: str, now: datetime
) -> int:
    """Queue an `undeliverable` notice to each officer of the drafting team (not for a notice
    that itself failed, so a bad officer address cannot loop)."""
    if row.template == "undeliverable":
        return 0
    team, directive = _team_for(session, row)
    drafting = session.get(Unit, directive.drafting_unit_id) if directive else None
    queued = 0
    for user in team:
        if user.email.strip().lower() == row.to_email.strip().lower():
            continue
        queued += enqueue_for_user(
            session,
            user=user,
            key=f"undeliverable:{row.id}:{row.attempts}:user{user.id}",
            template="undeliverable",
            now=now,
            directive_id=row.directive_id,
            round_id=row.round_id,
            context={
                "recipient": user.full_name,
                "directive_id": row.directive_id,
                "directive_title": directive.title if directive else "",
                "drafting_body": drafting.name if drafting else "",
                "failed_id": row.id,
                "failed_template": row.template,
                "failed_subject": subject or row.template,
                "failed_to_email": row.to_email,
                "failed_to_name": row.to_name,
                "failed_error": row.last_error,
                "failed_attempts": row.attempts,
            },
        )
    return queued
