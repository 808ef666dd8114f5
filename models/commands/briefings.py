"""Hội nghị giao ban on a directive's implementation (issue 12, item 4): record one (the unit
that held it, the day, the chair, the participants, the issues raised, its minutes), edit it,
delete it; each audited. The minutes file is stored by the caller before the command
(documents/briefings.py) and removed again when the command refuses, as a reply file is."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from models import audit
from models.clock import local_date
from models.commands.replies import ReceivedFile
from models.errors import DomainError, Invalid
from models.event_log import record as record_events
from models.events import BriefingRecorded
from models.ids import id_of
from models.queries.briefings import briefing_in, plan_unit_ids
from models.queries.follow_up import current_plan
from models.queries.records import get
from models.tables import Briefing, Directive
from models.text import clean, clean_line, short_date

NO_PLAN = (
    "Chỉ thị chưa có kế hoạch theo dõi thực hiện: lập kế hoạch trước khi ghi nhận hội nghị "
    "giao ban."
)
MAX_ISSUES = 20_000


@dataclass(frozen=True)
class BriefingData:
    unit_id: int
    held_on: date
    chair: str
    participants: str = ""
    issues: str = ""


def _checked(
    session: Session, directive_id: int, data: BriefingData, now: datetime
) -> BriefingData:
    """The facts as stored, or Invalid at the field at fault."""
    directive = get(session, Directive, directive_id)
    plan = current_plan(session, directive_id)
    if plan is None:
        raise DomainError(NO_PLAN)
    if data.unit_id not in plan_unit_ids(plan):
        raise Invalid(
            "Đơn vị này không có trong kế hoạch theo dõi thực hiện của chỉ thị.", field="unit_id"
        )
    if data.held_on > local_date(now):
        raise Invalid("Ngày tổ chức hội nghị không được sau ngày hôm nay.", field="held_on")
    if directive.signed_on is not None and data.held_on < directive.signed_on:
        raise Invalid(
            "Ngày tổ chức hội nghị không được trước ngày ký ban hành chỉ thị "
            f"({short_date(directive.signed_on)}).",
            field="held_on",
        )
    chair = clean_line(data.chair)
    if not chair:
        raise Invalid("Vui lòng nhập người chủ trì hội nghị.", field="chair")
    if len(chair) > 200:
        raise Invalid("Quá dài (tối đa 200 ký tự).", field="chair")
    participants = clean(data.participants)
    if len(participants) > 2000:
        raise Invalid("Quá dài (tối đa 2000 ký tự).", field="participants")
    issues = clean(data.issues)
    if len(issues) > MAX_ISSUES:
        raise Invalid(f"Quá dài (tối đa {MAX_ISSUES} ký tự).", field="issues")
    return BriefingData(data.unit_id, data.held_on, chair, participants, issues)


def _facts(b: Briefing) -> dict[str, Any]:
    return {
        "unit_id": b.unit_id,
        "held_on": b.held_on.isoformat(),
        "chair": b.chair,
        "participants": b.participants,
        "issues": b.issues,
        "minutes": b.minutes_name or None,
        "minutes_sha256": b.minutes_sha256 or None,
    }


def _set_minutes(b: Briefing, file: ReceivedFile) -> None:
    b.minutes_path, b.minutes_name, b.minutes_sha256 = (
        file.stored_path,
        file.original_name,
        file.sha256,
    )


def briefing_record(
    session: Session,
    *,
    directive_id: int,
    data: BriefingData,
    file: ReceivedFile | None = None,
    by: str,
    now: datetime,
) -> Briefing:
    """Record a briefing held by a unit of the plan, on a day not after today."""
    facts = _checked(session, directive_id, data, now)
    b = Briefing(
        directive_id=directive_id,
        unit_id=facts.unit_id,
        held_on=facts.held_on,
        chair=facts.chair,
        participants=facts.participants,
        issues=facts.issues,
        recorded_at=now,
        recorded_by=by,
    )
    if file is not None:
        _set_minutes(b, file)
    session.add(b)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="briefing.record",
        entity="briefing",
        entity_id=b.id,
        directive_id=directive_id,
        after=_facts(b),
    )
    record_events(session, [BriefingRecorded(directive_id, now, id_of(b))])
    session.commit()
    return b


def briefing_edit(
    session: Session,
    *,
    directive_id: int,
    briefing_id: int,
    data: BriefingData,
    file: ReceivedFile | None = None,
    by: str,
    now: datetime,
) -> tuple[Briefing, str]:
    """Correct a briefing; a new minutes file replaces the old one, whose stored path is
    returned for the caller to remove once committed ("" when none was replaced)."""
    b = briefing_in(session, directive_id, briefing_id)
    facts = _checked(session, directive_id, data, now)
    before = _facts(b)
    replaced = ""
    b.unit_id, b.held_on, b.chair = facts.unit_id, facts.held_on, facts.chair
    b.participants, b.issues = facts.participants, facts.issues
    if file is not None:
        replaced = b.minutes_path
        _set_minutes(b, file)
    session.add(b)
    audit.record(
        session,
        actor=by,
        at=now,
        action="briefing.edit",
        entity="briefing",
        entity_id=b.id,
        directive_id=directive_id,
        before=before,
        after=_facts(b),
    )
    session.commit()
    return b, replaced


def briefing_delete(
    session: Session, *, directive_id: int, briefing_id: int, by: str, now: datetime
) -> str:
    """Delete a briefing recorded by mistake; its minutes' stored path is returned for the
    caller to remove once committed."""
    b = briefing_in(session, directive_id, briefing_id)
    before, path = _facts(b), b.minutes_path
    session.delete(b)
    audit.record(
        session,
        actor=by,
        at=now,
        action="briefing.delete",
        entity="briefing",
        entity_id=briefing_id,
        directive_id=directive_id,
        before=before,
    )
    session.commit()
    return path
