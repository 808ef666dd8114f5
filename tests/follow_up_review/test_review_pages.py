"""The sơ kết page and its API twin, as the Ban Dân vận of a new office drives them and as
an attacker would: another body's officer gets 404, hostile input a Vietnamese message at
its field with nothing changed, never a 500."""

from io import BytesIO
from typing import Any

import pytest
from docx import Document as read_docx
from fastapi.testclient import TestClient
from sqlmodel import select

from models.commands.users import api_token_create, user_create
from models.ids import id_of
from models.policy import Role
from models.tables import RegisterEntry, ReviewReport, Unit, User
from tests.review_kit import NOW, scenario
from tests.web.officer_kit import PASSWORD, RecordingRunner, login, post
from web.app import create_app


@pytest.fixture
def site(engine, session, settings):
    sc = scenario(session)
    lan = user_create(
        session, username="lan", password=PASSWORD, full_name="Phạm Thị Lan",
        unit_id=id_of(sc.office.drafting), email="lan@daknong.test", by="test", now=NOW,
    )  # fmt: skip
    other = Unit(name="Ban Tuyên giáo Tỉnh ủy Lâm Đồng", symbol="BTGTU")
    session.add(other)
    session.commit()
    session.add(
        User(
            username="khac", full_name="Người khác", role=Role.OFFICER, unit_id=other.id,
            password_hash=lan.password_hash, created_at=NOW,
        )
    )  # fmt: skip
    session.commit()
    app = create_app(settings, engine=engine, runner=RecordingRunner(), run_sweep=False)
    app.state.clock = lambda: NOW
    session.rollback()
    return app, sc


def _review(session) -> dict[str, Any] | None:
    """Read in a short transaction: SQLite's reader lock would block the app's writes."""
    session.expire_all()
    found = session.exec(select(ReviewReport)).first()
    out = found.model_dump() if found else None
    session.rollback()
    return out


def _drafted(session) -> dict[str, Any]:
    found = _review(session)
    assert found is not None, "no review report drafted"
    return found


def _client(app, username: str) -> TestClient:
    c = TestClient(app, follow_redirects=False)
    login(c, username)
    return c


def _bearer(session, username: str) -> dict[str, str]:
    user = session.exec(select(User).where(User.username == username)).one()
    _, raw = api_token_create(session, user_id=id_of(user), name="t", by="t", now=NOW)
    return {"Authorization": f"Bearer {raw}"}


def test_officer_drafts_edits_numbers_and_downloads(site, session):
    app, sc = site
    did, pid = sc.office.directive_id, id_of(sc.round)
    url = f"/directives/{did}/follow-up/reviews/{pid}"
    c = _client(app, "lan")
    page = c.get(url)
    assert page.status_code == 200
    assert "Số buổi đối thoại với Nhân dân" in page.text and "34 buổi" in page.text
    assert "50-BC/HU" in page.text  # the trace names the unit's report
    assert post(c, url + "/draft").status_code == 303
    assert "[[so_buoi_doi_thoai]]" in _drafted(session)["prose"]["1"]
    r = post(
        c,
        url + "/prose",
        {"prose_1": "Tổ chức [[so_buoi_doi_thoai]] đối thoại.", "prose_2": "Còn hạn chế."},
    )
    assert r.status_code == 303
    page = c.get(url)
    assert "Tổ chức 34 buổi đối thoại." in page.text
    assert post(c, url + "/number", {"report_date": "12/01/2026"}).status_code == 303
    assert _drafted(session)["number"] == "01-BC/TU"
    again = post(c, url + "/number", {"report_date": "12/01/2026"})
    assert again.status_code == 409 and "01-BC/TU" in again.text
    docx = c.get(url + "/files/bao-cao.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in read_docx(BytesIO(docx.content)).paragraphs)
    assert "Tổ chức 34 buổi đối thoại." in text
    card = c.get(f"/directives/{did}/follow-up/cards/reviews")
    assert card.status_code == 200 and "01-BC/TU" in card.text


def test_bad_input_answered_at_the_field(site, session):
    app, sc = site
    did, pid = sc.office.directive_id, id_of(sc.round)
    url = f"/directives/{did}/follow-up/reviews/{pid}"
    c = _client(app, "lan")
    post(c, url + "/draft")
    r = post(c, url + "/prose", {"prose_1": "Có [[khong_co]] vụ việc."})
    assert r.status_code == 422
    assert 'id="prose_1-error"' in r.text and "[[khong_co]]" in r.text
    assert "Có [[khong_co]] vụ việc." in r.text  # what was typed is kept
    r = post(c, url + "/number", {"report_date": "31/02/2026"})
    assert r.status_code == 422 and 'id="report_date-error"' in r.text
    r = post(c, url + "/prose", {"prose_1": "a\x00b"})
    assert r.status_code == 422 and "ký tự điều khiển" in r.text
    assert "[[so_buoi_doi_thoai]]" in _drafted(session)["prose"]["1"]
    assert not session.exec(select(RegisterEntry)).all()


def test_another_body_is_404_on_page_and_api(site, session):
    app, sc = site
    did, pid = sc.office.directive_id, id_of(sc.round)
    url = f"/directives/{did}/follow-up/reviews/{pid}"
    c = _client(app, "khac")
    for path in (url, url + "/files/ke-hoach.docx", f"/directives/{did}/follow-up/cards/reviews"):
        assert c.get(path).status_code == 404, path
    assert post(c, url + "/draft").status_code == 404
    api = TestClient(app)
    h = _bearer(session, "khac")
    assert api.get(f"/api/v1{url}", headers=h).status_code == 404
    assert api.post(f"/api/v1{url}/draft", headers=h).status_code == 404
    assert _review(session) is None
    # A period of this directive that is not a review round, through the right officer.
    mine = _client(app, "lan")
    periodic = id_of(sc.office.periods["2024-nam"])
    assert mine.get(f"/directives/{did}/follow-up/reviews/{periodic}").status_code == 404


def test_api_twin(site, session):
    app, sc = site
    did, pid = sc.office.directive_id, id_of(sc.round)
    api = TestClient(app)
    h = _bearer(session, "lan")
    base = f"/api/v1/directives/{did}/follow-up/reviews"
    listed = api.get(base, headers=h)
    assert listed.status_code == 200 and [r["period_id"] for r in listed.json()] == [pid]
    got = api.get(f"{base}/{pid}", headers=h).json()
    figs = {f["code"]: f for f in got["figures"]}
    assert figs["so_buoi_doi_thoai"]["value"] == sum(
        c["value"] for c in figs["so_buoi_doi_thoai"]["trace"]
    )
    assert got["figures_traced"] == len(got["figures"])
    assert api.post(f"{base}/{pid}/draft", headers=h).status_code == 201
    bad = api.put(f"{base}/{pid}/prose", headers=h, json={"prose": {"1": "[[sai_ma]]"}})
    assert bad.status_code == 422 and bad.json()["field"] == "prose_1"
    ok = api.put(f"{base}/{pid}/prose", headers=h, json={"prose": {"2": "Tối đa [[so_vu_viec]]."}})
    assert ok.status_code == 200
    sec = {s["key"]: s for s in ok.json()["outline"]}
    assert sec["2"]["text"] == "Tối đa 6 vụ."
    assert ok.json()["figures"] == got["figures"]
    num = api.post(f"{base}/{pid}/number", headers=h, json={"report_date": "2026-01-12"})
    assert num.status_code == 200 and num.json()["number"] == "01-BC/TU"
    assert (
        api.post(f"{base}/{pid}/number", headers=h, json={"report_date": "2026-01-12"}).status_code
        == 409
    )
    pdf = api.get(f"{base}/{pid}/files/bao-cao.pdf", headers=h)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api.get(f"{base}/{pid}/files/khac.pdf", headers=h).status_code == 404


def test_prepare_form_opens_the_round(site, session):
    from datetime import date

    from models.statuses import PeriodPurpose, PeriodStatus
    from models.tables import OutboxMessage, ReportPeriod
    from tests.review_kit import period

    app, sc = site
    did = sc.office.directive_id
    tk = period(
        session, sc.office, key="2028-tong-ket", kind="tong-ket", label="Tổng kết năm 2028",
        year=2028, cutoff=date(2028, 12, 14), purpose=PeriodPurpose.TONG_KET,
        status=PeriodStatus.SCHEDULED,
    )  # fmt: skip
    tid = id_of(tk)
    session.rollback()
    c = _client(app, "lan")
    url = f"/directives/{did}/follow-up/reviews/{tid}"
    page = c.get(url)
    assert "Bài học kinh nghiệm" in page.text  # the default outline, to edit
    bad = post(c, url + "/plan", {"outline": "Kết quả\nkết quả", "open_now": "1"})
    assert bad.status_code == 422 and 'id="outline-error"' in bad.text and "trùng" in bad.text
    bad = post(c, url + "/plan", {"outline": "Kết quả", "plan_date": "hôm qua"})
    assert bad.status_code == 422 and 'id="plan_date-error"' in bad.text
    ok = post(c, url + "/plan", {"outline": "Kết quả đạt được\nKiến nghị", "open_now": "1"})
    assert ok.status_code == 303
    session.expire_all()
    got = session.get(ReportPeriod, tid)
    assert got.status == PeriodStatus.OPEN and got.plan_number == "01-KH/BDVTU"
    assert [s["title"] for s in got.outline] == ["Kết quả đạt được", "Kiến nghị"]
    assert len(session.exec(select(OutboxMessage)).all()) == 3
    session.rollback()
    refused = post(c, url + "/plan", {"outline": "Khác"})
    assert refused.status_code == 409 and 'id="outline-error"' in refused.text
    plan = c.get(url + "/files/ke-hoach.docx")
    assert plan.status_code == 200
    assert "ke-hoach-01-KH-BDVTU.docx" in plan.headers["content-disposition"]


@pytest.mark.parametrize(
    "method, tail, body",
    [
        ("put", "plan", {"outline": []}),
        ("put", "plan", {"outline": ["a"] * 13}),
        ("put", "plan", {"outline": ["a"], "plan_date": "31/02/2026"}),
        ("put", "plan", {"outline": ["a"], "extra": 1}),
        ("put", "prose", {"prose": {"../1": "x"}}),
        ("put", "prose", {"prose": {"1": "x" * 50_001}}),
        ("put", "prose", {"prose": ["x"]}),
        ("post", "number", {"report_date": None}),
        ("post", "number", {"report_date": "2026-01-12", "number": "x" * 41}),
    ],
)
def test_api_hostile_input_is_422(site, session, method, tail, body):
    app, sc = site
    did, pid = sc.office.directive_id, id_of(sc.round)
    api = TestClient(app)
    h = _bearer(session, "lan")
    r = getattr(api, method)(
        f"/api/v1/directives/{did}/follow-up/reviews/{pid}/{tail}", headers=h, json=body
    )
    assert r.status_code == 422, r.text
    errors = r.json().get("errors") or [r.json()]
    assert errors[0]["field"] and (errors[0].get("message") or errors[0].get("error"))
    assert _review(session) is None
