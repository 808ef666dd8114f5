"""A deliverer renews its claims while it works: a dead one's rows are taken over within a
minute, a live slow one keeps its rows however long its batch takes."""

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from models.settings import Settings
from notifications.delivery import deliver_ready
from tests.conftest import T0
from tests.notifications.scenario import fan_out
from tests.notifications.test_delivery import rows

ROOT = Path(__file__).resolve().parents[2]


def test_stale_time_is_a_minute_and_covers_missed_heartbeats(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.mail_stale_seconds <= 60
    assert settings.mail_heartbeat_seconds * 3 <= settings.mail_stale_seconds
    with pytest.raises(ValidationError, match="DUTHAO_MAIL_HEARTBEAT_SECONDS"):
        Settings(_env_file=None, mail_heartbeat_seconds=30, mail_stale_seconds=60)


async def test_dead_deliverers_claim_taken_over_within_a_minute(
    engine, session, mail_settings, sink
):
    total, batch, kill_at = 120, 40, 50
    fan_out(session, total, T0)
    session.rollback()
    url = engine.url.render_as_string(hide_password=False)
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.notifications.child_deliver", url]
        + [str(sink.port), T0.isoformat(), str(batch)],
        cwd=ROOT,
        env={**os.environ, "DUTHAO_MAIL_FROM": mail_settings.mail_from},
    )
    killed = threading.Event()

    def kill_midway(_message) -> None:
        if len(sink.messages) >= kill_at and not killed.is_set():
            killed.set()
            child.kill()  # SIGKILL: no cleanup, its rows stay 'sending'

    sink.handler.on_message = kill_midway
    await asyncio.to_thread(child.wait, 120)
    ran = time.monotonic() - started  # the child's clock is T0 + at most this
    sink.handler.on_message = None
    assert killed.is_set()
    held = {r.id for r in rows(session) if r.status == "sending"}
    assert held

    # 20 s after the death the claim still stands: only the rows nobody held are sent.
    early = T0 + timedelta(seconds=ran + 20)
    await deliver_ready(engine, mail_settings, now=early, worker="early")
    assert {r.id for r in rows(session) if r.status != "sent"} == held

    # A minute after its last heartbeat, the dead deliverer's rows are taken over.
    late = T0 + timedelta(seconds=ran + 61)
    report = await deliver_ready(engine, mail_settings, now=late, worker="late")
    assert report.claimed == len(held)
    assert {r.status for r in rows(session)} == {"sent"}
    assert {m.message_id for m in sink.messages} == {r.message_id for r in rows(session)}


async def test_slow_live_deliverer_is_never_robbed(engine, session, mail_settings, sink):
    total, per_message = 8, 0.4  # 3.2 s of sending, twice the stale time below
    quick = mail_settings.model_copy(
        update={"mail_stale_seconds": 1.5, "mail_heartbeat_seconds": 0.3, "mail_concurrency": 1}
    )
    fan_out(session, total, T0)
    session.rollback()
    sink.handler.on_message = lambda _m: time.sleep(per_message)  # a slow SMTP server
    started = time.monotonic()
    slow = asyncio.create_task(deliver_ready(engine, quick, now=T0, worker="slow"))
    await asyncio.sleep(2.2)  # past the stale time, the slow one still mid-batch
    assert not slow.done()
    moment = T0 + timedelta(seconds=time.monotonic() - started)  # the same clock as `slow`
    other = await deliver_ready(engine, quick, now=moment, worker="other")
    assert other.claimed == 0  # nothing taken from a live deliverer
    report = await slow
    sink.handler.on_message = None
    assert (report.claimed, report.sent) == (total, total)
    assert {r.status for r in rows(session)} == {"sent"}
    assert set(Counter(m.message_id for m in sink.messages).values()) == {1}  # none twice
