"""Per-round counts (invited, answered, comments) and what a directive needs next."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from models.lifecycle import Facts, Stage
from models.statuses import RoundState, round_state
from models.tables import Comment, Invitation, Round


@dataclass(frozen=True)
class RoundCounts:
    invited: int = 0
    answered: int = 0
    comments: int = 0

    @property
    def rate(self) -> int:
        """Response rate in whole percent (answered / invited)."""
        return round(100 * self.answered / self.invited) if self.invited else 0


def round_counts(
    session: Session, round_ids: list[int], comments: dict[int, int] | None = None
) -> dict[int, RoundCounts]:
    """`comments` (submitted comments per round), when the caller has counted them already,
    spares the count over the comments."""
    if not round_ids:
        return {}
    inv = session.exec(
        select(
            Invitation.round_id,
            func.count(),
            func.sum(case((col(Invitation.answered_at).is_not(None), 1), else_=0)),
        )
        .where(col(Invitation.round_id).in_(round_ids))
        .group_by(col(Invitation.round_id))
    ).all()
    com = (
        comments
        if comments is not None
        else dict(
            session.exec(
                select(Comment.round_id, func.count())
                .where(col(Comment.round_id).in_(round_ids), col(Comment.draft).is_(False))
                .group_by(col(Comment.round_id))
            ).all()
        )
    )
    out = {rid: RoundCounts(comments=com.get(rid, 0)) for rid in round_ids}
    for rid, invited, answered in inv:
        out[rid] = RoundCounts(int(invited), int(answered or 0), com.get(rid, 0))
    return out


def is_overdue(rnd: Round | None, today: date) -> bool:
    return rnd is not None and round_state(rnd.status, rnd.deadline, today) == RoundState.OVERDUE


def next_step(
    facts: Facts, open_round: Round | None, counts: RoundCounts | None, today: date
) -> str:
    """What the drafting body should do next, in a few Vietnamese words."""
    stage = facts.stage
    if stage == Stage.ASSIGNED:
        return "Soạn và đưa lên bản dự thảo đầu tiên"
    if stage == Stage.CONSULTING:
        if is_overdue(open_round, today):
            return "Đã quá hạn trả lời: kết thúc đợt lấy ý kiến"
        if open_round is not None and open_round.deadline is None:
            return "Tổ chức hội nghị, ghi ý kiến và kết thúc"
        c = counts or RoundCounts()
        if c.invited and c.answered == c.invited:
            return "Mọi đơn vị đã trả lời: có thể kết thúc đợt"
        return f"Chờ đơn vị trả lời ({c.answered}/{c.invited})"
    if stage == Stage.DRAFTING:
        if facts.closed_rounds == 0:
            return "Mở đợt lấy ý kiến"
        return "Chỉnh lý dự thảo; mở đợt tiếp theo hoặc chuyển sang hoàn chỉnh"
    if stage == Stage.FINALISING:
        if facts.undisposed_comments:
            return f"Tiếp thu, giải trình {facts.undisposed_comments} ý kiến còn lại"
        if not facts.final_version:
            return "Chọn bản dự thảo hoàn chỉnh"
        return "Trình Ban Thường vụ"
    if stage == Stage.SUBMITTED:
        return "Chờ Ban Thường vụ cho ý kiến và ký"
    if stage == Stage.SIGNED:
        return "Phát hành chỉ thị"
    return ""
