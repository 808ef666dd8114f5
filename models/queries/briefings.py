"""Reads of the briefing conferences (hội nghị giao ban) of a directive."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.follow_up.briefings import Duty, duties, not_held
from models.follow_up.calendar import quarter_of
from models.queries.follow_up import current_plan
from models.queries.records import get, missing
from models.tables import Briefing, FollowUpPlan, Unit
from models.text import sort_key


def plan_unit_ids(plan: FollowUpPlan) -> list[int]:
    """Who may hold a briefing under the plan: its reporting units, the body reports go to,
    and every unit a briefing duty names."""
    named = [int(i) for e in plan.briefings for i in e.get("unit_ids") or [] if str(i).isdigit()]
    ids = [*plan.reporting_unit_ids, plan.report_to_id, *named]
    return list(dict.fromkeys(ids))


def plan_units(session: Session, plan: FollowUpPlan) -> list[Unit]:
    ids = plan_unit_ids(plan)
    units = session.exec(select(Unit).where(col(Unit.id).in_(ids))).all() if ids else []
    return sorted(units, key=lambda u: sort_key(u.name))


def briefings_of(session: Session, directive_id: int) -> list[tuple[Briefing, Unit]]:
    """Every briefing of the directive with its unit, the latest first."""
    return list(
        session.exec(
            select(Briefing, Unit)
            .join(Unit, col(Unit.id) == Briefing.unit_id)
            .where(Briefing.directive_id == directive_id)
            .order_by(col(Briefing.held_on).desc(), col(Briefing.id).desc())
        ).all()
    )


def briefing_in(session: Session, directive_id: int, briefing_id: int) -> Briefing:
    """The briefing, only as one of this directive's (another's answers as a missing one)."""
    b = get(session, Briefing, briefing_id)
    if b.directive_id != directive_id:
        raise missing(Briefing, briefing_id)
    return b


@dataclass(frozen=True)
class QuarterView:
    year: int
    q: int
    owed: list[Duty]
    missing: list[Unit]  # owe one, have not held it
    held: list[tuple[Briefing, Unit]]


def briefing_board(
    session: Session, directive_id: int, today: date
) -> tuple[FollowUpPlan | None, list[Unit], list[tuple[Briefing, Unit]], QuarterView | None]:
    """The page's reads: the plan, its units, the briefings, and the current quarter's view."""
    plan = current_plan(session, directive_id)
    records = briefings_of(session, directive_id)
    if plan is None:
        return None, [], records, None
    units = plan_units(session, plan)
    by_id = {u.id: u for u in units}
    reporting = [(u.id or 0, u.category) for u in units if u.id in set(plan.reporting_unit_ids)]
    owed = duties(plan.briefings, reporting)
    year, q = quarter_of(today)
    missing_ids = not_held(owed, ((b.unit_id, b.held_on) for b, _ in records), year, q)
    held = [(b, u) for b, u in records if quarter_of(b.held_on) == (year, q)]
    missing = [by_id[i] for i in missing_ids if i in by_id]
    return plan, units, records, QuarterView(year, q, owed, missing, held)
