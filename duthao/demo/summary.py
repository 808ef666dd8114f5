"""The replay's result, read back from the database (never copied from the demo's inputs)."""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.clock import local_date
from models.tables import (
    Comment,
    Conference,
    Directive,
    Disposition,
    DraftVersion,
    GrassrootsReport,
    Invitation,
    OutboxMessage,
    Round,
    Signing,
)


def _count(session: Session, stmt: Any) -> int:
    return session.exec(select(func.count()).select_from(stmt.subquery())).one()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def round_summary(session: Session, rnd: Round) -> dict[str, Any]:
    invitations = session.exec(select(Invitation).where(Invitation.round_id == rnd.id)).all()
    comments = session.exec(
        select(Comment).where(Comment.round_id == rnd.id, Comment.draft == False)  # noqa: E712
    ).all()
    out: dict[str, Any] = {"kind": rnd.kind, "ordinal": rnd.ordinal, "status": rnd.status}
    if rnd.kind == "conference":
        conf = session.exec(select(Conference).where(Conference.round_id == rnd.id)).one()
        out.update(
            held_on=local_date(conf.held_at).isoformat(),
            opinions=len(comments),
            place=conf.place,
            chair=conf.chair,
            attendees=conf.attendees,
            invited=len(invitations),
        )
        return out
    out.update(
        letter=rnd.letter_number,
        opened_on=_iso(rnd.letter_date),
        deadline=_iso(rnd.deadline),
        closed_on=_iso(local_date(rnd.closed_at)) if rnd.closed_at else None,
        invited=len(invitations),
    )
    if rnd.kind == "grassroots":
        reports = session.exec(
            select(GrassrootsReport).where(GrassrootsReport.round_id == rnd.id)
        ).all()
        meetings: dict[str, int] = {}
        for rep in reports:
            for level, n in rep.meetings.items():
                meetings[level] = meetings.get(level, 0) + n
        out.update(
            reports=len(reports), delegates=sum(r.delegates for r in reports), meetings=meetings
        )
        return out
    out.update(
        responded=sum(1 for i in invitations if i.answered_at is not None),
        no_further_comments=sum(1 for i in invitations if i.no_further_comments),
        comments=len(comments),
    )
    return out


def build_summary(session: Session, directive_id: int) -> dict[str, Any]:
    directive = session.get_one(Directive, directive_id)
    signing = session.exec(select(Signing).where(Signing.directive_id == directive_id)).first()
    rounds = session.exec(
        select(Round).where(Round.directive_id == directive_id).order_by(col(Round.ordinal))
    ).all()
    in_directive = select(Round.id).where(Round.directive_id == directive_id)
    comments = select(Comment.id).where(
        col(Comment.round_id).in_(in_directive),
        Comment.draft == False,  # noqa: E712
    )
    statuses = dict(
        session.exec(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.directive_id == directive_id)
            .group_by(OutboxMessage.status)
        ).all()
    )
    return {
        "directive": {
            "id": directive.id,
            "title": directive.title,
            "number": directive.number,
            "stage": directive.stage,
            "signed_on": _iso(directive.signed_on),
            "signing_form": signing.form if signing else None,
            "on_behalf_of": signing.on_behalf_of if signing else None,
            "signer": signing.signer_name if signing else None,
            "signer_title": signing.signer_title if signing else None,
            "recipients": len(signing.recipient_ids) if signing else 0,
        },
        "assignment": {
            "number": directive.assignment_number,
            "date": _iso(directive.assignment_date),
        },
        "rounds": [round_summary(session, r) for r in rounds],
        "draft_versions": _count(
            session, select(DraftVersion.id).where(DraftVersion.directive_id == directive_id)
        ),
        "comments": _count(session, comments),
        "dispositions": _count(
            session,
            select(Disposition.id).where(col(Disposition.comment_id).in_(comments)),
        ),
        "emails": {
            "queued": sum(statuses.values()),
            "sent": statuses.get("sent", 0),
            "by_status": statuses,
        },
    }
