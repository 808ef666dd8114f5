"""Similar comments grouped: the suggestion recomputed (by the `group-comments` flow, never
on a request), and the officer's confirm, rename, split and merge. One decision for a group
is models/commands/dispositions.group_disposition_set."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from models import audit
from models.errors import Invalid
from models.event_log import record
from models.events import GroupingRequested
from models.grouping.engine import group
from models.grouping.normalise import normalise
from models.queries.grouping import members_of
from models.queries.records import get
from models.tables import Comment, CommentGroup, CommentGroupMember, Directive, Round
from models.tables.grouping import LABEL_CHARS
from models.text import clean_line

SUGGESTED_BY = "grouping"
CHUNK = 1000  # rows per INSERT / IN (...) on both databases


@dataclass(frozen=True)
class Recomputed:
    groups: int  # suggested groups written (singletons included)
    kept: int  # confirmed groups left as they were
    comments: int  # comments regrouped


def grouping_request(session: Session, *, directive_id: int, by: str, now: datetime) -> None:
    """Ask for a new suggestion: an event the drainer turns into the flow (202 at once)."""
    get(session, Directive, directive_id)
    record(session, [GroupingRequested(directive_id, now)])
    audit.record(
        session,
        actor=by,
        at=now,
        action="grouping.request",
        entity="directive",
        entity_id=directive_id,
        directive_id=directive_id,
    )
    session.commit()


def _label(texts: list[str]) -> str:
    """The wording most members share (the first of the most repeated normalised texts)."""
    keys = [normalise(t) for t in texts]
    top = Counter(keys).most_common(1)[0][0]
    text = clean_line(texts[keys.index(top)])
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _directive_comments(session: Session, directive_id: int) -> list[tuple[int, str]]:
    rows = session.exec(
        select(Comment.id, Comment.text)
        .join(Round, col(Round.id) == col(Comment.round_id))
        .where(Round.directive_id == directive_id, col(Comment.draft).is_(False))
        .order_by(col(Comment.id))
    ).all()
    return [(int(i), t) for i, t in rows if i is not None]


def _members_of_confirmed(session: Session, directive_id: int) -> set[int]:
    rows = session.exec(
        select(CommentGroupMember.comment_id)
        .join(CommentGroup, col(CommentGroup.id) == col(CommentGroupMember.group_id))
        .where(CommentGroup.directive_id == directive_id, col(CommentGroup.confirmed))
    ).all()
    return set(rows)


def _drop_suggestions(session: Session, directive_id: int) -> None:
    suggested = select(CommentGroup.id).where(
        CommentGroup.directive_id == directive_id, col(CommentGroup.confirmed).is_(False)
    )
    session.execute(
        delete(CommentGroupMember).where(col(CommentGroupMember.group_id).in_(suggested))
    )
    session.execute(
        delete(CommentGroup).where(
            col(CommentGroup.directive_id) == directive_id, col(CommentGroup.confirmed).is_(False)
        )
    )


def groups_recompute(session: Session, *, directive_id: int, now: datetime) -> Recomputed:
    """Suggest groups anew for the directive's comments outside confirmed groups: the old
    suggestions go, confirmed groups stay exactly as they are. One transaction."""
    get(session, Directive, directive_id, lock=True)  # one recompute of a directive at a time
    kept = _members_of_confirmed(session, directive_id)
    rest = [(i, t) for i, t in _directive_comments(session, directive_id) if i not in kept]
    _drop_suggestions(session, directive_id)
    labels = group([t for _, t in rest])
    clusters: dict[int, list[tuple[int, str]]] = {}
    for item, label in zip(rest, labels, strict=True):
        clusters.setdefault(label, []).append(item)
    made = [
        CommentGroup(
            directive_id=directive_id,
            label=_label([t for _, t in members]),
            created_by=SUGGESTED_BY,
            created_at=now,
        )
        for members in clusters.values()
    ]
    session.add_all(made)
    session.flush()
    rows = [
        {"comment_id": cid, "group_id": g.id}
        for g, members in zip(made, clusters.values(), strict=True)
        for cid, _ in members
    ]
    for at in range(0, len(rows), CHUNK):
        session.execute(insert(CommentGroupMember), rows[at : at + CHUNK])
    confirmed = session.exec(
        select(CommentGroup.id).where(
            CommentGroup.directive_id == directive_id, col(CommentGroup.confirmed)
        )
    ).all()
    session.commit()
    return Recomputed(groups=len(made), kept=len(confirmed), comments=len(rest))


def _group(session: Session, group_id: int, directive_id: int | None = None) -> CommentGroup:
    g = get(session, CommentGroup, group_id)
    if directive_id is not None and g.directive_id != directive_id:
        raise Invalid("Nhóm ý kiến không thuộc dự thảo này.", field="group_id")
    return g


def _audit(
    session: Session, g: CommentGroup, action: str, by: str, now: datetime, **after: object
) -> None:
    audit.record(
        session,
        actor=by,
        at=now,
        action=action,
        entity="commentgroup",
        entity_id=g.id,
        directive_id=g.directive_id,
        after=after or None,
    )


def group_confirm(session: Session, *, group_id: int, by: str, now: datetime) -> CommentGroup:
    g = _group(session, group_id)
    g.confirmed, g.updated_at = True, now
    session.add(g)
    _audit(session, g, "group.confirm", by, now)
    session.commit()
    return g


def group_rename(
    session: Session, *, group_id: int, label: str, by: str, now: datetime
) -> CommentGroup:
    label = clean_line(label)
    if not label:
        raise Invalid("Vui lòng nhập tên nhóm.", field="label")
    if len(label) > LABEL_CHARS:
        raise Invalid(f"Tên nhóm tối đa {LABEL_CHARS} ký tự.", field="label")
    g = _group(session, group_id)
    g.label, g.updated_at = label, now
    session.add(g)
    _audit(session, g, "group.rename", by, now, label=label)
    session.commit()
    return g


def group_split(
    session: Session, *, group_id: int, comment_ids: list[int], by: str, now: datetime
) -> CommentGroup:
    """The chosen members move to a new group (confirmed: an officer made it)."""
    g = _group(session, group_id)
    members = set(members_of(session, group_id))
    chosen = list(dict.fromkeys(comment_ids))
    if not chosen:
        raise Invalid("Vui lòng chọn ít nhất một ý kiến.", field="comment_ids")
    if any(i not in members for i in chosen):
        raise Invalid("Chỉ chọn được các ý kiến của nhóm này.", field="comment_ids")
    if len(chosen) == len(members):
        raise Invalid("Hãy để lại ít nhất một ý kiến trong nhóm cũ.", field="comment_ids")
    texts = dict(
        session.exec(select(Comment.id, Comment.text).where(col(Comment.id).in_(chosen))).all()
    )
    new = CommentGroup(
        directive_id=g.directive_id,
        label=_label([texts[i] for i in chosen]),
        confirmed=True,
        created_by=by,
        created_at=now,
    )
    session.add(new)
    session.flush()
    for at in range(0, len(chosen), CHUNK):
        part = chosen[at : at + CHUNK]
        session.execute(
            delete(CommentGroupMember).where(col(CommentGroupMember.comment_id).in_(part))
        )
        session.execute(
            insert(CommentGroupMember), [{"comment_id": i, "group_id": new.id} for i in part]
        )
    _audit(session, new, "group.split", by, now, from_group=g.id, comment_ids=chosen)
    session.commit()
    return new


def group_merge(
    session: Session, *, group_id: int, other_id: int, by: str, now: datetime
) -> CommentGroup:
    """The other group's members join this one (confirmed); the other group goes."""
    if group_id == other_id:
        raise Invalid("Hãy chọn một nhóm khác để gộp.", field="other_id")
    g = _group(session, group_id)
    other = _group(session, other_id, g.directive_id)
    session.execute(
        CommentGroupMember.__table__.update()  # type: ignore[attr-defined]  # SQLModel tables have one
        .where(CommentGroupMember.__table__.c.group_id == other.id)  # type: ignore[attr-defined]
        .values(group_id=g.id)
    )
    session.delete(other)
    g.confirmed, g.updated_at = True, now
    session.add(g)
    _audit(session, g, "group.merge", by, now, merged=other_id)
    session.commit()
    return g
