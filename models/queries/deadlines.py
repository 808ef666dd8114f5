"""The rounds the sweep visits: open ones with a deadline."""

from sqlmodel import Session, select

from models.statuses import RoundStatus
from models.tables import Round


def open_rounds_with_deadline(session: Session) -> list[int]:
    return list(
        session.exec(
            select(Round.id).where(Round.status == RoundStatus.OPEN, Round.deadline != None)  # noqa: E711
        ).all()
    )
