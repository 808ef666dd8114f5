"""SQLite: commands take the write lock up front; read-only sessions never wait for it."""

import threading
import time

import pytest
from sqlmodel import select

from models.db import session_scope
from models.tables import Unit
from tests.conftest import T0
from tests.factories import world


def test_readers_do_not_queue_behind_a_writer(engine, session):
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL readers never take a write lock")
    world(session, T0)
    holding = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with session_scope(engine) as s:  # BEGIN IMMEDIATE: holds the write lock
            s.exec(select(Unit.id)).all()
            holding.set()
            release.wait(10)

    t = threading.Thread(target=writer)
    t.start()
    assert holding.wait(10)
    started = time.monotonic()
    with session_scope(engine, read_only=True) as reader:
        names = reader.exec(select(Unit.name)).all()
    waited = time.monotonic() - started
    release.set()
    t.join()
    assert "Ban Dân vận Tỉnh ủy" in names
    assert waited < 5  # a writer-style session would wait for `release` (10 s busy timeout)

    # And a second writer does wait for the first: the lock is really taken up front.
    holding.clear()
    release.clear()
    t = threading.Thread(target=writer)
    t.start()
    assert holding.wait(10)
    threading.Timer(1.0, release.set).start()
    started = time.monotonic()
    with session_scope(engine) as other:
        other.exec(select(Unit.id)).all()
    assert time.monotonic() - started >= 0.9
    t.join()
