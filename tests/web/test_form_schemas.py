"""A page and its API twin check input with the same schema: the same bad input is refused
by both, with the same Vietnamese message at the field (web/forms.py)."""

import html
import re

from sqlmodel import select

from models.commands.rounds import round_open
from models.tables import Directive, Round
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site, post
from tests.web.test_rules_twins import _api

FIELD_ERROR = re.compile(r'<small class="field-error"[^>]*>(.*?)</small>', re.S)


def _page_messages(response) -> list[str]:
    return [html.unescape(m).strip() for m in FIELD_ERROR.findall(response.text)]


def _api_messages(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_page_and_api_refuse_alike(engine, session, settings):
    site = make_site(engine, session, settings)
    w = site.world
    did = site.run(directive_with_draft, w=w, now=NOW)
    rid = site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[u.id for u in w.units],
        by="hoa",
        now=NOW,
        links=Links(base_url="http://duthao.test", secret="test-secret"),
    ).round.id
    hoa = site.client("hoa")
    before = (site.all(select(Directive.id)), site.one(select(Round.deadline)))

    cases = [
        # (page path, form, API path, JSON, field, message)
        (
            "/directives/new",
            {"title": "x" * 501, "issuer_id": str(w.issuer.id)},
            "/api/v1/directives",
            {"title": "x" * 501, "issuer_id": w.issuer.id, "drafting_unit_id": w.drafting.id},
            "title",
            "Quá dài (tối đa 500 ký tự).",
        ),
        (
            "/directives/new",
            {"title": "Về công tác\x01 dân vận", "issuer_id": str(w.issuer.id)},
            "/api/v1/directives",
            {
                "title": "Về công tác\x01 dân vận",
                "issuer_id": w.issuer.id,
                "drafting_unit_id": w.drafting.id,
            },
            "title",
            "Văn bản chứa ký tự điều khiển không hợp lệ.",
        ),
        (
            f"/directives/{did}/rounds/new",
            {"kind": "written", "deadline": "30/08/2023"},
            f"/api/v1/directives/{did}/rounds",
            {"kind": "written", "unit_ids": [], "deadline": "30/08/2023"},
            "unit_ids",
            "Vui lòng chọn ít nhất 1 đơn vị hoặc nhóm đơn vị.",
        ),
        (
            f"/rounds/{rid}/extend",
            {"deadline": "31/02/2024"},
            f"/api/v1/rounds/{rid}/extend",
            {"deadline": "31/02/2024"},
            "deadline",
            "Ngày không hợp lệ.",
        ),
    ]
    client, auth = _api(site, session, "hoa")
    for page_path, form, api_path, body, field, message in cases:
        page = post(hoa, page_path, form)
        api = client.post(api_path, headers=auth, json=body)
        assert page.status_code == api.status_code == 422, (page_path, api.text)
        assert _api_messages(api)[field] == message, api.text
        assert message in _page_messages(page), (page_path, _page_messages(page))
    assert (site.all(select(Directive.id)), site.one(select(Round.deadline))) == before


def test_several_fields_refused_at_once_keep_what_was_typed(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")
    typed = {"title": "x" * 501, "issuer_id": "abc", "assignment_date": "32/13/2023"}
    page = post(hoa, "/directives/new", typed)
    assert page.status_code == 422
    shown = _page_messages(page)
    assert "Quá dài (tối đa 500 ký tự)." in shown and "Phải là một số nguyên." in shown
    assert 'value="32/13/2023"' in page.text


def test_textarea_lines_and_checkboxes_fill_the_schema_lists():
    from starlette.datastructures import FormData

    from web.forms import Posted
    from web.schemas import SignIn

    form = FormData(
        [
            ("signed_on", "05/09/2023"),
            ("form", "T/M"),
            ("signer_title", "Bí thư"),
            ("signer_name", "Nguyễn Văn A"),
            ("recipient_ids", "3"),
            ("recipient_ids", "7"),
            ("extra_recipients", "Văn phòng Tỉnh ủy\r\n\r\n  Lưu\n"),
            ("number", ""),
        ]
    )
    body = Posted(form, {k: v for k, v in form.items() if isinstance(v, str)}).valid(SignIn)
    assert body.recipient_ids == [3, 7]
    assert body.extra_recipients == ["Văn phòng Tỉnh ủy", "Lưu"]
    assert body.signed_on.isoformat() == "2023-09-05" and body.number == ""
