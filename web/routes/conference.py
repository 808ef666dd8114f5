"""The conference page: opinions recorded as they are spoken, attendance, close with minutes."""

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import col, select

from models.access import may
from models.clock import local
from models.commands.conference import conference_close, conference_update, opinion_record
from models.commands.mail import conference_move, conference_notify
from models.errors import DomainError
from models.labels import POSITIONS
from models.lifecycle import RoundKind
from models.statuses import Position, RoundStatus, require_kind
from models.tables import Comment, Conference, Directive, Invitation, Round, Section, Unit
from models.text import short_date, sort_key
from web import triggers
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.routes.rounds import load_round
from web.schemas import AttendanceIn, ConferenceCloseIn, ConferenceMoveIn, OpinionIn

router = APIRouter(include_in_schema=False)
PAGE = "conference/page.html"


def _context(p: Page, rnd: Round, directive: Directive) -> dict[str, Any]:
    require_kind(rnd.kind, RoundKind.CONFERENCE)
    s = p.session
    opinions = s.exec(
        select(Comment, Unit.name, Section.key)
        .outerjoin(Unit, col(Unit.id) == Comment.unit_id)
        .outerjoin(Section, col(Section.id) == Comment.section_id)
        .where(Comment.round_id == rnd.id)
        .order_by(col(Comment.id))
    ).all()
    invited = s.exec(
        select(Unit)
        .join(Invitation, col(Invitation.unit_id) == Unit.id)
        .where(Invitation.round_id == rnd.id)
    ).all()
    sections = s.exec(
        select(Section)
        .where(Section.version_id == rnd.draft_version_id)
        .order_by(col(Section.ordinal))
    ).all()
    conf = s.exec(select(Conference).where(Conference.round_id == rnd.id)).one()
    return {
        "rnd": rnd,
        "directive": directive,
        "conf": conf,
        "can_act": may(p.user, "conference.record", directive) and rnd.status == RoundStatus.OPEN,
        "opinions": opinions,
        "units": sorted(invited, key=lambda u: sort_key(u.name)),
        "sections": sections,
        "positions": POSITIONS,
        "values": {"position": Position.AGREE_WITH_COMMENTS},
        "ended_time": f"{local(p.now):%H:%M}",
        "held_date": short_date(local(conf.held_at)),
        "held_time": f"{local(conf.held_at):%H:%M}",
    }


@router.get("/rounds/{round_id:id}/conference")
def conference_page(round_id: int, p: Page = page("directive.view")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id)
    return p.render(PAGE, _context(p, rnd, directive))


@router.post("/rounds/{round_id:id}/opinions", dependencies=[Depends(check_csrf)])
async def record_opinion(round_id: int, p: Page = page("conference.record")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    posted = await p.posted()
    try:
        body = posted.valid(OpinionIn)
        comment = opinion_record(
            p.session, round_id=round_id, **body.model_dump(), by=p.by, now=p.now
        )
    except DomainError as exc:
        if p.htmx:
            raise  # shown in #messages; the form keeps what was typed
        return p.failed(PAGE, lambda: _context(p, rnd, directive), exc, posted.values)
    if not p.htmx:
        return p.redirect(f"/rounds/{round_id}/conference#opinions", message="Đã ghi ý kiến.")
    unit = p.session.get(Unit, comment.unit_id) if comment.unit_id else None
    section = p.session.get(Section, comment.section_id) if comment.section_id else None
    n = len(p.session.exec(select(Comment.id).where(Comment.round_id == round_id)).all())
    row = {
        "c": comment,
        "unit_name": unit.name if unit else "",
        "section_key": section.key if section else "",
        "n": n,
    }
    return p.render("conference/opinion-row.html", row, trigger=triggers.OPINION_RECORDED)


@router.post("/rounds/{round_id:id}/attendance", dependencies=[Depends(check_csrf)])
async def attendance(round_id: int, p: Page = page("conference.record")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    posted = await p.posted()
    try:
        body = posted.valid(AttendanceIn)
        conference_update(
            p.session,
            round_id=round_id,
            attendees=body.attendees,
            secretary=body.secretary,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(PAGE, lambda: _context(p, rnd, directive), exc, posted.values)
    return p.redirect(
        f"/rounds/{round_id}/conference",
        message="Đã lưu thông tin hội nghị.",
        trigger=triggers.ATTENDANCE_SAVED,
    )


def _notified(p: Page, round_id: int, message: str) -> Response:
    """After a move or a cancellation (the notices go out as the command's reaction)."""
    return p.redirect(
        f"/rounds/{round_id}/conference", message=message, trigger=triggers.ATTENDANCE_SAVED
    )


@router.post("/rounds/{round_id:id}/conference/move", dependencies=[Depends(check_csrf)])
async def move_conference(round_id: int, p: Page = page("round.manage")) -> Response:
    """The conference moves: new time and place, an updated .ics to every invitee."""
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    posted = await p.posted()
    try:
        # The date and the time are two fields here; the API sends one datetime.
        held_at = posted.moment("held_date", "held_time")
        body = posted.valid(ConferenceMoveIn, held_at=held_at)
        queued = conference_move(
            p.session,
            round_id=round_id,
            held_at=body.held_at,
            place=body.place,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(PAGE, lambda: _context(p, rnd, directive), exc, posted.values)
    return _notified(p, round_id, f"Đã dời hội nghị và báo lại cho {queued} đơn vị.")


@router.post("/rounds/{round_id:id}/conference/cancel", dependencies=[Depends(check_csrf)])
async def cancel_conference(round_id: int, p: Page = page("round.manage")) -> Response:
    """Tell every invitee the conference is cancelled (.ics CANCEL); the round stays open
    until the officers close it or move the conference."""
    load_round(p.session, p.user, round_id, action=p.action)
    queued = conference_notify(p.session, round_id=round_id, by=p.by, now=p.now, cancel=True)
    return _notified(p, round_id, f"Đã báo hủy hội nghị cho {queued} đơn vị.")


@router.post("/rounds/{round_id:id}/conference/close", dependencies=[Depends(check_csrf)])
async def close_conference(round_id: int, p: Page = page("conference.record")) -> Response:
    """Record the minutes (attendees, conclusion, end time) and close the round."""
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    posted = await p.posted()
    try:
        body = posted.valid(ConferenceCloseIn)
        ended_at = None
        if posted.text("ended_time").strip():
            # The minutes' end time, on the conference's own day (never the clock's: the
            # minutes may be entered later); the API closes at its call.
            held = p.session.exec(
                select(Conference.held_at).where(Conference.round_id == round_id)
            ).one()
            ended_at = posted.moment(local(held).date(), "ended_time")
        conference_close(
            p.session,
            round_id=round_id,
            attendees=body.attendees,
            conclusion=body.conclusion or "",
            ended_at=ended_at,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(PAGE, lambda: _context(p, rnd, directive), exc, posted.values)
    return p.redirect(
        f"/rounds/{round_id}/conference",
        message="Đã kết thúc hội nghị và lưu biên bản.",
        trigger=triggers.ROUND_CLOSED,
    )
