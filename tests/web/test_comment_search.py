"""Finding a comment by its words on the round page and in the API: case, accents, NFC/NFD
and Đ/Ð do not matter; the search combines with the other filters and the paging."""

import unicodedata

from sqlmodel import col, select

from models.commands.answers import answer_submit, comment_save
from models.commands.rounds import round_open
from models.queries.comments import CommentFilter
from models.tables import Comment, Section, User
from models.text import match_spans, search_key, search_text
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site
from tests.web.test_unit_support import bearer

TEXTS = [
    "Đề nghị bổ sung nhiệm vụ tuyên truyền.",  # on the first section
    "Đoàn thanh niên cần được giao chỉ tiêu cụ thể.",  # on the second
    "Thống nhất, đề nghị sớm ban hành.",  # on the first
    "Không có ý kiến khác; tỷ lệ 100% là hợp lý.",  # on the second
    "Đề nghị làm rõ trách nhiệm của người đứng đầu.",  # on the second
]


def _round(site) -> tuple[int, int, list[Section], str]:
    """A written round where one unit submitted TEXTS; its link's token for edits."""
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    opened = site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[u.id for u in site.world.units[:2]],
        by="hoa",
        now=NOW,
        links=Links(base_url="http://duthao.test", secret="test-secret"),
    )
    rnd = opened.round
    sections = site.all(
        select(Section)
        .where(Section.version_id == rnd.draft_version_id)
        .order_by(col(Section.ordinal))
    )
    token = opened.tokens[site.world.units[0].id]
    for i, text in enumerate(TEXTS):
        site.run(
            comment_save,
            raw_token=token,
            position="agree_with_comments",
            text=text,
            section_id=sections[i % 2 if i < 2 else (0 if i == 2 else 1)].id,
            now=NOW,
        )
    site.run(answer_submit, raw_token=token, now=NOW)
    return did, rnd.id, sections, token


def _page_ids(html: str) -> list[int]:
    return [int(part.split('"', 1)[0]) for part in html.split('id="comment-')[1:]]


def _ids_of(site, *texts: str) -> list[int]:
    return sorted(site.one(select(Comment.id).where(Comment.text == t)) for t in texts)


def test_search_folds_case_accents_nfd_and_d_bar(engine, session, settings):
    site = make_site(engine, session, settings)
    did, rid, _, _ = _round(site)
    hoa = site.client("hoa")
    auth = bearer(session, site.one(select(User.id).where(User.username == "hoa")))
    asks_for = _ids_of(site, TEXTS[0], TEXTS[2], TEXTS[4])
    doan = _ids_of(site, TEXTS[1])
    for q, expected in [
        ("de nghi", asks_for),
        ("ĐỀ NGHỊ", asks_for),
        (unicodedata.normalize("NFD", "đề nghị"), asks_for),  # typed decomposed
        ("\u00d0oàn", doan),  # Latin capital Eth typed for Đ
        ("doan thanh", doan),
        ("100%", _ids_of(site, TEXTS[3])),
        ("%", _ids_of(site, TEXTS[3])),  # escaped: not a wildcard
        ("_", []),
    ]:
        page = hoa.get(f"/rounds/{rid}/comments", params={"q": q})
        api = hoa.get(f"/api/v1/directives/{did}/comments", params={"q": q}, headers=auth)
        assert api.status_code == 200
        assert sorted(_page_ids(page.text)) == expected, q
        assert sorted(i["id"] for i in api.json()["items"]) == expected, q
        assert api.json()["total"] == len(expected)
    # The page marks what matched, in the text as written, and keeps the search in the form.
    full = hoa.get(f"/rounds/{rid}", params={"q": "de nghi"}).text
    assert "<mark>Đề nghị</mark> bổ sung" in full and "Thống nhất, <mark>đề nghị</mark>" in full
    assert 'name="q" value="de nghi"' in full
    assert "phù hợp bộ lọc" in hoa.get(f"/rounds/{rid}/comments", params={"q": "xyz"}).text


def test_search_combines_with_section_unit_filters_and_paging(engine, session, settings):
    site = make_site(engine, session, settings)
    did, rid, sections, _ = _round(site)
    hoa = site.client("hoa")
    auth = bearer(session, site.one(select(User.id).where(User.username == "hoa")))
    url = f"/api/v1/directives/{did}/comments"
    second = hoa.get(url, params={"q": "de nghi", "section_key": sections[1].key}, headers=auth)
    assert [i["id"] for i in second.json()["items"]] == _ids_of(site, TEXTS[4])
    paged = hoa.get(url, params={"q": "de nghi", "limit": 2, "offset": 2}, headers=auth).json()
    assert paged["total"] == 3 and len(paged["items"]) == 1
    other = site.world.units[1].id
    assert hoa.get(url, params={"q": "de nghi", "unit_id": other}, headers=auth).json() == {
        "total": 0,
        "offset": 0,
        "limit": 50,
        "items": [],
    }
    # The page's pager and filter links carry the search (URL-encoded).
    page = hoa.get(f"/rounds/{rid}/comments", params={"q": "đề nghị", "position": "agree"})
    assert "Không có ý kiến nào phù hợp bộ lọc" in page.text
    assert CommentFilter.parse(q="đề nghị&x=1", page="2").query() == (
        "q=%C4%91%E1%BB%81+ngh%E1%BB%8B%26x%3D1&page=2"
    )


def test_an_edit_refolds_the_search_column(engine, session, settings):
    site = make_site(engine, session, settings)
    _, rid, _, token = _round(site)
    cid = _ids_of(site, TEXTS[3])[0]
    site.run(
        comment_save,
        raw_token=token,
        position="agree_with_comments",
        text="Đề nghị giữ nguyên tỷ lệ.",
        comment_id=cid,
        now=NOW,
    )
    hoa = site.client("hoa")
    found = hoa.get(f"/rounds/{rid}/comments", params={"q": "GIU NGUYEN"}).text
    assert _page_ids(found) == [cid]
    assert _page_ids(hoa.get(f"/rounds/{rid}/comments", params={"q": "100"}).text) == []


def test_search_rules():
    assert search_key("Ðoàn") == search_key("Đoàn") == "doan"
    assert search_text("Đề nghị\n\nbổ sung", "", "Ông Ân") == "de nghi bo sung\nong an"
    text = "Đề nghị bổ sung\n\nnội dung  ĐỀ NGHỊ"
    assert [text[a:b] for a, b in match_spans(text, "de nghi")] == ["Đề nghị", "ĐỀ NGHỊ"]
    assert [text[a:b] for a, b in match_spans(text, "sung noi")] == ["sung\n\nnội"]
    assert match_spans(text, "  ") == []


def test_a_long_comment_collapses_and_opens_on_a_search(engine, session, settings):
    site = make_site(engine, session, settings)
    _, rid, _, token = _round(site)
    long = "Đề nghị rà soát. " + "Nội dung phân tích chi tiết. " * 30 + "Kết luận riêng."
    site.run(comment_save, raw_token=token, position="disagree", text=long, now=NOW)
    hoa = site.client("hoa")
    page = hoa.get(f"/rounds/{rid}/comments").text
    row = page.split('<details class="long-comment">', 1)[1].split("</details>", 1)[0]
    assert "Xem thêm" in row and "Kết luận riêng." in row  # the whole text, folded away
    short = page.split(TEXTS[1], 1)[0].rsplit("<td", 1)[1]
    assert "details" not in short
    found = hoa.get(f"/rounds/{rid}/comments", params={"q": "ket luan rieng"}).text
    assert '<details class="long-comment" open>' in found
    assert "<mark>Kết luận riêng</mark>." in found
