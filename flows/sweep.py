"""The periodic sweep: reminders, overdue notices, closing rounds past their deadline.

Embedded, `duthao serve` calls it on a timer (Prefect's ephemeral mode runs no schedules);
distributed, a deployment schedule does. `now` is a parameter so tests can move the clock.
"""

from typing import Any

from prefect import flow

from flows.tasks import command, in_session, when
from flows.transitions import side_effects
from models.commands.sweep import sweep_round
from models.queries.deadlines import open_rounds_with_deadline
from models.tables import Round


@flow(name="sweep")
async def sweep_flow(now: str | None = None) -> dict[str, Any]:
    moment = when(now)
    totals = {"reminders": 0, "overdue": 0, "closed": []}
    for round_id in await in_session(open_rounds_with_deadline):

        def run(session, round_id=round_id):  # type: ignore[no-untyped-def]
            rnd = session.get(Round, round_id)
            return sweep_round(session, rnd, now=moment)

        result = await command(run, label="sweep-round")
        totals["reminders"] += result.reminders
        totals["overdue"] += result.overdue
        totals["closed"] += result.closed
    totals["effects"] = await side_effects("sweep", now)
    return totals
