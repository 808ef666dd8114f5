"""The round page: invitations with each unit's status, the round's counts, its conference."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.ids import id_of
from models.lifecycle import RoundKind
from models.queries.progress import RoundCounts
from models.statuses import InvitationStatus, status_of
from models.tables import Comment, Conference, Invitation, Round, Unit
from models.text import sort_key


@dataclass
class InvitationRow:
    invitation: Invitation
    unit: Unit
    status: InvitationStatus  # as of today
    comments: int


def invitation_table(
    session: Session, rnd: Round, today: date
) -> tuple[list[InvitationRow], RoundCounts, dict[int | None, int]]:
    """Each invited unit with its status as of today, the round's counts and its submitted
    comments per section, from one pass over the comments (a round can hold 10,000)."""
    # Grouped in the order of ix_comment_round_section (read from the index alone, ten times
    # faster than grouping by unit directly), then summed per invitation.
    counts: dict[int, int] = {}
    per_section: dict[int | None, int] = {}
    for section_id, inv_id, n in session.exec(
        select(Comment.section_id, Comment.invitation_id, func.count())
        .where(Comment.round_id == rnd.id, col(Comment.draft).is_(False))
        .group_by(col(Comment.section_id), col(Comment.invitation_id))
    ).all():
        per_section[section_id] = per_section.get(section_id, 0) + n
        if inv_id is not None:
            counts[inv_id] = counts.get(inv_id, 0) + n
    rows = []
    for inv, unit in session.exec(
        select(Invitation, Unit)
        .join(Unit, col(Unit.id) == Invitation.unit_id)
        .where(Invitation.round_id == rnd.id)
    ).all():
        rows.append(InvitationRow(inv, unit, status_of(inv, rnd, today), counts.get(id_of(inv), 0)))
    rows.sort(key=lambda r: sort_key(r.unit.name))
    answered = sum(1 for r in rows if r.invitation.answered_at is not None)
    total = sum(per_section.values())
    return rows, RoundCounts(len(rows), answered, total), per_section


@dataclass(frozen=True)
class RoundView:
    """The round screen (page /rounds/{id} and GET /api/v1/rounds/{id}): the round, each
    invited unit with its status and comment count, the round's counts, its conference."""

    round: Round
    invitations: tuple[InvitationRow, ...]  # by unit name, as the page lists them
    counts: RoundCounts
    conference: Conference | None
    # Submitted comments per section id (None: on the whole draft): the unfiltered comment
    # list's count (models/queries/comments.comment_page), so the page groups them once.
    per_section: dict[int | None, int]

    @property
    def in_sent_order(self) -> list[InvitationRow]:
        """As the API lists them: in the order the invitations were made."""
        return sorted(self.invitations, key=lambda r: r.invitation.id or 0)


def round_view(session: Session, rnd: Round, today: date) -> RoundView:
    rows, counts, per_section = invitation_table(session, rnd, today)
    # Only a conference round has one (models/commands/rounds.round_open): a written round's
    # page spares the round trip.
    conference = (
        session.exec(select(Conference).where(Conference.round_id == rnd.id)).first()
        if rnd.kind == RoundKind.CONFERENCE
        else None
    )
    return RoundView(rnd, tuple(rows), counts, conference, per_section)
