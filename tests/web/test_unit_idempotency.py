"""Adding a comment is idempotent per client request: the page's form token, the API's
Idempotency-Key. 50 identical posts at once make one comment, and each gets the same answer;
a unique index in the database is what holds it. A repeated edit changes nothing."""

import asyncio
import re
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.statuses import Position
from models.tables import AuditEvent, Comment, Invitation
from tests.browser.server import free_port, serve
from tests.expect import group
from tests.web.test_unit_support import OPENED_AT, open_round, rows
from web.app import create_app

POSTS = 50
TEXT = "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong việc nắm tình hình."
FORM_KEY = re.compile(r'name="request_key" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def site(engine, session, settings) -> Iterator[tuple[str, str, int]]:
    """(base URL, the first unit's token, its invitation id) with the app behind uvicorn."""
    w, _, opened = open_round(session, settings)
    session.commit()
    (inv_id,) = rows(engine, select(Invitation.id).where(Invitation.unit_id == w.units[0].id))
    app = create_app(settings, engine=engine, run_sweep=False)
    app.state.clock = lambda: OPENED_AT + timedelta(days=1)
    with serve(app, free_port()) as base:
        yield base, opened.tokens[w.units[0].id], inv_id


def comments(engine, inv_id: int) -> list[Comment]:
    return rows(engine, select(Comment).where(Comment.invitation_id == inv_id))


async def at_once(n: int, send) -> list[httpx.Response]:
    return await asyncio.gather(*(send() for _ in range(n)))


def test_fifty_identical_api_posts_make_one_comment(engine, site):
    base, token, inv_id = site
    body = {"position": "agree_with_comments", "text": TEXT}
    key = {"Idempotency-Key": "0b6f1c1e-3d1a-4a7e-9a55-5d2c1b7f0e11"}

    async def run() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            url = f"/api/v1/u/{token}/comments"
            return await at_once(POSTS, lambda: c.post(url, json=body, headers=key))

    answers = asyncio.run(run())

    assert {r.status_code for r in answers} == {201}
    assert len({r.text for r in answers}) == 1  # the same answer for each
    (saved,) = comments(engine, inv_id)
    assert (saved.text, saved.request_key, saved.draft) == (TEXT, key["Idempotency-Key"], True)
    assert answers[0].json()["id"] == saved.id


def test_fifty_identical_form_posts_make_one_comment(engine, site):
    base, token, inv_id = site

    async def run() -> tuple[list[httpx.Response], str]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            page = (await c.get(f"/u/{token}")).text
            form = {
                "csrf_token": group(CSRF, page),
                "request_key": group(FORM_KEY, page),
                "position": "disagree",
                "text": TEXT,
            }
            url = f"/u/{token}/comments"
            sent = await at_once(POSTS, lambda: c.post(url, data=form))
            # A double click through HTMX gets the same partial for each click, too.
            htmx = {"HX-Request": "true", "X-CSRF-Token": form["csrf_token"]}
            again = await at_once(3, lambda: c.post(url, data=form, headers=htmx))
            return sent + again, form["request_key"]

    answers, key = asyncio.run(run())

    assert {(r.status_code, r.headers.get("location")) for r in answers[:POSTS]} == {
        (303, f"/u/{token}#my-comments")
    }
    assert {r.status_code for r in answers[POSTS:]} == {200}
    (saved,) = comments(engine, inv_id)
    assert (saved.text, saved.position, saved.request_key) == (TEXT, "disagree", key)
    assert answers[-1].text.count('class="comment card"') == 1  # one comment listed
    # The page renders a new form token each time: the next comment is a new request.
    fresh = group(FORM_KEY, answers[-1].text)
    assert fresh != key


def test_a_key_is_one_request_only(engine, site):
    base, token, inv_id = site
    url = f"{base}/api/v1/u/{token}/comments"
    first = {"position": "agree_with_comments", "text": TEXT}

    one = httpx.post(url, json=first, headers={"Idempotency-Key": "k-1"})
    other = httpx.post(url, json={**first, "text": "Khác."}, headers={"Idempotency-Key": "k-1"})
    two = httpx.post(url, json={**first, "text": "Khác."}, headers={"Idempotency-Key": "k-2"})
    unkeyed = [httpx.post(url, json=first) for _ in range(2)]  # old clients: no key, no dedup
    bad = [httpx.post(url, json=first, headers={"Idempotency-Key": k}) for k in ("a b", "x" * 101)]

    assert (one.status_code, two.status_code) == (201, 201)
    assert other.status_code == 422 and "đã được dùng cho một ý kiến khác" in other.json()["error"]
    assert [r.status_code for r in unkeyed] == [201, 201]
    for r in bad:
        assert r.status_code == 422 and "Idempotency-Key" in r.json()["error"]
    saved = comments(engine, inv_id)
    assert sorted((c.request_key or "", c.text) for c in saved) == [
        ("", TEXT),
        ("", TEXT),
        ("k-1", TEXT),
        ("k-2", "Khác."),
    ]


def test_the_same_edit_again_writes_and_audits_nothing(engine, site):
    base, token, inv_id = site
    api = f"/api/v1/u/{token}"

    async def run() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            made = await c.post(f"{api}/comments", json={"position": "agree", "text": ""})
            assert (await c.post(f"{api}/submit", json={})).status_code == 200
            edit = {"position": "agree_with_comments", "text": TEXT}
            url = f"{api}/comments/{made.json()['id']}"
            return await at_once(POSTS, lambda: c.put(url, json=edit))

    answers = asyncio.run(run())

    assert {r.status_code for r in answers} == {200}
    assert len({r.text for r in answers}) == 1
    (saved,) = comments(engine, inv_id)
    assert saved.text == TEXT and not saved.draft
    edits = rows(engine, select(AuditEvent).where(AuditEvent.action == "comment.edit"))
    assert len(edits) == 1


def test_the_database_refuses_a_second_comment_for_one_request(engine, session, settings):
    """The unique index itself, without the command's lookup or the invitation's lock."""
    _, _, opened = open_round(session, settings)
    session.commit()
    inv = rows(engine, select(Invitation))[0]

    def row(key: str | None) -> Comment:
        return Comment(
            round_id=inv.round_id,
            invitation_id=inv.id,
            unit_id=inv.unit_id,
            version_id=opened.round.draft_version_id,
            position=Position.AGREE,
            draft=True,
            received_at=OPENED_AT,
            request_key=key,
        )

    with Session(engine) as s:
        s.add_all([row(None), row(None), row("k-1")])  # no key: never a collision
        s.commit()
        s.add(row("k-1"))
        with pytest.raises(IntegrityError):
            s.commit()
