"""The bản so sánh from the diff page and its API twin: the same file for those who may see
the directive, 404 for another body's officer (issue 13, item 7)."""

import html
import re

from sqlmodel import select

from documents.comparison import NOTE
from models.tables import User
from tests.documents.redlines import compared_text, document_xml
from tests.factories import DRAFT_TEXT, directive_with_draft
from tests.web.officer_kit import NOW, make_site, post
from tests.web.test_unit_support import bearer

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
V2 = DRAFT_TEXT.replace("ít nhất 01 lần/quý", "ít nhất 01 lần/sáu tháng")


def test_diff_page_link_and_api_give_the_same_comparison(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    assert post(hoa, f"/directives/{did}/drafts/new", {"text": V2}).status_code == 303
    page = hoa.get(f"/directives/{did}/diff?a=1&b=2").text
    found = re.search(r'id="comparison-docx" href="([^"]+)"', page)
    assert found and "Tải bản so sánh (DOCX)" in page
    link = html.unescape(found.group(1))
    assert link == f"/directives/{did}/versions/compare.docx?from=1&to=2"
    got = hoa.get(link)
    assert got.status_code == 200 and got.headers["content-type"] == DOCX
    assert 'filename="so-sanh-du-thao-lan-1-va-lan-2.docx"' in got.headers["content-disposition"]
    newer = compared_text(got.content, accept=True, note=NOTE)
    assert "a) Tổ chức hội nghị giao ban ít nhất 01 lần/sáu tháng." in newer
    assert site.client("khac").get(link).status_code == 404

    hoa_id = site.one(select(User.id).where(User.username == "hoa"))
    khac_id = site.one(select(User.id).where(User.username == "khac"))
    api = site.client(None)
    path = f"/api/v1/directives/{did}/versions/compare.docx?from=1&to=2"
    ok = api.get(path, headers=site.run(bearer, user_id=hoa_id))
    assert ok.status_code == 200 and ok.headers["content-type"] == DOCX
    assert document_xml(ok.content) == document_xml(got.content)
    refused = api.get(path, headers=site.run(bearer, user_id=khac_id))
    missing = api.get(path.replace(f"/{did}/", "/999999/"), headers=ok.request.headers)
    assert refused.status_code == missing.status_code == 404
    assert refused.text.replace(str(did), "999999") == missing.text  # worded as a missing one
    no_version = api.get(path.replace("to=2", "to=9"), headers=ok.request.headers)
    assert no_version.status_code == 404 and "lần 9" in no_version.text
    assert hoa.get(link.replace("to=2", "to=x")).status_code == 422
