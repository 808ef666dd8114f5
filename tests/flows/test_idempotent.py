"""Running a transition's flow twice changes nothing and queues nothing the second time."""

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from flows.dispatcher import EmbeddedDispatcher
from flows.transitions import close_round_flow, open_round_flow
from models.tables import AuditEvent, Invitation, OutboxMessage, Round
from tests.conftest import T0
from tests.factories import directive_with_draft, world

pytestmark = pytest.mark.xdist_group("prefect")


def counts(engine) -> tuple[int, int, int, int]:
    with Session(engine) as s:
        return tuple(  # type: ignore[return-value]
            s.exec(select(func.count()).select_from(t)).one()
            for t in (Round, Invitation, OutboxMessage, AuditEvent)
        )


async def test_open_and_close_round_twice(flow_runtime, engine):
    with Session(engine, expire_on_commit=False) as s:
        w = world(s, T0)
        did = directive_with_draft(s, w, T0)
        unit_ids = [u.id for u in w.units]
    params = dict(
        directive_id=did,
        kind="written",
        unit_ids=unit_ids,
        by="canbo",
        request_key="open-1",
        letter_date="2023-07-12",
        now=(T0 + timedelta(days=8)).isoformat(),
    )
    first = await open_round_flow(**params)
    after_first = counts(engine)
    second = await open_round_flow(**params)
    assert second["round_id"] == first["round_id"]
    assert (first["created"], second["created"]) == (True, False)
    assert counts(engine) == after_first
    assert after_first[1] == len(unit_ids) and after_first[2] == len(unit_ids)

    dispatcher = EmbeddedDispatcher()
    close = dict(round_id=first["round_id"], by="canbo", now=(T0 + timedelta(days=30)).isoformat())
    dispatcher.submit("close-round", close, key="close-1")
    dispatcher.submit("close-round", close, key="close-1")  # double click: not started twice
    await dispatcher.drain()
    closed_once = counts(engine)
    result = await close_round_flow(**close)
    assert result["closed_now"] is False
    assert counts(engine) == closed_once
    assert not dispatcher.failures
