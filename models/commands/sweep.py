"""The periodic sweep's work: reminders before a deadline, overdue notices, closing rounds.

Idempotent by construction: each reminder is an outbox row keyed by (round, unit, offset),
so two sweeps at once, or the same sweep twice, send it once.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from models.clock import local_date
from models.commands.rounds import close_open_round, parse_reminder_days
from models.errors import DomainError
from models.event_log import record
from models.events import Event, RemindersQueued
from models.ids import id_of
from models.outbox import enqueue_for_unit
from models.queries.records import get
from models.statuses import RoundStatus, status_of
from models.tables import Directive, Invitation, Round, Unit
from models.text import short_date


@dataclass
class SweepResult:
    reminders: int = 0
    overdue: int = 0
    closed: list[int] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def _due_offset(days_left: int, offsets: list[int]) -> int | None:
    """The smallest offset already reached: after downtime only the latest reminder goes."""
    reached = [o for o in offsets if days_left <= o]
    return min(reached) if reached else None


def sweep_round(session: Session, rnd: Round, *, now: datetime) -> SweepResult:
    result = SweepResult()
    if rnd.deadline is None or rnd.status != RoundStatus.OPEN:
        return result
    today = local_date(now)
    days_left = (rnd.deadline - today).days
    directive = get(session, Directive, rnd.directive_id, lock=days_left < 0)
    if directive.record_mode:
        return result  # its past is recorded, not replayed: no reminder, notice or close
    rnd = get(session, Round, rnd.id)  # this session's row: the caller's may be detached
    session.refresh(rnd)  # another sweep may have closed it while we waited for the lock
    if rnd.status != RoundStatus.OPEN:
        return result
    pending = session.exec(
        select(Invitation, Unit)
        .join(Unit, col(Unit.id) == col(Invitation.unit_id))
        .where(
            Invitation.round_id == rnd.id,
            Invitation.answered_at == None,  # noqa: E711
            Invitation.revoked_at == None,  # noqa: E711
        )
    ).all()
    context = {
        "directive_id": directive.id,
        "directive_title": directive.title,
        "letter_number": rnd.letter_number or "",
        "deadline": short_date(rnd.deadline),
        "round_kind": rnd.kind,
        "round_id": rnd.id,
    }
    offset = (
        _due_offset(days_left, parse_reminder_days(rnd.reminder_days)) if days_left >= 0 else None
    )
    for inv, unit in pending:
        ctx = {
            **context,
            "unit": unit.name,
            "days_left": days_left,
            "invitation_id": inv.id,  # the link is built when the mail is sent
        }
        if offset is not None and enqueue_for_unit(
            session,
            unit=unit,
            rnd=rnd,
            key=f"remind:{rnd.id}:{unit.id}:{offset}",
            template="reminder",
            context=ctx,
            now=now,
        ):
            result.reminders += 1
        if days_left < 0:
            status = status_of(inv, rnd, today)
            if inv.status != status:
                inv.status = status
                session.add(inv)
            if enqueue_for_unit(
                session,
                unit=unit,
                rnd=rnd,
                key=f"overdue:{rnd.id}:{unit.id}",
                template="overdue",
                context=ctx,
                now=now,
            ):
                result.overdue += 1
    if result.reminders or result.overdue:
        result.events.append(
            RemindersQueued(directive.id, now, id_of(rnd), result.reminders, result.overdue)
        )
    if days_left < 0:
        # The deadline passed: the round closes in the same transaction as its notices.
        # A round the lifecycle will not close (the directive moved on) keeps its notices.
        try:
            with session.begin_nested():
                result.events += close_open_round(session, rnd, directive, by="sweep", now=now)
            result.closed.append(id_of(rnd))
        except DomainError:
            pass
    record(session, result.events)
    session.commit()
    return result
