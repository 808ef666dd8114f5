"""Shared pieces of commands: loading with a lock, gathering facts, moving the stage."""

from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, select

from models import audit
from models.errors import Conflict, NotFound
from models.lifecycle import Action, Facts, Stage, advance
from models.statuses import Position, RoundStatus
from models.tables import Comment, Directive, Disposition, DraftVersion, Round

T = TypeVar("T", bound=SQLModel)

_WHAT = {
    "Directive": "dự thảo chỉ thị",
    "Round": "đợt lấy ý kiến",
    "Unit": "đơn vị",
    "DraftVersion": "bản dự thảo",
    "Comment": "ý kiến",
    "Invitation": "lời mời góp ý",
    "Section": "phần của dự thảo",
    "User": "người dùng",
    "OutboxMessage": "thư",
}


def missing(model: type[SQLModel], ident: object) -> NotFound:
    """The refusal for a record that does not exist (or that the caller may not see: the
    access policy answers with the very same words, so ids cannot be enumerated)."""
    return NotFound(f"Không tìm thấy {_WHAT.get(model.__name__, model.__name__)} #{ident}.")


def get(session: Session, model: type[T], ident: int | None, *, lock: bool = False) -> T:
    """The row or NotFound with a Vietnamese message; `lock` takes a row lock on PostgreSQL."""
    obj = None
    if ident is not None:
        stmt = select(model).where(model.id == ident)  # type: ignore[attr-defined]
        if lock:
            stmt = stmt.with_for_update()
        obj = session.exec(stmt).first()
    if obj is None:
        raise missing(model, ident)
    return obj


def facts(session: Session, directive: Directive) -> Facts:
    did = directive.id
    versions = session.exec(
        select(func.count()).select_from(DraftVersion).where(DraftVersion.directive_id == did)
    ).one()
    rounds = session.exec(select(Round.status).where(Round.directive_id == did)).all()
    undisposed = session.exec(
        select(func.count())
        .select_from(Comment)
        .join(Round, Round.id == Comment.round_id)
        .outerjoin(Disposition, Disposition.comment_id == Comment.id)
        .where(
            Round.directive_id == did,
            Round.status == RoundStatus.CLOSED,
            Comment.draft == False,  # noqa: E712
            Comment.position != Position.AGREE,
            Disposition.id == None,  # noqa: E711
        )
    ).one()
    return Facts(
        stage=Stage(directive.stage),
        draft_versions=versions,
        open_round=RoundStatus.OPEN in rounds,
        closed_rounds=sum(1 for s in rounds if s == RoundStatus.CLOSED),
        final_version=directive.final_version_id is not None,
        undisposed_comments=undisposed,
        number=directive.number,
    )


def move(
    session: Session, directive: Directive, action: Action, *, by: str, now: datetime
) -> tuple[Stage, Stage]:
    """Apply `action` to the stage through the rules; a concurrent move loses cleanly."""
    before = Stage(directive.stage)
    after = advance(facts(session, directive), action)
    if after != before:
        result = session.execute(
            update(Directive)
            .where(Directive.id == directive.id, Directive.lock_version == directive.lock_version)
            .values(stage=after.value, lock_version=directive.lock_version + 1)
        )
        if result.rowcount != 1:
            raise Conflict("Dự thảo vừa được người khác cập nhật. Vui lòng tải lại trang.")
        session.refresh(directive)
        audit.record(
            session,
            actor=by,
            at=now,
            action=f"stage.{action.value}",
            entity="directive",
            entity_id=directive.id,
            directive_id=directive.id,
            before={"stage": before.value},
            after={"stage": after.value},
        )
    return before, after
