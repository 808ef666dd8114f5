"""The sweep flow runs the follow-up too: a period opens on its day, with links signed by the
runtime's secret, and closes when the next one opens."""

from datetime import date

import pytest
from sqlmodel import Session, select

from flows.sweep import sweep_flow
from models.commands.follow_up import plan_save
from models.queries.follow_up import period_reports, periods_of
from models.tables import OutboxMessage
from models.tokens import token_hash
from notifications.links import links_for
from tests.follow_up_kit import SAVED_AT, at, issued_directive, office, plan_in

pytestmark = pytest.mark.xdist_group("prefect")


async def test_the_sweep_flow_opens_and_closes_periods(flow_runtime, engine):
    with Session(engine, expire_on_commit=False) as s:
        o = office(s)
        did = issued_directive(s, o)
        plan_save(s, did, plan_in(o), by="canbo", now=SAVED_AT)
        q1, six = periods_of(s, did)[:2]

    first = await sweep_flow(now=at(date(2024, 3, 7)).isoformat())
    assert (first["periods_opened"], first["periods_closed"]) == ([q1.id], [])
    second = await sweep_flow(now=at(date(2024, 6, 7)).isoformat())
    assert (second["periods_opened"], second["periods_closed"]) == ([six.id], [q1.id])

    with Session(engine) as s:
        reports = period_reports(s, q1.id)
        assert len(reports) == len(o.units)
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.template == "report_request")).all()
        assert len(rows) == 2 * len(o.units)
        built = links_for(s, rows, flow_runtime.links)
        hashes = {token_hash(url.rsplit("/", 1)[1]) for url in built.values()}
        assert {r.token_hash for r, _ in reports} < hashes  # and the 6 tháng ones
