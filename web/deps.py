"""FastAPI dependencies: the session, settings, the clock, HTMX detection."""

from collections.abc import AsyncIterator
from datetime import datetime

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from models.clock import utcnow
from models.db import open_session
from models.event_log import RECORDED
from models.settings import Settings
from models.tokens import Links


async def _leased_session(request: Request) -> AsyncIterator[Session]:
    """The request's session, once web/admission.py lets it in (waiting there holds no
    connection and no thread); closed, and its connection handed back, as soon as the
    handler returns — before the response is sent (scope "function", see get_session)."""
    write = request.method not in ("GET", "HEAD")
    async with request.app.state.admission.slot(write=write):
        session = open_session(request.app.state.engine, read_only=not write)
        try:
            yield session
        finally:
            recorded = session.info.pop(RECORDED, False)
            # Closing rolls back on the connection: blocking I/O, kept off the event loop.
            await run_in_threadpool(session.close)
            if recorded:
                # The one place every entry point of the web ends: the command stored its
                # events; the reactor (flows/drainer.py) starts their reactions. This runs
                # on the app's loop, whether the route itself was sync or async.
                request.app.state.reactor.wake()


async def get_session(session: Session = Depends(_leased_session, scope="function")) -> Session:
    """Rolls back at the end of the handler: only commands commit. GET and HEAD read
    without taking SQLite's write lock (see models/db.py). Every `Depends(get_session)` gets
    the function scope from here: a request-scoped session would be closed only after the
    response is sent, in a thread of the pool, so a slow client (or a pool of threads all
    waiting for connections) would keep the connection from the next request."""
    return session


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_links(request: Request) -> Links:
    s: Settings = request.app.state.settings
    return Links(base_url=s.base_url, secret=s.secret_key)


def get_now(request: Request) -> datetime:
    """The app's clock; tests can set app.state.clock to move time."""
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock else utcnow()


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")
