"""/mail shows what the local sink received, to signed-in users only, escaped."""

from sqlmodel import select

from models.tables import OutboxMessage
from notifications.delivery import deliver_ready
from tests.notifications.scenario import fan_out
from tests.web.officer_kit import NOW, make_site


async def test_mailbox_lists_received_mail(engine, session, settings, mail_settings, sink):  # type: ignore[no-untyped-def]
    site = make_site(engine, session, settings)
    keys = fan_out(session, 3, NOW)
    hostile = session.exec(select(OutboxMessage).where(OutboxMessage.key == keys[0])).one()
    hostile.context = {**hostile.context, "unit": "<script>alert(1)</script>"}
    session.add(hostile)
    session.commit()
    await deliver_ready(engine, mail_settings, now=NOW, worker="a")
    anonymous = site.client(None).get("/mail")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")

    # Only administrators see the sink (it holds every unit's link): the policy table.
    assert site.client("hoa").get("/mail").status_code == 403
    client = site.client("quantri")
    off = client.get("/mail")
    assert off.status_code == 200 and "DUTHAO_MAIL_SINK=1" in off.text
    site.app.state.mail_sink = sink
    page = client.get("/mail")
    assert page.status_code == 200
    assert f"{len(keys)} thư" in page.text
    for m in sink.messages:
        assert m.subject in page.text
        assert m.message["To"].addresses[0].display_name in page.text
    assert "http://duthao.test/u/token0002" in page.text
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
    raw = client.get("/mail/1.eml")
    assert raw.status_code == 200 and raw.content == sink.messages[0].data
    missing = client.get("/mail/99.eml")
    assert missing.status_code == 404 and "Không có thư số 99" in missing.text
