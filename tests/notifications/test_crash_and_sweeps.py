"""A deliverer killed mid fan-out loses nothing; two sweeps at once remind each unit once."""

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from models.clock import at_local
from models.commands.sweep import sweep_round
from models.ids import id_of
from models.statuses import OutboxStatus
from models.tables import Round
from notifications.delivery import deliver_ready
from tests.conftest import T0
from tests.expect import stored
from tests.notifications.scenario import fan_out, written_round
from tests.notifications.test_delivery import rows

ROOT = Path(__file__).resolve().parents[2]


async def test_killed_mid_fan_out_every_message_delivered_after_restart(
    engine, session, mail_settings, sink
):
    total, batch, kill_at = 500, 50, 175
    fan_out(session, total, T0)
    session.rollback()
    url = engine.url.render_as_string(hide_password=False)
    args = [str(sink.port), T0.isoformat(), str(batch)]
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.notifications.child_deliver", url, *args],
        cwd=ROOT,
        env={**os.environ, "DUTHAO_MAIL_FROM": mail_settings.mail_from},  # same Message-IDs
    )
    killed = threading.Event()

    def kill_midway(_message) -> None:
        if len(sink.messages) >= kill_at and not killed.is_set():
            killed.set()
            child.kill()  # SIGKILL: no cleanup, rows stay 'sending'

    sink.handler.on_message = kill_midway
    await asyncio.to_thread(child.wait, 120)
    ran = time.monotonic() - started  # the child's clock (T0 + its run time) stopped by then
    sink.handler.on_message = None
    assert killed.is_set()
    left = Counter(r.status for r in rows(session))
    assert left[OutboxStatus.SENDING] > 0 and left[OutboxStatus.READY] > 0
    assert left[OutboxStatus.SENT] < total

    # The restart: a new deliverer, once the dead one's last heartbeat is stale.
    restart = T0 + timedelta(seconds=ran + mail_settings.mail_stale_seconds + 1)
    report = await deliver_ready(engine, mail_settings, now=restart, worker="restart")
    done = rows(session)
    assert {r.status for r in done} == {"sent"}
    assert report.sent == total - left[OutboxStatus.SENT]
    received = Counter(m.message_id for m in sink.messages)
    assert set(received) == {r.message_id for r in done}  # every message, by Message-ID
    duplicates = sum(n - 1 for n in received.values())
    assert duplicates <= batch  # at most the batch that was in flight


def _sweep_twice_at_once(engine, links, round_id: int, day: date) -> int:
    start = threading.Barrier(2)

    def sweep() -> int:
        with Session(engine, expire_on_commit=False) as s:
            rnd = stored(s, Round, round_id)
            s.commit()  # SQLite: do not hold the write lock while waiting for the other
            start.wait(10)
            return sweep_round(s, rnd, now=at_local(day, 7)).reminders

    with ThreadPoolExecutor(2) as pool:
        return sum(pool.map(lambda _: sweep(), range(2)))


async def test_two_sweeps_at_once_remind_each_unit_once(
    engine, session, links, mail_settings, sink
):
    case = written_round(session, links)  # deadline 27/7/2023, reminders 3 and 1 days before
    round_id, units = id_of(case.written.round), len(case.world.units)
    session.rollback()
    assert _sweep_twice_at_once(engine, links, round_id, date(2023, 7, 24)) == units
    assert (
        _sweep_twice_at_once(engine, links, round_id, date(2023, 7, 24)) == 0
    )  # again: nothing new
    assert _sweep_twice_at_once(engine, links, round_id, date(2023, 7, 26)) == units
    await deliver_ready(engine, mail_settings, now=at_local(date(2023, 7, 26), 8), worker="a")
    reminders = [m for m in sink.messages if m.message["X-Duthao-Template"] == "reminder"]
    assert len(reminders) == 2 * units
    per_unit = Counter(m.rcpt_tos[0] for m in reminders)
    assert set(per_unit.values()) == {2}
    assert Counter("(còn 3 ngày)" in m.subject for m in reminders) == {True: units, False: units}
    assert len({(m.rcpt_tos[0], m.subject) for m in reminders}) == 2 * units
