"""Small records of what happened, returned by commands; flows and notifications react."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Event:
    directive_id: int
    at: datetime


@dataclass(frozen=True)
class DirectiveCreated(Event):
    pass


@dataclass(frozen=True)
class DraftAdded(Event):
    version_id: int
    number: int


@dataclass(frozen=True)
class RoundOpened(Event):
    round_id: int
    kind: str


@dataclass(frozen=True)
class RoundClosed(Event):
    round_id: int


@dataclass(frozen=True)
class CommentSubmitted(Event):
    round_id: int
    invitation_id: int


@dataclass(frozen=True)
class DeadlineMissed(Event):
    round_id: int
    invitation_id: int


@dataclass(frozen=True)
class StageChanged(Event):
    before: str
    after: str


@dataclass(frozen=True)
class DirectiveSigned(Event):
    number: str


@dataclass(frozen=True)
class DirectiveIssued(Event):
    number: str
