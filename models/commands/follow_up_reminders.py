"""Reminders of a period's reports (owned by fu-remind, whose version replaces this stub):
the sweep calls `remind_period` for each open period."""

from datetime import datetime

from sqlmodel import Session

from models.events import Event
from models.tables import ReportPeriod


def remind_period(session: Session, period: ReportPeriod, *, now: datetime) -> list[Event]:
    """No reminders yet (the stub): nothing queued, no event."""
    return []
