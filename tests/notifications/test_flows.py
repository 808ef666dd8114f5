"""The delivery flows under a real (temporary) Prefect server, wired as the app wires them."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from flows import runtime
from flows.delivery import deliver_now, deliver_outbox_flow, send_digests_flow
from flows.registry import FLOWS
from flows.transitions import close_round_flow, open_round_flow
from models.clock import at_local
from models.ids import id_of
from models.tables import User
from tests.conftest import T0
from tests.expect import stored
from tests.factories import directive_with_draft, world

pytestmark = pytest.mark.xdist_group("prefect")


CLOCK = [T0]  # the composition root's clock for the `deliver` side effect


@pytest.fixture
def mail_runtime(prefect_harness, engine, mail_settings):
    rt = runtime.configure(
        mail_settings, engine, deliver=lambda now=None: deliver_now(CLOCK[0].isoformat())
    )
    yield rt
    runtime._current = None


async def test_round_flow_delivers_and_digest_flow_gathers(mail_runtime, engine, sink):
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
    CLOCK[0] = T0 + timedelta(days=8)
    opened = await open_round_flow(
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units],
        by="canbo",
        request_key="open-1",
        letter_date="2023-07-12",
        now=(T0 + timedelta(days=8)).isoformat(),
    )
    assert sorted(r for m in sink.messages for r in m.rcpt_tos) == emails  # sent by the flow

    close_at = at_local(date(2023, 7, 28), 9)
    CLOCK[0] = close_at
    await close_round_flow(round_id=opened["round_id"], by="canbo", now=close_at.isoformat())
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
