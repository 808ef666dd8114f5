"""A directive's draft versions: the latest one, and the number of the one a round consults on."""

from sqlmodel import Session, col, select

from models.queries.records import get
from models.tables import DraftVersion, Round


def latest_version(session: Session, directive_id: int) -> DraftVersion | None:
    return session.exec(
        select(DraftVersion)
        .where(DraftVersion.directive_id == directive_id)
        .order_by(col(DraftVersion.number).desc())
    ).first()


def get_version_number(session: Session, rnd: Round) -> int:
    return get(session, DraftVersion, rnd.draft_version_id).number
