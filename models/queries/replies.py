"""The units' reply files: per invitation of a round (the round page), per directive (the
dossier), one by id within its invitation (a download)."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from models.queries.records import missing
from models.tables import Invitation, ReplyFile, Round, Unit


def files_of_round(session: Session, round_id: int) -> dict[int, list[ReplyFile]]:
    rows = session.exec(
        select(ReplyFile)
        .join(Invitation, col(Invitation.id) == col(ReplyFile.invitation_id))
        .where(Invitation.round_id == round_id)
        .order_by(col(ReplyFile.id))
    ).all()
    out: dict[int, list[ReplyFile]] = {}
    for f in rows:
        out.setdefault(f.invitation_id, []).append(f)
    return out


@dataclass(frozen=True)
class DirectiveReply:
    file: ReplyFile
    invitation: Invitation
    round: Round
    unit: Unit


def files_of_directive(session: Session, directive_id: int) -> list[DirectiveReply]:
    rows = session.exec(
        select(ReplyFile, Invitation, Round, Unit)
        .join(Invitation, col(Invitation.id) == col(ReplyFile.invitation_id))
        .join(Round, col(Round.id) == col(Invitation.round_id))
        .join(Unit, col(Unit.id) == col(Invitation.unit_id))
        .where(Round.directive_id == directive_id)
        .order_by(col(Round.ordinal), col(ReplyFile.id))
    ).all()
    return [DirectiveReply(*row) for row in rows]


def reply_file_of(session: Session, invitation_id: int, file_id: int) -> ReplyFile:
    """The file if it belongs to this invitation (else the words of a missing one)."""
    found = session.get(ReplyFile, file_id)
    if found is None or found.invitation_id != invitation_id:
        raise missing(ReplyFile, file_id)
    return found


def files_of_invitation(session: Session, invitation_id: int) -> list[ReplyFile]:
    return list(
        session.exec(
            select(ReplyFile)
            .where(ReplyFile.invitation_id == invitation_id)
            .order_by(col(ReplyFile.id))
        ).all()
    )
