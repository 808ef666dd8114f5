"""Loading one record by id (or the refusal that it is missing), and the facts the lifecycle
rules decide on."""

from typing import TypeVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from models.errors import NotFound
from models.lifecycle import Facts, Stage
from models.statuses import Position, RoundStatus
from models.tables import Comment, Directive, Disposition, DraftVersion, Round

T = TypeVar("T", bound=SQLModel)


_WHAT = {
    "Directive": "dự thảo chỉ thị",
    "Round": "đợt lấy ý kiến",
    "Unit": "đơn vị",
    "DraftVersion": "bản dự thảo",
    "Comment": "ý kiến",
    "CommentGroup": "nhóm ý kiến",
    "Invitation": "lời mời góp ý",
    "Section": "phần của dự thảo",
    "User": "người dùng",
    "OutboxMessage": "thư",
    "Term": "nhiệm kỳ",
    "ReplyFile": "tệp công văn trả lời",
    "FollowUpPlan": "kế hoạch theo dõi thực hiện",
    "ReportPeriod": "kỳ báo cáo",
    "UnitReport": "báo cáo của đơn vị",
}


def missing(model: type[SQLModel], ident: object) -> NotFound:
    """The refusal for a record that does not exist (or that the caller may not see: the
    access policy answers with the very same words, so ids cannot be enumerated)."""
    return NotFound(f"Không tìm thấy {_WHAT.get(model.__name__, model.__name__)} #{ident}.")


def get(session: Session, model: type[T], ident: int | None, *, lock: bool = False) -> T:
    """The row or NotFound with a Vietnamese message; `lock` takes a row lock on PostgreSQL."""
    obj = None
    if ident is not None and not lock:
        # From the identity map when this session has loaded it already (a page reads its
        # directive or round several times): the same object a select would give, no query.
        obj = session.get(model, ident)
    elif ident is not None:
        stmt = select(model).where(model.id == ident)  # type: ignore[attr-defined]  # SQLModel declares no id; every table has one
        obj = session.exec(stmt.with_for_update()).first()
    if obj is None:
        raise missing(model, ident)
    return obj


def facts(
    session: Session,
    directive: Directive,
    *,
    loaded: tuple[int, list[Round]] | None = None,
) -> Facts:
    """`loaded` (how many draft versions, every round of the directive), when the caller has
    read them already (the directive page), spares the two queries that count them."""
    did = directive.id
    rounds: list[tuple[int | None, str, int]]
    if loaded is not None:
        versions = loaded[0]
        rounds = sorted(((r.id, r.status, r.ordinal) for r in loaded[1]), key=lambda r: r[2])
    else:
        versions = session.exec(
            select(func.count()).select_from(DraftVersion).where(DraftVersion.directive_id == did)
        ).one()
        rounds = list(
            session.exec(
                select(Round.id, Round.status, Round.ordinal)
                .where(Round.directive_id == did)
                .order_by(col(Round.ordinal))
            ).all()
        )
    closed = [rid for rid, status, _ in rounds if status == RoundStatus.CLOSED]
    # Only closed rounds' comments wait for a disposition: none closed, nothing to count (an
    # open round of 10,000 comments is not read for it).
    per_round = dict(
        session.exec(
            select(Comment.round_id, func.count())
            .outerjoin(Disposition, col(Disposition.comment_id) == Comment.id)
            .where(
                col(Comment.round_id).in_(closed),
                Comment.draft == False,  # noqa: E712
                Comment.position != Position.AGREE,
                Disposition.id == None,  # noqa: E711
            )
            .group_by(col(Comment.round_id))
        ).all()
        if closed
        else []
    )
    return Facts(
        stage=Stage(directive.stage),
        draft_versions=versions,
        open_round=any(status == RoundStatus.OPEN for _, status, _ in rounds),
        open_round_id=next((r for r, status, _ in rounds if status == RoundStatus.OPEN), None),
        closed_rounds=len(closed),
        final_version=directive.final_version_id is not None,
        undisposed_comments=sum(per_round.values()),
        undisposed_rounds=tuple(
            (rid, ordinal, per_round[rid]) for rid, _, ordinal in rounds if rid in per_round
        ),
        number=directive.number,
    )
