"""A unit's personal links: resolving one (refused when revoked or long closed), and the
unit's links still live."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from models.clock import local_date
from models.errors import Forbidden
from models.ids import id_of
from models.queries.drafts import reveal_drafts_of
from models.queries.records import get
from models.statuses import RoundState, RoundStatus, round_state
from models.tables import Directive, Invitation, Round, Unit
from models.text import short_date
from models.tokens import token_hash

BAD_LINK = "Liên kết không hợp lệ hoặc đã hết hạn. Vui lòng liên hệ cơ quan soạn thảo."


@dataclass
class Access:
    invitation: Invitation
    round: Round
    unit: Unit
    writable: bool
    reason: str  # why it is read-only, in Vietnamese ("" when writable)


def access(session: Session, raw_token: str, *, now: datetime, grace_days: int = 7) -> Access:
    """Resolve a unit's link; revoked links and links past close + grace are refused."""
    if not raw_token or len(raw_token) > 200:
        raise Forbidden(BAD_LINK)
    inv = session.exec(
        select(Invitation).where(Invitation.token_hash == token_hash(raw_token))
    ).first()
    if inv is None or inv.revoked_at is not None:
        raise Forbidden(BAD_LINK)
    rnd = get(session, Round, inv.round_id)
    if rnd.closed_at is not None and now > rnd.closed_at + timedelta(days=grace_days):
        raise Forbidden(BAD_LINK)
    unit = get(session, Unit, inv.unit_id)
    reason = ""
    state = round_state(rnd.status, rnd.deadline, local_date(now))
    if state == RoundState.CLOSED:
        reason = f"Đợt lấy ý kiến đã kết thúc ngày {short_date(local_date(rnd.closed_at or now))}."
    elif state == RoundState.OVERDUE:
        reason = f"Đã hết hạn góp ý ({short_date(rnd.deadline)})."
    reveal_drafts_of(session, id_of(inv))  # this link's own drafts, nobody else's
    return Access(inv, rnd, unit, writable=not reason, reason=reason)


def open_invitations(session: Session, unit_id: int) -> list[tuple[Invitation, Round, Directive]]:
    """The unit's live links: invitations of rounds still open, not revoked."""
    return list(
        session.exec(
            select(Invitation, Round, Directive)
            .join(Round, col(Round.id) == col(Invitation.round_id))
            .join(Directive, col(Directive.id) == col(Round.directive_id))
            .where(
                Invitation.unit_id == unit_id,
                Round.status == RoundStatus.OPEN,
                Invitation.revoked_at == None,  # noqa: E711
            )
            .order_by(col(Invitation.id))
        ).all()
    )
