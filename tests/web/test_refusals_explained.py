"""No input lost, every refusal explained (issue 11, item 5): a reused number names its
holder at the field and keeps what was typed; a refusal links to its cause; dispositions
save on an explicit action, one or several at once, all or nothing."""

import re
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import col, select

from models.commands.directives import directive_finalise
from models.commands.dispositions import disposition_set
from models.commands.drafts import draft_set_final
from models.commands.register import register_manual
from models.commands.rounds import round_close
from models.ids import id_of
from models.tables import AuditEvent, Comment, Directive, Disposition, RegisterEntry, Round, User
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, hx_post, make_site, post
from tests.web.test_round_comments import _round_with_comments
from tests.web.test_unit_support import bearer

LETTER = {
    "kind": "written",
    "letter_number": "15-CV/BDVTU",
    "letter_date": "12/07/2023",
    "deadline": "30/07/2023",
    "reminder_days": "3",
}


def _count(site, model) -> int:
    return site.one(select(func.count()).select_from(model))


def _token(site, session) -> dict[str, str]:
    return bearer(session, site.one(select(User.id).where(User.username == "hoa")))


def test_reused_letter_number_names_its_holder_and_keeps_the_form(engine, session, settings):
    site = make_site(engine, session, settings)
    first = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    units = [str(u.id) for u in site.world.units[:2]]
    opened = post(
        hoa,
        f"/directives/{first}/rounds/new",
        {**LETTER, "abstract": "V/v góp ý dự thảo Chỉ thị", "unit_ids": units, "request_key": "a"},
    )
    assert opened.status_code == 303
    rid = site.one(select(Round.id))
    second = site.run(directive_with_draft, w=site.world, now=NOW)
    typed = {**LETTER, "abstract": "V/v góp ý lần hai", "unit_ids": units[:1], "request_key": "b"}
    r = post(hoa, f"/directives/{second}/rounds/new", typed)
    assert r.status_code == 409
    error = re.search(r'(?s)id="letter_number-error">(.*?)</small>', r.text)
    assert error, "the message is at the number field"
    assert "Số 15-CV/BDVTU đã dùng cho: Công văn “V/v góp ý dự thảo Chỉ thị”" in error.group(1)
    assert "ngày 12/7/2023" in error.group(1)
    assert f'href="/rounds/{rid}#comments"' in error.group(1)  # the holder, one click away
    summary = re.search(r'(?s)<div class="explain">(.*?)</div>', r.text)
    assert summary and "15-CV/BDVTU" not in summary.group(1)  # the refused number is not promised
    for kept in ('value="V/v góp ý lần hai"', 'value="15-CV/BDVTU"', 'value="30/07/2023"'):
        assert kept in r.text, kept
    assert f'value="{units[0]}" checked' in r.text and f'value="{units[1]}" checked' not in r.text
    assert _count(site, Round) == 1 and _count(site, RegisterEntry) == 1

    # The API twin: the field and the holder by name, the round as the cause.
    api = hoa.post(
        f"/api/v1/directives/{second}/rounds",
        json={**LETTER, "abstract": "V/v góp ý lần hai", "unit_ids": [int(units[0])]},
        headers=_token(site, session),
    )
    assert api.status_code == 409, api.text
    body = api.json()
    assert body["field"] == "letter_number"
    assert body["holder"]["number"] == "15-CV/BDVTU"
    assert body["holder"]["abstract"] == "V/v góp ý dự thảo Chỉ thị"
    assert body["causes"] == [
        {
            "label": body["causes"][0]["label"],
            "href": f"/rounds/{rid}#comments",
            "record": "round",
            "id": rid,
        }
    ]
    assert _count(site, Round) == 1


def test_holder_not_linked_for_who_may_not_see_it(engine, session, settings):
    """Another body's officer is refused the number with the message, but gets no link to
    (nor the title of) a directive it may not open."""
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    post(
        site.client("hoa"),
        f"/directives/{did}/rounds/new",
        {**LETTER, "abstract": "Góp ý", "unit_ids": [str(site.world.units[0].id)]},
    )
    from models.errors import NumberTaken
    from web.causes import cause_links

    other = site.one(select(User).where(User.username == "khac"))
    mine = site.one(select(User).where(User.username == "hoa"))
    try:
        site.run(
            register_manual,
            issuer_id=site.world.drafting.id,
            number="15-CV/BDVTU",
            doc_date=NOW.date(),
            by="x",
            now=NOW,
        )
        raise AssertionError("the number was taken")
    except NumberTaken as exc:
        taken = exc
    assert site.run(lambda s: cause_links(s, other, taken.causes)) == []
    assert len(site.run(lambda s: cause_links(s, mine, taken.causes))) == 1


def _submitted(site) -> int:
    """A directive whose only round is closed and disposed of, finalised and submitted."""
    rid = _round_with_comments(site, 3)
    did = site.get(Round, rid).directive_id
    site.run(round_close, round_id=rid, by="hoa", now=NOW + timedelta(days=10))
    for cid in site.all(select(Comment.id).where(Comment.position != "agree")):
        site.run(
            disposition_set, comment_id=cid, decision="accept", by="hoa", now=NOW + timedelta(11)
        )
    site.run(directive_finalise, directive_id=did, by="hoa", now=NOW + timedelta(days=12))
    version = site.get(Round, rid).draft_version_id
    site.run(draft_set_final, directive_id=did, version_id=version, by="hoa", now=NOW)
    hoa = site.client("hoa")
    assert post(hoa, f"/directives/{did}/act/submit").status_code == 303
    return did


def test_signing_with_a_used_number_names_the_directive_holding_it(engine, session, settings):
    site = make_site(engine, session, settings)
    did = _submitted(site)
    holder = site.run(directive_with_draft, w=site.world, now=NOW)
    issuer = id_of(site.world.issuer)
    site.run(
        lambda s: (
            register_manual(
                s,
                issuer_id=issuer,
                number="22-CT/TU",
                doc_date=NOW.date(),
                by="vt",
                abstract="Chỉ thị về công tác khác",
                directive_id=holder,
                now=NOW,
            ),
            s.commit(),
        )
    )
    lanh = site.client("lanh")
    r = post(
        lanh,
        f"/directives/{did}/sign",
        {
            "signed_on": "12/10/2023",
            "form": "T/M",
            "on_behalf_of": "Ban Thường vụ",
            "signer_title": "Phó Bí thư",
            "signer_name": "Huỳnh Thị Hằng",
            "number": "22-CT/TU",
        },
    )
    assert r.status_code == 409
    error = re.search(r'(?s)id="number-error">(.*?)</small>', r.text)
    assert error and "Số 22-CT/TU đã dùng cho: Chỉ thị “Chỉ thị về công tác khác”" in error.group(1)
    assert f'href="/directives/{holder}"' in error.group(1)
    assert 'value="Huỳnh Thị Hằng"' in r.text and 'value="Phó Bí thư"' in r.text
    assert site.get(Directive, did).stage == "submitted"


def test_submit_refusal_links_to_the_undisposed_comments_and_says_it_once(
    engine, session, settings
):
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 3)  # one agrees (needs nothing), two wait
    did = site.get(Round, rid).directive_id
    site.run(round_close, round_id=rid, by="hoa", now=NOW + timedelta(days=10))
    site.run(directive_finalise, directive_id=did, by="hoa", now=NOW + timedelta(days=12))
    version = site.get(Round, rid).draft_version_id
    site.run(draft_set_final, directive_id=did, version_id=version, by="hoa", now=NOW)
    hoa = site.client("hoa")
    r = post(hoa, f"/directives/{did}/act/submit")
    assert r.status_code == 409
    message = "Còn 2 ý kiến chưa có hướng tiếp thu hoặc giải trình."
    assert r.text.count(message) == 1  # not in a banner and again in the body
    link = f"/rounds/{rid}?decision=pending#comments"
    assert f'href="{link}"' in r.text
    waiting = hoa.get(link.replace("#comments", ""))
    shown = set(re.findall(r'<tr id="comment-(\d+)"', waiting.text))
    expected = site.all(select(Comment.id).where(Comment.position != "agree"))
    assert shown == {str(i) for i in expected} and len(shown) == 2
    assert site.get(Directive, did).stage == "finalising"
    api = hoa.post(f"/api/v1/directives/{did}/submit", headers=_token(site, session))
    assert api.status_code == 409 and api.json()["causes"][0]["href"] == link


def test_row_partial_saves_on_an_explicit_action_only(engine, session, settings):
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 3)
    hoa = site.client("hoa")
    cid = site.one(select(Comment.id).where(Comment.position == "disagree"))
    row = hoa.get(f"/rounds/{rid}/comments").text.split(f'<tr id="comment-{cid}"', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert 'hx-trigger="change"' not in row
    assert re.search(r"<form[^>]*hx-post=", row) and 'type="submit">Lưu</button>' in row
    assert 'data-needs-reason="explain partial"' in row  # the rule the browser asks first


def test_disposition_without_the_reason_it_needs_saves_nothing(engine, session, settings):
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 3)
    hoa = site.client("hoa")
    cid = site.one(select(Comment.id).where(Comment.position == "disagree"))
    audits = _count(site, AuditEvent)
    r = hx_post(hoa, f"/comments/{cid}/disposition", {"decision": "partial", "response": "  "})
    assert r.status_code == 200 and r.text.lstrip().startswith(f'<tr id="comment-{cid}"')
    assert "Vui lòng nêu lý do" in r.text and '<option value="partial" selected>' in r.text
    assert "required" in r.text.split('name="response"', 1)[1].split(">", 1)[0]
    none = hx_post(hoa, f"/comments/{cid}/disposition", {"decision": ""})
    assert "Vui lòng chọn hướng xử lý." in none.text
    assert _count(site, Disposition) == 0 and _count(site, AuditEvent) == audits
    plain = post(hoa, f"/comments/{cid}/disposition", {"decision": "explain", "response": ""})
    assert plain.status_code == 422 and "Vui lòng nêu lý do" in plain.text
    assert _count(site, Disposition) == 0
    assert rid


def test_bulk_disposition_of_three_comments_in_one_request(engine, session, settings):
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 6)
    hoa = site.client("hoa")
    page = hoa.get(f"/rounds/{rid}").text
    assert 'form="bulk-dispositions"' in page and 'id="bulk-dispositions"' in page
    ids = site.all(select(Comment.id).where(Comment.position != "agree").order_by(col(Comment.id)))
    three = [str(i) for i in ids[:3]]
    r = post(
        hoa,
        f"/rounds/{rid}/dispositions?position=disagree",
        {"comment_ids": three, "decision": "explain", "response": "Xin giữ như dự thảo."},
    )
    assert r.status_code == 303 and r.headers["location"] == (
        f"/rounds/{rid}?position=disagree&page=1#comments"  # back where the officer was
    )
    saved = site.all(select(Disposition))
    assert sorted(d.comment_id for d in saved) == sorted(ids[:3])
    assert {(d.decision, d.response) for d in saved} == {("explain", "Xin giữ như dự thảo.")}
    assert "Đã lưu hướng xử lý “Giải trình” cho 3 ý kiến." in hoa.get(f"/rounds/{rid}").text
    # The API twin, same command and schema.
    api = hoa.post(
        f"/api/v1/rounds/{rid}/dispositions",
        json={"comment_ids": [ids[3]], "decision": "accept"},
        headers=_token(site, session),
    )
    assert api.status_code == 200, api.text
    assert [d["comment_id"] for d in api.json()] == [ids[3]]


def test_bulk_with_one_invalid_comment_changes_nothing(engine, session, settings):
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 3)
    other_rid = _round_with_comments(site, 3)
    hoa = site.client("hoa")
    mine = site.all(select(Comment.id).where(Comment.round_id == rid, Comment.position != "agree"))
    stray = site.one(select(Comment.id).where(Comment.round_id == other_rid).limit(1))
    audits = _count(site, AuditEvent)
    ticked = [str(i) for i in [*mine, stray]]
    r = post(
        hoa,
        f"/rounds/{rid}/dispositions",
        {"comment_ids": ticked, "decision": "partial", "response": "Tiếp thu ý chính."},
    )
    assert r.status_code == 422
    assert f"1 ý kiến không thuộc đợt lấy ý kiến này (#{stray})" in r.text
    assert f'href="/rounds/{other_rid}#comment-{stray}"' in r.text
    assert "Tiếp thu ý chính." in r.text and '<option value="partial" selected>' in r.text
    for cid in mine:
        assert f'value="{cid}" form="bulk-dispositions" aria-label' in r.text
        assert re.search(rf'value="{cid}" form="bulk-dispositions"[^>]*checked', r.text)
    assert _count(site, Disposition) == 0 and _count(site, AuditEvent) == audits
    no_reason = post(
        hoa, f"/rounds/{rid}/dispositions", {"comment_ids": [str(mine[0])], "decision": "explain"}
    )
    assert no_reason.status_code == 422 and "Vui lòng nêu lý do" in no_reason.text
    api = hoa.post(
        f"/api/v1/rounds/{rid}/dispositions",
        json={"comment_ids": [*mine, stray], "decision": "accept"},
        headers=_token(site, session),
    )
    assert api.status_code == 422 and api.json()["field"] == "comment_ids"
    assert _count(site, Disposition) == 0


def test_refusal_for_an_open_round_links_to_it(engine, session, settings):
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 1)
    did = site.get(Round, rid).directive_id
    r = post(site.client("hoa"), f"/directives/{did}/act/finalise")
    assert r.status_code == 409 and r.text.count("Đang có một đợt lấy ý kiến mở") == 1
    assert f'href="/rounds/{rid}#comments"' in r.text
