"""No unit secret is ever logged or stored in clear: a whole round (open, units answer on the
page and through the API, an unhandled error on a unit path, reminders, a re-issued link,
close), every message delivered over SMTP; then neither the captured log (every logger,
INFO and up, with tracebacks) nor any column of any table holds a token or a full link."""

import json
import logging
import re
import socket
import threading
import time
from datetime import date, timedelta

import pytest
import uvicorn
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select

from duthao.asgi import compose
from models.clock import at_local
from models.commands.sweep import sweep_round
from models.db import create_all, session_scope
from models.tables import Invitation, OutboxMessage, Round, Section
from notifications.delivery import deliver_ready
from tests.expect import group
from tests.factories import directive_with_draft
from tests.notifications.scenario import fan_out
from tests.web.officer_kit import NOW, hx_post, make_site, post
from web.log_masking import install_log_masking

LINK = re.compile(r"http://duthao\.test/u/([A-Za-z0-9_-]+)")


def _tokens(sink, start: int = 0) -> list[str]:
    """The tokens the units received, read from the mail as a unit reads it."""
    return [t for m in sink.messages[start:] for t in LINK.findall(m.text)]


def _stored_text(engine) -> str:
    """Every value of every column of every table, as text."""
    out: list[str] = []
    with session_scope(engine, read_only=True) as s:
        for table in SQLModel.metadata.sorted_tables:
            for row in s.execute(sa_select(table)).all():
                out.extend(
                    json.dumps(v, default=str) if isinstance(v, dict | list) else str(v)
                    for v in row
                )
    return "\n".join(out)


def _crash_on_unit_path(app) -> None:
    """An unexpected failure on a unit's API path (as under load), with the URL in the
    exception's message: the "unhandled error" line and its traceback must not show it."""

    @app.post("/api/v1/u/{token}/crash", include_in_schema=False)
    def crash(token: str, request: Request) -> None:
        raise RuntimeError(f"failed while handling {request.url}")


async def test_whole_round_leaves_no_live_token_in_logs_or_tables(
    engine, session, mail_settings, sink, caplog
):
    install_log_masking()  # what the composition root does (see the test below)
    caplog.set_level(logging.INFO)
    site = make_site(engine, session, mail_settings)
    did = directive_with_draft(session, site.world, NOW - timedelta(days=1))
    session.rollback()
    _crash_on_unit_path(site.app)
    hoa = site.client("hoa")
    units = site.world.units
    form = hoa.get(f"/directives/{did}/rounds/new?kind=written")
    key = group(r'name="request_key" value="([0-9a-f]+)"', form.text)
    opened = post(
        hoa,
        f"/directives/{did}/rounds/new",
        {
            "kind": "written",
            "request_key": key,
            "letter_number": "490-CV/BDVTU",
            "letter_date": "12/7/2023",
            "deadline": "27/7/2023",
            "reminder_days": "3,1",
            "unit_ids": [str(u.id) for u in units],
        },
    )
    assert opened.status_code == 303
    rnd = site.one(select(Round))
    await deliver_ready(engine, mail_settings, now=NOW, worker="open")
    first = _tokens(sink)
    assert len(first) == len(units)  # every unit got its link by mail

    # Units answer: one on the page, one through its e-office system (API), one agrees.
    unit = TestClient(site.app, follow_redirects=False)
    page = unit.get(f"/u/{first[0]}")
    assert page.status_code == 200
    csrf = group(r'name="csrf_token" value="([^"]+)"', page.text)
    section = site.one(select(Section).where(Section.key == "II.1"))
    saved = unit.post(
        f"/u/{first[0]}/comments",
        data={"csrf_token": csrf, "position": "disagree", "text": "Đề nghị viết lại mục II.1."},
    )
    assert saved.status_code == 303
    assert unit.post(f"/u/{first[0]}/submit", data={"csrf_token": csrf}).status_code == 303
    api = TestClient(site.app, raise_server_exceptions=False)
    made = api.post(
        f"/api/v1/u/{first[1]}/comments",
        json={"position": "agree_with_comments", "text": "Bổ sung.", "section_id": section.id},
    )
    assert made.status_code == 201, made.text
    assert api.post(f"/api/v1/u/{first[1]}/submit", json={}).status_code == 200
    assert api.post(f"/api/v1/u/{first[2]}/no-comments", json={}).status_code == 200
    crashed = api.post(f"/api/v1/u/{first[3]}/crash")
    assert crashed.status_code == 500 and "lỗi hệ thống" in crashed.json()["error"]

    # Reminders 3 days before the deadline, to the units that have not answered.
    site.run(sweep_round, rnd=site.get(Round, rnd.id), now=at_local(date(2023, 7, 24), 9))
    sent = len(sink.messages)
    await deliver_ready(engine, mail_settings, now=at_local(date(2023, 7, 24), 9), worker="remind")
    reminded = _tokens(sink, sent)
    assert set(reminded) == {first[3], first[4]}

    # A lost email: the officer re-issues one unit's link; the new one arrives by mail.
    inv = site.one(select(Invitation).where(Invitation.unit_id == units[4].id))
    assert hx_post(hoa, f"/invitations/{inv.id}/reissue").status_code == 200
    sent = len(sink.messages)
    await deliver_ready(engine, mail_settings, now=at_local(date(2023, 7, 24), 10), worker="re")
    (fresh,) = _tokens(sink, sent)
    assert fresh not in first and api.get(f"/api/v1/u/{fresh}").status_code == 200

    assert post(hoa, f"/rounds/{rnd.id}/close").status_code == 303
    await deliver_ready(engine, mail_settings, now=at_local(date(2023, 7, 28), 9), worker="close")

    log = caplog.text
    stored = _stored_text(engine)
    assert "/api/v1/u/[masked:" in log and "/u/[masked:" in log  # unit paths were logged
    assert "unhandled error on POST /api/v1/u/[masked:" in log and "RuntimeError" in log
    for token in {*first, fresh}:
        assert token not in log, "a unit token in the log"
        assert token not in stored, "a unit token in a table"
    assert "duthao.test/u/" not in stored  # no full link either
    assert not LINK.search(log)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Collect(logging.Handler):
    """Keeps each formatted line."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_uvicorn_access_log_of_the_composed_app_is_masked(tmp_path, monkeypatch) -> None:
    """The app as `duthao serve` and `duthao.asgi:create` build it, under uvicorn with its
    own logging configuration and access log: the access line keeps its format, masked."""
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DUTHAO_SWEEP_ENABLED", "false")
    from models.settings import Settings

    app = compose(Settings(_env_file=None))
    create_all(app.state.engine)
    port = _free_port()
    # No lifespan: its shutdown stops the process's Prefect server, here the test harness's.
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="info", access_log=True, lifespan="off"
    )
    server = uvicorn.Server(config)
    lines: list[str] = []
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
            assert thread.is_alive()
        # uvicorn's own handler and formatter, with a stream we can read.
        access = logging.getLogger("uvicorn.access")
        handler = _Collect(lines)
        handler.setFormatter(access.handlers[0].formatter)
        access.addHandler(handler)
        import httpx

        secret = "Zm9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkw"
        httpx.get(f"http://127.0.0.1:{port}/u/{secret}")
        httpx.get(f"http://127.0.0.1:{port}/api/v1/u/{secret}/comments?x=1")
        access.removeHandler(handler)
    finally:
        server.should_exit = True
        thread.join(30)
    assert len(lines) == 2, lines
    assert all(secret not in line for line in lines)
    assert '"GET /u/[masked:' in lines[0] and '"GET /api/v1/u/[masked:' in lines[1]
    assert "/comments?x=1 HTTP/1.1" in lines[1]


@pytest.fixture(autouse=True)
def _keep_record_factory():
    """The masking is process-wide by design; these tests put the previous factory back."""
    previous = logging.getLogRecordFactory()
    yield
    logging.setLogRecordFactory(previous)


async def test_message_without_its_invitation_is_not_sent_linkless(
    engine, session, mail_settings, sink
):
    (key,) = fan_out(session, 1, NOW)
    row = session.exec(select(OutboxMessage).where(OutboxMessage.key == key)).one()
    row.context = {**row.context, "invitation_id": 987654}  # no such invitation
    session.add(row)
    session.commit()
    report = await deliver_ready(engine, mail_settings, now=NOW, worker="a")
    assert (report.sent, report.failed, sink.messages) == (0, 1, [])
    session.expire_all()
    failed = session.get(OutboxMessage, row.id)
    assert failed.status == "failed" and "Không còn lời mời #987654" in failed.last_error
