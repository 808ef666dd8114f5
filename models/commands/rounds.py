"""Opening and closing consultation rounds, and managing their invitations."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from models import audit
from models.clock import local_date
from models.commands.common import move
from models.commands.register import register_manual, register_next
from models.errors import DomainError, Invalid
from models.event_log import record
from models.events import Event, InvitationReissued, RoundClosed, RoundOpened, UnitsInvited
from models.lifecycle import Action, RoundKind
from models.outbox import enqueue_for_unit, enqueue_for_user
from models.queries.people import team
from models.queries.records import get
from models.queries.tally import tally
from models.queries.versions import get_version_number, latest_version
from models.statuses import InvitationStatus, RoundStatus, status_of
from models.tables import Conference, Directive, Invitation, Round, Unit
from models.text import clean_line, short_date, short_datetime
from models.tokens import Links

DEFAULT_ABSTRACT = {
    RoundKind.WRITTEN: "V/v góp ý dự thảo Chỉ thị",
    RoundKind.GRASSROOTS: "V/v tổ chức lấy ý kiến cơ sở vào dự thảo Chỉ thị",
    RoundKind.CONFERENCE: "Giấy mời hội nghị góp ý dự thảo Chỉ thị",
}
INVITE_TEMPLATE = {
    RoundKind.WRITTEN: "invitation",
    RoundKind.CONFERENCE: "conference_invitation",
    RoundKind.GRASSROOTS: "grassroots_request",
}


@dataclass
class ConferencePlan:
    held_at: datetime
    place: str
    chair: str = ""
    chair_title: str = ""


@dataclass
class OpenedRound:
    round: Round
    tokens: dict[int, str] = field(default_factory=dict)  # unit id → raw token (for links)
    events: list[RoundOpened] = field(default_factory=list)
    created: bool = True


def parse_reminder_days(value: str) -> list[int]:
    try:
        days = sorted(
            {int(x) for x in value.replace(";", ",").split(",") if x.strip()}, reverse=True
        )
    except ValueError as exc:
        raise Invalid(
            "Số ngày nhắc hạn phải là các số nguyên, cách nhau bởi dấu phẩy (ví dụ 3,1).",
            field="reminder_days",
        ) from exc
    if any(d < 0 or d > 60 for d in days):
        raise Invalid("Số ngày nhắc hạn phải từ 0 đến 60.", field="reminder_days")
    return days


def _invite_context(
    directive: Directive,
    rnd: Round,
    unit: Unit,
    drafting: Unit,
    invitation_id: int,
    conference: Conference | None,
    version_number: int,
) -> dict[str, Any]:
    """The invitation's id, never its link: the link is built when the mail is sent."""
    ctx: dict[str, Any] = {
        "directive_id": directive.id,
        "directive_title": directive.title,
        "round_id": rnd.id,
        "round_kind": rnd.kind,
        "round_ordinal": rnd.ordinal,
        "letter_number": rnd.letter_number or "",
        "letter_date": short_date(rnd.letter_date),
        "abstract": rnd.abstract,
        "deadline": short_date(rnd.deadline),
        "unit": unit.name,
        "drafting_body": drafting.name,
        "invitation_id": invitation_id,
        "version": version_number,
    }
    if conference is not None:
        ctx.update(
            held_at=conference.held_at.isoformat(),
            held_at_text=short_datetime(conference.held_at),
            place=conference.place,
            chair=conference.chair,
        )
    return ctx


def _invite(
    session: Session,
    directive: Directive,
    rnd: Round,
    unit: Unit,
    *,
    links: Links,
    now: datetime,
    conference: Conference | None,
    version_number: int,
    drafting: Unit,
) -> tuple[Invitation, str]:
    nonce, raw, hashed = links.issue()
    inv = Invitation(
        round_id=rnd.id,
        unit_id=unit.id,
        token_hash=hashed,
        token_nonce=nonce,
        sent_at=now,  # type: ignore[arg-type]
    )
    session.add(inv)
    session.flush()
    ctx = _invite_context(
        directive,
        rnd,
        unit,
        drafting,
        inv.id,  # type: ignore[arg-type]
        conference,
        version_number,
    )
    _queue_invitation(session, rnd, unit, hashed, ctx, now)
    return inv, raw


def _queue_invitation(
    session: Session, rnd: Round, unit: Unit, hashed: str, ctx: dict[str, Any], now: datetime
) -> None:
    """The invitation email; keyed by the link, so a re-issued link is a new message."""
    enqueue_for_unit(
        session,
        unit=unit,
        rnd=rnd,
        key=f"invite:{rnd.id}:{unit.id}:{hashed[:16]}",
        template=INVITE_TEMPLATE[RoundKind(rnd.kind)],
        context=ctx,
        now=now,
    )


def round_open(
    session: Session,
    *,
    directive_id: int,
    kind: str,
    unit_ids: list[int],
    by: str,
    now: datetime,
    links: Links,
    letter_date: date | None = None,
    letter_number: str | None = None,
    deadline: date | None = None,
    abstract: str = "",
    reminder_days: str = "3,1",
    reply_days: int = 15,
    conference: ConferencePlan | None = None,
    request_key: str | None = None,
) -> OpenedRound:
    """Open a round: the round, its letter's number, one invitation and email per unit."""
    if request_key:
        existing = session.exec(select(Round).where(Round.request_key == request_key)).first()
        if existing is not None:
            return OpenedRound(round=existing, created=False)
    try:
        rkind = RoundKind(kind)
    except ValueError as exc:
        raise Invalid(f"Loại đợt lấy ý kiến không hợp lệ: “{kind}”.", field="kind") from exc
    days = parse_reminder_days(reminder_days)
    ids = list(dict.fromkeys(unit_ids))
    if not ids:
        raise Invalid("Chưa chọn đơn vị nào để lấy ý kiến.", field="unit_ids")
    units = session.exec(select(Unit).where(Unit.id.in_(ids))).all()  # type: ignore[union-attr]
    if len(units) != len(ids):
        missing = sorted(set(ids) - {u.id for u in units})  # type: ignore[misc]
        raise Invalid(f"Không tìm thấy đơn vị #{missing[0]}.", field="unit_ids")
    no_mail = [u.name for u in units if not u.email]
    if no_mail and rkind != RoundKind.CONFERENCE:
        raise Invalid(
            f"Đơn vị chưa có địa chỉ thư điện tử: {', '.join(no_mail[:3])}.", field="unit_ids"
        )
    if rkind == RoundKind.CONFERENCE and conference is None:
        raise Invalid("Hội nghị cần có thời gian và địa điểm.", field="held_at")
    directive = get(session, Directive, directive_id, lock=True)
    move(session, directive, Action.OPEN_ROUND, by=by, now=now)
    version = latest_version(session, directive_id)
    assert version is not None  # the rules refuse a round without a draft
    letter_date = letter_date or local_date(now)
    if rkind != RoundKind.CONFERENCE:
        deadline = deadline or letter_date + timedelta(days=reply_days)
        if deadline < letter_date:
            raise Invalid("Hạn trả lời không được trước ngày gửi văn bản.", field="deadline")
    else:
        deadline = None  # a conference has no reply deadline: the sweep must never close it
    abstract = clean_line(abstract) or DEFAULT_ABSTRACT[rkind]
    drafting = get(session, Unit, directive.drafting_unit_id)
    entry = None
    if rkind != RoundKind.CONFERENCE:
        if letter_number:
            entry = register_manual(
                session,
                issuer_id=drafting.id,
                number=letter_number,
                doc_date=letter_date,  # type: ignore[arg-type]
                abstract=abstract,
                directive_id=directive_id,
                by=by,
                now=now,
            )
        else:
            entry = register_next(
                session,
                issuer_id=drafting.id,
                kind="CV",
                doc_date=letter_date,  # type: ignore[arg-type]
                abstract=abstract,
                directive_id=directive_id,
                by=by,
                now=now,
            )
    ordinal = (
        session.exec(
            select(func.count()).select_from(Round).where(Round.directive_id == directive_id)
        ).one()
        + 1
    )
    rnd = Round(
        directive_id=directive_id,
        ordinal=ordinal,
        kind=rkind,
        request_key=request_key,
        draft_version_id=version.id,
        letter_number=entry.number if entry else None,  # type: ignore[arg-type]
        letter_date=letter_date,
        abstract=abstract,
        deadline=deadline,
        reminder_days=",".join(str(d) for d in days),
        opened_at=now,
        opened_by=by,
    )
    session.add(rnd)
    session.flush()
    conf = None
    if conference is not None and rkind == RoundKind.CONFERENCE:
        conf = Conference(
            round_id=rnd.id,
            held_at=conference.held_at,
            place=clean_line(conference.place),  # type: ignore[arg-type]
            chair=clean_line(conference.chair),
            chair_title=clean_line(conference.chair_title),
        )
        session.add(conf)
    tokens: dict[int, str] = {}
    for unit in units:
        _, raw = _invite(
            session,
            directive,
            rnd,
            unit,
            links=links,
            now=now,
            conference=conf,
            version_number=version.number,
            drafting=drafting,
        )
        tokens[unit.id] = raw  # type: ignore[index]
    audit.record(
        session,
        actor=by,
        at=now,
        action="round.open",
        entity="round",
        entity_id=rnd.id,
        directive_id=directive_id,
        after={
            "kind": rkind.value,
            "letter": rnd.letter_number,
            "invited": len(units),
            "deadline": deadline,
        },
    )
    events = [RoundOpened(directive_id, now, rnd.id, rkind.value)]  # type: ignore[arg-type]
    record(session, events)
    session.commit()
    return OpenedRound(round=rnd, tokens=tokens, events=events)


def round_close(
    session: Session, *, round_id: int, by: str, now: datetime, idempotent: bool = False
) -> tuple[Round, list[Event]]:
    """Close a round: non-responders marked overdue, the drafting team told the result."""
    rnd = get(session, Round, round_id)
    directive = get(session, Directive, rnd.directive_id, lock=True)
    session.refresh(rnd)
    if rnd.status == RoundStatus.CLOSED:
        if idempotent:
            return rnd, []
        raise DomainError(f"Đợt lấy ý kiến lần {rnd.ordinal} đã kết thúc.")
    events = close_open_round(session, rnd, directive, by=by, now=now)
    record(session, events)
    session.commit()
    return rnd, events


def close_open_round(
    session: Session, rnd: Round, directive: Directive, *, by: str, now: datetime
) -> list[Event]:
    """The writes of closing an open round, without the commit: round_close, the
    conference's close and the sweep each close a round inside their one transaction."""
    round_id: int = rnd.id  # type: ignore[assignment]
    move(session, directive, Action.CLOSE_ROUND, by=by, now=now)
    rnd.status = RoundStatus.CLOSED
    rnd.closed_at = now
    rnd.closed_by = by
    session.add(rnd)
    for inv in session.exec(
        select(Invitation).where(
            Invitation.round_id == round_id,
            Invitation.answered_at == None,  # noqa: E711
        )
    ).all():
        inv.status = status_of(inv, rnd, local_date(now))  # overdue: never answered
        session.add(inv)
    session.flush()
    result = tally(session, round_id)
    for user in team(session, directive):
        enqueue_for_user(
            session,
            user=user,
            key=f"closed:{round_id}:user{user.id}",
            template="round_closed",
            now=now,
            directive_id=directive.id,
            round_id=round_id,
            context={
                "directive_title": directive.title,
                "round_ordinal": rnd.ordinal,
                "round_kind": rnd.kind,
                "letter_number": rnd.letter_number or "",
                "invited": result.invited,
                "answered": result.answered,
                "comments": result.comments,
                "missing": result.missing,
                "directive_id": directive.id,
            },
        )
    audit.record(
        session,
        actor=by,
        at=now,
        action="round.close",
        entity="round",
        entity_id=round_id,
        directive_id=directive.id,
        before={"status": RoundStatus.OPEN},
        after={
            "status": RoundStatus.CLOSED,
            "invited": result.invited,
            "answered": result.answered,
        },
    )
    return [RoundClosed(directive.id, now, round_id)]  # type: ignore[arg-type]


def _open_round(session: Session, round_id: int) -> Round:
    rnd = get(session, Round, round_id)
    if rnd.status != RoundStatus.OPEN:
        raise DomainError(f"Đợt lấy ý kiến lần {rnd.ordinal} đã kết thúc.")
    return rnd


def round_extend(
    session: Session, *, round_id: int, deadline: date, by: str, now: datetime
) -> Round:
    rnd = _open_round(session, round_id)
    if rnd.deadline is None:
        raise DomainError("Hội nghị không có hạn trả lời.")
    if deadline <= rnd.deadline:
        raise Invalid(
            f"Hạn mới phải sau hạn hiện tại ({short_date(rnd.deadline)}).", field="deadline"
        )
    before = {"deadline": rnd.deadline}
    rnd.deadline = deadline
    session.add(rnd)
    # Units marked overdue by the sweep can answer again.
    for inv in session.exec(
        select(Invitation).where(
            Invitation.round_id == round_id, Invitation.status == InvitationStatus.OVERDUE
        )
    ).all():
        inv.status = status_of(inv, rnd, local_date(now))
        session.add(inv)
    audit.record(
        session,
        actor=by,
        at=now,
        action="round.extend",
        entity="round",
        entity_id=round_id,
        directive_id=rnd.directive_id,
        before=before,
        after={"deadline": deadline},
    )
    session.commit()
    return rnd


def invitation_reissue(
    session: Session, *, invitation_id: int, by: str, now: datetime, links: Links
) -> tuple[Invitation, str]:
    """Revoke a unit's link and send a new one (a lost or forwarded email)."""
    inv = get(session, Invitation, invitation_id)
    rnd = _open_round(session, inv.round_id)
    directive = get(session, Directive, rnd.directive_id)
    unit = get(session, Unit, inv.unit_id)
    drafting = get(session, Unit, directive.drafting_unit_id)
    conf = session.exec(select(Conference).where(Conference.round_id == rnd.id)).first()
    version = get_version_number(session, rnd)
    nonce, raw, hashed = links.issue()
    inv.token_hash, inv.token_nonce = hashed, nonce
    inv.revoked_at = None
    # The drafting body's explicit action: the new link goes to the unit's current address,
    # even one changed while the round was open (models/commands/units.py).
    inv.sent_to = None
    session.add(inv)
    ctx = _invite_context(directive, rnd, unit, drafting, inv.id, conf, version)  # type: ignore[arg-type]
    _queue_invitation(session, rnd, unit, hashed, ctx, now)
    audit.record(
        session,
        actor=by,
        at=now,
        action="invitation.reissue",
        entity="invitation",
        entity_id=inv.id,
        directive_id=directive.id,
        after={"to_email": unit.email},
    )
    record(session, [InvitationReissued(directive.id, now, rnd.id, inv.id)])  # type: ignore[arg-type]
    session.commit()
    return inv, raw


def invitation_revoke(session: Session, *, invitation_id: int, by: str, now: datetime) -> None:
    inv = get(session, Invitation, invitation_id)
    rnd = get(session, Round, inv.round_id)
    inv.revoked_at = now
    session.add(inv)
    audit.record(
        session,
        actor=by,
        at=now,
        action="invitation.revoke",
        entity="invitation",
        entity_id=inv.id,
        directive_id=rnd.directive_id,
    )
    session.commit()


def round_add_units(
    session: Session,
    *,
    round_id: int,
    unit_ids: list[int],
    by: str,
    now: datetime,
    links: Links,
) -> dict[int, str]:
    """Invite more units to an open round; units already invited are refused."""
    rnd = _open_round(session, round_id)
    directive = get(session, Directive, rnd.directive_id)
    drafting = get(session, Unit, directive.drafting_unit_id)
    conf = session.exec(select(Conference).where(Conference.round_id == rnd.id)).first()
    already = set(
        session.exec(select(Invitation.unit_id).where(Invitation.round_id == round_id)).all()
    )
    tokens: dict[int, str] = {}
    for uid in dict.fromkeys(unit_ids):
        unit = get(session, Unit, uid)
        if uid in already:
            raise DomainError(f"Đơn vị “{unit.name}” đã được mời trong đợt này.")
        if not unit.email and rnd.kind != RoundKind.CONFERENCE.value:
            raise Invalid(f"Đơn vị “{unit.name}” chưa có địa chỉ thư điện tử.")
        _, raw = _invite(
            session,
            directive,
            rnd,
            unit,
            links=links,
            now=now,
            conference=conf,
            version_number=get_version_number(session, rnd),
            drafting=drafting,
        )
        tokens[uid] = raw
    audit.record(
        session,
        actor=by,
        at=now,
        action="round.add_units",
        entity="round",
        entity_id=round_id,
        directive_id=directive.id,
        after={"units": list(tokens)},
    )
    record(session, [UnitsInvited(directive.id, now, round_id)])  # type: ignore[arg-type]
    session.commit()
    return tokens
