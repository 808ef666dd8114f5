"""What each event starts: one declarative table, event type → flows, with their parameters
(ids from the event only) and idempotency key (from the stored event's id).

The drainer (flows/drainer.py) reads it; no entry point names a flow. Families of documents
are documents/files.py's: a round's letter, its minutes, the synthesis, the consultation
report, the submission and the directive itself; after issuance, a period's công văn đôn đốc.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from models import events as ev
from models.events import Event

LATER = ["synthesis", "report", "submission"]


@dataclass(frozen=True)
class Reaction:
    flow: str  # a name in flows/registry.FLOWS
    params: dict[str, Any]
    key: str  # the idempotency key: Prefect runs a deployment once per key


def documents(families: list[str]) -> Callable[[int, Any], Reaction]:
    def react(event_id: int, event: Any) -> Reaction:
        ids = {"round": getattr(event, "round_id", ""), "period": getattr(event, "period_id", "")}
        fam = [f.format(**ids) for f in families]
        return Reaction(
            "render-documents",
            {"directive_id": event.directive_id, "families": fam},
            f"documents:{event_id}",
        )

    return react


def deliver(event_id: int, event: Event) -> Reaction:
    """Send what the command queued, at the command's clock (a command run with a moved
    clock, a test or the demo, sends what it just queued, digest hour included)."""
    return Reaction("deliver-outbox", {"now": event.at.isoformat()}, f"deliver:{event_id}")


def place(event_id: int, event: Any) -> Reaction:
    """A new version: the comments' placement on it (stored only when it has comments)."""
    return Reaction(
        "place-comments",
        {"directive_id": event.directive_id, "version_id": event.version_id},
        f"place:{event_id}",
    )


def regroup(event_id: int, event: Event) -> Reaction:
    """The directive's comments grouped anew (confirmed groups kept), at the event's clock."""
    return Reaction(
        "group-comments",
        {"directive_id": event.directive_id, "now": event.at.isoformat()},
        f"group:{event_id}",
    )


REACTIONS: dict[str, list[Callable[[int, Any], Reaction]]] = {
    ev.DraftAdded.type: [place],
    ev.RoundOpened.type: [documents(["letter:{round}"]), deliver],
    ev.UnitsInvited.type: [deliver],
    ev.RoundClosed.type: [documents(["letter:{round}", "synthesis", "report"]), deliver, regroup],
    ev.ConferenceRecorded.type: [
        documents(["letter:{round}", "minutes:{round}", *LATER]),
        regroup,
    ],
    ev.ConferenceNoticed.type: [deliver],
    ev.InvitationReissued.type: [deliver],
    ev.CommentSubmitted.type: [deliver],
    ev.RemindersQueued.type: [deliver],
    ev.DirectiveSubmitted.type: [documents(LATER)],
    ev.DirectiveSigned.type: [documents([*LATER, "directive"]), deliver],
    ev.DirectiveIssued.type: [documents([*LATER, "directive"]), deliver],
    ev.UnitEmailChanged.type: [deliver],
    ev.MailResent.type: [deliver],
    ev.GroupingRequested.type: [regroup],
    # Follow-up after issuance: what the commands queued goes out at their clock.
    ev.PeriodOpened.type: [deliver],
    ev.ReportSubmitted.type: [deliver],
    ev.ReportReturned.type: [deliver],
    ev.ReportRemindersQueued.type: [deliver],
    ev.ReviewDrafted.type: [documents(["review:{period}"])],
    ev.DonDocDrafted.type: [documents(["don-doc:{period}"])],
}


def reactions_for(event_id: int, event: Event) -> list[Reaction]:
    """The flows an event starts; none for an event with no side effects."""
    return [make(event_id, event) for make in REACTIONS.get(event.type, [])]
