"""The periodic sweep: reminders, overdue notices, closing rounds past their deadline.

Embedded, the app's drainer task runs it on a timer (Prefect's ephemeral mode runs no
schedules); distributed, a deployment schedule does. `now` is a parameter so tests can move
the clock. Each round's sweep is one command whose events (reminders queued, the round
closed) start their reactions like any other command's: closed rounds get their documents.
"""

from typing import Any

from prefect import flow
from sqlmodel import Session

from flows.tasks import command, in_session, when
from models.commands.sweep import SweepResult, sweep_round
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
    return totals
