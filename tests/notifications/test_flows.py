"""The delivery flows under a real (temporary) Prefect server, wired as the app wires them:
commands store their events, the drainer starts the reactions."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from duthao.wiring import delivery_providers
from flows import runtime
from flows.delivery import deliver_outbox_flow, send_digests_flow
from flows.drainer import Drainer, run_in_process
from flows.registry import FLOWS
from models.clock import at_local
from models.commands.rounds import round_close, round_open
from models.db import session_scope
from models.ids import id_of
from models.tables import User
from tests.conftest import T0
from tests.expect import stored
from tests.factories import directive_with_draft, world

pytestmark = pytest.mark.xdist_group("prefect")


@pytest.fixture
def mail_runtime(prefect_harness, engine, mail_settings):
    rt = runtime.configure(mail_settings, engine, **delivery_providers())
    yield rt
    runtime._current = None


async def test_round_flow_delivers_and_digest_flow_gathers(mail_runtime, engine, sink, links):
    assert FLOWS["deliver-outbox"] is deliver_outbox_flow
    assert FLOWS["send-digests"] is send_digests_flow
    with Session(engine, expire_on_commit=False) as s:
        w = world(s, T0)
        did = directive_with_draft(s, w, T0)
        officer = stored(s, User, id_of(w.officer))
        officer.digest = True
        s.add(officer)
        s.commit()
        emails = sorted(u.email for u in w.units)
        officer_email = w.officer.email
    drainer = Drainer(engine, run_in_process)
    with session_scope(engine) as s:
        opened = round_open(
            s,
            directive_id=did,
            kind="written",
            unit_ids=[id_of(u) for u in w.units],
            by="canbo",
            now=T0 + timedelta(days=8),
            links=links,
            letter_date=date(2023, 7, 12),
            reply_days=15,
            request_key="open-1",
        )
        round_id = id_of(opened.round)
    assert await drainer.drain() == 1
    assert sorted(r for m in sink.messages for r in m.rcpt_tos) == emails  # sent by the reaction

    close_at = at_local(date(2023, 7, 28), 9)
    with session_scope(engine) as s:
        round_close(s, round_id=round_id, by="canbo", now=close_at)
    assert await drainer.drain() == 1
    assert officer_email not in {r for m in sink.messages for r in m.rcpt_tos}  # held

    morning = await deliver_outbox_flow(now=close_at.isoformat())  # before the digest hour
    assert morning["digests"] == 0
    evening = await deliver_outbox_flow(now=(close_at + timedelta(hours=8)).isoformat())
    assert (evening["digests"], evening["sent"]) == (1, 1)
    digest = sink.messages[-1]
    assert digest.rcpt_tos == [officer_email]
    assert digest.subject == "Tổng hợp thông báo ngày 28/7/2023: 1 thông báo"
    again = await send_digests_flow(now=(close_at + timedelta(hours=9)).isoformat())
    assert (again["digests"], again["claimed"]) == (0, 0)


async def test_delivery_claims_on_the_real_clock_whatever_the_events_clock(
    mail_runtime, engine, sink, links
):
    """A reaction passes its event's clock (here 2023). The claims and heartbeats must still
    be on the real clock: a run for a later event, at a later moved clock, would otherwise find
    this run's live claims stale and send them a second time."""
    from datetime import UTC, datetime

    from sqlmodel import select

    from models.tables import OutboxMessage

    with Session(engine, expire_on_commit=False) as s:
        w = world(s, T0)
        did = directive_with_draft(s, w, T0)
    with session_scope(engine) as s:
        round_open(
            s,
            directive_id=did,
            kind="written",
            unit_ids=[id_of(u) for u in w.units],
            by="canbo",
            now=T0 + timedelta(days=8),
            links=links,
            letter_date=date(2023, 7, 12),
            reply_days=15,
            request_key="open-clock",
        )
    before = datetime.now(UTC)
    await deliver_outbox_flow(now=(T0 + timedelta(days=8)).isoformat())
    with Session(engine) as s:
        rows = s.exec(select(OutboxMessage)).all()
    assert rows and all(r.status == "sent" for r in rows)
    for r in rows:
        assert r.claimed_at is not None and r.claimed_at.replace(tzinfo=UTC) >= before
