"""Small records of what happened: commands return them and store them (models/event_log.py)
in their own transaction; the drainer (flows/drainer.py) starts the reactions they call for.

Each event carries ids and the command's clock only, never a text or a secret, and has a
stable `type` name: the name is what the events table stores and what flows/reactions.py
keys on, so renaming a class never orphans stored rows.
"""

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any, ClassVar


@dataclass(frozen=True)
class Event:
    directive_id: int | None  # None only for mail tied to no directive (MailResent)
    at: datetime
    type: ClassVar[str] = ""

    def payload(self) -> dict[str, Any]:
        """The JSON payload stored with the event: every field but the directive and clock,
        which have columns of their own."""
        data = asdict(self)
        data.pop("directive_id")
        data.pop("at")
        return data


@dataclass(frozen=True)
class DirectiveCreated(Event):
    type: ClassVar[str] = "directive.created"


@dataclass(frozen=True)
class DraftAdded(Event):
    version_id: int
    number: int
    type: ClassVar[str] = "draft.added"


@dataclass(frozen=True)
class RoundOpened(Event):
    round_id: int
    kind: str
    type: ClassVar[str] = "round.opened"


@dataclass(frozen=True)
class UnitsInvited(Event):
    """Units added to an open round: their invitations were queued."""

    round_id: int
    type: ClassVar[str] = "round.units_invited"


@dataclass(frozen=True)
class RoundClosed(Event):
    round_id: int
    type: ClassVar[str] = "round.closed"


@dataclass(frozen=True)
class ConferenceRecorded(Event):
    """The conference's minutes were recorded (its round closes in the same command)."""

    round_id: int
    type: ClassVar[str] = "conference.recorded"


@dataclass(frozen=True)
class ConferenceNoticed(Event):
    """Invitees were told the conference moved or was cancelled (notices queued)."""

    round_id: int
    cancelled: bool
    type: ClassVar[str] = "conference.noticed"


@dataclass(frozen=True)
class InvitationReissued(Event):
    round_id: int
    invitation_id: int
    type: ClassVar[str] = "invitation.reissued"


@dataclass(frozen=True)
class CommentSubmitted(Event):
    round_id: int
    invitation_id: int
    type: ClassVar[str] = "answer.submitted"


@dataclass(frozen=True)
class RemindersQueued(Event):
    """The sweep queued reminders or overdue notices for a round."""

    round_id: int
    reminders: int
    overdue: int
    type: ClassVar[str] = "round.reminders_queued"


@dataclass(frozen=True)
class DeadlineMissed(Event):
    round_id: int
    invitation_id: int
    type: ClassVar[str] = "invitation.deadline_missed"


@dataclass(frozen=True)
class StageChanged(Event):
    before: str
    after: str
    type: ClassVar[str] = "directive.stage_changed"


@dataclass(frozen=True)
class DirectiveSubmitted(Event):
    type: ClassVar[str] = "directive.submitted"


@dataclass(frozen=True)
class DirectiveSigned(Event):
    number: str
    type: ClassVar[str] = "directive.signed"


@dataclass(frozen=True)
class DirectiveIssued(Event):
    number: str
    type: ClassVar[str] = "directive.issued"


@dataclass(frozen=True)
class UnitEmailChanged(Event):
    """A unit's address changed while it had open invitations on this directive."""

    unit_id: int
    type: ClassVar[str] = "unit.email_changed"


@dataclass(frozen=True)
class MailResent(Event):
    message_id: int
    type: ClassVar[str] = "mail.resent"


@dataclass(frozen=True)
class GroupingRequested(Event):
    """An officer asked for the comments' grouping to be suggested again."""

    type: ClassVar[str] = "grouping.requested"


# Follow-up after issuance (issue 12).


@dataclass(frozen=True)
class FollowUpPlanned(Event):
    """A version of the directive's follow-up plan was confirmed (its periods scheduled)."""

    plan_id: int
    version: int
    type: ClassVar[str] = "follow_up.planned"


@dataclass(frozen=True)
class PeriodOpened(Event):
    """A reporting period (or review round) opened: each unit's request was queued."""

    period_id: int
    type: ClassVar[str] = "period.opened"


@dataclass(frozen=True)
class PeriodClosed(Event):
    period_id: int
    type: ClassVar[str] = "period.closed"


@dataclass(frozen=True)
class ReportSubmitted(Event):
    """A unit's report was submitted (by its link, or entered from paper by an officer)."""

    period_id: int
    report_id: int
    type: ClassVar[str] = "report.submitted"


@dataclass(frozen=True)
class ReportReturned(Event):
    """A report was sent back for more (yêu cầu bổ sung): the unit was told why."""

    period_id: int
    report_id: int
    type: ClassVar[str] = "report.returned"


@dataclass(frozen=True)
class ReportRemindersQueued(Event):
    period_id: int
    reminders: int
    type: ClassVar[str] = "period.reminders_queued"


@dataclass(frozen=True)
class DonDocDrafted(Event):
    """A numbered công văn đôn đốc was drafted for a period's late units."""

    period_id: int
    letter_id: int
    type: ClassVar[str] = "don_doc.drafted"


@dataclass(frozen=True)
class BriefingRecorded(Event):
    briefing_id: int
    type: ClassVar[str] = "briefing.recorded"


@dataclass(frozen=True)
class ReviewDrafted(Event):
    """The Standing Board's review report (sơ kết, tổng kết) was drafted or edited."""

    period_id: int
    type: ClassVar[str] = "review.drafted"


KINDS: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        DirectiveCreated,
        DraftAdded,
        RoundOpened,
        UnitsInvited,
        RoundClosed,
        ConferenceRecorded,
        ConferenceNoticed,
        InvitationReissued,
        CommentSubmitted,
        RemindersQueued,
        DeadlineMissed,
        StageChanged,
        DirectiveSubmitted,
        DirectiveSigned,
        DirectiveIssued,
        UnitEmailChanged,
        MailResent,
        GroupingRequested,
        FollowUpPlanned,
        PeriodOpened,
        PeriodClosed,
        ReportSubmitted,
        ReportReturned,
        ReportRemindersQueued,
        DonDocDrafted,
        BriefingRecorded,
        ReviewDrafted,
    )
}


def from_stored(
    type_name: str, directive_id: int | None, at: datetime, payload: dict[str, Any]
) -> Event:
    """The event a stored row holds (unknown payload keys are ignored: a newer writer)."""
    cls = KINDS[type_name]
    names = {f.name for f in fields(cls)} - {"directive_id", "at"}
    return cls(directive_id=directive_id, at=at, **{k: v for k, v in payload.items() if k in names})
