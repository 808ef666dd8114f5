"""The round form chooses the letter's issuer, signer, groups and copies; page and API share
the schema and the command; a body's signers and groups are managed by its officers."""

import re

from sqlmodel import select

from models.commands.letters import copies_set, group_save, signer_save
from models.tables import Invitation, Round, Signer, Unit, UnitGroup
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site, post
from tests.web.test_rules_twins import _api

TICKED = re.compile(r'<input type="checkbox" name="(unit_ids|group_ids)" value="\d+" checked')


def _key(page: str) -> str:
    found = re.search(r'name="request_key" value="([0-9a-f]+)"', page)
    assert found is not None
    return found.group(1)


def _setup(site):
    w = site.world
    province = site.one(select(Unit).where(Unit.name == "Tỉnh ủy Bình Phước"))
    standing = site.run(
        signer_save,
        body_id=province.id,
        form="T/M",
        on_behalf_of="Ban Thường vụ",
        title="Phó Bí thư",
        full_name="Huỳnh Thị Hằng",
        by="t",
        now=NOW,
    )
    deputy = site.run(
        signer_save,
        body_id=w.drafting.id,
        form="K/T",
        on_behalf_of="Trưởng Ban",
        title="Phó Trưởng Ban",
        full_name="Nguyễn Văn Lợi",
        by="t",
        now=NOW,
    )
    districts = [u for u in w.units if u.category == "huyen-uy"]
    group = site.run(
        group_save,
        owner_id=w.drafting.id,
        name="Các huyện ủy, thành ủy",
        unit_ids=[u.id for u in districts],
        by="t",
        now=NOW,
    )
    site.run(
        copies_set,
        body_id=w.drafting.id,
        lines=["Thường trực Tỉnh ủy (để báo cáo)", "Lưu VT"],
        by="t",
        now=NOW,
    )
    return province, standing, deputy, group, districts


def test_the_form_ticks_nothing_and_offers_the_record(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    province, standing, deputy, group, _ = _setup(site)
    hoa = site.client("hoa")
    for kind in ("written", "grassroots", "conference"):
        form = hoa.get(f"/directives/{did}/rounds/new?kind={kind}")
        assert form.status_code == 200
        assert TICKED.findall(form.text) == [], kind  # no unit, no group ticked by default
    assert f'<option value="{province.id}"' in form.text  # the parent committee can issue
    assert "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / Huỳnh Thị Hằng" in form.text
    assert f'<option value="{deputy.id}" selected' in form.text  # the drafting body's own
    assert "Các huyện ủy, thành ủy" in form.text
    assert "Thường trực Tỉnh ủy (để báo cáo)\nLưu VT</textarea>" in form.text


def test_page_opens_under_the_parent_with_its_signer_a_group_and_copies(engine, session, settings):
    site = make_site(engine, session, settings)
    w = site.world
    did = site.run(directive_with_draft, w=w, now=NOW)
    province, standing, _, group, districts = _setup(site)
    hoa = site.client("hoa")
    form = hoa.get(f"/directives/{did}/rounds/new?kind=written")
    key = _key(form.text)
    mttq = next(u for u in w.units if u.category == "mat-tran")
    typed = {
        "kind": "written",
        "request_key": key,
        "deadline": "30/7/2023",
        "issuer_id": str(province.id),
        "signer_id": str(standing.id),
        "group_ids": [str(group.id)],
        "unit_ids": [str(mttq.id)],
        "copies": "Ban Thường vụ Tỉnh ủy (để báo cáo)\n\nLưu VT, BDV.",
    }
    r = post(hoa, f"/directives/{did}/rounds/new", typed)
    assert r.status_code == 303, r.text
    rnd = site.one(select(Round))
    assert rnd.letter_number.endswith("-CV/TU") and rnd.issuer_id == province.id
    assert (rnd.signature, rnd.signer_name) == (
        ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"],
        "Huỳnh Thị Hằng",
    )
    assert rnd.addressees == ["Các huyện ủy, thành ủy", mttq.name]
    assert rnd.copies == ["Ban Thường vụ Tỉnh ủy (để báo cáo)", "Lưu VT, BDV"]
    invited = set(site.all(select(Invitation.unit_id).where(Invitation.round_id == rnd.id)))
    assert invited == {u.id for u in [*districts, mttq]}
    shown = hoa.get(f"/rounds/{rnd.id}").text
    assert "Ký: T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / Huỳnh Thị Hằng" in shown


def test_a_signer_of_another_body_is_refused_at_its_field_by_page_and_api(
    engine, session, settings
):
    site = make_site(engine, session, settings)
    w = site.world
    did = site.run(directive_with_draft, w=w, now=NOW)
    province, standing, _, group, _ = _setup(site)
    hoa = site.client("hoa")
    form = hoa.get(f"/directives/{did}/rounds/new?kind=written")
    key = _key(form.text)
    # The province's signer on a letter of the drafting body itself.
    page = post(
        hoa,
        f"/directives/{did}/rounds/new",
        {
            "kind": "written",
            "request_key": key,
            "deadline": "30/7/2023",
            "issuer_id": str(w.drafting.id),
            "signer_id": str(standing.id),
            "group_ids": [str(group.id)],
            "abstract": "V/v góp ý lần 1",
        },
    )
    assert page.status_code == 422
    assert "Người ký đã chọn không có trong danh sách người ký của Ban Dân vận" in page.text
    assert 'value="V/v góp ý lần 1"' in page.text  # what was typed stays
    assert f'name="group_ids" value="{group.id}" checked' in page.text
    client, auth = _api(site, session, "hoa")
    body = {
        "kind": "written",
        "group_ids": [group.id],
        "issuer_id": w.drafting.id,
        "signer_id": standing.id,
        "copies": ["Lưu VT"],
    }
    api = client.post(f"/api/v1/directives/{did}/rounds", headers=auth, json=body)
    assert api.status_code == 422 and api.json()["field"] == "signer_id", api.text
    assert site.all(select(Round)) == []
    # The same body, under the province, opens the round (the API twin's fields).
    body["issuer_id"] = province.id
    ok = client.post(f"/api/v1/directives/{did}/rounds", headers=auth, json=body)
    assert ok.status_code == 201, ok.text
    out = ok.json()
    assert out["letter_number"].endswith("-CV/TU") and out["signer_id"] == standing.id
    assert out["addressees"] == ["Các huyện ủy, thành ủy"] and out["copies"] == ["Lưu VT"]


def test_a_body_manages_its_signers_and_groups_another_body_cannot(engine, session, settings):
    site = make_site(engine, session, settings)
    w = site.world
    hoa = site.client("hoa")
    page = hoa.get(f"/units/{w.drafting.id}/letters")
    assert page.status_code == 200 and "Chưa có người ký nào." in page.text
    bad = post(
        hoa,
        f"/units/{w.drafting.id}/signers",
        {"form": "K/T", "on_behalf_of": "", "title": "Phó Trưởng Ban", "full_name": "Lê Văn A"},
    )
    assert bad.status_code == 422 and "cần ghi thay mặt, ký thay cho ai" in bad.text
    assert 'value="Lê Văn A"' in bad.text and site.all(select(Signer)) == []
    added = post(
        hoa,
        f"/units/{w.drafting.id}/signers",
        {
            "form": "K/T",
            "on_behalf_of": "Trưởng ban",
            "title": "Phó Trưởng Ban",
            "full_name": "Lê Văn A",
        },
    )
    assert added.status_code == 303
    signer = site.one(select(Signer))
    assert (signer.on_behalf_of, signer.title) == ("TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    assert "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN" in hoa.get(f"/units/{w.drafting.id}/letters").text
    client, auth = _api(site, session, "hoa")
    made = client.post(
        f"/api/v1/units/{w.drafting.id}/groups",
        headers=auth,
        json={"name": "Các ban đảng", "unit_ids": [w.units[0].id, w.units[1].id]},
    )
    assert made.status_code == 201, made.text
    listed = client.get(f"/api/v1/units/{w.drafting.id}/letters", headers=auth).json()
    assert [s["lines"] for s in listed["signers"]] == [["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]]
    assert [g["name"] for g in listed["groups"]] == ["Các ban đảng"]
    # An officer of another body: refused on the page and the API, nothing changed.
    khac = site.client("khac")
    assert khac.get(f"/units/{w.drafting.id}/letters").status_code == 403
    other, other_auth = _api(site, session, "khac")
    gid = made.json()["id"]
    gone = other.delete(f"/api/v1/units/{w.drafting.id}/groups/{gid}", headers=other_auth)
    assert gone.status_code == 403
    # Nor can it reach the group through its own body's path.
    own = session.exec(select(Unit).where(Unit.symbol == "BTGTU")).one()
    session.close()
    sneak = other.delete(f"/api/v1/units/{own.id}/groups/{gid}", headers=other_auth)
    assert sneak.status_code == 404
    assert site.get(UnitGroup, gid) is not None


def test_a_group_is_edited_on_the_page_and_a_refusal_keeps_the_ticks(engine, session, settings):
    site = make_site(engine, session, settings)
    w = site.world
    group = site.run(
        group_save,
        owner_id=w.drafting.id,
        name="Các ban đảng",
        unit_ids=[w.units[0].id],
        by="t",
        now=NOW,
    )
    hoa = site.client("hoa")
    path = f"/units/{w.drafting.id}/groups/{group.id}"
    ticked = [str(w.units[0].id), str(w.units[1].id)]
    bad = post(hoa, path, {"name": "", "unit_ids": ticked})
    assert bad.status_code == 422
    assert f'name="unit_ids" value="{w.units[1].id}" checked' in bad.text
    ok = post(hoa, path, {"name": "Các ban xây dựng Đảng,", "unit_ids": ticked})
    assert ok.status_code == 303
    saved = site.get(UnitGroup, group.id)
    assert (saved.name, saved.unit_ids) == ("Các ban xây dựng Đảng", [w.units[0].id, w.units[1].id])


def test_an_officer_keeps_the_signers_of_the_committee_it_writes_under(engine, session, settings):
    """A department drafts for its parent committee and sends under its symbol: its officer
    records the committee's signers; a sibling body and another body's officer stay refused."""
    site = make_site(engine, session, settings)
    w = site.world
    province = site.one(select(Unit).where(Unit.name == "Tỉnh ủy Bình Phước"))
    hoa = site.client("hoa")
    listing = hoa.get("/units")
    assert f'href="/units/{province.id}/letters"' in listing.text
    assert f'href="/units/{w.issuer.id}/letters"' not in listing.text  # a sibling, not a parent
    assert hoa.get(f"/units/{province.id}/letters").status_code == 200
    added = post(
        hoa,
        f"/units/{province.id}/signers",
        {
            "form": "T/M",
            "on_behalf_of": "Ban Thường vụ",
            "title": "Phó Bí thư",
            "full_name": "Hằng",
        },
    )
    assert added.status_code == 303
    assert site.one(select(Signer.body_id)) == province.id
    assert hoa.get(f"/units/{w.issuer.id}/letters").status_code == 403
    assert site.client("khac").get(f"/units/{province.id}/letters").status_code == 403
