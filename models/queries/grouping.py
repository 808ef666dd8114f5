"""Reads of the comments' groups: every submitted comment of a directive (or of one round)
in exactly one group, for the API and the officer's page."""

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from models.errors import DomainError
from models.tables import Comment, CommentGroup, CommentGroupMember, Round
from models.tables.grouping import LABEL_CHARS
from models.text import clean_line


@dataclass
class GroupRow:
    id: int  # negative: a comment received after the last grouping, alone until the next
    label: str
    confirmed: bool
    comment_ids: list[int] = field(default_factory=list)


def members_of(session: Session, group_id: int) -> list[int]:
    return list(
        session.exec(
            select(CommentGroupMember.comment_id)
            .where(CommentGroupMember.group_id == group_id)
            .order_by(col(CommentGroupMember.comment_id))
        ).all()
    )


def group_member_ids(session: Session, group_id: int) -> list[int]:
    """The group's submitted comments (the members a group's disposition answers)."""
    ids = list(
        session.exec(
            select(CommentGroupMember.comment_id)
            .join(Comment, col(Comment.id) == col(CommentGroupMember.comment_id))
            .where(CommentGroupMember.group_id == group_id, col(Comment.draft).is_(False))
            .order_by(col(CommentGroupMember.comment_id))
        ).all()
    )
    if not ids:
        raise DomainError("Nhóm ý kiến không còn ý kiến nào.")
    return ids


def _short(text: str) -> str:
    line = clean_line(text)
    return line if len(line) <= LABEL_CHARS else line[: LABEL_CHARS - 1] + "…"


def groups_of(
    session: Session, *, directive_id: int, round_id: int | None = None
) -> list[GroupRow]:
    """The groups, largest first, each with its comments (of the round when one is given):
    every submitted comment exactly once. A comment no grouping has seen yet stands alone
    under its own id negated, until the next grouping gives it a group."""
    stmt = (
        select(Comment.id, Comment.text, CommentGroupMember.group_id)
        .join(Round, col(Round.id) == col(Comment.round_id))
        .outerjoin(CommentGroupMember, col(CommentGroupMember.comment_id) == col(Comment.id))
        .where(Round.directive_id == directive_id, col(Comment.draft).is_(False))
        .order_by(col(Comment.id))
    )
    if round_id is not None:
        stmt = stmt.where(Comment.round_id == round_id)
    members: dict[int, list[int]] = {}
    alone: list[GroupRow] = []
    for cid, text, gid in session.exec(stmt).all():
        assert cid is not None
        if gid is None:
            alone.append(GroupRow(-cid, _short(text), False, [cid]))
        else:
            members.setdefault(gid, []).append(cid)
    heads = (
        session.exec(select(CommentGroup).where(col(CommentGroup.id).in_(list(members)))).all()
        if members
        else []
    )
    rows = [GroupRow(h.id or 0, h.label, h.confirmed, members[h.id or 0]) for h in heads]
    rows.sort(key=lambda r: (-len(r.comment_ids), r.comment_ids[0]))
    return rows + alone
