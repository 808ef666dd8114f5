"""The dashboard: the directives a user may see, by stage, with what each needs next."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.access import visible_directives
from models.ids import id_of
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
    directives = session.exec(stmt.order_by(col(Directive.id).desc())).all()
    ids = [d.id for d in directives]
    open_rounds = {
        r.directive_id: r
        for r in session.exec(
            select(Round).where(col(Round.directive_id).in_(ids), Round.status == RoundStatus.OPEN)
        ).all()
    }
    counts = round_counts(session, [id_of(r) for r in open_rounds.values()])
    rows = []
    for d in directives:
        rnd = open_rounds.get(id_of(d))
        c = counts.get(id_of(rnd)) if rnd else None
        rows.append(
            DashboardRow(
                d, rnd, c, next_step(facts(session, d), rnd, c, today), is_overdue(rnd, today)
            )
        )
    rows.sort(key=lambda r: (not r.overdue, STAGE_ORDER.index(Stage(r.directive.stage))))
    return rows
