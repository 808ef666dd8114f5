"""A round's tally: invited, answered, comments, and who has not answered yet."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.tables import Comment, Invitation, Unit


@dataclass
class Tally:
    invited: int
    answered: int
    comments: int
    missing: list[str]
    speakers: int = 0  # a conference: the people who spoke (its opinions are `comments`)


def tally(session: Session, round_id: int) -> Tally:
    invitations = session.exec(
        select(Invitation, Unit)
        .join(Unit, col(Unit.id) == Invitation.unit_id)
        .where(Invitation.round_id == round_id)
    ).all()
    comments = session.exec(
        select(func.count())
        .select_from(Comment)
        .where(Comment.round_id == round_id, Comment.draft == False)  # noqa: E712
    ).one()
    speakers = session.exec(
        select(func.count(func.distinct(Comment.speaker))).where(
            Comment.round_id == round_id,
            Comment.draft == False,  # noqa: E712
            Comment.speaker != "",
        )
    ).one()
    return Tally(
        invited=len(invitations),
        answered=sum(1 for inv, _ in invitations if inv.answered_at is not None),
        comments=comments,
        missing=[u.name for inv, u in invitations if inv.answered_at is None],
        speakers=speakers,
    )
