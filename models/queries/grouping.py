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


@dataclass
class Wording:
    text: str
    marks: list[tuple[str, bool]]  # words the group's first wording lacks are True
    count: int
    sources: list[str]  # units (or speakers) that wrote it


@dataclass
class GroupView:
    row: GroupRow
    wordings: list[Wording]
    members: list[tuple[int, str, str]]  # comment id, unit or speaker, text


WORDINGS_SHOWN = 30  # distinct wordings side by side per group (the rest are counted)


def group_page(session: Session, *, directive_id: int) -> list[GroupView]:
    """The officer's page: each group with its distinct wordings (differences marked)."""
    from models.grouping.normalise import normalise
    from models.grouping.wording import marked
    from models.tables import Unit

    rows = groups_of(session, directive_id=directive_id)
    found = session.exec(
        select(Comment.id, Comment.text, Comment.speaker, Unit.name)
        .join(Round, col(Round.id) == col(Comment.round_id))
        .outerjoin(Unit, col(Unit.id) == col(Comment.unit_id))
        .where(Round.directive_id == directive_id, col(Comment.draft).is_(False))
    ).all()
    info = {cid: (text, speaker or name or "") for cid, text, speaker, name in found}
    views = []
    for row in rows:
        members = [(cid, info[cid][1], info[cid][0]) for cid in row.comment_ids]
        by_key: dict[str, Wording] = {}
        reference = members[0][2] if members else ""
        for _, source, text in members:
            key = normalise(text)
            w = by_key.get(key)
            if w is None:
                if len(by_key) >= WORDINGS_SHOWN:
                    continue
                w = by_key[key] = Wording(text, marked(text, reference), 0, [])
            w.count += 1
            if source and source not in w.sources:
                w.sources.append(source)
        views.append(GroupView(row, list(by_key.values()), members))
    return views
