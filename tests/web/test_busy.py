"""When every database connection is taken, a request waits its turn without holding one,
then answers 503 with a Vietnamese message and Retry-After, and changes nothing (never a
500). The request that held the connection finishes normally once its lock is free."""

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import select

from models.db import make_engine
from models.settings import Settings
from models.tables import Invitation
from tests.browser.server import free_port, serve
from tests.web.test_unit_support import OPENED_AT, csrf_of, open_round, rows
from web.app import create_app

BUSY = "Hệ thống đang bận"


def one_connection_app(engine: Engine, settings: Settings, **pool: float) -> tuple:
    """The app on its own engine with a single pooled connection (so a single slot)."""
    url = engine.url.render_as_string(hide_password=False)
    app_engine = make_engine(url, pool_size=1, max_overflow=0, **pool)
    settings = settings.model_copy(update={"db_wait_seconds": 0.5})
    app = create_app(settings, engine=app_engine, run_sweep=False)
    app.state.clock = lambda: OPENED_AT + timedelta(days=1)
    return app, app_engine


@contextmanager
def row_locked(engine: Engine, invitation_id: int) -> Iterator[Connection]:
    """Another process holds what a unit's command needs: SQLite's write lock (BEGIN
    IMMEDIATE, models/db.py), or the invitation's row lock on PostgreSQL."""
    with engine.connect() as conn:
        conn.begin()
        conn.execute(
            text("SELECT id FROM invitation WHERE id = :i FOR UPDATE")
            if engine.dialect.name == "postgresql"
            else text("SELECT id FROM invitation WHERE id = :i"),
            {"i": invitation_id},
        )
        yield conn
        conn.rollback()


def _assert_busy(r: httpx.Response) -> None:
    assert r.status_code == 503, r.text[:300]
    assert r.headers["retry-after"] == "5"
    assert BUSY in r.text


def test_a_request_that_cannot_get_a_connection_answers_503(engine, session, settings):
    w, _, opened = open_round(session, settings)
    first, second = (opened.tokens[u.id] for u in w.units[:2])
    session.commit()
    (inv_id,) = rows(engine, select(Invitation.id).where(Invitation.unit_id == w.units[0].id))
    app, app_engine = one_connection_app(engine, settings)

    async def scenario(base: str) -> None:
        async with (
            httpx.AsyncClient(base_url=base, timeout=60) as unit,
            httpx.AsyncClient(base_url=base, timeout=60) as other,
        ):
            page = await unit.get(f"/u/{first}")
            token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            with row_locked(engine, inv_id):
                post = asyncio.create_task(
                    unit.post(
                        f"/u/{first}/comments",
                        data={"csrf_token": token, "position": "agree", "text": ""},
                    )
                )
                deadline = time.monotonic() + 20
                while app.state.admission.inside == 0:  # the post holds the only slot
                    assert time.monotonic() < deadline and not post.done()
                    await asyncio.sleep(0.02)
                started = time.monotonic()
                _assert_busy(await other.get(f"/u/{second}"))
                _assert_busy(await other.get(f"/api/v1/u/{second}"))
                assert time.monotonic() - started < 10  # told promptly, not after 30 s
                api = await other.get(f"/api/v1/u/{second}")
                assert api.json() == {"error": api.json()["error"]} and BUSY in api.json()["error"]
            assert (await post).status_code == 303  # the held request finishes normally
            assert (await other.get(f"/u/{second}")).status_code == 200

    try:
        with serve(app, free_port()) as base:
            asyncio.run(scenario(base))
    finally:
        app_engine.dispose()


def test_pool_exhausted_outside_the_requests_answers_503(engine, session, settings):
    """A flow (or anything else in the process) holding every pooled connection: the
    request's checkout times out, and the answer is 503, not a 500."""
    w, _, opened = open_round(session, settings)
    session.commit()
    app, app_engine = one_connection_app(engine, settings, pool_timeout=0.3)
    try:
        with TestClient(app) as client:
            url = f"/u/{opened.tokens[w.units[0].id]}"
            token = csrf_of(client, url)
            with app_engine.connect():  # the only connection, taken
                _assert_busy(client.get(url))
                posted = client.post(
                    f"{url}/comments", data={"csrf_token": token, "position": "agree"}
                )
                _assert_busy(posted)
            assert client.get(url).status_code == 200
    finally:
        app_engine.dispose()
