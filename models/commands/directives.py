"""Directive-level commands: create from an assignment, finalise, submit, return, issue."""

from datetime import date, datetime

from sqlmodel import Session, select

from models import audit
from models.commands.common import move
from models.errors import Invalid
from models.event_log import record
from models.events import (
    DirectiveCreated,
    DirectiveIssued,
    DirectiveSubmitted,
    Event,
    StageChanged,
)
from models.lifecycle import Action, Stage
from models.outbox import enqueue, enqueue_for_user
from models.queries.people import team
from models.queries.recipients import unit_recipients
from models.queries.records import get
from models.tables import Directive, Signing, Unit
from models.text import clean, clean_line, long_date, short_date


def directive_create(
    session: Session,
    *,
    title: str,
    issuer_id: int,
    drafting_unit_id: int,
    kind: str = "CT",
    ruleset: str = "qd66-2017",
    assignment_number: str = "",
    assignment_date: date | None = None,
    assignment_summary: str = "",
    record_mode: bool = False,
    by: str,
    now: datetime,
) -> tuple[Directive, list[DirectiveCreated]]:
    title = clean_line(title)
    if not title:
        raise Invalid("Tên (trích yếu) của chỉ thị không được để trống.", field="title")
    if len(title) > 500:
        raise Invalid("Trích yếu quá dài (tối đa 500 ký tự).", field="title")
    get(session, Unit, issuer_id)
    get(session, Unit, drafting_unit_id)
    directive = Directive(
        title=title,
        kind=clean_line(kind) or "CT",
        ruleset=ruleset,
        issuer_id=issuer_id,
        drafting_unit_id=drafting_unit_id,
        assignment_number=clean_line(assignment_number),
        assignment_date=assignment_date,
        assignment_summary=clean(assignment_summary),
        stage=Stage.ASSIGNED,
        record_mode=record_mode,
        created_at=now,
        created_by=by,
    )
    session.add(directive)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="directive.create",
        entity="directive",
        entity_id=directive.id,
        directive_id=directive.id,
        after={
            "title": title,
            "assignment": directive.assignment_number,
            "stage": "assigned",
            "record_mode": record_mode,
        },
    )
    session.commit()
    return directive, [DirectiveCreated(directive_id=directive.id, at=now)]


def _simple_move(
    session: Session,
    directive_id: int,
    action: Action,
    *,
    by: str,
    now: datetime,
    idempotent_if: Stage | None = None,
) -> tuple[Directive, list[StageChanged]]:
    directive = get(session, Directive, directive_id, lock=True)
    if idempotent_if is not None and directive.stage == idempotent_if.value:
        return directive, []
    before, after = move(session, directive, action, by=by, now=now)
    return directive, [StageChanged(directive_id, now, before.value, after.value)]


def directive_finalise(
    session: Session, *, directive_id: int, by: str, now: datetime
) -> tuple[Directive, list[StageChanged]]:
    directive, events = _simple_move(session, directive_id, Action.FINALISE, by=by, now=now)
    session.commit()
    return directive, events


def directive_submit(
    session: Session, *, directive_id: int, by: str, now: datetime
) -> tuple[Directive, list[Event]]:
    """Submission to the standing committee: the synthesis, report and submission are
    compiled by the reaction to DirectiveSubmitted (flows/reactions.py)."""
    directive, moved = _simple_move(session, directive_id, Action.SUBMIT, by=by, now=now)
    events: list[Event] = [*moved, DirectiveSubmitted(directive_id, now)]
    record(session, events)
    session.commit()
    return directive, events


def directive_return(
    session: Session, *, directive_id: int, reason: str = "", by: str, now: datetime
) -> tuple[Directive, list[StageChanged]]:
    directive, events = _simple_move(session, directive_id, Action.RETURN, by=by, now=now)
    if reason:
        audit.record(
            session,
            actor=by,
            at=now,
            action="directive.return_reason",
            entity="directive",
            entity_id=directive_id,
            directive_id=directive_id,
            after={"reason": clean(reason)},
        )
    session.commit()  # one transaction: the move and its reason
    return directive, events


def directive_issue(
    session: Session, *, directive_id: int, by: str, now: datetime, idempotent: bool = False
) -> tuple[Directive, list[DirectiveIssued]]:
    """Issuance: stage issued, and a dispatch email to every recipient in "Nơi nhận"."""
    directive = get(session, Directive, directive_id, lock=True)
    if idempotent and directive.stage == Stage.ISSUED.value:
        return directive, []
    move(session, directive, Action.ISSUE, by=by, now=now)
    directive.issued_at = now
    session.add(directive)
    signing = session.exec(select(Signing).where(Signing.directive_id == directive_id)).one()
    issuer = get(session, Unit, directive.issuer_id)
    # In "Nơi nhận" order: superiors first, each told "để báo cáo"; the rest implement it.
    recipients = unit_recipients(session, signing, directive.issuer_id)
    context = {
        "directive_id": directive_id,
        "number": directive.number,
        "title": directive.title,
        "issuer": issuer.name,
        "signed_on": short_date(signing.signed_on),
        "signed_on_long": long_date(signing.signed_on),
        "signer": f"{signing.form} {signing.on_behalf_of} — {signing.signer_title} "
        f"{signing.signer_name}",
    }
    for to, unit in recipients:
        enqueue(
            session,
            key=f"issue:{directive_id}:{unit.id}",
            template="issuance",
            to_email=unit.email,
            to_name=unit.name,
            context={**context, "unit": unit.name, "superior": to.superior},
            now=now,
            directive_id=directive_id,
        )
    for user in team(session, directive):
        enqueue_for_user(
            session,
            user=user,
            key=f"issue:{directive_id}:user{user.id}",
            template="issuance",
            context={**context, "unit": user.full_name, "team": True},
            now=now,
            directive_id=directive_id,
        )
    audit.record(
        session,
        actor=by,
        at=now,
        action="directive.issue",
        entity="directive",
        entity_id=directive_id,
        directive_id=directive_id,
        after={"number": directive.number, "recipients": len(recipients)},
    )
    events = [DirectiveIssued(directive_id, now, directive.number or "")]
    record(session, events)
    session.commit()
    return directive, events
