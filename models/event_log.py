"""Writing a command's events into its own transaction (the `event` table): what the
drainer reacts to after the commit. A command that rolls back leaves no event behind."""

from collections.abc import Sequence

from sqlmodel import Session

from models.clock import utcnow
from models.events import Event, from_stored
from models.tables import StoredEvent

# Set on the session when events were added: the web's session dependency wakes the
# drainer after the handler (web/deps.py), so nothing else needs to know a command had any.
RECORDED = "events_recorded"


def record(session: Session, events: Sequence[Event]) -> list[StoredEvent]:
    """Add the events' rows to the session (the command commits them with its change)."""
    rows = [
        StoredEvent(
            type=e.type,
            directive_id=e.directive_id,
            payload=e.payload(),
            at=e.at,
            recorded_at=utcnow(),
        )
        for e in events
    ]
    session.add_all(rows)
    if rows:
        session.info[RECORDED] = True
    return rows


def event_of(row: StoredEvent) -> Event:
    return from_stored(row.type, row.directive_id, row.at, row.payload)
