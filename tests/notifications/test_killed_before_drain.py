"""A process killed between a command's commit and any reaction loses nothing: a fresh
drainer (new engine, new process state) produces every document and mail once, and a
second drain changes nothing."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from duthao.wiring import flow_extras
from flows import runtime
from flows.drainer import Drainer, run_in_process
from models.db import make_engine
from models.tables import OutboxMessage, ReactionRun, Round, StoredEvent
from tests.conftest import T0
from tests.factories import directive_with_draft, world

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.xdist_group("prefect")


def _count(engine, table) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(table)).one()


async def test_killed_after_commit_every_document_and_mail_once(
    prefect_harness, engine, session, mail_settings, sink
):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    unit_ids = ",".join(str(u.id) for u in w.units)
    session.rollback()
    url = engine.url.render_as_string(hide_password=False)
    now = (T0 + timedelta(days=8)).isoformat()
    child = subprocess.run(
        [sys.executable, "-m", "tests.notifications.child_command", url, str(did), unit_ids, now],
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
    )
    assert child.returncode == -9  # SIGKILL, after the commit
    assert _count(engine, Round) == 1 and _count(engine, StoredEvent) == 1
    assert _count(engine, ReactionRun) == 0 and sink.messages == []

    fresh = make_engine(url)  # a new process's view: nothing carried over from the child
    rt = runtime.configure(mail_settings, fresh, **flow_extras(mail_settings))
    try:
        assert await Drainer(fresh, run_in_process).drain() == 1
        with Session(fresh) as s:  # closed at once: an open SQLite transaction holds the lock
            rnd_id = s.exec(select(Round.id)).one()
        letters = sorted((mail_settings.data_dir / "documents" / str(did)).glob(f"*{rnd_id}*"))
        assert letters, "the round's letter was rendered"
        stamps = {p: p.stat().st_mtime_ns for p in letters}
        sent = sorted(r for m in sink.messages for r in m.rcpt_tos)
        assert sent == sorted(u.email for u in w.units)

        assert await Drainer(fresh, run_in_process).drain() == 0  # and once more: nothing
        assert sorted(r for m in sink.messages for r in m.rcpt_tos) == sent
        assert {p: p.stat().st_mtime_ns for p in letters} == stamps
        assert _count(fresh, ReactionRun) == 2  # documents and delivery, once each
        with Session(fresh) as s:
            statuses = s.exec(select(OutboxMessage.status)).all()
            assert statuses and set(statuses) == {"sent"}
            assert s.exec(select(StoredEvent.reacted_at)).one() is not None
    finally:
        runtime._current = None
        rt.engine.dispose()
