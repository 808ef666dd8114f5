"""Consultation rounds: open one, follow its invitations live, extend, close, and decide on
each comment (tiếp thu / tiếp thu một phần / giải trình)."""

import uuid
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import Session, select

from models.access import require
from models.commands.dispositions import disposition_set, dispositions_set
from models.commands.invitations import invitation_reissue
from models.commands.rounds import (
    DEFAULT_ABSTRACT,
    LETTER_KINDS,
    ConferencePlan,
    round_close,
    round_extend,
    round_open,
)
from models.errors import DomainError, Invalid
from models.ids import id_of
from models.labels import DECISIONS, POSITIONS
from models.letters import signature_lines
from models.levels import DEFAULT_PRESET, PRESETS, chosen_levels
from models.lifecycle import RoundKind
from models.queries.comments import CommentFilter, comment_page, comment_row
from models.queries.letters import (
    copies_of,
    default_issuer,
    groups_of,
    issuer_choices,
    signers_of,
)
from models.queries.people import team
from models.queries.records import get
from models.queries.register import peek_next
from models.queries.replies import files_of_round
from models.queries.round import round_view
from models.queries.unit_validity import ceased_notes, in_force_clause
from models.statuses import InvitationStatus
from models.tables import Comment, Directive, Invitation, Round, Signer, Unit, User
from models.text import parse_date, short_date, sort_key
from web import triggers
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.schemas import (
    ConferenceIn,
    DispositionIn,
    DispositionsIn,
    ExtendIn,
    RoundCloseIn,
    RoundIn,
)
from web.views import record_ids

router = APIRouter(include_in_schema=False)
NEW = "round/new.html"
PAGE = "round/page.html"


def load_round(
    session: Session, user: User, round_id: int, *, action: str = "directive.view"
) -> tuple[Round, Directive]:
    """The round and its directive, if the policy table lets this user do `action` on it."""
    rnd = get(session, Round, round_id)
    directive = get(session, Directive, rnd.directive_id)
    require(user, action, directive)
    return rnd, directive


def _kind(value: str) -> RoundKind:
    try:
        return RoundKind(value)
    except ValueError as exc:
        raise Invalid("Loại đợt lấy ý kiến không hợp lệ.", field="kind") from exc


def _letter_day(text: str, default: date) -> date:
    """The letter's date as typed (the units offered are those in force that day), or
    `default` while it is blank or not a date yet (the schema reports it)."""
    try:
        return parse_date(text) if text.strip() else default
    except ValueError:
        return default


def _new_context(
    p: Page, directive: Directive, kind: RoundKind, day: date | None = None
) -> dict[str, Any]:
    day = day or p.today
    units = sorted(
        p.session.exec(
            select(Unit).where(
                Unit.active == True,  # noqa: E712
                Unit.id != directive.drafting_unit_id,
                in_force_clause(day),
            )
        ).all(),
        key=lambda u: sort_key(u.name),
    )
    issuers = issuer_choices(p.session, directive.drafting_unit_id)
    signers = signers_of(p.session, [id_of(u) for u in issuers])
    return {
        "directive": directive,
        "kind": kind,
        "units": [u for u in units if u.email or kind == RoundKind.CONFERENCE],
        # The number the default issuer's register gives next (the form's hint).
        "next_letter": peek_next(
            p.session, id_of(default_issuer(issuers)), LETTER_KINDS[kind], p.today
        ),
        "team": [u.full_name or u.username for u in team(p.session, directive)],
        # The letter: under which body, signed by whom (each body's signers on record).
        "issuers": [
            (u, peek_next(p.session, id_of(u), LETTER_KINDS[kind], p.today)) for u in issuers
        ],
        "signers": [
            (
                u,
                [
                    (s, signature_lines(s.form, s.on_behalf_of, s.title))
                    for s in signers
                    if s.body_id == u.id
                ],
            )
            for u in issuers
        ],
        "groups": groups_of(p.session, directive.drafting_unit_id),
        "level_presets": PRESETS,
        "units_day": day,  # the units offered are those in force on the letter's date
    }


@router.get("/directives/{directive_id:id}/rounds/new")
def new_round(
    directive_id: int, kind: str = "written", letter_date: str = "", p: Page = page("round.open")
) -> Response:
    directive = p.actionable(directive_id)
    rkind = _kind(kind)
    # A round entered after the fact (record mode) names its letter's date to list the
    # units of that day.
    day = _letter_day(letter_date[:20], p.today)
    ctx = _new_context(p, directive, rkind, day)
    drafting = directive.drafting_unit_id
    issuer = default_issuer([u for u, _ in ctx["issuers"]])
    own_signers: list[tuple[Signer, list[str]]] = next(
        (s for u, s in ctx["signers"] if u.id == issuer.id), []
    )
    values = {
        # Nothing is ticked: the officer picks units or saved groups (issue 11, item 3).
        "issuer_id": str(issuer.id),
        "signer_id": str(own_signers[0][0].id) if own_signers else "",
        "copies": "\n".join(copies_of(p.session, drafting)),
        "kind": rkind.value,
        "request_key": uuid.uuid4().hex,  # a double click opens one round
        "letter_date": short_date(day),
        "deadline": short_date(day + timedelta(days=p.settings.default_reply_days)),
        "abstract": DEFAULT_ABSTRACT[rkind],
        "reminder_days": p.settings.default_reminder_days,
        "held_at": short_date(p.today + timedelta(days=7)),
        "held_time": "08:00",
        "levels_preset": DEFAULT_PRESET,
    }
    return p.render(NEW, {**ctx, "values": values, "chosen": [], "chosen_groups": []})


@router.post("/directives/{directive_id:id}/rounds/new", dependencies=[Depends(check_csrf)])
async def open_round(directive_id: int, p: Page = page("round.open")) -> Response:
    directive = p.actionable(directive_id)
    posted = await p.posted()
    # Ticked again if the form comes back.
    chosen = record_ids(posted.form.getlist("unit_ids"))
    chosen_groups = record_ids(posted.form.getlist("group_ids"))
    rkind = _kind(posted.text("kind"))  # the form to show again depends on it
    # The form's own token, as the API's Idempotency-Key header: no schema field.
    key = posted.text("request_key")[:80] or uuid.uuid4().hex
    try:
        conf = rkind == RoundKind.CONFERENCE
        # A conference's date and time are two fields here; its round has no reply deadline.
        held_at = posted.moment("held_at", "held_time", default_clock="08:00") if conf else None
        conference = posted.data(ConferenceIn, held_at=held_at) if conf else None
        # A grassroots round's levels: a preset or a list typed one per line (the form's
        # own fields: the API sends the list itself).
        levels = (
            chosen_levels(posted.text("levels_preset"), posted.text("levels_custom"))
            if rkind == RoundKind.GRASSROOTS
            else None
        )
        body = posted.valid(
            RoundIn,
            conference=conference,
            levels=levels,
            **({"deadline": None} if conf else {}),
        )
        opened = round_open(
            p.session,
            directive_id=directive_id,
            kind=body.kind,
            unit_ids=body.unit_ids,
            by=p.by,
            now=p.now,
            links=p.links,
            letter_date=body.letter_date,
            letter_number=body.letter_number or None,
            deadline=body.deadline,
            abstract=body.abstract,
            reminder_days=body.reminder_days,
            reply_days=p.settings.default_reply_days,
            conference=ConferencePlan(**body.conference.model_dump()) if body.conference else None,
            request_key=key,
            issuer_id=body.issuer_id,
            signer_id=body.signer_id,
            group_ids=body.group_ids,
            copies=body.copies,
            levels=body.levels,
        )
    except DomainError as exc:
        ctx = lambda: {  # noqa: E731
            **_new_context(p, directive, rkind, _letter_day(posted.text("letter_date"), p.today)),
            "chosen": chosen,
            "chosen_groups": chosen_groups,
        }
        return p.failed(NEW, ctx, exc, posted.values)
    rnd = opened.round
    what = "giấy mời" if rkind == RoundKind.CONFERENCE else "công văn"
    letter = f", {what} số {rnd.letter_number}" if rnd.letter_number else ""
    message = (
        f"Đã mở đợt lấy ý kiến lần {rnd.ordinal}{letter}."
        if opened.created
        else "Đợt lấy ý kiến này đã được mở trước đó."
    )
    conf = rkind == RoundKind.CONFERENCE
    return p.redirect(f"/rounds/{rnd.id}" + ("/conference" if conf else ""), message=message)


def _round_context(p: Page, rnd: Round, directive: Directive, flt: CommentFilter) -> dict[str, Any]:
    view = round_view(p.session, rnd, p.today)
    return {
        "rnd": rnd,
        "directive": directive,
        "can_act": p.can("round.manage", directive),
        "can_enter_reply": p.can("reply.enter", directive),
        "reply_files": files_of_round(p.session, rnd.id or 0),
        "invitations": view.invitations,
        "counts": view.counts,
        "flt": flt,
        "page": comment_page(p.session, rnd, flt, per_section=view.per_section),
        "positions": POSITIONS,
        "decisions": DECISIONS,
        "units": [(r.unit.id, r.unit.name) for r in view.invitations],
        "today": p.today,
        "conference": view.conference,
        "ceased": _ceased(p, view.invitations),
    }


def _ceased(p: Page, rows: Any) -> dict[int, str]:
    """Invited units since reorganised: the round keeps their names, with this note. The
    invitations' units are loaded already: the notes' query runs only when one has ceased."""
    gone = [
        id_of(r.unit) for r in rows if r.unit.valid_to is not None and r.unit.valid_to < p.today
    ]
    return ceased_notes(p.session, p.today, gone) if gone else {}


def comment_filter(
    unit: str = "", position: str = "", decision: str = "", page: str = "1", q: str = ""
) -> CommentFilter:
    """The comment filter from the query string (unknown values are ignored)."""
    return CommentFilter.parse(unit, position, decision, page, q)


@router.get("/rounds/{round_id:id}")
def round_page(
    round_id: int,
    flt: CommentFilter = Depends(comment_filter),
    p: Page = page("directive.view"),
) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id)
    return p.render(PAGE, _round_context(p, rnd, directive, flt))


@router.get("/rounds/{round_id:id}/invitations")
def invitations_partial(round_id: int, p: Page = page("directive.view")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id)
    view = round_view(p.session, rnd, p.today)
    return p.render(
        "round/invitations-table.html",
        {
            "rnd": rnd,
            "can_act": p.can("round.manage", directive),
            "can_enter_reply": p.can("reply.enter", directive),
            "reply_files": files_of_round(p.session, round_id),
            "invitations": view.invitations,
            "counts": view.counts,
            "ceased": _ceased(p, view.invitations),
        },
    )


@router.get("/rounds/{round_id:id}/comments")
def comments_partial(
    round_id: int,
    flt: CommentFilter = Depends(comment_filter),
    p: Page = page("directive.view"),
) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id)
    return p.render(
        "round/comments-table.html",
        {
            "rnd": rnd,
            "can_act": p.can("comment.dispose", directive),
            "flt": flt,
            "page": comment_page(p.session, rnd, flt),
            "decisions": DECISIONS,
        },
    )


@router.post("/invitations/{invitation_id:id}/reissue", dependencies=[Depends(check_csrf)])
async def reissue(invitation_id: int, p: Page = page("round.manage")) -> Response:
    inv = get(p.session, Invitation, invitation_id)
    rnd, _ = load_round(p.session, p.user, inv.round_id, action=p.action)
    invitation_reissue(p.session, invitation_id=invitation_id, by=p.by, now=p.now, links=p.links)
    unit = get(p.session, Unit, inv.unit_id)
    message = (
        f"Đã gửi lại thư mời với liên kết mới cho {unit.name}; liên kết cũ không còn dùng được."
    )
    if p.htmx:
        return p.render(
            "errors/ok.html", {"message": message}, trigger=triggers.INVITATION_REISSUED
        )
    return p.redirect(f"/rounds/{rnd.id}", message=message)


@router.post("/rounds/{round_id:id}/extend", dependencies=[Depends(check_csrf)])
async def extend(round_id: int, p: Page = page("round.manage")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    posted = await p.posted()
    try:
        deadline = posted.valid(ExtendIn).deadline
        round_extend(p.session, round_id=round_id, deadline=deadline, by=p.by, now=p.now)
    except DomainError as exc:
        ctx = lambda: _round_context(p, rnd, directive, CommentFilter())  # noqa: E731
        return p.failed(PAGE, ctx, exc, posted.values)
    message = f"Đã gia hạn trả lời đến {short_date(deadline)}."
    return p.redirect(f"/rounds/{round_id}", message=message, trigger=triggers.ROUND_EXTENDED)


def _close_context(p: Page, rnd: Round, directive: Directive) -> dict[str, Any]:
    view = round_view(p.session, rnd, p.today)
    return {
        "rnd": rnd,
        "directive": directive,
        "missing": [r.unit.name for r in view.invitations if r.status != InvitationStatus.ANSWERED],
        "counts": view.counts,
        "team": [u.full_name or u.username for u in team(p.session, directive)],
    }


@router.get("/rounds/{round_id:id}/close")
def close_confirm(round_id: int, p: Page = page("round.manage")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    return p.render("round/close.html", _close_context(p, rnd, directive))


@router.post("/rounds/{round_id:id}/close", dependencies=[Depends(check_csrf)])
async def close(round_id: int, p: Page = page("round.manage")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    posted = await p.posted()
    try:
        body = posted.valid(RoundCloseIn)
        rnd, _ = round_close(
            p.session, round_id=round_id, closed_on=body.closed_on, by=p.by, now=p.now
        )
    except DomainError as exc:
        ctx = lambda: _close_context(p, rnd, directive)  # noqa: E731
        return p.failed("round/close.html", ctx, exc, posted.values)
    message = f"Đã kết thúc đợt lấy ý kiến lần {rnd.ordinal}."
    return p.redirect(f"/rounds/{round_id}", message=message, trigger=triggers.ROUND_CLOSED)


def _row_context(p: Page, rnd: Round, comment_id: int) -> dict[str, Any]:
    return {
        "row": comment_row(p.session, comment_id),
        "rnd": rnd,
        "can_act": True,
        "decisions": DECISIONS,
    }


@router.post("/comments/{comment_id:id}/disposition", dependencies=[Depends(check_csrf)])
async def disposition(comment_id: int, p: Page = page("comment.dispose")) -> Response:
    """Saved only when the officer presses "Lưu" (never on a change of the decision), the
    reason asked for first where the decision needs one; refused, the row comes back with
    what was typed and the message beside it."""
    comment = get(p.session, Comment, comment_id)
    rnd, directive = load_round(p.session, p.user, comment.round_id, action=p.action)
    posted = await p.posted()
    try:
        body = posted.valid(DispositionIn)
        disposition_set(
            p.session,
            comment_id=comment_id,
            decision=body.decision,
            response=body.response,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        p.session.rollback()
        ctx = {**_row_context(p, rnd, comment_id), "row_values": posted.values}
        ctx["row_error"] = exc.message
        ctx["row_error_field"] = exc.field or "decision"
        if p.htmx:
            # 200 even on a refusal: the row shows its own error beside the field.
            return p.render("round/comment-row.html", ctx)
        return p.render("round/disposition.html", {**ctx, "directive": directive}, status=422)
    if p.htmx:
        ctx = _row_context(p, rnd, comment_id)
        return p.render("round/comment-row.html", ctx, trigger=triggers.DISPOSITION_SAVED)
    back = posted.text("back")  # where the officer came from: a page concern, no schema field
    target = back if back.startswith(f"/rounds/{rnd.id}") else f"/rounds/{rnd.id}"
    return p.redirect(target, message="Đã lưu hướng tiếp thu, giải trình.")


@router.post("/rounds/{round_id:id}/dispositions", dependencies=[Depends(check_csrf)])
async def dispositions(
    round_id: int,
    flt: CommentFilter = Depends(comment_filter),
    p: Page = page("comment.dispose"),
) -> Response:
    """The comments ticked in the round's table take one decision and reason, all or none."""
    rnd, directive = load_round(p.session, p.user, round_id, action=p.action)
    posted = await p.posted()
    try:
        body = posted.valid(DispositionsIn)
        saved = dispositions_set(
            p.session,
            round_id=round_id,
            comment_ids=body.comment_ids,
            decision=body.decision,
            response=body.response,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        ticked = record_ids(posted.form.getlist("comment_ids"))  # ticked again
        ctx = lambda: {**_round_context(p, rnd, directive, flt), "ticked": ticked}  # noqa: E731
        return p.failed(PAGE, ctx, exc, posted.values)
    message = f"Đã lưu hướng xử lý “{DECISIONS[body.decision]}” cho {len(saved)} ý kiến."
    query = flt.query()
    return p.redirect(
        f"/rounds/{round_id}" + (f"?{query}" if query else "") + "#comments",
        message=message,
        trigger=triggers.DISPOSITION_SAVED,
    )
