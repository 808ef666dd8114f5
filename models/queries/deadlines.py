"""The rounds the sweep visits: open ones with a deadline."""

from sqlmodel import Session, col, select

from models.statuses import RoundStatus
from models.tables import Round


def open_rounds_with_deadline(session: Session) -> list[int]:
    found = session.exec(
        select(Round.id).where(Round.status == RoundStatus.OPEN, col(Round.deadline).is_not(None))
    ).all()
    return [i for i in found if i is not None]
