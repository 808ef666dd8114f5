"""The periodic sweep: reminders, overdue notices, closing rounds past their deadline.

Embedded, the app's drainer task runs it on a timer (Prefect's ephemeral mode runs no
schedules); distributed, a deployment schedule does. `now` is a parameter so tests can move
the clock. Each round's sweep is one command whose events (reminders queued, the round
closed) start their reactions like any other command's: closed rounds get their documents.
Then the follow-up of issued directives (issue 12): periods opened and closed on the
calendar's days, reminders of the open ones (models/commands/follow_up.py).
"""

from typing import Any

from prefect import flow
from sqlmodel import Session

from flows.runtime import current
from flows.tasks import command, in_session, when
from models.commands.follow_up import sweep_follow_up
from models.commands.sweep import SweepResult, sweep_round
from models.events import Event, PeriodClosed, PeriodOpened
from models.queries.deadlines import open_rounds_with_deadline
from models.queries.records import get
from models.tables import Round


@flow(name="sweep")
async def sweep_flow(now: str | None = None) -> dict[str, Any]:
    moment = when(now)
    totals: dict[str, Any] = {"reminders": 0, "overdue": 0, "closed": []}
    for round_id in await in_session(open_rounds_with_deadline):

        def run(session: Session, round_id: int = round_id) -> SweepResult:
            return sweep_round(session, get(session, Round, round_id), now=moment)

        result = await command(run, label="sweep-round")
        totals["reminders"] += result.reminders
        totals["overdue"] += result.overdue
        totals["closed"] += result.closed

    def follow_up(session: Session) -> list[Event]:
        return sweep_follow_up(session, now=moment, links=current().links)

    events: list[Event] = await command(follow_up, label="sweep-follow-up")
    totals["periods_opened"] = [e.period_id for e in events if isinstance(e, PeriodOpened)]
    totals["periods_closed"] = [e.period_id for e in events if isinstance(e, PeriodClosed)]
    return totals
