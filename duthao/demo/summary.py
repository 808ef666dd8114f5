"""The replay's result, read back from the database (never copied from the demo's inputs)."""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from documents.follow_up_narrative import opened_periods, reports_by_period
from models.clock import local_date
from models.follow_up.review import figures_traced
from models.ids import id_of
from models.queries.follow_up import current_plan
from models.queries.reviews import review_facts
from models.statuses import PeriodPurpose, ReportState, ReportStatus, report_state
from models.tables import (
    Briefing,
    Comment,
    Conference,
    Directive,
    Disposition,
    DonDocLetter,
    DraftVersion,
    GrassrootsReport,
    Invitation,
    OutboxMessage,
    ReportPeriod,
    ReportReminder,
    ReviewReport,
    Round,
    Signing,
    UnitReport,
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
        "follow_up": follow_up_summary(session, directive_id),
        "emails": {
            "queued": sum(statuses.values()),
            "sent": statuses.get("sent", 0),
            "by_status": statuses,
        },
    }


def period_summary(period: ReportPeriod, reports: list[UnitReport]) -> dict[str, Any]:
    """One period's counts as of its records: the reports due (the exempt ones are not),
    submitted (on time or late: judged on the first submission), missing, and those ever
    returned for more (a returned report sent again counts as submitted too)."""
    states = [
        report_state(
            status=r.status,
            opens_on=period.opens_on,
            due_on=period.due_on,
            first_submitted_at_local=(
                local_date(r.first_submitted_at) if r.first_submitted_at else None
            ),
            today=period.due_on,  # as the due date saw it: an unsent report is missing
        )
        for r in reports
    ]
    due = [r for r in reports if r.status != ReportStatus.EXEMPT]
    submitted = [r for r in due if r.status == ReportStatus.SUBMITTED]
    return {
        "label": period.label,
        "due": period.due_on.isoformat(),
        "due_reports": len(due),
        "submitted": len(submitted),
        "on_time": states.count(ReportState.ON_TIME),
        "late": states.count(ReportState.LATE),
        "missing": len(due) - len(submitted),
        "returned": sum(1 for r in reports if r.returns > 0),
    }


def review_trace_counts(session: Session, review: ReviewReport) -> tuple[int, int]:
    """(figures traced to their unit reports, figures) of a review report, as its documents
    compute them (models/follow_up/review.py)."""
    figures = review_facts(session, session.get_one(ReportPeriod, review.period_id)).figures
    return figures_traced(figures), len(figures)


def review_summary(session: Session, period: ReportPeriod | None) -> dict[str, Any] | None:
    if period is None:
        return None
    review = session.exec(select(ReviewReport).where(ReviewReport.period_id == period.id)).first()
    if review is None:
        return None
    traced, total = review_trace_counts(session, review)
    return {
        "number": review.number,
        "date": _iso(review.report_date),
        "figures_traced": traced,
        "figures": total,
    }


def follow_up_summary(session: Session, directive_id: int) -> dict[str, Any] | None:
    """The implementation after the signing, as the follow-up tables hold it (None before
    a plan is confirmed)."""
    plan = current_plan(session, directive_id)
    if plan is None:
        return None
    periods = opened_periods(session, directive_id)
    reports = reports_by_period(session, periods)
    in_directive = select(ReportPeriod.id).where(ReportPeriod.directive_id == directive_id)
    reminders = select(ReportReminder.id).where(
        col(ReportReminder.report_id).in_(
            select(UnitReport.id).where(col(UnitReport.period_id).in_(in_directive))
        )
    )
    letters = session.exec(
        select(DonDocLetter.number)
        .where(DonDocLetter.directive_id == directive_id)
        .order_by(col(DonDocLetter.letter_date), col(DonDocLetter.id))
    ).all()
    so_ket = next((p for p in periods if p.purpose == PeriodPurpose.SO_KET), None)
    return {
        "plan": {"cadence": list(plan.cadence), "reporting_units": len(plan.reporting_unit_ids)},
        "periods": [
            period_summary(p, reports[id_of(p)])
            for p in periods
            if p.purpose == PeriodPurpose.PERIODIC
        ],
        "reminders_sent": _count(session, reminders),
        "don_doc_letters": list(letters),
        "giao_ban": _count(
            session, select(Briefing.id).where(Briefing.directive_id == directive_id)
        ),
        "so_ket": review_summary(session, so_ket),
    }
