"""Units change over time (issue 12, item 7): two district units consulted in 2023 are merged
into one in 2025. The directive's history keeps them under their old names; new rounds and
periods ask the successor; the API and the CSV import carry the fields; another body's
officer cannot reorganise units it does not own."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from documents.synthesis import synthesis
from models.commands.answers import answer_submit, comment_save
from models.commands.rounds import round_close, round_open
from models.db import session_scope
from models.errors import Invalid
from models.ids import id_of
from models.queries.unit_validity import units_in_force
from models.tables import AuditEvent, Unit, User
from models.text import short_date
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site, post
from tests.web.test_unit_support import bearer, links_for

A, B = "Huyện ủy Phước Long Thượng", "Huyện ủy Bình Sơn Hạ"
HEIR = "Đảng ủy xã Sơn Long"
ON = date(2025, 7, 1)
LATER = datetime(2025, 7, 10, 2, 0, tzinfo=UTC)  # 09:00 on 10/7/2025 in Vietnam


def _tokens(session) -> dict[str, dict[str, str]]:
    tokens = {u.username: bearer(session, id_of(u)) for u in session.exec(select(User)).all()}
    session.rollback()
    return tokens


def _districts(site) -> tuple[int, int]:
    """Two district units of the drafting body, made on its own page."""
    hoa = site.client("hoa")
    province = site.world.issuer.parent_id
    for name, mail in ((A, "hu.plt@sonlong.test"), (B, "hu.bsh@sonlong.test")):
        made = post(hoa, "/units", {"name": name, "parent_id": str(province), "email": mail})
        assert made.status_code == 303, made.text
    a = site.one(select(Unit).where(Unit.name == A))
    b = site.one(select(Unit).where(Unit.name == B))
    return id_of(a), id_of(b)


def _consulted_in_2023(site, settings, a: int, b: int) -> tuple[int, int]:
    """A directive of 2023 whose round asked both districts; both commented, A replied."""
    with session_scope(site.app.state.engine) as s:
        did = directive_with_draft(s, site.world, NOW - timedelta(days=2))
        opened = round_open(
            s,
            directive_id=did,
            kind="written",
            unit_ids=[a, b],
            letter_date=date(2023, 7, 12),
            deadline=date(2023, 7, 27),
            by="hoa",
            now=NOW,
            links=links_for(settings),
        )
        round_id = id_of(opened.round)
        for uid, text in ((a, "Bổ sung nhiệm vụ đối thoại"), (b, "Làm rõ trách nhiệm")):
            comment_save(
                s,
                raw_token=opened.tokens[uid],
                position="agree_with_comments",
                text=text,
                now=NOW + timedelta(days=1),
            )
            answer_submit(
                s,
                raw_token=opened.tokens[uid],
                reply_number="15-CV/HU" if uid == a else "",
                reply_date=date(2023, 7, 14) if uid == a else None,
                now=NOW + timedelta(days=2),
            )
    return did, round_id


def _reorganise_page(client, a: int, b: int, **extra: str):
    data = {"on": short_date(ON), "abolished_ids": [str(a), str(b)], "mode": "new", "name": HEIR}
    return post(client, "/units/reorganise", {**data, "email": "dusl@sonlong.test", **extra})


def test_two_districts_merged_keep_their_history_and_leave_new_rounds(engine, session, settings):
    site = make_site(engine, session, settings)
    a, b = _districts(site)
    did, round_id = _consulted_in_2023(site, settings, a, b)

    # While the round is open the districts' links are live: refused, nothing changed.
    site.set_now(NOW + timedelta(days=3))
    hoa = site.client("hoa")  # signed in on the day (a session ends after its idle time)
    refused = _reorganise_page(hoa, a, b)
    assert refused.status_code == 409
    assert "Còn 2 liên kết đang mở" in refused.text and "đánh dấu xác nhận" in refused.text
    assert f'name="abolished_ids" value="{a}" checked' in refused.text  # kept ticked
    assert site.get(Unit, a).valid_to is None
    assert site.all(select(Unit).where(Unit.name == HEIR)) == []

    with session_scope(site.app.state.engine) as s:
        round_close(s, round_id=round_id, by="hoa", now=NOW + timedelta(days=16))
    site.set_now(LATER)
    hoa = site.client("hoa")
    assert "Sắp xếp, sáp nhập đơn vị" in hoa.get("/units").text
    page = hoa.get("/units/reorganise")
    assert page.status_code == 200 and f'name="abolished_ids" value="{a}"' in page.text
    done = _reorganise_page(hoa, a, b)
    assert done.status_code == 303, done.text
    heir = site.one(select(Unit).where(Unit.name == HEIR))
    assert (heir.valid_from, heir.valid_to, heir.owner_id) == (ON, None, site.world.drafting.id)
    for uid in (a, b):
        old = site.get(Unit, uid)
        assert (old.valid_to, old.successor_id) == (date(2025, 6, 30), heir.id)
    actions = [
        e.action
        for e in site.all(
            select(AuditEvent).where(AuditEvent.actor == "hoa", AuditEvent.at == LATER)
        )
    ]
    assert sorted(actions) == ["unit.create", "unit.reorganise", "unit.update", "unit.update"]

    # Units in force: before the day, the districts; from it, the successor once.
    with session_scope(site.app.state.engine) as s:
        assert [u.name for u in units_in_force(s, [a, b], date(2025, 6, 30))] == [A, B]
        assert [u.name for u in units_in_force(s, [a, b], date(2025, 7, 2))] == [HEIR]

    # The list shows them apart, with the day they ceased and their successor.
    listing = hoa.get("/units").text
    ceased = listing[listing.index('id="ceased-units"') :]
    note = f"Đã thôi hoạt động từ {short_date(ON)}, kế thừa: {HEIR}"
    assert A in ceased and B in ceased and note in ceased and HEIR not in ceased.split(note)[0]
    assert HEIR in listing[: listing.index('id="ceased-units"')]

    # History: the round, its invitations and the synthesis keep the old units and names.
    rnd = hoa.get(f"/rounds/{round_id}").text
    assert A in rnd and B in rnd and note in rnd
    assert "Bổ sung nhiệm vụ đối thoại" in rnd and "Làm rõ trách nhiệm" in rnd
    with session_scope(site.app.state.engine) as s:
        table = synthesis(s, did)
    subjects = {name for g in table.groups for r in g.rows for name in r.subjects}
    assert {A, B} <= subjects and HEIR not in subjects
    assert hoa.get(f"/directives/{did}").status_code == 200

    # A new round's form offers the successor, not the districts; of a 2023 date, the old ones.
    with session_scope(site.app.state.engine) as s:
        fresh = directive_with_draft(s, site.world, LATER)
    form = hoa.get(f"/directives/{fresh}/rounds/new").text
    assert HEIR in form and f'name="unit_ids" value="{a}"' not in form
    assert f'name="unit_ids" value="{b}"' not in form
    past = hoa.get(f"/directives/{fresh}/rounds/new?letter_date=12/07/2023").text
    assert (
        f'name="unit_ids" value="{a}"' in past and f'name="unit_ids" value="{heir.id}"' not in past
    )
    # Named anyway (the API, a saved group, a forged form): refused with the successor named.
    with session_scope(site.app.state.engine) as s, pytest.raises(Invalid) as caught:
        round_open(
            s,
            directive_id=fresh,
            kind="written",
            unit_ids=[a, id_of(site.world.units[0])],
            by="hoa",
            now=LATER,
            links=links_for(settings),
        )
    assert caught.value.field == "unit_ids"
    assert f"“{A}” đã thôi hoạt động từ {short_date(ON)}, kế thừa: {HEIR}" in caught.value.message
    forged = post(
        hoa,
        f"/directives/{fresh}/rounds/new",
        {"kind": "written", "unit_ids": [str(a)], "deadline": "30/07/2025"},
    )
    assert forged.status_code == 422 and "đã thôi hoạt động" in forged.text


def test_another_bodys_officer_cannot_reorganise_units_it_does_not_own(engine, session, settings):
    site = make_site(engine, session, settings)
    tokens = _tokens(session)
    a, b = _districts(site)
    khac = site.client("khac")  # in 2023: a reorganisation may be decided ahead of its day
    page = _reorganise_page(khac, a, b)
    assert page.status_code == 404 and f"Không tìm thấy đơn vị #{a}." in page.text
    offered = khac.get("/units/reorganise").text
    assert f'name="abolished_ids" value="{a}"' not in offered  # not offered either
    api = site.client(None)
    body = {"abolished_ids": [a, b], "on": ON.isoformat(), "successor": {"name": HEIR}}
    refused = api.post("/api/v1/units/reorganise", headers=tokens["khac"], json=body)
    assert refused.status_code == 404
    assert refused.json() == {"error": f"Không tìm thấy đơn vị #{a}."}
    # A leader has no unit to edit: refused by the table before anything.
    assert api.post("/api/v1/units/reorganise", headers=tokens["lanh"], json=body).status_code in (
        403,
        404,
    )
    assert site.get(Unit, a).valid_to is None and site.get(Unit, b).successor_id is None
    assert site.all(select(Unit).where(Unit.name == HEIR)) == []
    # The owning body's officer, through the API, onto an existing unit in force.
    heir = id_of(site.world.units[0])
    ok = api.post(
        "/api/v1/units/reorganise",
        headers=tokens["hoa"],
        json={"abolished_ids": [a, b], "on": ON.isoformat(), "successor_id": heir},
    )
    assert ok.status_code == 200, ok.text
    out = ok.json()
    assert out["created"] is False and out["successor"]["id"] == heir
    assert [u["valid_to"] for u in out["abolished"]] == ["2025-06-30", "2025-06-30"]
    assert {u["successor_id"] for u in out["abolished"]} == {heir}
    for day, present in (("2025-06-30", True), ("2025-07-01", False)):
        found = api.get(
            "/api/v1/units", headers=tokens["hoa"], params={"q": "Huyen uy", "in_force_on": day}
        ).json()
        names = {u["name"] for u in found["items"]}
        assert (A in names and B in names) is present and "Huyện ủy Bù Đăng" in names
    # Again: they have ceased already.
    again = api.post(
        "/api/v1/units/reorganise",
        headers=tokens["hoa"],
        json={"abolished_ids": [a], "on": "2025-08-01", "successor_id": heir},
    )
    assert again.status_code == 422
    assert again.json()["error"].startswith(f"Đơn vị “{A}” đã thôi hoạt động từ 01/7/2025")
    # Neither or both successors: one message at the successor's field.
    both = api.post(
        "/api/v1/units/reorganise",
        headers=tokens["quantri"],
        json={**body, "successor_id": heir},
    )
    assert both.status_code == 422 and "một trong hai" in both.json()["error"]


def test_api_and_csv_round_trip_the_validity_fields(engine, session, settings):
    site = make_site(engine, session, settings)
    tokens = _tokens(session)
    a, b = _districts(site)
    api = site.client(None)
    hoa = tokens["hoa"]
    heir = api.post(
        "/api/v1/units",
        headers=hoa,
        json={"name": HEIR, "valid_from": "01/07/2025", "email": "dusl@sonlong.test"},
    )
    assert heir.status_code == 201, heir.text
    heir_id = heir.json()["id"]
    assert heir.json()["valid_from"] == "2025-07-01" and heir.json()["valid_to"] is None
    # PATCH: out-of-order dates, a successor not yet in force: refused, nothing stored.
    bad = api.patch(
        f"/api/v1/units/{a}",
        headers=hoa,
        json={"valid_from": "2025-07-01", "valid_to": "2025-06-30"},
    )
    assert bad.status_code == 422 and "Ngày hết hiệu lực phải cùng hoặc sau" in bad.json()["error"]
    early = api.patch(
        f"/api/v1/units/{a}", headers=hoa, json={"valid_to": "2025-06-29", "successor_id": heir_id}
    )
    assert early.status_code == 422
    assert f"“{HEIR}” phải có hiệu lực từ ngày 30/6/2025" in early.json()["error"]
    assert site.get(Unit, a).valid_to is None
    good = api.patch(
        f"/api/v1/units/{a}", headers=hoa, json={"valid_to": "2025-06-30", "successor_id": heir_id}
    )
    assert good.status_code == 200
    assert (good.json()["valid_to"], good.json()["successor_id"]) == ("2025-06-30", heir_id)
    # A patch of the email leaves them; null clears them (the successor first: it needs an end).
    mail = api.patch(f"/api/v1/units/{a}", headers=hoa, json={"email": "moi@sonlong.test"})
    assert mail.json()["successor_id"] == heir_id
    listed = api.get("/api/v1/units", headers=hoa, params={"q": "Phuoc Long Thuong"}).json()
    assert [(u["valid_to"], u["successor_id"]) for u in listed["items"]] == [
        ("2025-06-30", heir_id)
    ]
    no_end = api.patch(f"/api/v1/units/{a}", headers=hoa, json={"valid_to": None})
    assert no_end.status_code == 422 and "phải có ngày hết hiệu lực" in no_end.json()["error"]
    cleared = api.patch(
        f"/api/v1/units/{a}", headers=hoa, json={"valid_to": None, "successor_id": None}
    )
    assert (cleared.json()["valid_to"], cleared.json()["successor_id"]) == (None, None)

    # CSV: Vietnamese headers, dates dd/mm/yyyy, the successor by name (existing or earlier).
    csv = (
        "tên đơn vị,hiệu lực từ,hiệu lực đến,đơn vị kế thừa\n"
        f"Chi bộ thôn Sơn Trung,01/01/2020,30/06/2025,{HEIR}\n"
        "Chi bộ ấp Sơn Hà,,,\n"
        "Chi bộ ấp Sơn Hà cũ,,30/06/2025,Chi bộ ấp Sơn Hà\n"
    )
    imported = api.post("/api/v1/units/import", headers=hoa, json={"csv": csv})
    assert imported.status_code == 201, imported.text
    rows = {u["name"]: u for u in imported.json()}
    trung = rows["Chi bộ thôn Sơn Trung"]
    assert (trung["valid_from"], trung["valid_to"], trung["successor_id"]) == (
        "2020-01-01",
        "2025-06-30",
        heir_id,
    )
    assert rows["Chi bộ ấp Sơn Hà cũ"]["successor_id"] == rows["Chi bộ ấp Sơn Hà"]["id"]
    # A bad line refuses the whole file, its message naming the column.
    bad_csv = (
        "name,valid_from,valid_to,successor\n"
        "Chi bộ ấp Sơn Lâm,,,\n"
        f"Chi bộ ấp Sơn Lợi,,29/06/2025,{HEIR}\n"
        "Chi bộ ấp Sơn Phú,01/07/2025,01/01/2025,\n"
        "Chi bộ ấp Sơn Quý,,30/06/2025,Không có đơn vị này\n"
    )
    refused = post(site.client("hoa"), "/units/import", {"csv": bad_csv})
    assert refused.status_code == 422
    assert "Dòng 3: Đơn vị kế thừa “Đảng ủy xã Sơn Long” phải có hiệu lực từ ngày 30/6/2025" in (
        refused.text
    )
    assert "(cột đơn vị kế thừa)" in refused.text
    assert "Dòng 4: Ngày hết hiệu lực phải cùng hoặc sau ngày bắt đầu hiệu lực" in refused.text
    assert "(cột hiệu lực đến)" in refused.text
    assert "Dòng 5: không tìm thấy đơn vị kế thừa “Không có đơn vị này”" in refused.text
    assert site.all(select(Unit).where(col(Unit.name).like("Chi bộ ấp Sơn L%"))) == []


def test_the_edit_pages_carry_the_fields_with_messages_at_the_field(engine, session, settings):
    site = make_site(engine, session, settings)
    a, b = _districts(site)
    hoa = site.client("hoa")
    page = hoa.get(f"/units/{a}").text
    assert 'name="valid_from"' in page and 'name="successor_id"' in page
    refused = post(
        hoa,
        f"/units/{a}",
        {"name": A, "email": "", "valid_from": "01/07/2025", "valid_to": "30/06/2025"},
    )
    assert refused.status_code == 422
    assert 'id="valid_to-error">Ngày hết hiệu lực phải cùng hoặc sau' in refused.text
    assert 'value="30/06/2025"' in refused.text  # what was typed stays
    assert site.get(Unit, a).valid_from is None
    loop = post(hoa, f"/units/{a}", {"name": A, "valid_to": "30/06/2025", "successor_id": str(a)})
    assert loop.status_code == 422 and "không được là chính đơn vị này" in loop.text
    saved = post(
        hoa,
        f"/units/{b}",
        {
            "name": B,
            "email": "",
            "valid_from": "",
            "valid_to": "30/06/2025",
            "successor_id": str(a),
        },
    )
    assert saved.status_code == 303
    assert (site.get(Unit, b).valid_to, site.get(Unit, b).successor_id) == (date(2025, 6, 30), a)
    # A loop through the pages: A's successor may not be B, which hands over to A.
    back = post(hoa, f"/units/{a}", {"name": A, "valid_to": "30/06/2026", "successor_id": str(b)})
    assert back.status_code == 422
    # The deactivate button posts no dates: they stay.
    assert post(hoa, f"/units/{b}", {"active": "0"}).status_code == 303
    assert site.get(Unit, b).valid_to == date(2025, 6, 30) and not site.get(Unit, b).active
    # The administrator's page carries them too and clears a blank one.
    admin = site.client("quantri")
    form = admin.get(f"/admin/units/{b}").text
    assert 'value="30/06/2025"' in form or 'value="30/6/2025"' in form
    cleared = post(
        admin,
        f"/admin/units/{b}",
        {"name": B, "valid_from": "", "valid_to": "", "successor_id": "", "active": "1"},
    )
    assert cleared.status_code == 303
    assert (site.get(Unit, b).valid_to, site.get(Unit, b).successor_id) == (None, None)
