"""The API's unit search treats % and _ as the characters typed, not LIKE wildcards."""

from models.commands.units import unit_create
from tests.conftest import T0
from tests.web.officer_kit import make_site
from tests.web.test_rules_twins import _api


def test_percent_and_underscore_match_only_themselves(engine, session, settings):
    site = make_site(engine, session, settings)
    for name in ["Chi bộ 100% đảng viên trẻ", "Chi bộ A_B", "Chi bộ AXB"]:
        site.run(unit_create, name=name, by="test", now=T0)
    client, auth = _api(site, session, "hoa")

    def names(q: str) -> list[str]:
        found = client.get("/api/v1/units", params={"q": q}, headers=auth)
        assert found.status_code == 200, found.text
        return [u["name"] for u in found.json()["items"]]

    assert names("%") == ["Chi bộ 100% đảng viên trẻ"]
    assert names("a_b") == ["Chi bộ A_B"]
    assert names("chi bo a") == ["Chi bộ A_B", "Chi bộ AXB"]
