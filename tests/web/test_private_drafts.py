"""A unit's unsent comment is private: no officer route (page or API) sees it, whatever the
handler does, while the unit's own link does. The rule lives in the query layer
(models/queries/drafts.py), so it holds for session.get() too."""

from datetime import timedelta

from sqlmodel import func, select

from models.commands.answers import answer_submit, comment_save
from models.db import session_scope
from models.ids import id_of
from models.queries.links import access
from models.tables import Comment, User
from tests.expect import stored
from tests.web.officer_kit import NOW, hx_post, make_site, post
from tests.web.test_unit_support import bearer, open_round_for

SECRET = "Bản nháp riêng: chưa muốn gửi ý kiến này."


def _setup(engine, session, settings):
    site = make_site(engine, session, settings)
    did, opened = open_round_for(session, settings, site.world)
    token = opened.tokens[id_of(site.world.units[0])]
    later = NOW + timedelta(days=1)
    site.set_now(later)
    draft = site.run(comment_save, raw_token=token, position="disagree", text=SECRET, now=later)
    return site, did, opened, token, draft.id


def test_officer_page_and_api_never_see_a_draft(engine, session, settings):
    site, did, opened, token, cid = _setup(engine, session, settings)
    hoa = site.client("hoa")
    rid = opened.round.id

    # The page route that rendered the draft before: a plain post and an HTMX one.
    r = post(hoa, f"/comments/{cid}/disposition", {"decision": "accept"})
    assert r.status_code == 404 and SECRET not in r.text
    r = hx_post(hoa, f"/comments/{cid}/disposition", {"decision": "accept"})
    assert r.status_code == 404 and SECRET not in r.text
    for page in (f"/rounds/{rid}", f"/rounds/{rid}/comments", f"/directives/{did}"):
        got = hoa.get(page)
        assert got.status_code == 200 and SECRET not in got.text, page

    # Its API twin and the API's list.
    hoa_id = site.one(select(User.id).where(User.username == "hoa"))
    auth = bearer(session, hoa_id)
    r = hoa.put(
        f"/api/v1/comments/{cid}/disposition",
        headers=auth,
        json={"decision": "accept", "response": ""},
    )
    assert r.status_code == 404 and SECRET not in r.text
    listed = hoa.get(f"/api/v1/directives/{did}/comments", headers=auth)
    assert listed.status_code == 200 and listed.json()["total"] == 0

    # The unit's own link still shows its draft, page and API; another unit's does not.
    unit = site.client(None)
    assert SECRET in unit.get(f"/u/{token}").text
    assert [c["text"] for c in unit.get(f"/api/v1/u/{token}").json()["comments"]] == [SECRET]
    other = opened.tokens[site.world.units[1].id]
    assert SECRET not in unit.get(f"/u/{other}").text
    assert unit.get(f"/api/v1/u/{other}").json()["comments"] == []

    # Once sent, it is the drafting body's to answer.
    site.run(answer_submit, raw_token=token, now=NOW + timedelta(days=1))
    r = post(hoa, f"/comments/{cid}/disposition", {"decision": "accept"})
    assert r.status_code == 303
    assert SECRET in hoa.get(f"/rounds/{rid}").text


def test_the_query_layer_hides_drafts_even_from_session_get(engine, session, settings):
    site, _, opened, token, cid = _setup(engine, session, settings)
    with session_scope(engine) as s:
        assert s.get(Comment, cid) is None
        assert s.exec(select(func.count()).select_from(Comment)).one() == 0
        assert s.exec(select(Comment.text)).all() == []
        # Resolving another unit's link reveals that unit's drafts only.
        access(s, opened.tokens[site.world.units[1].id], now=NOW)
        assert s.get(Comment, cid) is None
    with session_scope(engine) as s:
        access(s, token, now=NOW)
        assert stored(s, Comment, cid).text == SECRET
        assert s.exec(select(Comment.id)).all() == [cid]
