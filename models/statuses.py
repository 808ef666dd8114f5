"""Every stored status and code beside `Stage`, and the pure rules that derive a status from
facts. No I/O, no clock, no DB: the caller passes today's date and the record's fields.

The columns stay strings in the database (no migration): each enum is a `StrEnum`, so a
member compares equal to its stored value and a stored value converts back with `Enum(value)`.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from models.errors import DomainError
from models.lifecycle import RoundKind


class RoundStatus(StrEnum):
    """Stored on Round.status."""

    OPEN = "open"
    CLOSED = "closed"


class RoundState(StrEnum):
    """A round as of today (derived, never stored): an open round past its deadline is
    overdue and takes no more answers, though only the sweep or an officer closes it."""

    OPEN = "open"
    OVERDUE = "overdue"
    CLOSED = "closed"


class ReplySource(StrEnum):
    """Stored on ReplyFile.source: how the unit's reply letter reached the drafting body."""

    LINK = "link"  # uploaded by the unit through its personal link
    PAPER = "paper"  # received on paper, entered by an officer
    EOFFICE = "e-office"  # received through the e-office system, entered by an officer


class InvitationStatus(StrEnum):
    """Stored on Invitation.status; `invitation_status` derives it."""

    SENT = "sent"
    OPENED = "opened"
    ANSWERED = "answered"
    OVERDUE = "overdue"


class Position(StrEnum):
    """A unit's or a speaker's position on the draft (Comment.position)."""

    AGREE = "agree"  # tán thành
    AGREE_WITH_COMMENTS = "agree_with_comments"  # tán thành có ý kiến
    DISAGREE = "disagree"  # không tán thành


class Decision(StrEnum):
    """The drafting body's disposition of a comment (Disposition.decision)."""

    ACCEPT = "accept"  # tiếp thu
    PARTIAL = "partial"  # tiếp thu một phần
    EXPLAIN = "explain"  # giải trình


# A partial acceptance or an explanation says why; a plain acceptance may not.
DECISIONS_NEEDING_RESPONSE = frozenset({Decision.PARTIAL, Decision.EXPLAIN})


class OutboxStatus(StrEnum):
    """Stored on OutboxMessage.status: ready → sending → sent | failed (failed can be resent)."""

    READY = "ready"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class TokenStatus(StrEnum):
    """An API token as of now (derived from ApiToken.revoked_at and expires_at)."""

    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def round_state(status: str, deadline: date | None, today: date) -> RoundState:
    """Closed if closed; overdue if open and `today` is past the deadline (a conference has
    none); else open."""
    if status == RoundStatus.CLOSED:
        return RoundState.CLOSED
    if deadline is not None and today > deadline:
        return RoundState.OVERDUE
    return RoundState.OPEN


def invitation_status(
    *,
    answered_at: datetime | None,
    opened_at: datetime | None,
    round_status: str,
    deadline: date | None,
    today: date,
) -> InvitationStatus:
    """An invitation's status from its facts: answered once answered; otherwise overdue once
    its round is closed or past its deadline; otherwise opened or sent."""
    if answered_at is not None:
        return InvitationStatus.ANSWERED
    if round_state(round_status, deadline, today) != RoundState.OPEN:
        return InvitationStatus.OVERDUE
    return InvitationStatus.OPENED if opened_at is not None else InvitationStatus.SENT


# Read-only members, so a table whose column is a StrEnum (Round.status) still fits `str`.
class InvitationFacts(Protocol):
    @property
    def answered_at(self) -> datetime | None: ...
    @property
    def opened_at(self) -> datetime | None: ...


class RoundFacts(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def deadline(self) -> date | None: ...


def status_of(inv: InvitationFacts, rnd: RoundFacts, today: date) -> InvitationStatus:
    """`invitation_status` of an invitation record in its round (any object with the fields)."""
    return invitation_status(
        answered_at=inv.answered_at,
        opened_at=inv.opened_at,
        round_status=rnd.status,
        deadline=rnd.deadline,
        today=today,
    )


def token_state(revoked_at: datetime | None, expires_at: datetime, now: datetime) -> TokenStatus:
    if revoked_at is not None:
        return TokenStatus.REVOKED
    return TokenStatus.EXPIRED if expires_at <= now else TokenStatus.ACTIVE


NOT_CONFERENCE = "Đợt này không phải hội nghị góp ý trực tiếp."
NOT_KIND = {
    RoundKind.CONFERENCE: NOT_CONFERENCE,
    RoundKind.WRITTEN: "Đợt này không phải đợt lấy ý kiến bằng văn bản.",
    RoundKind.GRASSROOTS: "Đợt này không phải đợt lấy ý kiến cơ sở.",
}


def require_kind(kind: str, wanted: RoundKind) -> None:
    """Refuse an action meant for another kind of round, with the one message per kind."""
    if kind != wanted:
        raise DomainError(NOT_KIND[wanted])


class PeriodPurpose(StrEnum):
    """Stored on ReportPeriod.purpose: a periodic report or a review round."""

    PERIODIC = "periodic"  # quý I, 6 tháng, 9 tháng, năm
    SO_KET = "so-ket"  # sơ kết
    TONG_KET = "tong-ket"  # tổng kết


class PeriodStatus(StrEnum):
    """Stored on ReportPeriod.status: scheduled → open (units asked) → closed."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


class ReportSource(StrEnum):
    """Stored on UnitReport.source: how the report reached the drafting body."""

    LINK = "link"  # through the unit's personal link
    PAPER = "paper"  # received on paper, entered by an officer


class ReportStatus(StrEnum):
    """Stored on UnitReport.status (the facts); `report_state` derives what a page shows."""

    PENDING = "pending"  # asked, nothing saved yet
    DRAFT = "draft"  # saved, not submitted
    SUBMITTED = "submitted"
    RETURNED = "returned"  # yêu cầu bổ sung: the unit corrects and submits again
    EXEMPT = "exempt"  # miễn for this period


class ReportState(StrEnum):
    """A unit's report in a period as of today (derived, never stored)."""

    NOT_YET = "not-yet"  # chưa đến kỳ
    OPEN = "open"  # đang mở
    ON_TIME = "on-time"  # đã nộp đúng hạn
    LATE = "late"  # nộp muộn
    OVERDUE = "overdue"  # quá hạn
    EXEMPT = "exempt"  # miễn
    RETURNED = "returned"  # trả lại


def report_state(
    *,
    status: str,
    opens_on: date,
    due_on: date,
    first_submitted_at_local: date | None,
    today: date,
) -> ReportState:
    """A report's state from its facts: exempt and returned as stored; a submitted report
    is on time when first submitted by its due date, else late; an unsubmitted one is not
    yet due before the period opens, overdue after its due date, else open."""
    if status == ReportStatus.EXEMPT:
        return ReportState.EXEMPT
    if status == ReportStatus.RETURNED:
        return ReportState.RETURNED
    if status == ReportStatus.SUBMITTED and first_submitted_at_local is not None:
        return ReportState.ON_TIME if first_submitted_at_local <= due_on else ReportState.LATE
    if today < opens_on:
        return ReportState.NOT_YET
    return ReportState.OVERDUE if today > due_on else ReportState.OPEN
