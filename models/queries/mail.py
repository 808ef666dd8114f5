"""Mail the officers look at: a directive's undeliverable messages."""

from sqlmodel import Session, col, select

from models.statuses import OutboxStatus
from models.tables import OutboxMessage


def undeliverable(session: Session, directive_id: int) -> list[OutboxMessage]:
    """The directive's messages that could not be delivered, newest first (directive page)."""
    return list(
        session.exec(
            select(OutboxMessage)
            .where(
                OutboxMessage.directive_id == directive_id,
                OutboxMessage.status == OutboxStatus.FAILED,
            )
            .order_by(col(OutboxMessage.id).desc())
        ).all()
    )
