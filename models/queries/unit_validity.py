"""The units in force on a day for a list of units (models/unit_validity.py's rule, on rows)."""

from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from models.tables import Unit
from models.unit_validity import reporting_on


def units_in_force(session: Session, unit_ids: Iterable[int], day: date) -> list[Unit]:
    """The units that answer for `unit_ids` on `day` (abolished ones replaced by their
    successor in force, duplicates dropped), in the given order. Reads the successor chains
    whole: a province's tree is a few thousand rows at most."""
    wanted = list(unit_ids)
    if not wanted:
        return []
    chained = session.exec(
        select(Unit).where(
            (col(Unit.id).in_(wanted)) | (col(Unit.successor_id) != None)  # noqa: E711
        )
    ).all()
    by_id: dict[int, Unit] = {u.id: u for u in chained if u.id is not None}
    # Successors need not be in the list nor have successors of their own: fetch them too.
    missing = {u.successor_id for u in chained if u.successor_id} - set(by_id)
    while missing:
        more = session.exec(select(Unit).where(col(Unit.id).in_(missing))).all()
        by_id.update({u.id: u for u in more if u.id is not None})
        missing = {u.successor_id for u in more if u.successor_id} - set(by_id)
    return [by_id[i] for i in reporting_on(wanted, by_id, day)]
