"""Consultation rounds: open one, follow its invitations live, extend, close, and decide on
each comment (tiếp thu / tiếp thu một phần / giải trình)."""

import uuid
from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from models.access import can_act, require_act, require_view
from models.clock import VN, local_date
from models.commands.common import get
from models.commands.directives import team
from models.commands.dispositions import disposition_set
from models.commands.rounds import (
    DEFAULT_ABSTRACT,
    ConferencePlan,
    invitation_reissue,
    round_close,
    round_extend,
    round_open,
)
from models.errors import DomainError, Invalid
from models.labels import DECISIONS, POSITIONS
from models.lifecycle import RoundKind
from models.queries.progress import round_counts
from models.queries.register import peek_next
from models.queries.round import CommentFilter, comment_page, comment_row, invitation_rows
from models.tables import Comment, Conference, Directive, Invitation, Round, Unit, User
from models.text import parse_date, short_date, sort_key
from web import events
from web.auth import actionable, require_user
from web.csrf import check_csrf
from web.deps import get_links, get_now, get_session, is_htmx
from web.views import form_failed, form_values, redirect, render

router = APIRouter(include_in_schema=False)
NEW = "round/new.html"


def load_round(
    session: Session, user: User, round_id: int, *, act: bool = False
) -> tuple[Round, Directive]:
    """The round and its directive, if this user may see (or act on) it."""
    rnd = get(session, Round, round_id)
    directive = get(session, Directive, rnd.directive_id)
    (require_act if act else require_view)(user, directive)
    return rnd, directive


def _date(values: dict[str, str], name: str) -> date | None:
    raw = values.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValueError as exc:
        raise Invalid(str(exc), field=name) from exc


def _new_context(
    session: Session, user: User, directive: Directive, kind: RoundKind, today: date
) -> dict:  # type: ignore[type-arg]
    units = sorted(
        session.exec(
            select(Unit).where(Unit.active == True, Unit.id != directive.drafting_unit_id)  # noqa: E712
        ).all(),
        key=lambda u: sort_key(u.name),
    )
    return {
        "user": user,
        "directive": directive,
        "kind": kind,
        "units": [u for u in units if u.email or kind == RoundKind.CONFERENCE],
        "next_letter": peek_next(session, directive.drafting_unit_id, "CV", today),
        "team": [u.full_name or u.username for u in team(session, directive)],
    }


def _kind(value: str) -> RoundKind:
    try:
        return RoundKind(value)
    except ValueError as exc:
        raise Invalid("Loại đợt lấy ý kiến không hợp lệ.", field="kind") from exc


@router.get("/directives/{directive_id:int}/rounds/new")
def new_round(
    directive_id: int,
    request: Request,
    kind: str = "written",
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    directive = actionable(session, user, directive_id)
    rkind = _kind(kind)
    today = local_date(get_now(request))
    ctx = _new_context(session, user, directive, rkind, today)
    preselect = "huyen-uy" if rkind == RoundKind.GRASSROOTS else None
    chosen = [u.id for u in ctx["units"] if preselect is None or u.category == preselect]
    days = request.app.state.settings.default_reply_days
    values = {
        "kind": rkind.value,
        "request_key": uuid.uuid4().hex,
        "letter_date": short_date(today),
        "deadline": short_date(today + timedelta(days=days)),
        "abstract": DEFAULT_ABSTRACT[rkind],
        "reminder_days": request.app.state.settings.default_reminder_days,
        "held_at": short_date(today + timedelta(days=7)),
        "held_time": "08:00",
    }
    return render(request, NEW, {**ctx, "values": values, "errors": {}, "chosen": chosen})


def _conference(values: dict[str, str]) -> ConferencePlan:
    held = _date(values, "held_at")
    if held is None:
        raise Invalid("Vui lòng nhập ngày họp.", field="held_at")
    try:
        hh, mm = (int(x) for x in values.get("held_time", "08:00").split(":"))
        at = datetime.combine(held, time(hh, mm), tzinfo=VN)
    except ValueError as exc:
        raise Invalid("Giờ họp phải có dạng hh:mm, ví dụ 08:00.", field="held_time") from exc
    if not values.get("place", "").strip():
        raise Invalid("Vui lòng nhập địa điểm hội nghị.", field="place")
    return ConferencePlan(
        held_at=at,
        place=values["place"],
        chair=values.get("chair", ""),
        chair_title=values.get("chair_title", ""),
    )


@router.post("/directives/{directive_id:int}/rounds/new", dependencies=[Depends(check_csrf)])
async def open_round(
    directive_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    directive = actionable(session, user, directive_id)
    form = await request.form()
    values = form_values(form)
    chosen = [int(x) for x in form.getlist("unit_ids") if isinstance(x, str) and x.isdigit()]
    now = get_now(request)
    rkind = _kind(values.get("kind", ""))
    key = values.get("request_key", "")[:80] or uuid.uuid4().hex
    try:
        conference = _conference(values) if rkind == RoundKind.CONFERENCE else None
        letter_date, deadline = _date(values, "letter_date"), _date(values, "deadline")
        opened = round_open(
            session,
            directive_id=directive_id,
            kind=rkind.value,
            unit_ids=chosen,
            by=user.username,
            now=now,
            links=get_links(request),
            letter_date=letter_date,
            letter_number=values.get("letter_number", "").strip() or None,
            deadline=deadline if rkind != RoundKind.CONFERENCE else None,
            abstract=values.get("abstract", ""),
            reminder_days=values.get("reminder_days", "3,1"),
            reply_days=request.app.state.settings.default_reply_days,
            conference=conference,
            request_key=key,
        )
    except DomainError as exc:
        session.rollback()
        ctx = _new_context(session, user, directive, rkind, local_date(now))
        return form_failed(request, NEW, {**ctx, "chosen": chosen}, exc, values)
    rnd = opened.round
    params = {
        "directive_id": directive_id,
        "kind": rkind.value,
        "unit_ids": chosen,
        "by": user.username,
        "request_key": key,
        "letter_number": rnd.letter_number,
        "letter_date": rnd.letter_date.isoformat() if rnd.letter_date else None,
        "deadline": rnd.deadline.isoformat() if rnd.deadline else None,
        "abstract": rnd.abstract,
        "reminder_days": rnd.reminder_days,
        "now": now.isoformat(),
    }
    if conference is not None:
        params.update(
            held_at=conference.held_at.isoformat(),
            place=conference.place,
            chair=conference.chair,
            chair_title=conference.chair_title,
        )
    # The flow's command step finds the round by its request key (no-op), then sends.
    request.app.state.dispatcher.submit("open-round", params, key=f"open-round:{key}")
    message = (
        f"Đã mở đợt lấy ý kiến lần {rnd.ordinal}"
        + (f", công văn số {rnd.letter_number}" if rnd.letter_number else "")
        + "."
        if opened.created
        else "Đợt lấy ý kiến này đã được mở trước đó."
    )
    target = (
        f"/rounds/{rnd.id}/conference" if rkind == RoundKind.CONFERENCE else f"/rounds/{rnd.id}"
    )
    return redirect(request, target, message=message)


def _round_context(
    session: Session,
    request: Request,
    user: User,
    rnd: Round,
    directive: Directive,
    flt: CommentFilter,
) -> dict:  # type: ignore[type-arg]
    today = local_date(get_now(request))
    invitations = invitation_rows(session, rnd, today)
    return {
        "user": user,
        "rnd": rnd,
        "directive": directive,
        "can_act": can_act(user, directive),
        "invitations": invitations,
        "counts": round_counts(session, [rnd.id])[rnd.id],  # type: ignore[index]
        "flt": flt,
        "page": comment_page(session, rnd, flt),
        "positions": POSITIONS,
        "decisions": DECISIONS,
        "units": [(r.unit.id, r.unit.name) for r in invitations],
        "today": today,
        "conference": session.exec(select(Conference).where(Conference.round_id == rnd.id)).first(),
        "values": {},
        "errors": {},
    }


@router.get("/rounds/{round_id:int}")
def round_page(
    round_id: int,
    request: Request,
    unit: str = "",
    position: str = "",
    decision: str = "",
    page: str = "1",
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id)
    flt = CommentFilter.parse(unit, position, decision, page)
    return render(
        request, "round/page.html", _round_context(session, request, user, rnd, directive, flt)
    )


@router.get("/rounds/{round_id:int}/invitations")
def invitations_partial(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id)
    return render(
        request,
        "round/invitations-table.html",
        {
            "rnd": rnd,
            "can_act": can_act(user, directive),
            "invitations": invitation_rows(session, rnd, local_date(get_now(request))),
            "counts": round_counts(session, [rnd.id])[rnd.id],  # type: ignore[index]
        },
    )


@router.get("/rounds/{round_id:int}/comments")
def comments_partial(
    round_id: int,
    request: Request,
    unit: str = "",
    position: str = "",
    decision: str = "",
    page: str = "1",
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id)
    flt = CommentFilter.parse(unit, position, decision, page)
    return render(
        request,
        "round/comments-table.html",
        {
            "rnd": rnd,
            "can_act": can_act(user, directive),
            "flt": flt,
            "page": comment_page(session, rnd, flt),
            "decisions": DECISIONS,
        },
    )


@router.post("/invitations/{invitation_id:int}/reissue", dependencies=[Depends(check_csrf)])
async def reissue(
    invitation_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    inv = get(session, Invitation, invitation_id)
    rnd, _ = load_round(session, user, inv.round_id, act=True)
    invitation_reissue(
        session,
        invitation_id=invitation_id,
        by=user.username,
        now=get_now(request),
        links=get_links(request),
    )
    unit = get(session, Unit, inv.unit_id)
    message = (
        f"Đã gửi lại thư mời với liên kết mới cho {unit.name}; liên kết cũ không còn dùng được."
    )
    if is_htmx(request):
        return render(
            request, "errors/ok.html", {"message": message}, trigger=events.INVITATION_REISSUED
        )
    return redirect(request, f"/rounds/{rnd.id}", message=message)


@router.post("/rounds/{round_id:int}/extend", dependencies=[Depends(check_csrf)])
async def extend(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id, act=True)
    values = form_values(await request.form())
    try:
        deadline = _date(values, "deadline")
        if deadline is None:
            raise Invalid("Vui lòng nhập hạn mới.", field="deadline")
        round_extend(
            session, round_id=round_id, deadline=deadline, by=user.username, now=get_now(request)
        )
    except DomainError as exc:
        session.rollback()
        ctx = _round_context(session, request, user, rnd, directive, CommentFilter())
        return form_failed(request, "round/page.html", ctx, exc, values)
    return redirect(
        request,
        f"/rounds/{round_id}",
        message=f"Đã gia hạn trả lời đến {short_date(deadline)}.",
        trigger=events.ROUND_EXTENDED,
    )


@router.get("/rounds/{round_id:int}/close")
def close_confirm(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id, act=True)
    rows = invitation_rows(session, rnd, local_date(get_now(request)))
    return render(
        request,
        "round/close.html",
        {
            "user": user,
            "rnd": rnd,
            "directive": directive,
            "missing": [r.unit.name for r in rows if r.status != "answered"],
            "counts": round_counts(session, [rnd.id])[rnd.id],  # type: ignore[index]
            "team": [u.full_name or u.username for u in team(session, directive)],
        },
    )


@router.post("/rounds/{round_id:int}/close", dependencies=[Depends(check_csrf)])
async def close(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    load_round(session, user, round_id, act=True)
    now = get_now(request)
    rnd, _ = round_close(session, round_id=round_id, by=user.username, now=now)
    request.app.state.dispatcher.submit(
        "close-round",
        {"round_id": round_id, "by": user.username, "now": now.isoformat()},
        key=f"close-round:{round_id}",
    )
    return redirect(
        request,
        f"/rounds/{round_id}",
        message=f"Đã kết thúc đợt lấy ý kiến lần {rnd.ordinal}.",
        trigger=events.ROUND_CLOSED,
    )


@router.post("/comments/{comment_id:int}/disposition", dependencies=[Depends(check_csrf)])
async def disposition(
    comment_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    comment = get(session, Comment, comment_id)
    rnd, directive = load_round(session, user, comment.round_id, act=True)
    values = form_values(await request.form())
    error = ""
    if values.get("decision", ""):
        try:
            disposition_set(
                session,
                comment_id=comment_id,
                decision=values.get("decision", ""),
                response=values.get("response", ""),
                by=user.username,
                now=get_now(request),
            )
        except DomainError as exc:
            session.rollback()
            error = exc.message
    ctx = {
        "row": comment_row(session, comment_id),
        "can_act": True,
        "decisions": DECISIONS,
        "rnd": rnd,
    }
    if error:
        ctx.update(row_values=values, row_error=error)
    if is_htmx(request):
        # 200 even on a refusal: the row shows its own error beside the field.
        return render(
            request,
            "round/comment-row.html",
            ctx,
            trigger=None if error else events.DISPOSITION_SAVED,
        )
    if error:
        return render(
            request,
            "round/disposition.html",
            {**ctx, "user": user, "directive": directive},
            status=422,
        )
    back = values.get("back", "")
    target = back if back.startswith(f"/rounds/{rnd.id}") else f"/rounds/{rnd.id}"
    return redirect(request, target, message="Đã lưu hướng tiếp thu, giải trình.")
