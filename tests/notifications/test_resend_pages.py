"""An officer fixes a bounced address on the page or through the API; the email goes again."""

from sqlmodel import select

from models.commands.users import api_token_create
from models.ids import id_of
from models.tables import AuditEvent, Invitation, OutboxMessage, Unit, User
from notifications.delivery import deliver_ready
from tests.notifications.conftest import BAD
from tests.notifications.scenario import written_round
from tests.web.officer_kit import NOW, make_site, post


async def test_fix_and_resend_on_the_page_and_the_api(
    engine, session, settings, links, mail_settings, sink
):
    site = make_site(engine, session, settings)
    case = written_round(session, links, existing=site.world)
    units = case.world.units
    for unit in units[:2]:  # two units whose addresses bounce
        unit.email = BAD.replace("@", f"{unit.id}@")
        session.add(unit)
    for row in session.exec(select(OutboxMessage)).all():
        if row.to_name in (units[0].name, units[1].name):
            row.to_email = next(u.email for u in units if u.name == row.to_name)
            session.add(row)
    session.commit()
    bad_ids = [id_of(u) for u in units[:2]]
    did = case.directive_id
    session.rollback()
    sink.handler.answers.update({u.email.lower(): "550 5.1.1 User unknown" for u in units[:2]})
    await deliver_ready(engine, mail_settings, now=NOW, worker="a")

    client = site.client("hoa")
    page = client.get(f"/directives/{did}/mail")
    assert page.status_code == 200 and page.text.count("550 5.1.1 User unknown") == 2
    directive_page = client.get(f"/directives/{did}")  # the bounces stand out there too
    assert 'id="undeliverable"' in directive_page.text
    assert directive_page.text.count("550 5.1.1 User unknown") == 2
    failed = site.all(select(OutboxMessage).where(OutboxMessage.status == "failed"))
    first, second = sorted(failed, key=lambda r: r.id)

    refused = post(
        client, f"/outbox/{first.id}/resend", {"to_email": "sai địa chỉ", "message_id": first.id}
    )
    assert refused.status_code == 422 and "không hợp lệ" in refused.text
    assert site.get(OutboxMessage, first.id).status == "failed"
    other = site.client("khac")  # an officer of another drafting body: as if it did not exist
    assert post(other, f"/outbox/{first.id}/resend", {"to_email": "a@b.vn"}).status_code == 404

    before = len(site.reactions())
    done = post(client, f"/outbox/{first.id}/resend", {"to_email": "btgtu.moi@binhphuoc.test"})
    assert done.status_code == 303 and done.headers["location"] == f"/directives/{did}/mail"
    assert site.flows()[before:] == ["deliver-outbox"]
    assert site.get(OutboxMessage, first.id).status == "ready"
    # The units are shared (administrators edit them): the correction goes on this
    # directive's invitation of the unit, not on the unit (models/policy.py).
    assert site.get(Unit, bad_ids[0]).email != "btgtu.moi@binhphuoc.test"
    pinned = site.one(select(Invitation.sent_to).where(Invitation.unit_id == bad_ids[0]))
    assert pinned == "btgtu.moi@binhphuoc.test"

    hoa = site.one(select(User).where(User.username == "hoa"))
    _, token = site.run(api_token_create, user_id=hoa.id, name="api", by="test", now=NOW)
    auth = {"Authorization": f"Bearer {token}"}
    listed = client.get(f"/api/v1/directives/{did}/undeliverable", headers=auth)
    assert listed.status_code == 200 and [m["id"] for m in listed.json()] == [second.id]
    bad = client.post(f"/api/v1/outbox/{second.id}/resend", headers=auth, json={"to_email": "x@"})
    assert bad.status_code == 422 and "không hợp lệ" in bad.json()["error"]
    ok = client.post(
        f"/api/v1/outbox/{second.id}/resend",
        headers=auth,
        json={"to_email": "btctu.moi@binhphuoc.test"},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "ready"

    report = await deliver_ready(engine, mail_settings, now=NOW, worker="b")
    assert report.sent == 2
    got = {r for m in sink.messages[-2:] for r in m.rcpt_tos}
    assert got == {"btgtu.moi@binhphuoc.test", "btctu.moi@binhphuoc.test"}


def test_officer_chooses_each_message_or_a_daily_digest(engine, session, settings):
    site = make_site(engine, session, settings)
    client = site.client("hoa")
    hoa = site.one(select(User).where(User.username == "hoa"))
    assert hoa.digest is False
    page = client.get("/mail/preferences")
    assert page.status_code == 200 and 'value="each" checked' in page.text
    saved = post(client, "/mail/preferences", {"mode": "digest"})
    assert saved.status_code == 303
    assert site.get(User, hoa.id).digest is True
    again = client.get("/mail/preferences")
    assert 'value="digest" checked' in again.text and "thư tổng hợp mỗi ngày" in again.text
    assert post(client, "/mail/preferences", {"mode": "digest"}).status_code == 303
    changes = site.all(select(AuditEvent).where(AuditEvent.action == "user.mail_mode"))
    assert len(changes) == 1  # saving the same choice again changes nothing

    _, token = site.run(api_token_create, user_id=hoa.id, name="api", by="test", now=NOW)
    auth = {"Authorization": f"Bearer {token}"}
    back = client.put("/api/v1/me/mail-mode", headers=auth, json={"digest": False})
    assert back.status_code == 200 and back.json() == {"username": "hoa", "digest": False}
    assert site.get(User, hoa.id).digest is False
    assert client.put("/api/v1/me/mail-mode", json={"digest": True}).status_code == 401
    bad = client.put("/api/v1/me/mail-mode", headers=auth, json={"digest": "có lẽ"})
    assert bad.status_code == 422 and site.get(User, hoa.id).digest is False
