"""Recording the in-person conference: opinions as they are spoken, attendees, minutes."""

from datetime import datetime

from sqlmodel import Session, select

from models import audit
from models.clock import local_date
from models.commands.answers import anchor_fields
from models.commands.placement import place_comment
from models.commands.rounds import close_open_round
from models.date_rules import check_conference_ended, check_conference_held
from models.errors import DomainError, Invalid
from models.event_log import record
from models.events import ConferenceRecorded, Event
from models.labels import POSITIONS
from models.lifecycle import RoundKind
from models.queries.records import get
from models.statuses import Position, RoundStatus, require_kind
from models.tables import Comment, Conference, Directive, Round, Section, Unit
from models.text import clean, clean_line, search_text


def _conference_round(session: Session, round_id: int) -> tuple[Round, Conference]:
    rnd = get(session, Round, round_id)
    require_kind(rnd.kind, RoundKind.CONFERENCE)
    if rnd.status != RoundStatus.OPEN:
        raise DomainError("Hội nghị đã kết thúc: không thể ghi thêm ý kiến.")
    conf = session.exec(select(Conference).where(Conference.round_id == round_id)).one()
    return rnd, conf


def opinion_record(
    session: Session,
    *,
    round_id: int,
    speaker: str,
    text: str,
    position: str = Position.AGREE_WITH_COMMENTS,
    speaker_title: str = "",
    unit_id: int | None = None,
    section_id: int | None = None,
    by: str,
    now: datetime,
) -> Comment:
    rnd, _ = _conference_round(session, round_id)
    speaker = clean_line(speaker)
    text = clean(text)
    if not speaker:
        raise Invalid("Vui lòng nhập người phát biểu.", field="speaker")
    if not text:
        raise Invalid("Vui lòng nhập nội dung ý kiến.", field="text")
    if position not in POSITIONS:
        raise Invalid(
            "Ý kiến phải là tán thành, tán thành có ý kiến hoặc không tán thành.", field="position"
        )
    section = get(session, Section, section_id) if section_id else None
    if section is not None and section.version_id != rnd.draft_version_id:
        raise Invalid("Phần được chọn không thuộc bản dự thảo của hội nghị.", field="section_id")
    if unit_id is not None:
        get(session, Unit, unit_id)
    comment = Comment(
        round_id=round_id,
        unit_id=unit_id,
        speaker=speaker,
        speaker_title=clean_line(speaker_title),
        version_id=rnd.draft_version_id,
        section_id=section.id if section else None,
        position=Position(position),
        text=text,
        search_text=search_text(text, speaker),
        received_at=now,
        **anchor_fields(section),
    )
    place_comment(session, comment, rnd.directive_id)
    session.add(comment)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="conference.opinion",
        entity="comment",
        entity_id=comment.id,
        directive_id=rnd.directive_id,
        after={"speaker": speaker, "position": position},
    )
    session.commit()
    return comment


def conference_update(
    session: Session,
    *,
    round_id: int,
    by: str,
    now: datetime,
    attendees: int | None = None,
    chair: str | None = None,
    chair_title: str | None = None,
    secretary: str | None = None,
    place: str | None = None,
    held_at: datetime | None = None,
    conclusion: str | None = None,
    ended_at: datetime | None = None,
    commit: bool = True,
) -> Conference:
    rnd, conf = _conference_round(session, round_id)
    before = audit.snapshot(conf, "attendees", "chair", "place", "held_at")
    if attendees is not None:
        if attendees < 0 or attendees > 100_000:
            raise Invalid("Số đại biểu dự hội nghị không hợp lệ.", field="attendees")
        conf.attendees = attendees
    for name, value in (
        ("chair", chair),
        ("chair_title", chair_title),
        ("secretary", secretary),
        ("place", place),
    ):
        if value is not None:
            setattr(conf, name, clean_line(value))
    if held_at is not None:
        # A corrected start may lie in the past (it is the minutes); never before the invitation.
        letter_date = rnd.letter_date or local_date(rnd.opened_at)
        check_conference_held(letter_date=letter_date, held_at=held_at, live=False, now=now)
        conf.held_at = held_at
    if ended_at is not None:
        conf.ended_at = ended_at
    if conf.ended_at is not None:
        check_conference_ended(held_at=conf.held_at, ended_at=conf.ended_at)
    if conclusion is not None:
        conf.conclusion = clean(conclusion)
    session.add(conf)
    audit.record(
        session,
        actor=by,
        at=now,
        action="conference.update",
        entity="conference",
        entity_id=conf.id,
        directive_id=rnd.directive_id,
        before=before,
        after=audit.snapshot(conf, "attendees", "chair", "place", "held_at"),
    )
    if commit:
        session.commit()
    return conf


def conference_close(
    session: Session,
    *,
    round_id: int,
    by: str,
    now: datetime,
    attendees: int | None = None,
    conclusion: str | None = None,
    ended_at: datetime | None = None,
    idempotent: bool = False,
) -> tuple[Round, list[Event]]:
    """The minutes (attendees, conclusion, end time) and the round's close, in one
    transaction. With `idempotent` (flows), a conference already closed is left as it is."""
    rnd = get(session, Round, round_id)
    directive = get(session, Directive, rnd.directive_id, lock=True)
    session.refresh(rnd)
    if rnd.status == RoundStatus.CLOSED:
        if idempotent:
            return rnd, []
        raise DomainError(f"Đợt lấy ý kiến lần {rnd.ordinal} đã kết thúc.")
    if ended_at is None and not directive.record_mode:
        # Closed now: a live conference cannot be over before it has begun.
        conf = session.exec(select(Conference).where(Conference.round_id == round_id)).one()
        check_conference_ended(held_at=conf.held_at, ended_at=now)
    conference_update(
        session,
        round_id=round_id,
        by=by,
        now=now,
        attendees=attendees,
        conclusion=conclusion,
        ended_at=ended_at,
        commit=False,
    )
    # A case entered after the fact closes when its conference ended, not on the clock.
    closed_at = ended_at if directive.record_mode else None
    events = close_open_round(session, rnd, directive, by=by, now=now, closed_at=closed_at)
    events.append(ConferenceRecorded(directive.id, now, round_id))
    record(session, events)
    session.commit()
    return rnd, events
