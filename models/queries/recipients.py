"""Who an issued directive goes to: the signing's units, each known as a superior of the
issuing body (an ancestor in the unit tree) or an implementing body, in "Nơi nhận" order."""

from sqlmodel import Session, col, select

from models.ids import id_of
from models.recipients import Recipient, copy_lines, marked_superiors, ordered
from models.tables import Signing, Unit
from models.text import fold


def ancestor_ids(session: Session, unit_id: int) -> set[int]:
    """The ids above a unit in the tree (its parent, the parent's parent, …)."""
    found: set[int] = set()
    current = session.get(Unit, unit_id)
    while current is not None and current.parent_id is not None and current.parent_id not in found:
        found.add(current.parent_id)
        current = session.get(Unit, current.parent_id)
    return found


def recipient_units(session: Session, signing: Signing, issuer_id: int) -> list[tuple[Unit, bool]]:
    """(unit, is a superior) for every unit of the signing, in the order it was given: a
    superior is an ancestor of the issuing body, or named in a typed line "(để báo cáo)"."""
    units = session.exec(select(Unit).where(col(Unit.id).in_(signing.recipient_ids))).all()
    order = {uid: i for i, uid in enumerate(signing.recipient_ids)}
    above = ancestor_ids(session, issuer_id)
    marked = marked_superiors(signing.extra_recipients)
    return [
        (u, id_of(u) in above or fold(u.name) in marked)
        for u in sorted(units, key=lambda u: order[id_of(u)])
    ]


def unit_recipients(
    session: Session, signing: Signing, issuer_id: int
) -> list[tuple[Recipient, Unit]]:
    """The signing's units in the order of "Nơi nhận" (superiors first), for the document
    and for the mail alike."""
    found = recipient_units(session, signing, issuer_id)
    units = {id_of(u): u for u, _ in found}
    rule = ordered([Recipient(u.name, superior=up, unit_id=id_of(u)) for u, up in found], [])
    return [(r, units[r.unit_id]) for r in rule if r.unit_id is not None]


def issue_copy_lines(session: Session, signing: Signing, issuer_id: int) -> list[str]:
    """The directive's "Nơi nhận" lines, ending with the archive."""
    units = [r for r, _ in unit_recipients(session, signing, issuer_id)]
    return copy_lines(units, signing.extra_recipients)
