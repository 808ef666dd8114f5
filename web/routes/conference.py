"""The conference page: opinions recorded as they are spoken, attendance, close with minutes."""

from datetime import datetime, time

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from models.access import can_act
from models.clock import VN, local, local_date
from models.commands.conference import conference_update, opinion_record
from models.commands.rounds import round_close
from models.errors import DomainError, Invalid
from models.labels import POSITIONS
from models.lifecycle import RoundKind
from models.tables import Comment, Conference, Invitation, Round, Section, Unit, User
from models.text import sort_key
from web import events
from web.auth import require_user
from web.csrf import check_csrf
from web.deps import get_now, get_session, is_htmx
from web.routes.rounds import load_round
from web.views import form_failed, form_values, redirect, render

router = APIRouter(include_in_schema=False)
PAGE = "conference/page.html"


def _context(session: Session, user: User, rnd: Round, directive) -> dict:  # type: ignore[no-untyped-def,type-arg]
    if rnd.kind != RoundKind.CONFERENCE.value:
        raise DomainError("Đợt này không phải hội nghị góp ý trực tiếp.")
    conf = session.exec(select(Conference).where(Conference.round_id == rnd.id)).one()
    opinions = session.exec(
        select(Comment, Unit.name, Section.key)
        .outerjoin(Unit, Unit.id == Comment.unit_id)
        .outerjoin(Section, Section.id == Comment.section_id)
        .where(Comment.round_id == rnd.id)
        .order_by(Comment.id)  # type: ignore[arg-type]
    ).all()
    invited = session.exec(
        select(Unit)
        .join(Invitation, Invitation.unit_id == Unit.id)
        .where(Invitation.round_id == rnd.id)
    ).all()
    return {
        "user": user,
        "rnd": rnd,
        "directive": directive,
        "conf": conf,
        "can_act": can_act(user, directive) and rnd.status == "open",
        "opinions": opinions,
        "units": sorted(invited, key=lambda u: sort_key(u.name)),
        "sections": session.exec(
            select(Section)
            .where(Section.version_id == rnd.draft_version_id)
            .order_by(Section.ordinal)  # type: ignore[arg-type]
        ).all(),
        "positions": POSITIONS,
        "values": {"position": "agree_with_comments"},
        "errors": {},
        "ended_time": "",
    }


@router.get("/rounds/{round_id:int}/conference")
def conference_page(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id)
    ctx = _context(session, user, rnd, directive)
    ctx["ended_time"] = f"{local(get_now(request)):%H:%M}"
    return render(request, PAGE, ctx)


def _opt_int(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@router.post("/rounds/{round_id:int}/opinions", dependencies=[Depends(check_csrf)])
async def record_opinion(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id, act=True)
    values = form_values(await request.form())
    try:
        comment = opinion_record(
            session,
            round_id=round_id,
            speaker=values.get("speaker", ""),
            speaker_title=values.get("speaker_title", ""),
            text=values.get("text", ""),
            position=values.get("position", ""),
            unit_id=_opt_int(values.get("unit_id", "")),
            section_id=_opt_int(values.get("section_id", "")),
            by=user.username,
            now=get_now(request),
        )
    except DomainError as exc:
        if is_htmx(request):
            raise  # shown in #messages; the form keeps what was typed
        session.rollback()
        return form_failed(request, PAGE, _context(session, user, rnd, directive), exc, values)
    if is_htmx(request):
        unit = session.get(Unit, comment.unit_id) if comment.unit_id else None
        section = session.get(Section, comment.section_id) if comment.section_id else None
        count = len(session.exec(select(Comment.id).where(Comment.round_id == round_id)).all())
        return render(
            request,
            "conference/opinion-row.html",
            {
                "c": comment,
                "unit_name": unit.name if unit else "",
                "section_key": section.key if section else "",
                "n": count,
            },
            trigger=events.OPINION_RECORDED,
        )
    return redirect(request, f"/rounds/{round_id}/conference#opinions", message="Đã ghi ý kiến.")


def _attendees(values: dict[str, str]) -> int | None:
    raw = values.get("attendees", "").strip().replace(".", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Invalid("Số đại biểu phải là số nguyên.", field="attendees")
    return int(raw)


@router.post("/rounds/{round_id:int}/attendance", dependencies=[Depends(check_csrf)])
async def attendance(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id, act=True)
    values = form_values(await request.form())
    try:
        conference_update(
            session,
            round_id=round_id,
            attendees=_attendees(values),
            chair=values.get("chair"),
            chair_title=values.get("chair_title"),
            secretary=values.get("secretary"),
            by=user.username,
            now=get_now(request),
        )
    except DomainError as exc:
        session.rollback()
        return form_failed(request, PAGE, _context(session, user, rnd, directive), exc, values)
    return redirect(
        request,
        f"/rounds/{round_id}/conference",
        message="Đã lưu thông tin hội nghị.",
        trigger=events.ATTENDANCE_SAVED,
    )


@router.post("/rounds/{round_id:int}/conference/close", dependencies=[Depends(check_csrf)])
async def close_conference(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    """Record the minutes (attendees, conclusion, end time) and close the round."""
    rnd, directive = load_round(session, user, round_id, act=True)
    values = form_values(await request.form())
    now = get_now(request)
    try:
        attendees = _attendees(values)
        ended_at = None
        if values.get("ended_time", "").strip():
            try:
                hh, mm = (int(x) for x in values["ended_time"].split(":"))
                ended_at = datetime.combine(local_date(now), time(hh, mm), tzinfo=VN)
            except ValueError as exc:
                raise Invalid("Giờ kết thúc phải có dạng hh:mm.", field="ended_time") from exc
        conference_update(
            session,
            round_id=round_id,
            attendees=attendees,
            conclusion=values.get("conclusion", ""),
            ended_at=ended_at,
            by=user.username,
            now=now,
        )
        round_close(session, round_id=round_id, by=user.username, now=now)
    except DomainError as exc:
        session.rollback()
        ctx = _context(session, user, rnd, directive)
        return form_failed(request, PAGE, ctx, exc, values)
    request.app.state.dispatcher.submit(
        "record-conference",
        {
            "round_id": round_id,
            "by": user.username,
            "attendees": attendees,
            "conclusion": values.get("conclusion", ""),
            "now": now.isoformat(),
        },
        key=f"record-conference:{round_id}",
    )
    return redirect(
        request,
        f"/rounds/{round_id}/conference",
        message="Đã kết thúc hội nghị và lưu biên bản.",
        trigger=events.ROUND_CLOSED,
    )
