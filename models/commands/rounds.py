"""Consultation rounds: open one (its letter and invitations), extend its deadline, invite
more units, close it. A round's invitations themselves are in models/commands/invitations.py."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models import audit
from models.clock import local_date, on_day
from models.commands.common import get_open_round, move
from models.commands.invitations import invite
from models.commands.letters import letter_plan
from models.commands.register import register_take
from models.commands.units import check_in_force
from models.date_rules import check_conference_held, check_deadline, check_round_closed_on
from models.errors import DomainError, Invalid
from models.event_log import record
from models.events import Event, RoundClosed, RoundOpened, UnitsInvited
from models.ids import id_of
from models.levels import GEOGRAPHIC, check_levels
from models.lifecycle import Action, RoundKind
from models.outbox import enqueue_for_user
from models.queries.people import team
from models.queries.records import get
from models.queries.tally import tally
from models.queries.versions import get_version_number, latest_version
from models.statuses import InvitationStatus, RoundStatus, status_of
from models.tables import Conference, Directive, Invitation, Round, Unit
from models.text import clean_line, short_date
from models.tokens import Links

DEFAULT_ABSTRACT = {
    RoundKind.WRITTEN: "V/v góp ý dự thảo Chỉ thị",
    RoundKind.GRASSROOTS: "V/v tổ chức lấy ý kiến cơ sở vào dự thảo Chỉ thị",
    RoundKind.CONFERENCE: "Giấy mời hội nghị góp ý dự thảo Chỉ thị",
}

# Every round's letter takes its number from the register: a công văn, or a giấy mời.
LETTER_KINDS = {RoundKind.WRITTEN: "CV", RoundKind.GRASSROOTS: "CV", RoundKind.CONFERENCE: "GM"}


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
    issuer_id: int | None = None,
    signer_id: int | None = None,
    group_ids: list[int] | None = None,
    copies: list[str] | None = None,
    levels: list[str] | None = None,
) -> OpenedRound:
    """Open a round: the round, its letter's number (from the register of the body it is
    issued under), one invitation and email per unit or member of a group picked.
    A grassroots round counts its reports by `levels` (models/levels.py; by place when
    none are given); the other kinds have none."""
    if request_key:
        existing = session.exec(select(Round).where(Round.request_key == request_key)).first()
        if existing is not None:
            return OpenedRound(round=existing, created=False)
    try:
        rkind = RoundKind(kind)
    except ValueError as exc:
        raise Invalid(f"Loại đợt lấy ý kiến không hợp lệ: “{kind}”.", field="kind") from exc
    days = parse_reminder_days(reminder_days)
    directive = get(session, Directive, directive_id, lock=True)
    drafting = get(session, Unit, directive.drafting_unit_id)
    plan = letter_plan(
        session,
        drafting=drafting,
        issuer_id=issuer_id,
        signer_id=signer_id,
        unit_ids=unit_ids,
        group_ids=group_ids or [],
        copies=copies,
    )
    ids = plan.unit_ids
    if not ids:
        raise Invalid("Chưa chọn đơn vị hay nhóm đơn vị nào để lấy ý kiến.", field="unit_ids")
    units = session.exec(select(Unit).where(col(Unit.id).in_(ids))).all()
    if len(units) != len(ids):
        missing = sorted(set(ids) - {id_of(u) for u in units})
        raise Invalid(f"Không tìm thấy đơn vị #{missing[0]}.", field="unit_ids")
    no_mail = [u.name for u in units if not u.email]
    if no_mail and rkind != RoundKind.CONFERENCE:
        raise Invalid(
            f"Đơn vị chưa có địa chỉ thư điện tử: {', '.join(no_mail[:3])}.", field="unit_ids"
        )
    if rkind == RoundKind.CONFERENCE and conference is None:
        raise Invalid("Hội nghị cần có thời gian và địa điểm.", field="held_at")
    grassroots_levels = (
        check_levels(levels if levels is not None else GEOGRAPHIC)
        if rkind == RoundKind.GRASSROOTS
        else None
    )
    letter_date = letter_date or local_date(now)
    check_in_force(session, units, letter_date)
    live = not directive.record_mode
    # The dates first: a refused one must leave no register number, round or mail behind.
    if rkind != RoundKind.CONFERENCE:
        deadline = deadline or letter_date + timedelta(days=reply_days)
        check_deadline(letter_date=letter_date, deadline=deadline, today=local_date(now), live=live)
    else:
        deadline = None  # a conference has no reply deadline: the sweep must never close it
        assert conference is not None
        check_conference_held(
            letter_date=letter_date, held_at=conference.held_at, live=live, now=now
        )
    move(session, directive, Action.OPEN_ROUND, by=by, now=now)
    version = latest_version(session, directive_id)
    assert version is not None  # the rules refuse a round without a draft
    abstract = clean_line(abstract) or DEFAULT_ABSTRACT[rkind]
    letter_kind = LETTER_KINDS[rkind]
    # What the register records of the letter, however its number is taken.
    entry_of: dict[str, Any] = {"issuer_id": id_of(plan.issuer), "directive_id": directive_id}
    entry_of |= {"doc_date": letter_date, "abstract": abstract, "by": by, "now": now}
    what = "giấy mời" if letter_kind == "GM" else "công văn"
    entry = register_take(
        session,
        kind=letter_kind,
        kind_name=f"{what} ({letter_kind})",
        typed=letter_number or "",
        field="letter_number",
        **entry_of,
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
        draft_version_id=id_of(version),
        letter_number=entry.number,
        letter_date=letter_date,
        abstract=abstract,
        deadline=deadline,
        reminder_days=",".join(str(d) for d in days),
        opened_at=now,
        opened_by=by,
        issuer_id=plan.issuer.id,
        signer_id=plan.signer.id if plan.signer else None,
        signature=plan.signature,
        signer_name=plan.signer.full_name if plan.signer else "",
        addressees=plan.addressees,
        copies=plan.copies,
        levels=grassroots_levels,
    )
    session.add(rnd)
    session.flush()
    conf = None
    if conference is not None and rkind == RoundKind.CONFERENCE:
        conf = Conference(
            round_id=id_of(rnd),
            held_at=conference.held_at,
            place=clean_line(conference.place),
            chair=clean_line(conference.chair),
            chair_title=clean_line(conference.chair_title),
        )
        session.add(conf)
    tokens: dict[int, str] = {}
    for unit in units:
        _, raw = invite(
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
        tokens[id_of(unit)] = raw
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
            "issuer": plan.issuer.name,
            "signer": plan.signer.full_name if plan.signer else None,
        },
    )
    events = [RoundOpened(directive_id, now, id_of(rnd), rkind.value)]
    record(session, events)
    session.commit()
    return OpenedRound(round=rnd, tokens=tokens, events=events)


def round_close(
    session: Session,
    *,
    round_id: int,
    by: str,
    now: datetime,
    closed_on: date | None = None,
    idempotent: bool = False,
) -> tuple[Round, list[Event]]:
    """Close a round: non-responders marked overdue, the drafting team told the result.
    In record mode the officer gives the day the round really closed (`closed_on`); a live
    round closes on the clock's day."""
    rnd = get(session, Round, round_id)
    directive = get(session, Directive, rnd.directive_id, lock=True)
    session.refresh(rnd)
    if rnd.status == RoundStatus.CLOSED:
        if idempotent:
            return rnd, []
        raise DomainError(f"Đợt lấy ý kiến lần {rnd.ordinal} đã kết thúc.")
    closed_at = now
    if closed_on is not None:
        check_round_closed_on(
            letter_date=rnd.letter_date or local_date(rnd.opened_at),
            closed_on=closed_on,
            today=local_date(now),
            live=not directive.record_mode,
        )
        closed_at = on_day(closed_on, now)
    events = close_open_round(session, rnd, directive, by=by, now=now, closed_at=closed_at)
    record(session, events)
    session.commit()
    return rnd, events


def close_open_round(
    session: Session,
    rnd: Round,
    directive: Directive,
    *,
    by: str,
    now: datetime,
    closed_at: datetime | None = None,
) -> list[Event]:
    """The writes of closing an open round, without the commit: round_close, the
    conference's close and the sweep each close a round inside their one transaction.
    `closed_at` is the recorded close of a case entered after the fact (else `now`)."""
    round_id = id_of(rnd)
    closed_at = closed_at or now
    move(session, directive, Action.CLOSE_ROUND, by=by, now=now)
    rnd.status = RoundStatus.CLOSED
    rnd.closed_at = closed_at
    rnd.closed_by = by
    session.add(rnd)
    for inv in session.exec(
        select(Invitation).where(
            Invitation.round_id == round_id,
            Invitation.answered_at == None,  # noqa: E711
        )
    ).all():
        inv.status = status_of(inv, rnd, local_date(closed_at))  # overdue: never answered
        session.add(inv)
    session.flush()
    result = tally(session, round_id)
    conf = session.exec(select(Conference).where(Conference.round_id == round_id)).first()
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
                "speakers": result.speakers,
                "attendees": conf.attendees if conf else 0,
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
    return [RoundClosed(directive.id, now, round_id)]


def round_extend(
    session: Session, *, round_id: int, deadline: date, by: str, now: datetime
) -> Round:
    rnd = get_open_round(session, round_id)
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
    rnd = get_open_round(session, round_id)
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
        _, raw = invite(
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
    record(session, [UnitsInvited(directive.id, now, round_id)])
    session.commit()
    return tokens
