"""The drafting body's answer to each comment: tiếp thu / tiếp thu một phần / giải trình."""

from datetime import datetime

from sqlmodel import Session, select

from models import audit
from models.errors import DomainError, Invalid
from models.labels import DECISIONS
from models.lifecycle import Stage
from models.queries.records import get
from models.statuses import DECISIONS_NEEDING_RESPONSE, Decision
from models.tables import Comment, Directive, Disposition, DraftVersion, Round
from models.text import clean


def disposition_set(
    session: Session,
    *,
    comment_id: int,
    decision: str,
    response: str = "",
    taken_in_version_id: int | None = None,
    by: str,
    now: datetime,
) -> Disposition:
    if decision not in DECISIONS:
        raise Invalid(
            "Hướng xử lý phải là tiếp thu, tiếp thu một phần hoặc giải trình.", field="decision"
        )
    response = clean(response)
    if decision in DECISIONS_NEEDING_RESPONSE and not response:
        raise Invalid("Vui lòng nêu lý do (giải trình).", field="response")
    comment = get(session, Comment, comment_id)
    if comment.draft:
        raise DomainError("Ý kiến chưa được đơn vị gửi.")
    rnd = get(session, Round, comment.round_id)
    directive = get(session, Directive, rnd.directive_id)
    if directive.stage in (Stage.SUBMITTED.value, Stage.SIGNED.value, Stage.ISSUED.value):
        raise DomainError("Dự thảo đã trình: không thể thay đổi hướng tiếp thu, giải trình.")
    if taken_in_version_id is not None:
        version = get(session, DraftVersion, taken_in_version_id)
        if version.directive_id != directive.id:
            raise Invalid("Bản dự thảo không thuộc chỉ thị này.", field="taken_in_version_id")
    disp = session.exec(select(Disposition).where(Disposition.comment_id == comment_id)).first()
    before = audit.snapshot(disp, "decision", "response") if disp else None
    if disp is None:
        disp = Disposition(comment_id=comment_id, decision=Decision(decision), decided_at=now)
    disp.decision, disp.response = Decision(decision), response
    disp.taken_in_version_id = taken_in_version_id
    disp.decided_by, disp.decided_at = by, now
    session.add(disp)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="disposition.set",
        entity="disposition",
        entity_id=disp.id,
        directive_id=directive.id,
        before=before,
        after={"comment_id": comment_id, "decision": decision, "response": response},
    )
    session.commit()
    return disp
