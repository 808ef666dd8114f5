"""Shared pieces of commands: moving the stage through the rules, loading an open round."""

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from models import audit
from models.errors import Conflict, DomainError
from models.lifecycle import Action, Stage, advance
from models.queries.records import facts, get
from models.statuses import RoundStatus
from models.tables import Directive, Round


def move(
    session: Session, directive: Directive, action: Action, *, by: str, now: datetime
) -> tuple[Stage, Stage]:
    """Apply `action` to the stage through the rules; a concurrent move loses cleanly."""
    before = Stage(directive.stage)
    after = advance(facts(session, directive), action)
    if after != before:
        result = session.exec(
            update(Directive)
            .where(
                col(Directive.id) == directive.id,
                col(Directive.lock_version) == directive.lock_version,
            )
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


def get_open_round(session: Session, round_id: int) -> Round:
    """The round, refused once it has closed: extending it, inviting more units and
    re-issuing a link are actions on an open round only."""
    rnd = get(session, Round, round_id)
    if rnd.status != RoundStatus.OPEN:
        raise DomainError(f"Đợt lấy ý kiến lần {rnd.ordinal} đã kết thúc.")
    return rnd
