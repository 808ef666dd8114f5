"""The policy table decides every route: generated from the table and the app's own routes.

Every route of `app.routes` must declare its action (web/guard.py) or be declared public; a
new route without a declaration fails here. Then every declared route is called as every
role in every relation the table names (own body, other body, shared), with an empty body:
where the table refuses, the answer is the table's refusal — 404 worded exactly as for a
record that does not exist when the caller may not see the record, 403 with the role and
action otherwise — and it comes before the body is validated; where the table allows, the
policy does not refuse (the rules of the stage, the form or the body may still say no).
"""

import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import select

from models import policy
from models.access import RECORD_PARAMS
from models.commands.answers import answer_submit, comment_save
from models.commands.grouping import groups_recompute
from models.commands.letters import group_save, signer_save
from models.commands.rounds import round_open
from models.commands.units import unit_create
from models.ids import id_of
from models.outbox import enqueue
from models.policy import Relation, Scope, Verdict
from models.queries.records import missing
from models.tables import (
    ApiToken,
    CommentGroup,
    DraftVersion,
    Invitation,
    OutboxMessage,
    Term,
    Unit,
    User,
)
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.follow_up_factories import open_period
from tests.web.officer_kit import NOW, Site, make_site
from tests.web.test_unit_support import bearer
from web.declared import Public
from web.guard import FRAMEWORK_ROUTES, declaration_of

_PARAM = re.compile(r"{(\w+)(?::\w+)?}")
_H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
ABSENT = 999_999_999  # an id no record has (within both the page and the API id ranges)


def undeclared(app: FastAPI) -> list[str]:
    """Routes with neither a policy action nor a public declaration."""
    out = []
    for ctx in iter_route_contexts(app.routes):
        if getattr(ctx, "dependant", None) is None:  # Starlette's own: docs, static files
            if ctx.path not in FRAMEWORK_ROUTES:
                out.append(f"{ctx.path} (not a FastAPI route, not in FRAMEWORK_ROUTES)")
        elif declaration_of(ctx) is None:
            out.append(f"{sorted(ctx.methods or [])} {ctx.path}")
    return out


@dataclass
class World:
    site: Site
    records: dict[str, int]  # the record ids of body A's directive, by path parameter
    units: dict[Relation, int]  # units owned by body A, by body B, by nobody
    no_directive_message: int  # an email about no directive: relation `shared`
    spare: dict[str, int]  # a user and a token the account routes may revoke or deactivate
    pages: dict[str, TestClient] = field(default_factory=dict)  # signed in, by username
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)  # bearer headers
    api: TestClient | None = None  # no cookies: the API sees only the bearer token

    def call(self, username: str, method: str, url: str) -> Any:
        if url.startswith("/api/"):
            assert self.api is not None
            return self.api.request(method, url, headers=self.tokens[username])  # no body
        client = self.pages[username]
        if method == "GET":
            return client.get(url)
        return client.request(method, url, data={"csrf_token": client.csrf})


def _world(engine, session, settings) -> World:
    site = make_site(engine, session, settings)
    w = site.world
    body_a = w.drafting.id
    body_b = session.exec(select(Unit.id).where(Unit.symbol == "BTGTU")).one()
    did = directive_with_draft(session, w, NOW)
    links = Links(base_url=settings.base_url, secret=settings.secret_key)
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units],
        by="hoa",
        now=NOW,
        links=links,
    )
    token = opened.tokens[id_of(w.units[0])]
    comment = comment_save(session, raw_token=token, position="disagree", text="Chưa rõ.", now=NOW)
    answer_submit(session, raw_token=token, now=NOW)
    message = session.exec(select(OutboxMessage.id).where(OutboxMessage.directive_id == did))
    groups_recompute(session, directive_id=did, now=NOW)
    period = open_period(session, directive_id=did, units=w.units[:2], links=links, now=NOW)
    records = {
        "comment_group_id": session.exec(select(CommentGroup.id)).first(),
        "directive_id": did,
        "round_id": opened.round.id,
        "invitation_id": session.exec(
            select(Invitation.id).where(Invitation.round_id == opened.round.id)
        ).first(),
        "comment_id": comment.id,
        "version_id": session.exec(
            select(DraftVersion.id).where(DraftVersion.directive_id == did)
        ).first(),
        "message_id": message.first(),
        "body_id": body_a,  # the drafting body's own letter settings (Scope.BODY)
        "period_id": period.period_id,
        "report_id": next(iter(period.reports.values())),
    }
    enqueue(
        session,
        key="notice:no-directive",
        template="undeliverable",
        to_email="quantri@binhphuoc.test",
        context={},
        now=NOW,
    )
    units = {
        Relation.OWN: id_of(
            unit_create(session, name="Chi bộ A", owner_id=body_a, by="t", now=NOW)
        ),
        Relation.OTHER: id_of(
            unit_create(session, name="Chi bộ B", owner_id=body_b, by="t", now=NOW)
        ),
        Relation.SHARED: id_of(w.units[0]),
    }
    session.commit()
    stray = session.exec(select(OutboxMessage.id).where(OutboxMessage.directive_id == None))  # noqa: E711
    hoa = session.exec(select(User).where(User.username == "hoa")).one()
    spare = User(
        username="spare", role=policy.Role.OFFICER, password_hash=hoa.password_hash, created_at=NOW
    )
    session.add(spare)
    session.commit()
    bearer(session, id_of(spare))
    spare_token = session.exec(select(ApiToken.id).where(ApiToken.user_id == spare.id)).one()
    signer = signer_save(
        session,
        body_id=id_of(w.drafting),
        form="K/T",
        on_behalf_of="Trưởng Ban",
        title="Phó Trưởng Ban",
        full_name="Lê Văn Cường",
        by="t",
        now=NOW,
    )
    group = group_save(
        session,
        owner_id=id_of(w.drafting),
        name="Các huyện ủy",
        unit_ids=[id_of(w.units[0])],
        by="t",
        now=NOW,
    )
    world = World(
        site,
        records,
        units,
        stray.one(),
        {
            "user_id": id_of(spare),
            "token_id": spare_token,
            # The administration pages name a body or a term without a relation to it.
            "unit_id": id_of(w.units[1]),
            "term_id": session.exec(select(Term.id)).first() or 0,
            "signer_id": id_of(signer),
            "group_id": id_of(group),
        },
        api=TestClient(site.app),
    )
    for role in policy.ALL_ROLES:
        for body, unit_id in (("a", body_a), ("b", body_b)):
            user = User(
                username=f"{role}.{body}",
                role=policy.Role(role),
                unit_id=unit_id,
                password_hash=hoa.password_hash,
                created_at=NOW,
            )
            session.add(user)
            session.commit()
            world.tokens[user.username] = bearer(session, id_of(user))
    session.rollback()
    for username in world.tokens:
        world.pages[username] = site.client(username)
    return world


def _record_param(path: str) -> str | None:
    named = set(_PARAM.findall(path))
    return next((p for p in RECORD_PARAMS if p in named), None)


def _cases(w: World, path: str, action: str) -> list[tuple[str, Relation, dict[str, int]]]:
    """(username, relation, record ids) for every role in every relation this route has:
    users "<role>.a" belong to the body that drafts the directive, "<role>.b" to another."""
    scope = policy.action(action).scope
    param = _record_param(path)
    roles = policy.ALL_ROLES
    if scope == Scope.NONE or param is None:
        return [(f"{r}.a", Relation.SHARED, {}) for r in roles]
    if scope == Scope.UNIT:
        return [(f"{r}.a", rel, {param: uid}) for r in roles for rel, uid in w.units.items()]
    bodies = (("a", Relation.OWN), ("b", Relation.OTHER))
    out: list[tuple[str, Relation, dict[str, int]]] = [
        (f"{r}.{b}", rel, {}) for r in roles for b, rel in bodies
    ]
    if param == "message_id":  # an email about no directive
        out += [(f"{r}.a", Relation.SHARED, {param: w.no_directive_message}) for r in roles]
    return out


def _url(w: World, path: str, ids: dict[str, int], choice: str | None) -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in ids:
            return str(ids[name])
        if name in w.records:
            return str(w.records[name])
        if name in w.spare:
            return str(w.spare[name])
        fixed = {"number": "1", "name": "x.docx", "n": "1", "action": choice or "", "file_id": "1"}
        assert name in fixed, f"{path}: teach this test the path parameter {name!r}"
        return fixed[name]

    return _PARAM.sub(value, path)


def _message(response: Any) -> str:
    if "application/json" in response.headers.get("content-type", ""):
        body = response.json()
        return str(body.get("error", "")) if isinstance(body, dict) else ""
    found = _H1.search(response.text)
    return found.group(1).strip() if found else ""


# What "may see the record" means, from the issue (not from the code under test): a
# directive (or its rounds, comments, drafts …) is seen by whom the table lets view it; a unit
# one may not edit answers as a missing one (item 1).
# A body's letter settings: every body is in the tree everyone sees, so a refusal is a 403.
SEEING = {Scope.DIRECTIVE: "directive.view", Scope.UNIT: "unit.edit", Scope.BODY: None}


def _expected(role: str, action: str, relation: Relation, param: str | None) -> Verdict:
    grants = policy.TABLE[action].get(role, frozenset())
    scope = policy.action(action).scope
    if scope == Scope.NONE or param is None:
        # Nothing named in the path: the role needs the action somewhere; else a 403.
        return Verdict.ALLOW if grants else Verdict.FORBIDDEN
    if relation in grants:
        return Verdict.ALLOW
    seeing = SEEING[scope]
    sees = seeing is None or relation in policy.TABLE[seeing].get(role, frozenset())
    return Verdict.FORBIDDEN if sees else Verdict.HIDDEN


@pytest.fixture
def world(engine, session, settings):
    return _world(engine, session, settings)


def test_every_route_declares_its_action_or_that_it_is_public(engine, session, settings):
    app = make_site(engine, session, settings).app
    assert undeclared(app) == []
    # The check does catch a route added without a declaration.
    extra = APIRouter()
    extra.add_api_route("/stray", lambda: {"ok": True}, methods=["GET"])
    app.include_router(extra)
    assert undeclared(app) == ["['GET'] /stray"]


def _check_route(w: World, path: str, method: str, choice: str | None, action: str) -> int:
    """Call one route as every role in every relation; returns how many calls were refused."""
    refused = 0
    param = _record_param(path)
    for username, relation, ids in _cases(w, path, action):
        role = username.split(".")[0]
        url = _url(w, path, ids, choice)
        where = f"{method} {url} as {role} ({relation}): {action}"
        got = w.call(username, method, url)
        assert got.status_code < 500, where
        text = _message(got)
        ident = ids.get(param, w.records.get(param)) if param else None
        hidden = missing(RECORD_PARAMS[param], ident).message if param else None
        verdict = _expected(role, action, relation, param)
        if verdict == Verdict.HIDDEN:
            assert param is not None  # _expected hides only a record named in the path
            assert (got.status_code, text) == (404, hidden), where
            # Word for word the answer for an id that no record has.
            gone = w.call(username, method, _url(w, path, {**ids, param: ABSENT}, choice))
            assert gone.status_code == 404, where
            assert _message(gone) == text.replace(f"#{ident}.", f"#{ABSENT}."), where
        elif verdict == Verdict.FORBIDDEN:
            assert (got.status_code, text) == (403, policy.refusal(role, action)), where
        else:
            assert got.status_code != 401, where
            assert not (got.status_code == 403 and text.startswith("Vai trò")), where
            assert not (got.status_code == 404 and text == hidden), where
        refused += verdict != Verdict.ALLOW
    return refused


def test_every_route_answers_as_the_table_says(world):
    seen, routes, refused = set(), 0, 0
    for ctx in iter_route_contexts(world.site.app.routes):
        decl = declaration_of(ctx)
        if decl is None or isinstance(decl, Public):
            continue
        assert ctx.path is not None  # a declared route is a FastAPI route: it has a path
        fixed: list[tuple[str | None, str]] = [(None, action) for action in decl.actions]
        choices = list(decl.choices.items()) if decl.choices else fixed
        for method in sorted((ctx.methods or set()) - {"HEAD"}):
            for choice, action in choices:
                seen.add(action)
                routes += 1
                refused += _check_route(world, ctx.path, method, choice, action)
    # Every action of the table is some route's (admin.area: web.auth.require_admin's, for
    # administrator pages to come).
    assert set(policy.ACTIONS) - seen <= {"admin.area"}, set(policy.ACTIONS) - seen
    assert routes >= 80 and refused >= 250, (routes, refused)


def test_signing_is_for_leaders_on_the_page_and_the_api(world):
    """Item 4: an officer recording a signing (officer token → 200 and a number) is refused;
    the body is not even read (an empty one gets the refusal, not a validation error)."""
    w = world
    did = w.records["directive_id"]
    body = {
        "signed_on": "12/10/2023",
        "form": "T/M",
        "signer_title": "Phó Bí thư",
        "signer_name": "Huỳnh Thị Hằng",
        "on_behalf_of": "Ban Thường vụ",
    }
    for username in ("officer.a", "clerk.a"):
        r = w.api.post(f"/api/v1/directives/{did}/sign", headers=w.tokens[username], json=body)
        role = username.split(".")[0]
        assert (r.status_code, r.json()["error"]) == (403, policy.refusal(role, "directive.sign"))
    empty = w.api.post(f"/api/v1/directives/{did}/sign", headers=w.tokens["officer.a"])
    assert empty.status_code == 403  # the policy answers before the body is validated (422)
    officer = w.pages["officer.a"]
    page = officer.post(f"/directives/{did}/sign", data={**body, "csrf_token": officer.csrf})
    assert page.status_code == 403 and "không được ghi nhận ký chỉ thị" in page.text
    assert officer.get(f"/directives/{did}/sign").status_code == 403
    assert '/sign"' not in officer.get(f"/directives/{did}").text  # not offered either
    # A leader may (the stage rule answers: the directive is not submitted yet).
    leader = w.api.post(f"/api/v1/directives/{did}/sign", headers=w.tokens["leader.b"], json=body)
    assert leader.status_code == 409, leader.text


def test_lists_show_a_directive_to_whom_the_table_lets_see_it(world):
    """The dashboard and the API list show another body's directive to nobody but those the
    table lets see every body's (leaders, clerks, administrators)."""
    w = world
    did = w.records["directive_id"]
    for username, sees in [
        ("officer.a", True),
        ("officer.b", False),
        ("leader.b", True),
        ("clerk.b", True),
        ("admin.b", True),
    ]:
        listed = w.api.get("/api/v1/directives", headers=w.tokens[username]).json()
        assert (did in {d["id"] for d in listed["items"]}) == sees, username
        home = w.pages[username].get("/").text
        assert (f'href="/directives/{did}"' in home) == sees, username


def test_an_officer_creates_directives_for_its_own_body_only(world):
    w = world
    issuer = w.site.world.issuer.id
    body_b = w.units[Relation.OTHER]  # any unit that is not body A
    new = {"title": "Về công tác dân vận", "issuer_id": issuer, "drafting_unit_id": body_b}
    refused = w.api.post("/api/v1/directives", headers=w.tokens["officer.a"], json=new)
    assert refused.status_code == 403
    assert refused.json()["error"] == policy.refusal("officer", "directive.create")
    own = {**new, "drafting_unit_id": w.site.world.drafting.id}
    made = w.api.post("/api/v1/directives", headers=w.tokens["officer.a"], json=own)
    assert made.status_code == 201, made.text
    by_admin = w.api.post("/api/v1/directives", headers=w.tokens["admin.a"], json=new)
    assert by_admin.status_code == 201, by_admin.text
