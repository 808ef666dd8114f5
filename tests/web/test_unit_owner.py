"""Who owns a unit (issue 9, item 1): only its body's officers and administrators edit it,
everyone else gets the answer for a unit that does not exist; changing the email of a unit
with open invitations keeps its live links where they were sent until the inviting body
re-issues them, and tells that body."""

from datetime import timedelta

from sqlmodel import col, select

from models.commands.directives import directive_create
from models.commands.drafts import draft_add
from models.commands.rounds import round_open
from models.commands.sweep import sweep_round
from models.ids import id_of
from models.tables import AuditEvent, Invitation, OutboxMessage, Round, Unit, User
from notifications.render import render
from tests.factories import DRAFT_TEXT
from tests.web.officer_kit import make_site, post
from tests.web.test_unit_support import DEADLINE, OPENED_AT, bearer, links_for, open_round_for

ABSENT = 999_999_999
LINKS = ("invitation", "reminder", "overdue", "conference_invitation", "grassroots_request")


def _tokens(site, session) -> dict[str, dict[str, str]]:
    users = session.exec(select(User)).all()
    tokens = {u.username: bearer(session, u.id) for u in users}
    session.rollback()
    return tokens


def test_only_the_owning_body_or_an_admin_edits_a_unit(engine, session, settings):
    site = make_site(engine, session, settings)
    tokens = _tokens(site, session)
    hoa, khac = site.client("hoa"), site.client("khac")
    province = site.world.issuer.parent_id
    assert province is not None  # the Standing Board sits under the province
    made = post(hoa, "/units", {"name": "Huyện ủy Chơn Thành", "parent_id": str(province)})
    assert made.status_code == 303
    mine = site.one(select(Unit).where(Unit.name == "Huyện ủy Chơn Thành"))
    assert mine.owner_id == site.world.drafting.id  # the creator's body owns it
    api = site.client(None)

    # Another body's officer: page, API — exactly the answers for a unit that does not exist.
    for unit_id in (mine.id, site.world.drafting.id):  # the latter: shared, admins only
        patch = api.patch(
            f"/api/v1/units/{unit_id}", headers=tokens["khac"], json={"active": False}
        )
        absent = api.patch(f"/api/v1/units/{ABSENT}", headers=tokens["khac"], json={})
        assert patch.status_code == absent.status_code == 404
        assert patch.json() == {"error": f"Không tìm thấy đơn vị #{unit_id}."}
        assert absent.json() == {"error": f"Không tìm thấy đơn vị #{ABSENT}."}
        page = khac.get(f"/units/{unit_id}")
        assert page.status_code == 404 and f"Không tìm thấy đơn vị #{unit_id}." in page.text
        assert post(khac, f"/units/{unit_id}", {"active": "0"}).status_code == 404
    # Body 3's own drafting unit (shared) is not its officers' either; its officer's unit is.
    shared = id_of(site.world.drafting)
    refused = api.patch(f"/api/v1/units/{shared}", headers=tokens["hoa"], json={"active": False})
    assert refused.status_code == 404
    assert site.get(Unit, shared).active and site.get(Unit, id_of(mine)).active
    own = api.patch(f"/api/v1/units/{mine.id}", headers=tokens["hoa"], json={"email": "a@b.vn"})
    assert own.status_code == 200 and own.json()["owner_id"] == site.world.drafting.id
    admin = api.patch(f"/api/v1/units/{shared}", headers=tokens["quantri"], json={"name": "BDV"})
    assert admin.status_code == 200
    # A leader (no body) and the list: the edit link only where the table allows it.
    assert api.patch(f"/api/v1/units/{mine.id}", headers=tokens["lanh"], json={}).status_code == 404
    listing = khac.get("/units").text
    assert f'href="/units/{mine.id}"' not in listing and f'href="/units/{shared}"' not in listing
    assert f'href="/units/{mine.id}"' in hoa.get("/units").text
    # An import never edits a unit: re-using the name of another body's unit is refused.
    csv = f"name,parent,email\nHuyện ủy Chơn Thành,{site.get(Unit, province).name},x@la.test\n"
    again = post(khac, "/units/import", {"csv": csv})
    assert again.status_code == 422 and "đã có" in again.text
    assert site.get(Unit, mine.id).email == "a@b.vn"
    edits = site.all(
        select(AuditEvent).where(AuditEvent.entity == "unit", AuditEvent.actor == "khac")
    )
    assert edits == []


def test_an_email_change_keeps_live_links_where_they_were_sent(engine, session, settings):
    site = make_site(engine, session, settings)
    did, opened = open_round_for(session, settings, site.world)
    unit = site.world.units[0]
    old, new = unit.email, "hop-thu-moi@la.test"
    rid = opened.round.id
    session.rollback()

    admin = site.client("quantri")  # a shared unit: an administrator changes its email
    changed = post(admin, f"/units/{unit.id}", {"name": unit.name, "email": new})
    assert changed.status_code == 303
    told_admin = admin.get("/units").text
    assert "1 liên kết góp ý đang mở vẫn gửi tới địa chỉ cũ" in told_admin
    assert site.get(Unit, id_of(unit)).email == new
    inv = site.one(
        select(Invitation).where(Invitation.round_id == rid, Invitation.unit_id == unit.id)
    )
    assert inv.sent_to == old  # the live link stays with the address it was sent to
    audit = site.one(select(AuditEvent).where(AuditEvent.action == "unit.email_change"))
    assert (audit.directive_id, audit.before, audit.after["email"]) == (did, {"email": old}, new)
    told = site.all(select(OutboxMessage).where(OutboxMessage.template == "unit_email_changed"))
    assert {m.to_email for m in told} == {"hoa@binhphuoc.test"}  # the drafting body's officers
    text = render(told[0].template, told[0].context, base_url=settings.base_url, strict=True)
    assert old in text.text and new in text.text and f"/rounds/{rid}" in text.text
    assert "cấp lại liên kết" in text.text and unit.name in text.subject

    # The sweep's reminders (with the live link) keep going to the old address …
    site.run(
        lambda s, **kw: sweep_round(s, s.get(Round, rid), **kw),
        now=OPENED_AT.replace(day=24) + timedelta(hours=1),  # 3 days before 27/7
    )
    reminders = site.all(select(OutboxMessage).where(OutboxMessage.template == "reminder"))
    assert old in {m.to_email for m in reminders}
    linked = site.all(select(OutboxMessage).where(col(OutboxMessage.template).in_(LINKS)))
    assert new not in {m.to_email for m in linked}

    # … until the drafting body re-issues the link: its explicit action sends it to the new one.
    hoa = site.client("hoa")
    assert post(hoa, f"/invitations/{inv.id}/reissue").status_code == 303
    assert site.get(Invitation, inv.id).sent_to is None
    invites = site.all(select(OutboxMessage).where(OutboxMessage.to_email == new))
    assert [m.template for m in invites] == ["invitation"]
    site.run(
        lambda s, **kw: sweep_round(s, s.get(Round, rid), **kw),
        now=OPENED_AT.replace(day=26) + timedelta(hours=1),  # 1 day before the deadline
    )
    last = site.all(
        select(OutboxMessage).where(
            OutboxMessage.template == "reminder", OutboxMessage.key.endswith(f":{unit.id}:1")
        )
    )
    assert [m.to_email for m in last] == [new]


def test_a_bounce_fix_never_redirects_another_bodys_links(engine, session, settings):
    """An officer correcting a bounced address re-sends its own directive's messages only and
    edits no shared unit; another body's queued link stays where it was."""
    site = make_site(engine, session, settings)
    tokens = _tokens(site, session)
    w = site.world
    unit = w.units[0]
    did_a, opened_a = open_round_for(session, settings, w)
    other = session.exec(select(User).where(User.username == "khac")).one()
    directive_b, _ = directive_create(
        session,
        title="Về công tác tuyên giáo",
        issuer_id=id_of(w.issuer),
        drafting_unit_id=other.unit_id,
        by="khac",
        now=OPENED_AT,
    )
    draft_add(session, directive_id=id_of(directive_b), text=DRAFT_TEXT, by="khac", now=OPENED_AT)
    round_open(
        session,
        directive_id=id_of(directive_b),
        kind="written",
        unit_ids=[id_of(unit)],
        deadline=DEADLINE,
        by="khac",
        now=OPENED_AT,
        links=links_for(settings),
    )
    for row in session.exec(select(OutboxMessage).where(OutboxMessage.to_email == unit.email)):
        row.status, row.last_error = "failed", "550 5.1.1 User unknown"
        session.add(row)
    session.commit()
    mine = session.exec(
        select(OutboxMessage.id).where(OutboxMessage.directive_id == directive_b.id)
    ).one()
    old, unit_id, round_a, name = unit.email, id_of(unit), opened_a.round.id, unit.name
    session.rollback()  # plain values only from here: SQLite, the app writes next

    api = site.client(None)
    fixed = api.post(
        f"/api/v1/outbox/{mine}/resend", headers=tokens["khac"], json={"to_email": "x@b.vn"}
    )
    assert fixed.status_code == 200 and fixed.json()["status"] == "ready"
    theirs = site.one(
        select(OutboxMessage).where(
            OutboxMessage.directive_id == did_a,
            OutboxMessage.template == "invitation",
            OutboxMessage.to_name == name,
        )
    )
    assert (theirs.status, theirs.to_email) == ("failed", old)  # body A's link did not follow
    assert site.get(Unit, unit_id).email == old  # a shared unit: not an officer's to edit
    pins = dict(
        site.all(
            select(Invitation.round_id, Invitation.sent_to).where(Invitation.unit_id == unit_id)
        )
    )
    assert pins[round_a] is None and "x@b.vn" in pins.values()
    # Body A cannot even see body B's message.
    assert (
        api.post(f"/api/v1/outbox/{mine}/resend", headers=tokens["hoa"], json={}).status_code == 404
    )
