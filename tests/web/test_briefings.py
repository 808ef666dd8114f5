"""Hội nghị giao ban, recorded by the Ban Dân vận officer on the page and through the API:
recorded with its minutes; refused with a Vietnamese message at the field for a future day
or a unit outside the plan (nothing stored, no file left); who has not held one computed per
quarter; edited and deleted with audit; another body's officer gets 404."""

from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.commands.units import unit_create
from models.ids import id_of
from models.tables import AuditEvent, Briefing, Directive, User
from tests.conftest import T0
from tests.rollup_kit import at, office
from tests.web.officer_kit import Site, make_site, post

TODAY = date(2024, 8, 15)  # quý III năm 2024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _site(engine, session, settings) -> tuple[Site, int, dict[str, int]]:
    site = make_site(engine, session, settings)
    w = site.world
    duties: list[dict[str, Any]] = [
        {"category": "huyen-uy", "every": "quy"},
        {"unit_ids": [id_of(w.drafting)]},
    ]
    o = office(session, drafting=w.drafting, issuer=w.issuer, now=T0, briefings=duties)
    d = session.get(Directive, o.directive_id)
    assert d is not None
    d.signed_on = date(2024, 1, 10)
    session.add(d)
    # Another directive (another body's) with a briefing of its own.
    other = unit_create(session, name="Ban Tổ chức Tỉnh ủy Lâm Đồng", symbol="BTC", by="t", now=T0)
    o2 = office(
        session,
        drafting=other,
        issuer=w.issuer,
        now=T0,
        title="Chỉ thị khác",
        units=[("Huyện ủy Di Linh", "huyen-uy")],
    )
    stray = Briefing(
        directive_id=o2.directive_id,
        unit_id=id_of(o2.units[0]),
        held_on=date(2024, 7, 2),
        chair="Bí thư",
        recorded_at=T0,
    )
    session.add(stray)
    session.commit()
    ids = {u.name: id_of(u) for u in o.units}
    ids["bdv"] = id_of(w.drafting)
    ids["outside"] = id_of(w.units[0])  # a Bình Phước unit, not in this plan
    ids["stray"] = id_of(stray)
    session.rollback()
    site.set_now(at(TODAY))
    return site, o.directive_id, ids


def _form(unit_id: int, held_on: str = "05/8/2024", **more: str) -> dict[str, str]:
    return {"unit_id": str(unit_id), "held_on": held_on, "chair": "Đồng chí Bí thư", **more}


def _files(settings) -> list[str]:
    root = settings.data_dir / "briefings"
    return [p.name for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_recorded_with_its_minutes_and_listed_by_quarter(engine, session, settings):
    site, did, ids = _site(engine, session, settings)
    hoa = site.client("hoa")
    base = f"/directives/{did}/follow-up/briefings"
    got = post(
        hoa,
        base,
        _form(ids["Huyện ủy Đạ Huoai"], issues="Tranh chấp đất đai ở xã Đạ Oai."),
        files={"file": ("bien-ban giao ban.pdf", PDF, "application/pdf")},
    )
    assert got.status_code == 303, got.text
    b = site.one(select(Briefing).where(Briefing.directive_id == did))
    assert b.held_on == date(2024, 8, 5) and b.minutes_name == "bien-ban giao ban.pdf"
    assert len(_files(settings)) == 1
    page = hoa.get(base).text
    assert "Quý III năm 2024" in page and "Tranh chấp đất đai" in page
    missing = page.split('id="briefings-missing"')[1].split("</ul>")[0]
    assert "Huyện ủy Đạ Huoai" not in missing
    assert "Huyện ủy Lạc Dương" in missing and "Thành ủy Bảo Lộc" in missing
    assert "Ban Dân vận Tỉnh ủy" in missing and "Hội Nông dân" not in missing  # not owed
    minutes = hoa.get(f"{base}/{b.id}/minutes")
    assert minutes.status_code == 200 and minutes.content == PDF
    audit = site.one(select(AuditEvent).where(AuditEvent.action == "briefing.record"))
    assert audit.directive_id == did and audit.after["chair"] == "Đồng chí Bí thư"


def test_refused_at_the_field_for_a_future_day_or_a_unit_outside_the_plan(
    engine, session, settings
):
    site, did, ids = _site(engine, session, settings)
    hoa = site.client("hoa")
    base = f"/directives/{did}/follow-up/briefings"
    pdf = {"file": ("bb.pdf", PDF, "application/pdf")}
    got = post(hoa, base, _form(ids["Huyện ủy Đạ Huoai"], "16/08/2024"), files=pdf)
    assert got.status_code == 422
    assert "Ngày tổ chức hội nghị không được sau ngày hôm nay." in got.text
    assert 'id="held_on-error"' in got.text and 'value="16/08/2024"' in got.text  # kept
    got = post(hoa, base, _form(ids["outside"]), files=pdf)
    assert got.status_code == 422
    assert "Đơn vị này không có trong kế hoạch theo dõi thực hiện" in got.text
    assert 'id="unit_id-error"' in got.text
    got = post(hoa, base, _form(ids["Huyện ủy Đạ Huoai"], "05/01/2024"))
    assert "không được trước ngày ký ban hành chỉ thị (10/01/2024)" in got.text
    got = post(hoa, base, _form(ids["Huyện ủy Đạ Huoai"], "31/02/2024"))
    assert got.status_code == 422 and "Ngày không hợp lệ" in got.text
    got = post(
        hoa,
        base,
        _form(ids["Huyện ủy Đạ Huoai"]),
        files={"file": ("bb.pdf", b"<html>not a pdf</html>", "application/pdf")},
    )
    assert "Chỉ nhận biên bản hội nghị dạng PDF" in got.text
    assert site.all(select(Briefing).where(Briefing.directive_id == did)) == []
    assert _files(settings) == []  # refused: no file left behind


def test_who_has_not_held_one_is_per_quarter(engine, session, settings):
    site, did, ids = _site(engine, session, settings)
    hoa = site.client("hoa")
    base = f"/directives/{did}/follow-up/briefings"
    assert post(hoa, base, _form(ids["Huyện ủy Đạ Huoai"], "28/06/2024")).status_code == 303
    assert post(hoa, base, _form(ids["Thành ủy Bảo Lộc"], "01/07/2024")).status_code == 303
    api = site.client(None)
    token = _token(site, "hoa")
    body = api.get(f"/api/v1{base}", headers=token).json()
    q = body["current_quarter"]
    assert q["label"] == "Quý III năm 2024"
    # Đạ Huoai held its briefing in quý II: it still owes quý III's.
    assert set(q["not_held"]) == {ids["Huyện ủy Đạ Huoai"], ids["Huyện ủy Lạc Dương"], ids["bdv"]}
    assert len(body["briefings"]) == 2 and body["briefings"][0]["quarter"] == "Quý III năm 2024"
    site.set_now(at(date(2024, 6, 30)))
    q = api.get(f"/api/v1{base}", headers=token).json()["current_quarter"]
    assert set(q["not_held"]) == {ids["Thành ủy Bảo Lộc"], ids["Huyện ủy Lạc Dương"], ids["bdv"]}


def _token(site: Site, username: str) -> dict[str, str]:
    from models.commands.users import api_token_create

    with Session(site.app.state.engine) as s:
        user = s.exec(select(User).where(User.username == username)).one()
        _, raw = api_token_create(s, user_id=id_of(user), name="t", by="t", now=site.clock[0])
    return {"Authorization": f"Bearer {raw}"}


def test_edit_and_delete_are_audited_and_a_stray_id_is_missing(engine, session, settings):
    site, did, ids = _site(engine, session, settings)
    hoa = site.client("hoa")
    base = f"/directives/{did}/follow-up/briefings"
    post(
        hoa,
        base,
        _form(ids["Huyện ủy Đạ Huoai"]),
        files={"file": ("a.pdf", PDF, "application/pdf")},
    )
    b = site.one(select(Briefing).where(Briefing.directive_id == did))
    assert hoa.get(f"{base}/{b.id}").status_code == 200
    got = post(
        hoa,
        f"{base}/{b.id}",
        _form(ids["Huyện ủy Lạc Dương"], "06/08/2024"),
        files={"file": ("b.pdf", PDF + b"%", "application/pdf")},
    )
    assert got.status_code == 303, got.text
    edited = site.get(Briefing, id_of(b))
    assert edited.unit_id == ids["Huyện ủy Lạc Dương"] and edited.minutes_name == "b.pdf"
    assert len(_files(settings)) == 1  # the replaced minutes are gone
    audit = site.one(select(AuditEvent).where(AuditEvent.action == "briefing.edit"))
    assert audit.before["unit_id"] == ids["Huyện ủy Đạ Huoai"]
    # Another directive's briefing under this directive's path: missing, untouched.
    assert hoa.get(f"{base}/{ids['stray']}").status_code == 404
    assert post(hoa, f"{base}/{ids['stray']}/delete").status_code == 404
    assert site.get(Briefing, ids["stray"]) is not None
    assert post(hoa, f"{base}/{b.id}/delete").status_code == 303
    assert site.get(Briefing, id_of(b)) is None and _files(settings) == []
    assert site.one(select(AuditEvent).where(AuditEvent.action == "briefing.delete"))


def test_another_bodys_officer_gets_404(engine, session, settings):
    site, did, ids = _site(engine, session, settings)
    hoa = site.client("hoa")
    base = f"/directives/{did}/follow-up/briefings"
    post(
        hoa,
        base,
        _form(ids["Huyện ủy Đạ Huoai"]),
        files={"file": ("a.pdf", PDF, "application/pdf")},
    )
    b = site.one(select(Briefing).where(Briefing.directive_id == did))
    khac = site.client("khac")
    for path in (
        base,
        f"{base}/{b.id}",
        f"{base}/{b.id}/minutes",
        f"/directives/{did}/follow-up/cards/briefings",
    ):
        assert khac.get(path).status_code == 404, path
    assert post(khac, base, _form(ids["Huyện ủy Đạ Huoai"])).status_code == 404
    assert post(khac, f"{base}/{b.id}/delete").status_code == 404
    api = site.client(None)
    other = _token(site, "khac")
    assert api.get(f"/api/v1{base}", headers=other).status_code == 404
    assert api.delete(f"/api/v1{base}/{b.id}", headers=other).status_code == 404
    assert site.get(Briefing, id_of(b)) is not None


def test_the_api_records_and_refuses_as_the_page(engine, session, settings):
    site, did, ids = _site(engine, session, settings)
    api = site.client(None)
    token = _token(site, "hoa")
    url = f"/api/v1/directives/{did}/follow-up/briefings"
    got = api.post(
        url,
        headers=token,
        data=_form(ids["Thành ủy Bảo Lộc"], "2024-08-01"),
        files={"file": ("bb.pdf", PDF, "application/pdf")},
    )
    assert got.status_code == 201, got.text
    made = got.json()
    assert made["unit_name"] == "Thành ủy Bảo Lộc" and made["minutes_name"] == "bb.pdf"
    got = api.post(url, headers=token, data=_form(ids["outside"]))
    assert got.status_code == 422 and got.json()["field"] == "unit_id"
    got = api.put(
        f"{url}/{made['id']}", headers=token, data=_form(ids["Thành ủy Bảo Lộc"], "20/9/2024")
    )
    assert got.status_code == 422 and got.json()["field"] == "held_on"
    assert api.get(f"{url}/{made['id']}/minutes", headers=token).content == PDF
    assert api.delete(f"{url}/{made['id']}", headers=token).status_code == 204
    card = site.client("hoa").get(f"/directives/{did}/follow-up/cards/briefings")
    assert card.status_code == 200 and 'id="card-briefings"' in card.text
