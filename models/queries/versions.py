"""A directive's draft versions: the latest one, one by its number, and the number of the one
a round consults on."""

from sqlmodel import Session, col, select

from models.errors import NotFound
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


def version_numbered(session: Session, directive_id: int, number: int) -> DraftVersion:
    """ "Dự thảo lần N" of a directive (NotFound, a 404, when it has none)."""
    version = session.exec(
        select(DraftVersion).where(
            DraftVersion.directive_id == directive_id, DraftVersion.number == number
        )
    ).first()
    if version is None:
        raise NotFound(f"Không có bản dự thảo lần {number}.")
    return version
