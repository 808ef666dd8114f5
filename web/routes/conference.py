"""The conference page: opinions recorded as they are spoken, attendance, close with minutes."""

from datetime import datetime, time

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import select

from models.access import may
from models.clock import VN, local
from models.commands.conference import conference_close, conference_update, opinion_record
from models.commands.mail import conference_move, conference_notify
from models.errors import DomainError, Invalid
from models.labels import POSITIONS
from models.lifecycle import RoundKind
from models.statuses import Position, RoundStatus, require_kind
from models.tables import Comment, Conference, Directive, Invitation, Round, Section, Unit
from models.text import parse_date, short_date, sort_key
from web import events
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.routes.rounds import load_round
from web.views import record_id

router = APIRouter(include_in_schema=False)
PAGE = "conference/page.html"


def _context(p: Page, rnd: Round, directive: Directive) -> dict:  # type: ignore[type-arg]
    require_kind(rnd.kind, RoundKind.CONFERENCE)
    s = p.session
    opinions = s.exec(
        select(Comment, Unit.name, Section.key)
        .outerjoin(Unit, Unit.id == Comment.unit_id)
        .outerjoin(Section, Section.id == Comment.section_id)
        .where(Comment.round_id == rnd.id)
        .order_by(Comment.id)  # type: ignore[arg-type]
    ).all()
    invited = s.exec(
        select(Unit)
        .join(Invitation, Invitation.unit_id == Unit.id)
        .where(Invitation.round_id == rnd.id)
    ).all()
    sections = s.exec(
        select(Section).where(Section.version_id == rnd.draft_version_id).order_by(Section.ordinal)  # type: ignore[arg-type]
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
    _, values = await p.form()
    try:
        comment = opinion_record(
            p.session,
            round_id=round_id,
            speaker=values.get("speaker", ""),
            speaker_title=values.get("speaker_title", ""),
            text=values.get("text", ""),
            position=values.get("position", ""),
            unit_id=record_id(values.get("unit_id", "")),
            section_id=record_id(values.get("section_id", "")),
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        if p.htmx:
            raise  # shown in #messages; the form keeps what was typed
        return p.failed(PAGE, lambda: _context(p, rnd, directive), exc, values)
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
    return p.render("conference/opinion-row.html", row, trigger=events.OPINION_RECORDED)


def _attendees(values: dict[str, str]) -> int | None:
    raw = values.get("attendees", "").strip().replace(".", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise Invalid("Số đại biểu phải là số nguyên.", field="attendees")
    return int(raw)


@router.post("/rounds/{round_id:id}/attendance", dependencies=[Depends(check_csrf)])
async def attendance(round_id: int, p: Page = page("conference.record")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    _, values = await p.form()
    try:
        conference_update(
            p.session,
            round_id=round_id,
            attendees=_attendees(values),
            secretary=values.get("secretary"),
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(PAGE, lambda: _context(p, rnd, directive), exc, values)
    return p.redirect(
        f"/rounds/{round_id}/conference",
        message="Đã lưu thông tin hội nghị.",
        trigger=events.ATTENDANCE_SAVED,
    )


def _held_at(values: dict[str, str]) -> datetime:
    try:
        day = parse_date(values.get("held_date", ""))
    except ValueError as exc:
        raise Invalid(str(exc), field="held_date") from exc
    try:
        hh, mm = (int(x) for x in values.get("held_time", "").split(":"))
        return datetime.combine(day, time(hh, mm), tzinfo=VN)
    except ValueError as exc:
        raise Invalid("Giờ họp phải có dạng hh:mm.", field="held_time") from exc


def _notified(p: Page, round_id: int, message: str) -> Response:
    """After a move or a cancellation (the notices go out as the command's reaction)."""
    return p.redirect(
        f"/rounds/{round_id}/conference", message=message, trigger=events.ATTENDANCE_SAVED
    )


@router.post("/rounds/{round_id:id}/conference/move", dependencies=[Depends(check_csrf)])
async def move_conference(round_id: int, p: Page = page("round.manage")) -> Response:
    """The conference moves: new time and place, an updated .ics to every invitee."""
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    _, values = await p.form()
    try:
        queued = conference_move(
            p.session,
            round_id=round_id,
            held_at=_held_at(values),
            place=values.get("place") or None,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(PAGE, lambda: _context(p, rnd, directive), exc, values)
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
    _, values = await p.form()
    try:
        attendees = _attendees(values)
        ended_at = None
        if values.get("ended_time", "").strip():
            try:
                hh, mm = (int(x) for x in values["ended_time"].split(":"))
                ended_at = datetime.combine(local(p.now).date(), time(hh, mm), tzinfo=VN)
            except ValueError as exc:
                raise Invalid("Giờ kết thúc phải có dạng hh:mm.", field="ended_time") from exc
        conference_close(
            p.session,
            round_id=round_id,
            attendees=attendees,
            conclusion=values.get("conclusion", ""),
            ended_at=ended_at,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(PAGE, lambda: _context(p, rnd, directive), exc, values)
    return p.redirect(
        f"/rounds/{round_id}/conference",
        message="Đã kết thúc hội nghị và lưu biên bản.",
        trigger=events.ROUND_CLOSED,
    )
