"""A burst: 200 units open their link, add a comment and submit at the same moment, against
the app served by uvicorn on loopback the way `duthao serve` builds it (its own engine and
pool from the settings). Every request is answered, none with an error, every answer is
recorded once. Before web/admission.py, 60 units were enough for ~30 s of freeze and 500s
("QueuePool limit … reached", "database is locked") on SQLite and on PostgreSQL.
"""

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, select

from models.commands.rounds import round_open
from models.commands.units import unit_create
from models.ids import id_of
from models.settings import Settings
from models.tables import AuditEvent, Comment, Invitation, OutboxMessage
from models.tokens import Links
from tests.browser.server import free_port, serve
from tests.conftest import T0
from tests.factories import directive_with_draft, world
from web.app import create_app

UNITS = 200
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SECRET = "burst-secret-" + "k" * 32
OPENED = T0 + timedelta(days=8)  # 12/7/2023, within the term of the test world


@dataclass
class Round:
    round_id: int
    tokens: dict[int, str]  # invitation id → the link's token


def open_round(session: Session) -> Round:
    now = OPENED
    w = world(session, now)
    did = directive_with_draft(session, w, now)
    units = [
        unit_create(session, name=f"Đảng ủy xã số {i}", email=f"xa{i}@bp.test", by="t", now=now)
        for i in range(UNITS)
    ]
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in units],
        by="canbo",
        now=now,
        links=Links("http://127.0.0.1", SECRET),
        deadline=date(2023, 7, 27),
    )
    with Session(session.get_bind()) as s:
        by_unit = {
            inv.unit_id: id_of(inv)
            for inv in s.exec(select(Invitation).where(Invitation.round_id == opened.round.id))
        }
    return Round(id_of(opened.round), {by_unit[u]: tok for u, tok in opened.tokens.items()})


@pytest.fixture
def served(engine: Engine, session: Session, tmp_path) -> Iterator[tuple[str, Round]]:
    """The round, then the app on its own engine (pool and admission from the settings, as
    `duthao serve`), over the test's database."""
    rnd = open_round(session)
    session.commit()
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key=SECRET,
        sweep_enabled=False,
    )
    app = create_app(settings)
    app.state.clock = lambda: OPENED + timedelta(days=1)
    try:
        with serve(app, free_port()) as base:
            yield base, rnd
    finally:
        app.state.engine.dispose()


def text_of(inv_id: int) -> str:
    return f"Ý kiến của đơn vị {inv_id}: bổ sung nhiệm vụ của cấp xã."


async def one_unit(
    base: str, inv_id: int, token: str, go: asyncio.Event, problems: list[str]
) -> None:
    """A unit's browser: open the link, add a comment, submit."""
    async with httpx.AsyncClient(base_url=base, timeout=120, verify=False) as client:
        await go.wait()
        try:
            page = await client.get(f"/u/{token}")
            found = CSRF.search(page.text)
            if page.status_code != 200 or found is None:
                problems.append(f"GET {inv_id}: {page.status_code}")
                return
            form = {"csrf_token": found.group(1)}
            comment = {**form, "position": "agree_with_comments", "text": text_of(inv_id)}
            for path, data in (("comments", comment), ("submit", form)):
                r = await client.post(f"/u/{token}/{path}", data=data)
                if r.status_code != 303:
                    problems.append(f"POST {path} {inv_id}: {r.status_code}")
                    return
        except httpx.HTTPError as exc:  # a dropped connection or a timeout
            problems.append(f"{inv_id}: {type(exc).__name__} {exc}")


async def burst(base: str, tokens: dict[int, str]) -> list[str]:
    go = asyncio.Event()
    problems: list[str] = []
    tasks = [
        asyncio.create_task(one_unit(base, inv, tok, go, problems)) for inv, tok in tokens.items()
    ]
    await asyncio.sleep(0.2)  # every client ready, then all at once
    go.set()
    await asyncio.gather(*tasks)
    return problems


def counted(engine: Engine, model: type, *where: ColumnElement[bool]) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def test_two_hundred_units_comment_and_submit_at_once(engine, served):
    base, rnd = served

    problems = asyncio.run(burst(base, rnd.tokens))

    assert problems == []
    with Session(engine) as s:
        comments = s.exec(select(Comment).where(Comment.round_id == rnd.round_id)).all()
        invitations = s.exec(select(Invitation).where(Invitation.round_id == rnd.round_id)).all()
    assert sorted((c.invitation_id, c.text, c.draft) for c in comments) == [
        (inv, text_of(inv), False) for inv in sorted(rnd.tokens)
    ]
    assert {i.status for i in invitations} == {"answered"}
    assert all(i.opened_at is not None for i in invitations)
    assert counted(engine, AuditEvent, col(AuditEvent.action) == "answer.submit") == UNITS
    receipts = counted(engine, OutboxMessage, col(OutboxMessage.template) == "receipt")
    assert receipts == UNITS
