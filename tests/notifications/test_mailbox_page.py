"""/mail shows what the local sink received, to administrators only (the messages carry every
unit's live link: whoever reads one can answer as the unit), escaped; production mode
refuses to start the sink at all (settings check, the sink itself, `duthao serve`)."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from models.settings import Settings
from models.tables import OutboxMessage
from notifications.delivery import deliver_ready
from notifications.sink import start_sink_thread
from tests.links import unit_link
from tests.notifications.scenario import fan_out, written_round
from tests.web.officer_kit import NOW, make_site

ROOT = Path(__file__).resolve().parents[2]


async def test_mailbox_is_for_administrators_only(
    engine, session, settings, links, mail_settings, sink
):
    site = make_site(engine, session, settings)
    written_round(session, links, existing=site.world)  # real invitations with live links
    keys = fan_out(session, 3, NOW)
    hostile = session.exec(select(OutboxMessage).where(OutboxMessage.key == keys[0])).one()
    hostile.context = {**hostile.context, "unit": "<script>alert(1)</script>"}
    session.add(hostile)
    session.commit()
    invitations = select(OutboxMessage).where(OutboxMessage.template == "invitation")
    invite = session.exec(invitations).first()
    link = unit_link(engine, invite, settings)
    session.rollback()
    await deliver_ready(engine, mail_settings, now=NOW, worker="a")
    assert any(link in m.text for m in sink.messages)
    site.app.state.mail_sink = sink

    anonymous = site.client(None).get("/mail")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    # Officers of the drafting body, of another body, and a leader: none reads the sink.
    for username in ("hoa", "khac", "lanh"):
        client = site.client(username)
        for path in ("/mail", "/mail/1.eml", f"/mail/{len(sink.messages)}.eml"):
            refused = client.get(path)
            assert refused.status_code == 403, (username, path)
            assert "quản trị viên" in refused.text and link not in refused.text
        assert client.get("/mail/preferences").status_code == 200  # their own page stays

    admin = site.client("quantri")
    page = admin.get("/mail")
    assert page.status_code == 200
    assert f"{len(sink.messages)} thư" in page.text
    for m in sink.messages:
        assert m.subject in page.text
        assert m.message["To"].addresses[0].display_name in page.text
    assert link in page.text
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
    raw = admin.get("/mail/1.eml")
    assert raw.status_code == 200 and raw.content == sink.messages[0].data
    missing = admin.get("/mail/99.eml")
    assert missing.status_code == 404 and "Không có thư số 99" in missing.text
    site.app.state.mail_sink = None
    off = admin.get("/mail")
    assert off.status_code == 200 and "DUTHAO_MAIL_SINK=1" in off.text


def _production(tmp_path: Path, *, mail_sink: bool = False) -> Settings:
    # smtp_port=0: a sink that got past the check would bind a free port, not 8025.
    return Settings(
        _env_file=None,
        production=True,
        secret_key="k" * 40,
        data_dir=tmp_path,
        mail_sink=mail_sink,
        smtp_port=0,
    )


def test_production_refuses_the_sink(tmp_path: Path) -> None:
    _production(tmp_path).check_production()  # production without the sink starts
    settings = _production(tmp_path, mail_sink=True)
    with pytest.raises(RuntimeError, match="DUTHAO_MAIL_SINK"):
        settings.check_production()
    with pytest.raises(RuntimeError, match="DUTHAO_MAIL_SINK"):
        start_sink_thread(settings).stop()
    Settings(_env_file=None, mail_sink=True, data_dir=tmp_path).check_production()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_refuses_the_sink_in_production(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUTHAO_", "PREFECT_"))}
    env.update(
        DUTHAO_DATA_DIR=str(tmp_path / "data"),
        DUTHAO_PRODUCTION="true",
        DUTHAO_SECRET_KEY="k" * 40,
        DUTHAO_MAIL_SINK="1",
        DUTHAO_SMTP_PORT=str(_free_port()),
        DUTHAO_SWEEP_ENABLED="false",
    )
    port = str(_free_port())
    try:
        done = subprocess.run(
            [sys.executable, "-m", "duthao.cli", "serve", "--port", port],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("duthao serve started the mail sink in production")
    assert done.returncode == 1, done.stderr
    assert "DUTHAO_MAIL_SINK" in done.stderr and "production" in done.stderr
    assert "Traceback" not in done.stderr
