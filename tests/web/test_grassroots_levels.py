"""The levels a grassroots round counts by: chosen when it opens (by place, a bloc's Party
organisations, or a list typed), asked by the report forms, returned by the API."""

import pytest
from sqlmodel import select

from models.commands.grassroots import report_submit
from models.errors import Invalid
from models.levels import BLOC, GEOGRAPHIC, check_levels, chosen_levels, round_levels
from models.tables import Invitation, OutboxMessage, Round, User
from tests.factories import directive_with_draft
from tests.links import unit_token
from tests.web.officer_kit import NOW, make_site
from tests.web.test_conference_grassroots import _open
from tests.web.test_unit_support import bearer


def _districts(site):
    return [u for u in site.world.units if u.category == "huyen-uy"]


def test_bloc_levels_chosen_at_opening_are_asked_and_returned(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    form = hoa.get(f"/directives/{did}/rounds/new?kind=grassroots").text
    assert 'name="levels_preset" value="geographic" checked' in form
    assert "Chi bộ trực thuộc; Đảng bộ bộ phận; Đảng ủy cơ sở" in form
    assert 'name="levels_preset"' not in hoa.get(f"/directives/{did}/rounds/new").text
    units = _districts(site)
    r = _open(
        site,
        hoa,
        did,
        "grassroots",
        {"deadline": "30/8/2023", "unit_ids": [str(u.id) for u in units], "levels_preset": "bloc"},
    )
    assert r.status_code == 303
    rnd = site.one(select(Round))
    assert rnd.levels == list(BLOC)
    # The committee's own form (its link) and the officer's paper form ask per those levels.
    mail = site.all(select(OutboxMessage))[0]
    token = unit_token(engine, mail, settings)
    own = hoa.get(f"/u/{token}").text
    for level in BLOC:
        assert f'name="level" value="{level}"' in own
    assert "Thôn, ấp, khu phố" not in own
    inv = site.one(select(Invitation).where(Invitation.unit_id == units[1].id))
    paper = hoa.get(f"/invitations/{inv.id}/report").text
    assert all(level in paper for level in BLOC) and "Xã, phường" not in paper
    site.run(
        report_submit,
        raw_token=token,
        meetings={"Đảng ủy cơ sở": 4, "Chi bộ trực thuộc": 30},
        delegates=512,
        summary="Các chi bộ thống nhất.",
        now=NOW,
    )
    table = hoa.get(f"/rounds/{rnd.id}/grassroots").text
    head = table.split("<thead>")[1].split("</thead>")[0]
    assert head.index("Chi bộ trực thuộc") < head.index("Đảng bộ bộ phận") < head.index("Đảng ủy")
    auth = bearer(session, site.one(select(User.id).where(User.username == "hoa")))
    assert hoa.get(f"/api/v1/rounds/{rnd.id}", headers=auth).json()["levels"] == list(BLOC)
    reports = hoa.get(f"/api/v1/rounds/{rnd.id}/reports", headers=auth).json()
    assert reports["levels"] == list(BLOC)
    assert reports["meetings_total"] == {"Chi bộ trực thuộc": 30, "Đảng ủy cơ sở": 4}


def test_a_custom_list_and_its_refusal_keep_the_form(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    ids = [str(u.id) for u in _districts(site)]
    base = {"deadline": "30/8/2023", "unit_ids": ids, "levels_preset": "custom"}
    empty = _open(site, hoa, did, "grassroots", {**base, "levels_custom": " \n "})
    assert empty.status_code == 422 and "ít nhất một cấp" in empty.text
    assert 'value="custom" checked' in empty.text and 'value="30/8/2023"' in empty.text
    assert site.all(select(Round)) == []
    typed = "Chi bộ cơ sở\nĐảng bộ cơ sở\nchi bộ  cơ sở"
    ok = _open(site, hoa, did, "grassroots", {**base, "levels_custom": typed})
    assert ok.status_code == 303
    assert site.one(select(Round.levels)) == ["Chi bộ cơ sở", "Đảng bộ cơ sở"]


def test_the_api_opens_with_levels_and_defaults_to_places(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")
    auth = bearer(session, site.one(select(User.id).where(User.username == "hoa")))
    ids = [u.id for u in _districts(site)]
    first = site.run(directive_with_draft, w=site.world, now=NOW)
    body = {"kind": "grassroots", "unit_ids": ids, "deadline": "2023-08-30"}
    made = hoa.post(
        f"/api/v1/directives/{first}/rounds",
        json={**body, "levels": ["Đảng ủy cơ sở", "Chi bộ trực thuộc"]},
        headers=auth,
    )
    assert made.status_code == 201, made.text
    assert made.json()["levels"] == ["Đảng ủy cơ sở", "Chi bộ trực thuộc"]
    second = site.run(directive_with_draft, w=site.world, now=NOW)
    plain = hoa.post(f"/api/v1/directives/{second}/rounds", json=body, headers=auth)
    assert plain.json()["levels"] == list(GEOGRAPHIC)
    written = site.run(directive_with_draft, w=site.world, now=NOW)
    other = hoa.post(
        f"/api/v1/directives/{written}/rounds",
        json={**body, "kind": "written", "levels": ["Chi bộ"]},
        headers=auth,
    )
    assert other.status_code == 201 and other.json()["levels"] is None


def test_level_rules():
    assert chosen_levels("bloc", "") == list(BLOC)
    assert chosen_levels("", "") == list(GEOGRAPHIC)
    assert chosen_levels("custom", "A\nB") == ["A", "B"]
    with pytest.raises(Invalid):
        chosen_levels("zzz", "")
    assert check_levels([" Chi  bộ ", "chi bộ", "", "Đảng ủy"]) == ["Chi bộ", "Đảng ủy"]
    with pytest.raises(Invalid, match="Tối đa"):
        check_levels([f"Cấp {i}" for i in range(13)])
    with pytest.raises(Invalid, match="quá dài"):
        check_levels(["x" * 201])
    assert round_levels(None) == list(GEOGRAPHIC) and round_levels(["A"]) == ["A"]
