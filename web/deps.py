"""FastAPI dependencies: the session, settings, the clock, the dispatcher, HTMX detection."""

from collections.abc import Iterator
from datetime import datetime

from fastapi import Request
from sqlmodel import Session

from flows.dispatcher import Dispatcher
from models.clock import utcnow
from models.db import session_scope
from models.settings import Settings
from models.tokens import Links


def get_session(request: Request) -> Iterator[Session]:
    """Rolls back at the end of the request: only commands commit. GET and HEAD read
    without taking SQLite's write lock (see models/db.py)."""
    read_only = request.method in ("GET", "HEAD")
    with session_scope(request.app.state.engine, read_only=read_only) as session:
        yield session


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_dispatcher(request: Request) -> Dispatcher:
    return request.app.state.dispatcher


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
