"""The demo's replay, run once per test session and shared by the demo's test modules."""

import asyncio
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from duthao.demo.replay import run_demo
from duthao.demo.timeline import Timeline
from duthao.demo.world import build_world
from duthao.wiring import delivery_providers
from flows import runtime
from flows.drainer import Drainer, run_in_process
from models.clock import utcnow
from models.db import make_engine
from models.settings import Settings


@dataclass
class Replayed:
    settings: Settings
    out: Path
    summary: dict[str, Any]
    engine: Engine


@pytest.fixture(scope="session")
def replay(request, tmp_path_factory) -> Iterator[Replayed]:
    """One replay for the whole run, shared by the xdist workers through a file lock (the
    xdist_group mark does not keep tests on one worker with pytest 9.2 and xdist 3.8)."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist the parent is this run's folder shared by the workers; alone, use our own.
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "demo-replay"
    root.mkdir(exist_ok=True)
    settings = Settings(
        data_dir=root / "data", secret_key="demo-test-secret", base_url="http://duthao.test"
    )
    out = root / "out"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "summary.json").exists():
            request.getfixturevalue("prefect_harness")  # only the worker that replays needs it
            asyncio.run(run_demo(settings, out))
            _timeline_again(settings, root / "again.json")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    engine = make_engine(settings.db_url)
    yield Replayed(settings, out, summary, engine)
    engine.dispose()


def table_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            t.name: s.exec(select(func.count()).select_from(t)).one()
            for t in SQLModel.metadata.sorted_tables
        }


def _timeline_again(settings: Settings, record: Path) -> None:
    """Run the whole timeline again on the finished database (under the harness the replay
    started) and keep the table counts before and after, and the directive it found."""
    engine = make_engine(settings.db_url)
    before = table_counts(engine)
    rt = runtime.configure(settings, engine, **delivery_providers())
    try:
        with Session(engine) as s:
            ids = build_world(s, utcnow())
        did = asyncio.run(Timeline(engine, rt, Drainer(engine, run_in_process), ids).run())
    finally:
        runtime._current = None
        after = table_counts(engine)
        engine.dispose()
    record.write_text(json.dumps({"before": before, "after": after, "directive": did}))
