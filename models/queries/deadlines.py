"""The rounds the sweep visits: open ones with a deadline, of live directives only (a case
entered in record mode is closed by its officer with the recorded date, never reminded)."""

from sqlmodel import Session, col, select

from models.statuses import RoundStatus
from models.tables import Directive, Round


def open_rounds_with_deadline(session: Session) -> list[int]:
    found = session.exec(
        select(Round.id)
        .join(Directive, col(Directive.id) == col(Round.directive_id))
        .where(
            Round.status == RoundStatus.OPEN,
            col(Round.deadline).is_not(None),
            Directive.record_mode == False,  # noqa: E712
        )
    ).all()
    return [i for i in found if i is not None]
