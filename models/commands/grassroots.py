"""Grassroots round reports: meetings held by level, delegates, a summary of opinions.

The summary's opinions (models/grassroots_opinions.py) are kept as comments of the report's
invitation, so they are rows of the synthesis table, disposed and grouped like any comment;
a corrected summary adds the new opinions and removes those no longer in it.
"""

import hashlib
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from models import audit
from models.clock import local_date
from models.commands.answers import writable_access
from models.errors import DomainError, Invalid
from models.grassroots_opinions import opinions_of
from models.ids import id_of
from models.lifecycle import RoundKind
from models.queries.records import get
from models.statuses import Position, RoundStatus, require_kind, status_of
from models.tables import (
    Comment,
    CommentGroup,
    CommentGroupMember,
    Disposition,
    GrassrootsReport,
    Invitation,
    Round,
)
from models.text import clean, clean_line, fold, search_text

OPINION_KEY = "grassroots:"  # Comment.request_key prefix of a summary's opinions

MAX_COUNT = 10_000_000


def _check(meetings: dict[str, int], delegates: int) -> dict[str, int]:
    clean_meetings: dict[str, int] = {}
    for level, count in meetings.items():
        level = clean_line(level)
        if not level:
            continue
        if not isinstance(count, int) or count < 0 or count > MAX_COUNT:
            raise Invalid(f"Số hội nghị cấp “{level}” không hợp lệ.", field="meetings")
        clean_meetings[level] = count
    if not isinstance(delegates, int) or delegates < 0 or delegates > MAX_COUNT:
        raise Invalid("Số đại biểu không hợp lệ.", field="delegates")
    if delegates and not any(clean_meetings.values()):
        raise Invalid("Có đại biểu tham dự thì phải có ít nhất một hội nghị.", field="meetings")
    return clean_meetings


def _save(
    session: Session,
    inv: Invitation,
    rnd: Round,
    meetings: dict[str, int],
    delegates: int,
    summary: str,
    actor: str,
    entered_by: str,
    now: datetime,
) -> GrassrootsReport:
    require_kind(rnd.kind, RoundKind.GRASSROOTS)
    meetings = _check(meetings, delegates)
    report = session.exec(
        select(GrassrootsReport).where(GrassrootsReport.invitation_id == inv.id)
    ).first()
    before = audit.snapshot(report, "meetings", "delegates") if report else None
    if report is None:
        report = GrassrootsReport(
            round_id=id_of(rnd),
            invitation_id=id_of(inv),
            unit_id=inv.unit_id,
            received_at=now,
        )
    report.meetings, report.delegates, report.summary = meetings, delegates, clean(summary)
    report.entered_by = entered_by
    session.add(report)
    inv.answered_at = inv.answered_at or now
    inv.status = status_of(inv, rnd, local_date(now))
    session.add(inv)
    session.flush()
    _keep_opinions(session, inv, rnd, report.summary, now)
    audit.record(
        session,
        actor=actor,
        at=now,
        action="grassroots.report",
        entity="grassrootsreport",
        entity_id=report.id,
        directive_id=rnd.directive_id,
        before=before,
        after={"meetings": meetings, "delegates": delegates},
    )
    session.commit()
    return report


def _opinion_key(text: str) -> str:
    return OPINION_KEY + hashlib.sha256(fold(text).encode()).hexdigest()[:32]


def _keep_opinions(
    session: Session, inv: Invitation, rnd: Round, summary: str, now: datetime
) -> None:
    """The invitation's opinion comments made to match the summary: new opinions added, an
    unchanged one kept with its disposition and group, a removed one deleted with them."""
    wanted = {_opinion_key(text): text for text in opinions_of(summary)}
    held = session.exec(
        select(Comment).where(
            Comment.invitation_id == inv.id, col(Comment.request_key).startswith(OPINION_KEY)
        )
    ).all()
    gone = [id_of(c) for c in held if c.request_key not in wanted]
    if gone:
        groups = select(CommentGroupMember.group_id).where(
            col(CommentGroupMember.comment_id).in_(gone)
        )
        touched = list(session.exec(groups).all())
        session.execute(
            delete(CommentGroupMember).where(col(CommentGroupMember.comment_id).in_(gone))
        )
        session.execute(delete(Disposition).where(col(Disposition.comment_id).in_(gone)))
        session.execute(delete(Comment).where(col(Comment.id).in_(gone)))
        still = select(CommentGroupMember.group_id).where(
            col(CommentGroupMember.group_id).in_(touched)
        )
        empty = set(touched) - set(session.exec(still).all())
        if empty:
            session.execute(delete(CommentGroup).where(col(CommentGroup.id).in_(empty)))
    have = {c.request_key for c in held}
    for key, text in wanted.items():
        if key in have:
            continue
        session.add(
            Comment(
                round_id=id_of(rnd),
                invitation_id=id_of(inv),
                unit_id=inv.unit_id,
                version_id=rnd.draft_version_id,
                position=Position.AGREE_WITH_COMMENTS,
                text=text,
                received_at=now,
                request_key=key,
                search_text=search_text(text),
            )
        )
    session.flush()


def report_submit(
    session: Session,
    *,
    raw_token: str,
    meetings: dict[str, int],
    delegates: int,
    summary: str,
    now: datetime,
    grace_days: int = 7,
) -> GrassrootsReport:
    """A committee reports through its link (and may correct it until the deadline)."""
    acc = writable_access(session, raw_token, now, grace_days)
    return _save(
        session,
        acc.invitation,
        acc.round,
        meetings,
        delegates,
        summary,
        f"unit:{acc.unit.id}",
        "",
        now,
    )


def report_enter(
    session: Session,
    *,
    invitation_id: int,
    meetings: dict[str, int],
    delegates: int,
    summary: str,
    by: str,
    now: datetime,
) -> GrassrootsReport:
    """An officer enters a report received on paper."""
    inv = get(session, Invitation, invitation_id)
    rnd = get(session, Round, inv.round_id)
    if rnd.status != RoundStatus.OPEN:
        raise DomainError("Đợt lấy ý kiến cơ sở đã kết thúc.")
    return _save(session, inv, rnd, meetings, delegates, summary, by, by, now)
