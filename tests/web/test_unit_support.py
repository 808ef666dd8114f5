"""Shared set-up for the unit-side and API tests: a written round open on a fresh app."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from flows.reactions import Reaction
from models.commands.rounds import OpenedRound, round_open
from models.ids import id_of
from models.policy import Role
from models.settings import Settings
from models.tokens import Links
from tests.conftest import T0
from tests.factories import World, directive_with_draft, world
from tests.web.officer_kit import RecordingRunner
from web.app import create_app

OPENED_AT = T0 + timedelta(days=8)  # 12/7/2023, the letter's date
DEADLINE = date(2023, 7, 27)


@dataclass
class Case:
    w: World
    directive_id: int
    opened: OpenedRound
    app: FastAPI
    now: list[datetime]

    def token(self, i: int = 0) -> str:
        return self.opened.tokens[id_of(self.w.units[i])]

    def at(self, moment: datetime) -> None:
        self.now[0] = moment


def links_for(settings: Settings) -> Links:
    return Links(base_url=settings.base_url, secret=settings.secret_key)


def open_round(session: Session, settings: Settings, kind: str = "written") -> tuple:
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    opened = round_open(
        session,
        directive_id=did,
        kind=kind,
        unit_ids=[id_of(u) for u in w.units],
        letter_number="490-CV/BDVTU" if kind == "written" else "516-CV/BDVTU",
        letter_date=date(2023, 7, 12),
        deadline=DEADLINE,
        by="canbo",
        now=OPENED_AT,
        links=links_for(settings),
    )
    return w, did, opened


@contextmanager
def running(engine, session, settings, kind: str = "written") -> Iterator[tuple[Case, TestClient]]:
    w, did, opened = open_round(session, settings, kind)
    app = create_app(settings, engine=engine, run_sweep=False, runner=RecordingRunner())
    now = [OPENED_AT + timedelta(days=1)]
    app.state.clock = lambda: now[0]
    with TestClient(app) as client:
        yield Case(w, did, opened, app, now), client


def reactions(app: FastAPI, client: TestClient) -> list[Reaction]:
    """Every reaction the app's drainer started so far, after draining on the app's loop
    what the requests recorded (the reactor task may not have got there yet)."""
    assert client.portal is not None  # inside the client's `with`: the app's loop runs
    client.portal.call(app.state.reactor.drain)
    runner: RecordingRunner = app.state.reactor.drainer.runner
    return runner.ran


def csrf_of(client: TestClient, url: str) -> str:
    """Open the page (which sets the session cookie) and read the form's token."""
    page = client.get(url)
    marker = 'name="csrf_token" value="'
    at = page.text.index(marker) + len(marker)
    return page.text[at : page.text.index('"', at)]


def rows(engine, stmt) -> list:
    """Read in a short transaction of its own: on SQLite an open one would block the app."""
    with Session(engine, expire_on_commit=False) as s:
        return list(s.exec(stmt).all())


def bearer(session: Session, user_id: int) -> dict[str, str]:
    from models.commands.users import api_token_create

    _, raw = api_token_create(session, user_id=user_id, name="test", by="test", now=T0)
    return {"Authorization": f"Bearer {raw}"}


def other_body_officer(session: Session, w: World) -> int:
    """An officer of Ban Tổ chức, not the drafting body."""
    from models.tables import User

    user = User(
        username="canbo.btc",
        full_name="Trần Văn Nam",
        role=Role.OFFICER,
        unit_id=w.units[1].id,
        created_at=T0,
    )
    session.add(user)
    session.commit()
    return id_of(user)


def open_round_for(session: Session, settings: Settings, w: World) -> tuple[int, OpenedRound]:
    """A written round on a fresh directive of the world `w` (the officer kit's site)."""
    did = directive_with_draft(session, w, T0)
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units],
        letter_number="490-CV/BDVTU",
        letter_date=date(2023, 7, 12),
        deadline=DEADLINE,
        by="hoa",
        now=OPENED_AT,
        links=links_for(settings),
    )
    return did, opened
