"""Authorization and CSRF on every officer route; illegal actions neither offered nor done."""

import pytest
from sqlmodel import func, select

from models.commands.answers import answer_submit, comment_save
from models.commands.rounds import round_open
from models.tables import AuditEvent, Comment, Invitation, Round
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, csrf_of, make_site

GETS = [
    "/directives/{d}",
    "/directives/{d}/audit",
    "/directives/{d}/drafts/new",
    "/directives/{d}/drafts/1",
    "/directives/{d}/diff?a=1&b=1",
    "/directives/{d}/act/finalise",
    "/directives/{d}/sign",
    "/directives/{d}/rounds/new?kind=written",
    "/directives/{d}/documents/bao-cao.docx",
    "/rounds/{r}",
    "/rounds/{r}/invitations",
    "/rounds/{r}/comments",
    "/rounds/{r}/close",
    "/rounds/{r}/grassroots",
    "/rounds/{r}/conference",
    "/invitations/{i}/report",
]
# Form fields: one value, or a list for a multi-select (unit_ids).
POSTS: list[tuple[str, dict[str, str | list[str]]]] = [
    ("/directives/{d}/drafts/new", {"text": "I. MỚI\nNội dung khác."}),
    ("/directives/{d}/act/finalise", {}),
    ("/directives/{d}/act/submit", {}),
    ("/directives/{d}/final", {"version_id": "1"}),
    ("/directives/{d}/sign", {"signed_on": "12/10/2023", "form": "T/M"}),
    ("/directives/{d}/rounds/new", {"kind": "written", "unit_ids": ["1"]}),
    ("/rounds/{r}/extend", {"deadline": "30/9/2023"}),
    ("/rounds/{r}/close", {}),
    ("/invitations/{i}/reissue", {}),
    ("/invitations/{i}/report", {"delegates": "5"}),
    ("/comments/{c}/disposition", {"decision": "accept", "response": "Tiếp thu"}),
    ("/rounds/{r}/opinions", {"speaker": "A", "text": "B"}),
    ("/rounds/{r}/attendance", {"attendees": "50"}),
    ("/rounds/{r}/conference/close", {"attendees": "50"}),
]


def _case(site):
    """A directive of Ban Dân vận with an open written round and one submitted comment."""
    w = site.world
    did = site.run(directive_with_draft, w=w, now=NOW)
    links = Links(base_url="http://duthao.test", secret="test-secret")
    opened = site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[u.id for u in w.units],
        by="hoa",
        now=NOW,
        links=links,
    )
    token = opened.tokens[w.units[0].id]
    site.run(comment_save, raw_token=token, position="disagree", text="Chưa rõ.", now=NOW)
    site.run(answer_submit, raw_token=token, now=NOW)
    ids = {
        "d": did,
        "r": opened.round.id,
        "i": site.one(select(Invitation.id).where(Invitation.unit_id == w.units[0].id)),
        "c": site.one(select(Comment.id)),
    }
    return ids


def _audit_count(site) -> int:
    return site.one(select(func.count()).select_from(AuditEvent))


@pytest.fixture
def case(engine, session, settings):
    site = make_site(engine, session, settings)
    return site, _case(site)


def test_other_body_gets_404_on_every_directive_route(case):
    """Another body's records answer as missing ones (404 "Không tìm thấy …"), so their ids
    cannot be enumerated; a 403 would confirm they exist."""
    site, ids = case
    khac = site.client("khac")
    for path in GETS:
        r = khac.get(path.format(**ids))
        assert r.status_code == 404, path
        assert "Không tìm thấy" in r.text, path
    before = _audit_count(site)
    token = csrf_of(khac, "/")
    for path, data in POSTS:
        r = khac.post(path.format(**ids), data={**data, "csrf_token": token})
        assert r.status_code == 404, path
    assert _audit_count(site) == before


def test_anonymous_is_sent_to_login_and_cannot_post(case):
    site, ids = case
    anon = site.client(None)
    for path in GETS:
        r = anon.get(path.format(**ids))
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    token = csrf_of(anon, "/login")
    before = _audit_count(site)
    for path, data in POSTS:
        assert anon.post(path.format(**ids), data={**data, "csrf_token": token}).status_code in (
            401,
            403,
        ), path
    assert _audit_count(site) == before


def test_missing_or_wrong_csrf_changes_nothing(case):
    site, ids = case
    hoa = site.client("hoa")
    before = _audit_count(site)
    for path, data in POSTS:
        r = hoa.post(path.format(**ids), data=data)
        assert r.status_code == 403, path
        assert "biểu mẫu không hợp lệ" in r.text
        r = hoa.post(
            path.format(**ids), data=data, headers={"HX-Request": "true", "X-CSRF-Token": "sai"}
        )
        assert r.status_code == 403 and r.headers["HX-Retarget"] == "#messages", path
    assert _audit_count(site) == before
    assert site.get(Round, ids["r"]).status == "open"


def test_illegal_actions_not_offered_and_refused(case):
    site, ids = case
    hoa = site.client("hoa")
    page = hoa.get(f"/directives/{ids['d']}").text
    assert "Kết thúc đợt lấy ý kiến" in page
    for absent in (
        "/rounds/new?kind=",
        "/act/finalise",
        "/act/submit",
        '/sign"',
        "/act/issue",
    ):
        assert absent not in page, absent
    before = _audit_count(site)
    token = csrf_of(hoa, "/")
    for action in ("finalise", "submit", "issue", "return"):
        r = hoa.post(f"/directives/{ids['d']}/act/{action}", data={"csrf_token": token})
        assert r.status_code == 409, action
        assert "alert-error" in r.text, action  # the rule's Vietnamese reason
    second = hoa.post(
        f"/directives/{ids['d']}/rounds/new",
        data={
            "csrf_token": token,
            "kind": "written",
            "unit_ids": [str(site.world.units[1].id)],
            "request_key": "k2",
        },
    )
    assert second.status_code == 409 and "Đang có một đợt lấy ý kiến mở" in second.text
    assert _audit_count(site) == before
    # A leader reads but does not act before submission.
    lanh = site.client("lanh")
    assert lanh.get(f"/directives/{ids['d']}").status_code == 200
    r = lanh.post(f"/rounds/{ids['r']}/close", data={"csrf_token": csrf_of(lanh, "/")})
    assert r.status_code == 403
    assert site.get(Round, ids["r"]).status == "open"


def test_absurd_ids_and_values_are_refused_cleanly(case):
    """Huge or non-ASCII numbers: a clear 404 / 422 or an ignored filter, never a 500."""
    site, ids = case
    hoa = site.client("hoa")
    huge = "9" * 30
    for path in (f"/directives/{huge}", f"/rounds/{huge}", f"/directives/{ids['d']}/drafts/{huge}"):
        assert hoa.get(path).status_code == 404, path
    r = hoa.get(f"/rounds/{ids['r']}/comments?unit={huge}&page={huge}")
    assert r.status_code == 200
    assert hoa.get(f"/directives/{ids['d']}/diff?a={huge}&b=²").status_code == 422
    token = csrf_of(hoa, "/")
    before = _audit_count(site)
    for path, data in [
        (f"/directives/{ids['d']}/final", {"version_id": huge}),
        (f"/rounds/{ids['r']}/opinions", {"speaker": "A", "text": "B", "unit_id": huge}),
        (f"/invitations/{ids['i']}/report", {"delegates": "²"}),
        ("/units", {"name": "Đơn vị thử", "parent_id": huge}),
    ]:
        r = hoa.post(path, data={**data, "csrf_token": token})
        assert 400 <= r.status_code < 500, (path, r.status_code)
    assert _audit_count(site) == before
