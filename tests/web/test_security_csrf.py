"""CSRF: every unsafe page route (officer and unit pages alike) refuses a post without the
session's token, and changes nothing. Routes are read from the app, so new ones are covered."""

import re

from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from models.commands.answers import answer_submit, comment_save
from models.ids import id_of
from models.tables import Comment, DraftVersion, Invitation
from tests.expect import stored
from tests.web.officer_kit import login, make_site
from tests.web.test_unit_support import OPENED_AT, open_round_for
from web.csrf import check_csrf

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def _page_routes(app) -> list[tuple[str, str, APIRoute]]:
    found = []
    for context in iter_route_contexts(app.routes):  # included routers, flattened
        route = context.route
        if isinstance(route, APIRoute) and not route.path.startswith("/api/"):
            for method in sorted((route.methods or set()) & UNSAFE):
                found.append((method, route.path, route))
    return found


def _uses_csrf(dependant) -> bool:
    return any(d.call is check_csrf or _uses_csrf(d) for d in dependant.dependencies)


def _counts(engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            t.name: s.exec(select(func.count()).select_from(t)).one()
            for t in SQLModel.metadata.sorted_tables
        }


def test_every_unsafe_page_route_needs_the_token(engine, session, settings):
    site = make_site(engine, session, settings)
    did, opened = open_round_for(session, settings, site.world)
    token = opened.tokens[id_of(site.world.units[0])]
    comment = comment_save(
        session, raw_token=token, position="disagree", text="Không đồng ý.", now=OPENED_AT
    )
    answer_submit(session, raw_token=token, now=OPENED_AT)
    values = {
        "directive_id": did,
        "round_id": opened.round.id,
        "comment_id": comment.id,  # read before the rollback expires it
        "invitation_id": session.exec(select(Invitation.id)).first(),
        "unit_id": site.world.units[0].id,
        "version_id": session.exec(select(DraftVersion.id)).first(),
        "token": token,
        "action": "submit",
    }
    session.rollback()
    routes = _page_routes(site.app)
    assert len(routes) >= 8 and any(p.startswith("/u/") for _, p, _ in routes)
    missing = [f"{m} {p}" for m, p, r in routes if not _uses_csrf(r.dependant)]
    assert missing == [], f"unsafe page routes without check_csrf: {missing}"

    client = site.client(None)
    login(client, "quantri")  # an administrator may act everywhere: only CSRF stands in the way
    before = _counts(engine)
    for method, path, _ in routes:
        url = _PARAM.sub(lambda m: str(values.get(m.group(1), 1)), path)
        form = {"position": "agree", "text": "x", "username": "quantri", "reason": "x"}
        for extra in ({}, {"csrf_token": "gia-mao"}):
            r = client.request(method, url, data={**form, **extra})
            assert r.status_code == 403, f"{method} {url} answered {r.status_code}"
            assert "biểu mẫu không hợp lệ" in r.text
        r = client.request(method, url, data=form, headers={"X-CSRF-Token": "gia-mao"})
        assert r.status_code == 403, f"{method} {url} (HTMX) answered {r.status_code}"
        assert _counts(engine) == before, f"{method} {url} changed the database"
    with Session(engine) as s:
        assert stored(s, Comment, values["comment_id"]).text == "Không đồng ý."
