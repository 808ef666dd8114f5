"""The drafting body's answer to each comment: tiếp thu / tiếp thu một phần / giải trình,
one comment at a time or several at once (all or nothing)."""

from datetime import datetime

from sqlmodel import Session, col, select

from models import audit
from models.errors import Cause, DomainError, Invalid
from models.labels import DECISIONS
from models.lifecycle import Stage
from models.queries.grouping import group_member_ids
from models.queries.records import get
from models.statuses import DECISIONS_NEEDING_RESPONSE, Decision
from models.tables import Comment, CommentGroup, Directive, Disposition, DraftVersion, Round
from models.text import clean

MAX_AT_ONCE = 500  # comments disposed in one request (web/schemas.DispositionsIn)


def _decision_rule(decision: str, response: str) -> str:
    """The decision is one of the three, and those that need a reason have one (the rule
    the pages ask before saving: models.statuses.DECISIONS_NEEDING_RESPONSE)."""
    if decision not in DECISIONS:
        raise Invalid(
            "Hướng xử lý phải là tiếp thu, tiếp thu một phần hoặc giải trình.", field="decision"
        )
    response = clean(response)
    if decision in DECISIONS_NEEDING_RESPONSE and not response:
        raise Invalid("Vui lòng nêu lý do (giải trình).", field="response")
    return response


def _open_for_dispositions(session: Session, rnd: Round) -> Directive:
    return _still_open(get(session, Directive, rnd.directive_id))


def _still_open(directive: Directive) -> Directive:
    if directive.stage in (Stage.SUBMITTED.value, Stage.SIGNED.value, Stage.ISSUED.value):
        raise DomainError("Dự thảo đã trình: không thể thay đổi hướng tiếp thu, giải trình.")
    return directive


def _save(
    session: Session,
    comment_id: int,
    directive_id: int,
    decision: str,
    response: str,
    taken_in_version_id: int | None,
    by: str,
    now: datetime,
) -> Disposition:
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
        directive_id=directive_id,
        before=before,
        after={"comment_id": comment_id, "decision": decision, "response": response},
    )
    return disp


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
    response = _decision_rule(decision, response)
    comment = get(session, Comment, comment_id)
    if comment.draft:
        raise DomainError("Ý kiến chưa được đơn vị gửi.")
    rnd = get(session, Round, comment.round_id)
    directive = _open_for_dispositions(session, rnd)
    if taken_in_version_id is not None:
        version = get(session, DraftVersion, taken_in_version_id)
        if version.directive_id != directive.id:
            raise Invalid("Bản dự thảo không thuộc chỉ thị này.", field="taken_in_version_id")
    disp = _save(
        session, comment_id, rnd.directive_id, decision, response, taken_in_version_id, by, now
    )
    session.commit()
    return disp


def dispositions_set(
    session: Session,
    *,
    round_id: int,
    comment_ids: list[int],
    decision: str,
    response: str = "",
    by: str,
    now: datetime,
) -> list[Disposition]:
    """One decision (and reason) for several comments of a round, in one transaction: if any
    of them cannot take it, none is changed and the refusal lists which."""
    response = _decision_rule(decision, response)
    ids = list(dict.fromkeys(comment_ids))
    if not ids:
        raise Invalid("Vui lòng chọn ít nhất một ý kiến.", field="comment_ids")
    if len(ids) > MAX_AT_ONCE:
        raise Invalid(f"Chọn tối đa {MAX_AT_ONCE} ý kiến mỗi lần.", field="comment_ids")
    rnd = get(session, Round, round_id)
    _open_for_dispositions(session, rnd)
    found = {c.id: c for c in session.exec(select(Comment).where(col(Comment.id).in_(ids))).all()}
    # A unit's private draft is not the drafting body's to see: refused as one of another round.
    wrong = [i for i in ids if i not in found or found[i].draft or found[i].round_id != round_id]
    if wrong:
        listed = ", ".join(f"#{i}" for i in wrong[:20]) + ("…" if len(wrong) > 20 else "")
        raise Invalid(
            f"Chưa lưu ý kiến nào: {len(wrong)} ý kiến không thuộc đợt lấy ý kiến này ({listed}).",
            field="comment_ids",
            causes=tuple(Cause(f"Ý kiến #{i}", "comment", i) for i in wrong[:20] if i in found),
        )
    saved = [_save(session, i, rnd.directive_id, decision, response, None, by, now) for i in ids]
    session.commit()
    return saved


def group_disposition_set(
    session: Session,
    *,
    group_id: int,
    decision: str,
    response: str = "",
    by: str,
    now: datetime,
) -> list[Disposition]:
    """One decision (and reason) for every comment of a group, in one transaction: each
    member keeps its own row (its unit, its section), all take the same answer. The rule is
    the single disposition's; a submitted directive refuses for the whole group."""
    response = _decision_rule(decision, response)
    g = get(session, CommentGroup, group_id)
    _still_open(get(session, Directive, g.directive_id))
    ids = group_member_ids(session, group_id)
    saved = [_save(session, i, g.directive_id, decision, response, None, by, now) for i in ids]
    session.commit()
    return saved
