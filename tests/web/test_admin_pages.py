"""Administration pages and their API twins (issue 11, item 1): bodies with their header
line, place and symbol (editable while unused, audited), terms, accounts."""

from datetime import date

from sqlmodel import select

from models.commands.register import register_next
from models.commands.units import unit_create
from models.ids import id_of
from models.policy import refusal
from models.tables import AuditEvent, Term, Unit, User
from tests.web.officer_kit import NOW, PASSWORD, csrf_of, make_site, post
from tests.web.test_unit_support import bearer

BODY = {
    "name": "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh",
    "superior": "ĐẢNG BỘ TỈNH BÌNH PHƯỚC",
    "place": "Bình Phước",
    "symbol": "ĐUK",
    "category": "dang-uy-truc-thuoc",
    "email": "dukcqdn@binhphuoc.test",
}


def _number(session, **kw) -> None:
    """A number drawn from the register (as a round letter or a directive is numbered)."""
    register_next(session, by="t", now=NOW, **kw)
    session.commit()


def _admin_token(site, session) -> dict[str, str]:
    admin = session.exec(select(User).where(User.username == "quantri")).one()
    return bearer(session, admin.id)


def test_admin_edits_a_symbol_while_unused_then_it_is_locked(engine, session, settings):
    site = make_site(engine, session, settings)
    admin = site.client("quantri")
    assert 'href="/admin"' in admin.get("/").text  # the navigation link "Quản trị"
    r = post(admin, "/admin/units", {**BODY, "parent_id": str(site.world.issuer.parent_id)})
    assert r.status_code == 303
    unit = site.one(select(Unit).where(Unit.symbol == "ĐUK"))
    assert (unit.superior, unit.place, unit.owner_id) == (
        "ĐẢNG BỘ TỈNH BÌNH PHƯỚC",
        "Bình Phước",
        None,
    )
    page = admin.get(f"/admin/units/{unit.id}")
    assert page.status_code == 200 and 'value="ĐẢNG BỘ TỈNH BÌNH PHƯỚC"' in page.text
    # Unused: the symbol changes, with the header line, and the change is audited.
    edit = {**BODY, "symbol": "ĐUKCQDN", "superior": "TỈNH ỦY BÌNH PHƯỚC", "active": "1"}
    assert post(admin, f"/admin/units/{unit.id}", edit).status_code == 303
    unit = site.get(Unit, unit.id)
    assert (unit.symbol, unit.superior, unit.active) == ("ĐUKCQDN", "TỈNH ỦY BÌNH PHƯỚC", True)
    audit = site.all(
        select(AuditEvent).where(AuditEvent.entity == "unit", AuditEvent.entity_id == unit.id)
    )
    changed = [a for a in audit if a.action == "unit.update"]
    assert changed and changed[-1].before["symbol"] == "ĐUK"
    assert changed[-1].after["symbol"] == "ĐUKCQDN"
    # A number issued under it: the symbol stays, said at the field, the typed values kept.
    site.run(_number, issuer_id=unit.id, kind="CV", doc_date=date(2023, 7, 12))
    assert "không đổi được nữa" in admin.get(f"/admin/units/{unit.id}").text
    refused = post(
        admin, f"/admin/units/{unit.id}", {**edit, "symbol": "ĐUK", "place": "Đồng Xoài"}
    )
    assert refused.status_code == 409
    assert 'class="field-error" id="symbol-error">Ký hiệu “ĐUKCQDN” đã được dùng' in refused.text
    assert 'value="Đồng Xoài"' in refused.text
    assert (
        site.get(Unit, unit.id).symbol == "ĐUKCQDN"
        and site.get(Unit, unit.id).place == "Bình Phước"
    )
    # The API twin: the same rule, the same message; other fields still change.
    api = site.client(None)
    token = _admin_token(site, session)
    r = api.patch(f"/api/v1/admin/units/{unit.id}", headers=token, json={"symbol": "X"})
    assert r.status_code == 409 and r.json()["field"] == "symbol"
    r = api.patch(f"/api/v1/admin/units/{unit.id}", headers=token, json={"place": "Đồng Xoài"})
    assert r.status_code == 200 and r.json()["place"] == "Đồng Xoài"
    # A body cannot be put under itself.
    loop = api.patch(f"/api/v1/admin/units/{unit.id}", headers=token, json={"parent_id": unit.id})
    assert loop.status_code == 422 and loop.json()["field"] == "parent_id"


def test_non_admins_are_refused(engine, session, settings):
    site = make_site(engine, session, settings)
    unit_id = id_of(site.world.drafting)
    hoa = site.client("hoa")
    for path in ("/admin", "/admin/units", f"/admin/units/{unit_id}", "/admin/terms"):
        r = hoa.get(path)
        assert r.status_code == 403, path
    r = post(hoa, f"/admin/units/{unit_id}", {**BODY, "symbol": "ZZ"})
    assert r.status_code == 403 and refusal("officer", "unit.admin") in r.text
    assert site.get(Unit, unit_id).symbol == "BDVTU"
    assert post(site.client("lanh"), "/admin/terms", {"name": "x"}).status_code == 403
    assert post(hoa, "/admin/users", {"username": "moi", "password": PASSWORD}).status_code == 403
    api = site.client(None)
    token = bearer(session, id_of(site.world.officer))
    r = api.patch(f"/api/v1/admin/units/{unit_id}", headers=token, json={"symbol": "ZZ"})
    assert (r.status_code, r.json()["error"]) == (403, refusal("officer", "unit.admin"))
    assert api.get("/api/v1/admin/terms", headers=token).status_code == 403
    assert api.post("/api/v1/admin/users", headers=token, json={}).status_code == 403
    assert 'href="/admin"' not in hoa.get("/").text


def test_terms_do_not_overlap_and_keep_their_dates_once_used(engine, session, settings):
    site = make_site(engine, session, settings)
    admin = site.client("quantri")
    old = site.one(select(Term))  # 01/10/2020 – 30/9/2025
    overlap = post(
        admin,
        "/admin/terms",
        {"name": "2025 - 2030", "starts_on": "01/9/2025", "ends_on": "30/9/2030"},
    )
    assert overlap.status_code == 409
    assert 'id="starts_on-error">Trùng với nhiệm kỳ 2020 - 2025' in overlap.text
    assert 'value="2025 - 2030"' in overlap.text
    backwards = post(
        admin,
        "/admin/terms",
        {"name": "2025 - 2030", "starts_on": "01/10/2030", "ends_on": "01/10/2025"},
    )
    assert backwards.status_code == 422 and "phải sau ngày bắt đầu" in backwards.text
    ok = {"name": "2025 - 2030", "starts_on": "01/10/2025", "ends_on": "30/9/2030"}
    assert post(admin, "/admin/terms", ok).status_code == 303
    new = site.one(select(Term).where(Term.name == "2025 - 2030"))
    # Unused: its dates move freely (not onto the other term).
    moved = {"name": "2025 - 2030", "starts_on": "15/10/2025", "ends_on": "30/9/2030"}
    assert post(admin, f"/admin/terms/{new.id}", moved).status_code == 303
    assert site.get(Term, new.id).starts_on == date(2025, 10, 15)
    api = site.client(None)
    token = _admin_token(site, session)
    onto = {"name": "2020 - 2025", "starts_on": "2020-10-01", "ends_on": "2025-10-20"}
    r = api.put(f"/api/v1/admin/terms/{old.id}", headers=token, json=onto)
    assert r.status_code == 409 and r.json()["error"].startswith("Trùng với nhiệm kỳ 2025 - 2030")
    # A number issued in the old term: its start stays, its end only moves later.
    issuer = id_of(site.world.issuer)
    site.run(_number, issuer_id=issuer, kind="CT", doc_date=date(2023, 10, 12))
    earlier = {"name": "2020 - 2025", "starts_on": "01/10/2020", "ends_on": "01/9/2025"}
    r = post(admin, f"/admin/terms/{old.id}", earlier)
    assert r.status_code == 409 and "chỉ được kéo dài ngày kết thúc" in r.text
    start = {"name": "2020 - 2025", "starts_on": "01/9/2020", "ends_on": "30/9/2025"}
    r = api.put(f"/api/v1/admin/terms/{old.id}", headers=token, json=start)
    assert r.status_code == 409 and r.json()["field"] == "starts_on"
    later = {"name": "2020 - 2025", "starts_on": "2020-10-01", "ends_on": "2025-10-10"}
    r = api.put(f"/api/v1/admin/terms/{old.id}", headers=token, json=later)
    assert r.status_code == 200 and r.json() == {
        "id": old.id,
        "name": "2020 - 2025",
        "starts_on": "2020-10-01",
        "ends_on": "2025-10-10",
        "used": True,
    }
    listed = api.get("/api/v1/admin/terms", headers=token).json()
    assert [t["name"] for t in listed] == ["2025 - 2030", "2020 - 2025"]


def test_accounts_created_changed_and_a_deactivated_one_cannot_sign_in(engine, session, settings):
    site = make_site(engine, session, settings)
    admin = site.client("quantri")
    body_id = site.world.drafting.id
    weak = post(admin, "/admin/users", {"username": "lan", "role": "clerk", "password": "123"})
    assert (
        weak.status_code == 422 and 'value="lan"' in weak.text and "ít nhất 12 ký tự" in weak.text
    )
    form = {
        "username": "lan",
        "full_name": "Phạm Thị Lan",
        "email": "lan@binhphuoc.test",
        "role": "clerk",
        "unit_id": str(body_id),
        "password": PASSWORD,
    }
    assert post(admin, "/admin/users", form).status_code == 303
    lan = site.one(select(User).where(User.username == "lan"))
    assert (lan.role, lan.unit_id) == ("clerk", body_id)
    # The role and body change on the page and through the API.
    assert (
        post(admin, f"/admin/users/{lan.id}", {"role": "leader", "unit_id": ""}).status_code == 303
    )
    assert (site.get(User, lan.id).role, site.get(User, lan.id).unit_id) == ("leader", None)
    chief = post(admin, f"/admin/users/{lan.id}", {"role": "chief", "unit_id": ""})
    assert chief.status_code == 422
    assert (
        'has-error"><span>Vai trò</span>' in chief.text
        and "Vui lòng chọn một giá trị" in chief.text
    )
    api = site.client(None)
    token = _admin_token(site, session)
    r = api.patch(
        f"/api/v1/admin/users/{lan.id}", headers=token, json={"role": "officer", "unit_id": body_id}
    )
    assert r.status_code == 200 and (r.json()["role"], r.json()["unit_id"]) == ("officer", body_id)
    bad = api.patch(f"/api/v1/admin/users/{lan.id}", headers=token, json={"role": "chief"})
    assert bad.status_code == 422
    me = site.one(select(User).where(User.username == "quantri"))
    r = api.patch(f"/api/v1/admin/users/{me.id}", headers=token, json={"role": "officer"})
    assert r.status_code == 409 and site.get(User, me.id).role == "admin"
    created = api.post(
        "/api/v1/admin/users",
        headers=token,
        json={"username": "minh", "role": "leader", "password": PASSWORD},
    )
    assert created.status_code == 201 and created.json()["role"] == "leader"
    # Signs in; once deactivated, cannot.
    own = site.client("lan")
    assert own.get("/").status_code == 200
    assert post(admin, f"/admin/users/{lan.id}/active", {"active": "0"}).status_code == 303
    assert own.get("/").status_code == 303  # the open session ended
    again = site.client(None)
    r = again.post(
        "/login",
        data={"username": "lan", "password": PASSWORD, "csrf_token": csrf_of(again)},
    )
    assert r.status_code == 422 and "Tên đăng nhập hoặc mật khẩu không đúng." in r.text


def test_cli_unit_edit_sets_the_header_line_for_administrators_only(
    engine, session, settings, monkeypatch, tmp_path
):
    """`duthao unit edit` calls the same command: the header line, place and symbol are an
    administrator's (unit.admin), refused to the body's own officer."""
    from typer.testing import CliRunner

    from duthao.cli import app

    site = make_site(engine, session, settings)
    mine = site.run(
        lambda s: unit_create(
            s, name="Chi bộ Ban Dân vận", owner_id=id_of(site.world.drafting), by="t", now=NOW
        )
    )
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(tmp_path / "cli"))
    monkeypatch.setenv("DUTHAO_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    edit = ["unit", "edit", str(mine.id), "--superior", "ĐẢNG ỦY BAN DÂN VẬN", "--symbol", "CB"]
    refused = runner.invoke(app, [*edit, "--by", "hoa"])
    assert refused.exit_code == 1 and refusal("officer", "unit.admin") in refused.output
    assert site.get(Unit, mine.id).superior == ""
    done = runner.invoke(app, [*edit, "--place", "Đồng Xoài", "--by", "quantri"])
    assert done.exit_code == 0, done.output
    unit = site.get(Unit, mine.id)
    assert (unit.superior, unit.place, unit.symbol) == ("ĐẢNG ỦY BAN DÂN VẬN", "Đồng Xoài", "CB")
