"""Authorization and escaping: another body's officer can neither see nor act (API and
pages); a unit's link opens its own invitation only; hostile text is shown as text."""

import re

from fastapi.routing import APIRoute, iter_route_contexts
from sqlmodel import Session, col, select

from models.commands.answers import answer_submit, comment_save
from models.commands.users import api_token_revoke
from models.ids import id_of
from models.tables import ApiToken, Comment, Round, User
from tests.conftest import T0
from tests.expect import stored
from tests.web.officer_kit import csrf_of, make_site
from tests.web.test_unit_support import OPENED_AT, bearer, open_round_for

_PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def _user(session: Session, username: str) -> int:
    return id_of(session.exec(select(User).where(User.username == username)).one())


def _setup(engine, session, settings):
    site = make_site(engine, session, settings)
    did, opened = open_round_for(session, settings, site.world)
    tokens = [opened.tokens[id_of(u)] for u in site.world.units]
    hostile = "<script>alert('x')</script> Đề nghị <b>bỏ</b> mục II."
    comment = comment_save(
        session, raw_token=tokens[0], position="disagree", text=hostile, now=OPENED_AT
    )
    answer_submit(session, raw_token=tokens[0], now=OPENED_AT)
    ids = {"did": did, "rid": opened.round.id, "cid": comment.id}
    auth = {name: bearer(session, _user(session, name)) for name in ("hoa", "khac", "lanh")}
    session.rollback()
    return site, ids, tokens, auth, hostile


def _round_status(engine, rid: int) -> str:
    with Session(engine) as s:
        return stored(s, Round, rid).status


def test_api_needs_a_token_and_keeps_bodies_apart(engine, session, settings):
    site, ids, _, auth, _ = _setup(engine, session, settings)
    client = site.client(None)
    officer_routes = [
        (m, c.route.path)
        for c in iter_route_contexts(site.app.routes)
        if isinstance(c.route, APIRoute)
        and c.route.path.startswith("/api/v1/")
        and not c.route.path.startswith(("/api/v1/u/", "/api/v1/r/", "/api/v1/auth/"))
        for m in c.route.methods or ()
    ]
    assert len(officer_routes) >= 25
    for method, path in officer_routes:
        url = _PARAM.sub("1", path)
        for headers in (
            {},
            {"Authorization": "Bearer dt_doan-mo"},
            {"Authorization": "Basic eA=="},
        ):
            r = client.request(method, url, headers=headers, json={})
            assert r.status_code == 401, f"{method} {url} {headers}: {r.status_code}"
            assert r.json()["error"].startswith(("Thiếu mã truy cập", "Mã truy cập API"))
            assert r.headers["www-authenticate"] == "Bearer"

    did, rid, cid = ids["did"], ids["rid"], ids["cid"]
    assert client.get("/api/v1/directives", headers=auth["hoa"]).json()["total"] == 1
    assert client.get("/api/v1/directives", headers=auth["khac"]).json()["total"] == 0
    stranger = auth["khac"]
    for method, url, body in [
        ("GET", f"/api/v1/directives/{did}", None),
        ("GET", f"/api/v1/rounds/{rid}", None),
        ("GET", f"/api/v1/directives/{did}/comments", None),
        ("POST", f"/api/v1/directives/{did}/drafts", {"text": "I. MỚI"}),
        ("POST", f"/api/v1/rounds/{rid}/close", None),
        ("PUT", f"/api/v1/comments/{cid}/disposition", {"decision": "accept"}),
        ("POST", f"/api/v1/rounds/{rid}/extend", {"deadline": "2023-08-30"}),
    ]:
        r = client.request(method, url, headers=stranger, json=body)
        # Worded exactly as for a missing record: another body's ids cannot be enumerated.
        assert r.status_code == 404, f"{method} {url}: {r.status_code}"
        assert r.json()["error"].startswith("Không tìm thấy "), r.json()
    leader = client.post(f"/api/v1/rounds/{rid}/close", headers=auth["lanh"])
    assert leader.status_code == 403 and "Vai trò" in leader.json()["error"]
    assert client.get(f"/api/v1/rounds/{rid}", headers=auth["lanh"]).status_code == 200
    assert _round_status(engine, rid) == "open"

    # A revoked API token stops at once.
    token_id = session.exec(select(ApiToken.id).order_by(col(ApiToken.id))).first()
    api_token_revoke(session, token_id=token_id, by="quantri", now=T0)
    assert client.get("/api/v1/directives", headers=auth["hoa"]).status_code == 401


def test_pages_keep_bodies_apart_and_escape_comments(engine, session, settings):
    site, ids, tokens, _, hostile = _setup(engine, session, settings)
    rid = ids["rid"]
    stranger = site.client("khac")
    for url in (f"/directives/{ids['did']}", f"/rounds/{rid}"):
        r = stranger.get(url)
        assert r.status_code == 404 and "Không tìm thấy" in r.text and "bỏ</b>" not in r.text
    token = csrf_of(stranger, "/")
    r = stranger.post(f"/rounds/{rid}/close", data={"csrf_token": token})
    assert r.status_code == 404 and _round_status(engine, rid) == "open"

    owner = site.client("hoa")
    page = owner.get(f"/rounds/{rid}")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(" in page.text and "<script>alert(" not in page.text
    unit_page = owner.get(f"/u/{tokens[0]}")
    assert "&lt;b&gt;bỏ&lt;/b&gt;" in unit_page.text and "<b>bỏ</b>" not in unit_page.text
    assert hostile not in unit_page.text


def test_a_link_opens_its_own_invitation_only(engine, session, settings):
    site, ids, tokens, _, hostile = _setup(engine, session, settings)
    other = site.client(None)
    mine = other.get(f"/u/{tokens[1]}")
    assert "bỏ</b>" not in mine.text and "bỏ&lt;/b&gt;" not in mine.text
    assert site.world.units[1].name in mine.text
    token = csrf_of(other, f"/u/{tokens[1]}")
    cid = ids["cid"]
    edit = other.post(
        f"/u/{tokens[1]}/comments/{cid}",
        data={"csrf_token": token, "position": "agree", "text": "Sửa trộm"},
    )
    assert edit.status_code == 403 and "không thuộc đơn vị của bạn" in edit.text
    delete = other.post(f"/u/{tokens[1]}/comments/{cid}/delete", data={"csrf_token": token})
    assert delete.status_code == 403
    api = other.put(f"/api/v1/u/{tokens[1]}/comments/{cid}", json={"position": "agree"})
    assert (
        api.status_code == 403 and api.json()["error"] == "Ý kiến này không thuộc đơn vị của bạn."
    )
    assert other.delete(f"/api/v1/u/{tokens[1]}/comments/{cid}").status_code == 403
    with Session(engine) as s:
        assert stored(s, Comment, cid).text == hostile
