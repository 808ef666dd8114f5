"""A command repeated (a double click, a retry) and a drain repeated change nothing and
queue nothing the second time; each event's reactions run once."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from flows.drainer import Drainer, run_in_process
from models.commands.rounds import round_close, round_open
from models.db import session_scope
from models.ids import id_of
from models.tables import AuditEvent, Invitation, OutboxMessage, ReactionRun, Round, StoredEvent
from tests.conftest import T0
from tests.factories import directive_with_draft, world

pytestmark = pytest.mark.xdist_group("prefect")


def counts(engine) -> tuple[int, ...]:
    with Session(engine) as s:
        return tuple(
            s.exec(select(func.count()).select_from(t)).one()
            for t in (Round, Invitation, OutboxMessage, AuditEvent, StoredEvent, ReactionRun)
        )


async def test_open_and_close_round_twice(flow_runtime, engine, links):
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
        letter_date=date(2023, 7, 12),
        now=T0 + timedelta(days=8),
        links=links,
        reply_days=15,
    )
    with session_scope(engine) as s:
        first = round_open(s, **params)
        round_id = id_of(first.round)
    with session_scope(engine) as s:
        second = round_open(s, **params)
    assert second.round.id == round_id
    assert (first.created, second.created) == (True, False) and second.events == []
    drainer = Drainer(engine, run_in_process)
    assert await drainer.drain() == 1
    after_first = counts(engine)
    assert after_first[1] == len(unit_ids) and after_first[2] == len(unit_ids)
    assert after_first[4:] == (1, 2)  # one event, its two reactions (documents, delivery)
    assert await drainer.drain() == 0
    assert counts(engine) == after_first

    close_at = T0 + timedelta(days=30)
    with session_scope(engine) as s:
        _, events = round_close(s, round_id=round_id, by="canbo", now=close_at)
    with session_scope(engine) as s:  # double click: the second close finds it closed
        _, again = round_close(s, round_id=round_id, by="canbo", now=close_at, idempotent=True)
    assert len(events) == 1 and again == []
    assert await drainer.drain() == 1
    closed_once = counts(engine)
    assert closed_once[4:] == (2, 5)  # the close: documents, delivery, grouping
    assert await Drainer(engine, run_in_process).drain() == 0  # another drainer: nothing left
    assert counts(engine) == closed_once
    with Session(engine) as s:
        assert all(e.reacted_at is not None for e in s.exec(select(StoredEvent)).all())
