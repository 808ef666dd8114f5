"""Each rule said in one place: the page and its API twin answer the same (status and
message) for who may create a directive, who sees which directives, and a conference-only
action on another kind of round."""

import html

from fastapi.testclient import TestClient
from sqlmodel import select

from models import policy
from models.commands.rounds import round_open
from models.ids import id_of
from models.statuses import NOT_CONFERENCE
from models.tables import Directive, User
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site, post
from tests.web.test_unit_support import bearer


def _api(site, session, username: str) -> tuple[TestClient, dict[str, str]]:
    auth = bearer(session, site.one(select(User.id).where(User.username == username)))
    session.close()  # SQLite: hold no transaction the app would wait on
    return TestClient(site.app), auth


def _new(site, session, username: str, drafting_unit_id: int):
    """The same creation through the page and through the API."""
    data = {"title": "Về công tác dân vận", "issuer_id": site.world.issuer.id}
    page = post(
        site.client(username),
        "/directives/new",
        {**{k: str(v) for k, v in data.items()}, "drafting_unit_id": str(drafting_unit_id)},
    )
    client, auth = _api(site, session, username)
    api = client.post(
        "/api/v1/directives", headers=auth, json={**data, "drafting_unit_id": drafting_unit_id}
    )
    return page, api


def test_create_directive_page_and_api_refuse_alike(engine, session, settings):
    site = make_site(engine, session, settings)
    other_body = site.one(select(User.unit_id).where(User.username == "khac"))
    officer_refusal = policy.refusal("officer", "directive.create")
    # An officer naming another body: refused on both, where the page used to ignore the
    # named body and create the directive for the officer's own.
    page, api = _new(site, session, "hoa", other_body)
    assert (page.status_code, api.status_code) == (403, 403)
    assert api.json()["error"] == officer_refusal
    assert officer_refusal in html.unescape(page.text)
    # A leader may not create at all: the same refusal on both.
    page, api = _new(site, session, "lanh", id_of(site.world.drafting))
    leader_refusal = policy.refusal("leader", "directive.create")
    assert (page.status_code, api.status_code) == (403, 403)
    assert api.json()["error"] == leader_refusal and leader_refusal in html.unescape(page.text)
    assert site.all(select(Directive.id)) == []
    # An officer naming its own body: created on both.
    page, api = _new(site, session, "hoa", id_of(site.world.drafting))
    assert (page.status_code, api.status_code) == (303, 201)
    assert set(site.all(select(Directive.drafting_unit_id))) == {site.world.drafting.id}


def test_page_and_api_list_the_same_directives(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    title = site.get(Directive, did).title
    for username, sees in [("hoa", True), ("khac", False), ("lanh", True), ("quantri", True)]:
        home = site.client(username).get("/")
        client, auth = _api(site, session, username)
        listed = client.get("/api/v1/directives", headers=auth).json()
        assert (title in html.unescape(home.text)) is sees, username
        assert [d["id"] for d in listed["items"]] == ([did] if sees else []), username


def test_not_a_conference_round_page_and_api_alike(engine, session, settings):
    site = make_site(engine, session, settings)
    w = site.world
    did = site.run(directive_with_draft, w=w, now=NOW)
    opened = site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[u.id for u in w.units],
        by="hoa",
        now=NOW,
        links=Links(base_url="http://duthao.test", secret="test-secret"),
    )
    rid = opened.round.id
    hoa = site.client("hoa")
    shown = hoa.get(f"/rounds/{rid}/conference")
    posted = post(hoa, f"/rounds/{rid}/opinions", {"speaker": "A", "text": "Ý kiến."})
    client, auth = _api(site, session, "hoa")
    api = client.post(
        f"/api/v1/rounds/{rid}/opinions", headers=auth, json={"speaker": "A", "text": "Ý kiến."}
    )
    assert shown.status_code == posted.status_code == api.status_code
    assert api.json()["error"] == NOT_CONFERENCE
    assert NOT_CONFERENCE in html.unescape(shown.text)
    assert NOT_CONFERENCE in html.unescape(posted.text)
