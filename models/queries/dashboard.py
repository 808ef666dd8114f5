"""The dashboard: the directives a user may see, by stage, with what each needs next."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from models.access import visible_directives
from models.lifecycle import Stage
from models.queries.progress import RoundCounts, is_overdue, next_step, round_counts
from models.queries.records import facts
from models.statuses import RoundStatus
from models.tables import Directive, Round, User

STAGE_ORDER = list(Stage)


@dataclass
class DashboardRow:
    directive: Directive
    open_round: Round | None
    counts: RoundCounts | None
    next_step: str
    overdue: bool


def dashboard(session: Session, user: User, today: date) -> list[DashboardRow]:
    stmt = select(Directive).where(visible_directives(user))
    directives = session.exec(stmt.order_by(Directive.id.desc())).all()  # type: ignore[union-attr]
    ids = [d.id for d in directives]
    open_rounds = {
        r.directive_id: r
        for r in session.exec(
            select(Round).where(Round.directive_id.in_(ids), Round.status == RoundStatus.OPEN)  # type: ignore[attr-defined]
        ).all()
    }
    counts = round_counts(session, [r.id for r in open_rounds.values()])  # type: ignore[misc]
    rows = []
    for d in directives:
        rnd = open_rounds.get(d.id)  # type: ignore[arg-type]
        c = counts.get(rnd.id) if rnd else None  # type: ignore[arg-type]
        rows.append(
            DashboardRow(
                d, rnd, c, next_step(facts(session, d), rnd, c, today), is_overdue(rnd, today)
            )
        )
    rows.sort(key=lambda r: (not r.overdue, STAGE_ORDER.index(Stage(r.directive.stage))))
    return rows
