"""The officer's period page and its API (issue 12, item 2): each unit's state, dates and
number; a report returned with a reason (mail to the unit) and resubmitted; a unit exempted;
a report received on paper entered; the periods card; bad input refused at the field."""

import re
from datetime import date

from sqlmodel import select

from models.clock import at_local
from models.ids import id_of
from models.tables import OutboxMessage, User
from models.tables.audit import AuditEvent
from models.tables.event import StoredEvent
from models.tables.follow_up import ReportFile, UnitReport
from models.tokens import Links
from notifications.render import render
from tests.factories import directive_with_draft
from tests.follow_up_factories import open_period
from tests.web.officer_kit import NOW, csrf_of, make_site, post

MARCH_10 = at_local(date(2024, 3, 10), 9)
MARCH_15 = at_local(date(2024, 3, 15), 10)
MARCH_28 = at_local(date(2024, 3, 28), 10)
FIGURES = {"figures.so_buoi_doi_thoai": "8", "figures.so_nguoi_tham_du": "640"}


def _setup(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    links = Links(base_url=settings.base_url, secret=settings.secret_key)
    made = site.run(
        open_period, directive_id=did, units=site.world.units[:4], links=links, now=MARCH_10
    )
    site.set_now(MARCH_10)
    return site, made


def _submit(site, token: str, **extra: str) -> None:
    client = site.client(None)
    url = f"/r/{token}"
    data = {"csrf_token": csrf_of(client, url), "action": "submit", "number": "21-BC/TU"}
    r = client.post(url, data=data | {"report_date": "9/3/2024"} | FIGURES | extra)
    assert r.status_code == 303, r.text


def bearer(session, user_id: int) -> dict[str, str]:
    from models.commands.users import api_token_create

    _, raw = api_token_create(session, user_id=user_id, name="test", by="test", now=MARCH_10)
    return {"Authorization": f"Bearer {raw}"}


def _row(page: str, report_id: int) -> str:
    found = re.search(rf'<tr id="report-{report_id}">(.*?)</tr>', page, re.S)
    assert found, report_id
    return found.group(1)


def test_return_resubmit_exempt_paper_on_the_page(engine, session, settings):
    site, made = _setup(engine, session, settings)
    u0, u1, u2, u3 = (id_of(u) for u in site.world.units[:4])
    r0, r1, r2, r3 = (made.reports[u] for u in (u0, u1, u2, u3))
    _submit(site, made.tokens[u0])
    hoa = site.client("hoa")
    page_url = f"/directives/{made.directive_id}/follow-up/periods/{made.period_id}"
    page = hoa.get(page_url)
    assert page.status_code == 200
    assert "Hạn gửi" in page.text or "hạn gửi" in page.text
    assert "Đã nộp đúng hạn" in _row(page.text, r0) and "21-BC/TU" in _row(page.text, r0)
    assert "Đang mở" in _row(page.text, r1)
    assert "Số buổi đối thoại với Nhân dân (buổi)" in page.text

    # Return with no reason: refused at the field, nothing changed.
    base = f"/directives/{made.directive_id}/follow-up/reports"
    r = post(hoa, f"{base}/{r0}/return", {"reason": "   "})
    assert r.status_code == 422 and "Trường này không được để trống." in r.text
    assert site.get(UnitReport, r0).status == "submitted"
    reason = "Bổ sung số liệu đối thoại ở các xã biên giới."
    r = post(hoa, f"{base}/{r0}/return", {"reason": reason})
    assert r.status_code == 303
    rep = site.get(UnitReport, r0)
    assert (rep.status, rep.returns, rep.return_reason) == ("returned", 1, reason)
    first = rep.first_submitted_at
    (mail,) = site.all(select(OutboxMessage).where(OutboxMessage.template == "report_returned"))
    assert mail.to_email == site.world.units[0].email and mail.context["reason"] == reason
    told = render(
        "report_returned", mail.context, base_url=settings.base_url, strict=True, link="l"
    )
    assert reason in told.text and "Quý I năm 2024" in told.subject
    types = [e.type for e in site.all(select(StoredEvent))]
    assert types.count("report.returned") == 1
    assert "Trả lại" in _row(hoa.get(page_url).text, r0)
    # The unit sees the reason, corrects and submits again.
    unit_page = site.client(None).get(f"/r/{made.tokens[u0]}")
    assert reason in unit_page.text and "Gửi lại báo cáo" in unit_page.text
    site.set_now(MARCH_28)  # past the due date: a returned report may still be resubmitted
    _submit(site, made.tokens[u0], **{"figures.so_buoi_doi_thoai": "11"})
    rep = site.get(UnitReport, r0)
    assert (rep.status, rep.returns, rep.first_submitted_at) == ("submitted", 1, first)
    assert rep.submitted_at == MARCH_28
    hoa = site.client("hoa")  # signed in again: the session of 10/3 has lapsed
    row = _row(hoa.get(page_url).text, r0)
    assert "Đã nộp đúng hạn" in row and "trả lại 1 lần" in row

    # Exempt, with its reason; an exempt unit's link is read-only.
    r = post(hoa, f"{base}/{r1}/exempt", {"reason": "Đơn vị đang sáp nhập."})
    assert r.status_code == 303
    assert site.get(UnitReport, r1).status == "exempt"
    assert "Miễn" in _row(hoa.get(page_url).text, r1)
    exempt_page = site.client(None).get(f"/r/{made.tokens[u1]}")
    assert "được miễn báo cáo" in exempt_page.text
    # A submitted report cannot be exempted.
    r = post(hoa, f"{base}/{r0}/exempt", {"reason": "x"})
    assert r.status_code == 409 and "không thể miễn" in r.text

    # A report received on paper (on 15/3, before the due date): on time although entered late.
    form = hoa.get(f"{base}/{r2}/paper")
    assert form.status_code == 200 and site.world.units[2].name in form.text
    typed = {"number": "9-BC/MTTQ", "report_date": "14/3/2024", "received_on": "15/3/2024"}
    bad = post(hoa, f"{base}/{r2}/paper", typed | FIGURES | {"figures.so_nguoi_tham_du": "abc"})
    assert bad.status_code == 422 and "không phải là một số" in bad.text
    assert 'value="abc"' in bad.text and site.get(UnitReport, r2).status == "pending"
    r = post(
        hoa,
        f"{base}/{r2}/paper",
        typed | FIGURES,
        files={"file": ("scan.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    assert r.status_code == 303, r.text
    rep = site.get(UnitReport, r2)
    assert (rep.status, rep.source, rep.entered_by, rep.number) == (
        "submitted",
        "paper",
        "hoa",
        "9-BC/MTTQ",
    )
    assert rep.first_submitted_at == at_local(date(2024, 3, 15))
    row = _row(hoa.get(page_url).text, r2)
    assert "Đã nộp đúng hạn" in row and "bản giấy" in row and "scan.pdf" in row
    (f,) = site.all(select(ReportFile).where(ReportFile.report_id == r2))
    assert hoa.get(f"{base}/{r2}/files/{f.id}").content.startswith(b"%PDF")
    # Unit 3 never reported: overdue after the due date.
    assert "Quá hạn" in _row(hoa.get(page_url).text, r3)
    actions = {a.action for a in site.all(select(AuditEvent))}
    assert {"report.submit", "report.return", "report.exempt", "report.paper"} <= actions

    # The card of the follow-up overview lists the period with its counts.
    card = hoa.get(f"/directives/{made.directive_id}/follow-up/cards/periods")
    assert card.status_code == 200 and "Quý I năm 2024" in card.text
    assert "Quá hạn: 1" in card.text and "Miễn: 1" in card.text
    assert (
        site.client("khac")
        .get(f"/directives/{made.directive_id}/follow-up/cards/periods")
        .status_code
        == 404
    )
    # The leader reads but may not act.
    lanh = site.client("lanh")
    assert lanh.get(page_url).status_code == 200
    assert post(lanh, f"{base}/{r3}/exempt", {"reason": "x"}).status_code == 403


def test_period_api(engine, session, settings):
    site, made = _setup(engine, session, settings)
    u0, u1 = (id_of(u) for u in site.world.units[:2])
    _submit(site, made.tokens[u0])
    hoa_id = site.one(select(User.id).where(User.username == "hoa"))
    khac_id = site.one(select(User.id).where(User.username == "khac"))
    headers, other = site.run(bearer, user_id=hoa_id), site.run(bearer, user_id=khac_id)
    api = site.client(None)
    listed = api.get(f"/api/v1/directives/{made.directive_id}/follow-up/periods", headers=headers)
    assert listed.status_code == 200
    (p,) = listed.json()
    assert (p["label"], p["due_on"], p["counts"]["on-time"], p["counts"]["open"]) == (
        "Quý I năm 2024",
        "2024-03-21",
        1,
        3,
    )
    one = api.get(
        f"/api/v1/directives/{made.directive_id}/follow-up/periods/{made.period_id}",
        headers=headers,
    ).json()
    by_unit = {r["unit_id"]: r for r in one["reports"]}
    assert by_unit[u0]["state_label"] == "Đã nộp đúng hạn" and by_unit[u0]["number"] == "21-BC/TU"
    assert by_unit[u0]["figures"] == {"so_buoi_doi_thoai": 8.0, "so_nguoi_tham_du": 640.0}
    assert (
        api.get(
            f"/api/v1/directives/{made.directive_id}/follow-up/periods", headers=other
        ).status_code
        == 404
    )

    rep = f"/api/v1/follow-up/reports/{made.reports[u0]}"
    assert api.post(f"{rep}/return", json={"reason": ""}, headers=headers).status_code == 422
    assert api.post(f"{rep}/return", json={"reason": "x"}, headers=other).status_code == 404
    r = api.post(f"{rep}/return", json={"reason": "Thiếu phần 2."}, headers=headers)
    assert r.status_code == 200 and r.json()["state_label"] == "Trả lại"
    assert r.json()["returns"] == 1
    rep1 = f"/api/v1/follow-up/reports/{made.reports[u1]}"
    paper = {"figures": {"so_buoi_doi_thoai": 2, "so_nguoi_tham_du": 30}, "number": "3-BC/HU"}
    paper |= {"report_date": "2024-03-08", "received_on": "2024-03-09"}
    bad = api.post(f"{rep1}/paper", json=paper | {"number": "x" * 31}, headers=headers)
    assert bad.status_code == 422 and "Quá dài" in bad.text
    r = api.post(f"{rep1}/paper", json=paper, headers=headers)
    assert r.status_code == 200, r.text
    assert (r.json()["source"], r.json()["state_label"]) == ("paper", "Đã nộp đúng hạn")
    rep2 = f"/api/v1/follow-up/reports/{made.reports[id_of(site.world.units[2])]}"
    r = api.post(f"{rep2}/exempt", json={"reason": "Sáp nhập."}, headers=headers)
    assert r.status_code == 200 and r.json()["state"] == "exempt"
    rep3 = f"/api/v1/follow-up/reports/{made.reports[id_of(site.world.units[3])]}"
    r = api.post(f"{rep3}/reissue", headers=headers)
    assert r.status_code == 200
    old = made.tokens[id_of(site.world.units[3])]
    assert api.get(f"/api/v1/r/{old}").status_code == 404
    assert api.post(f"{rep3}/reissue", headers=other).status_code == 404


def _without_reports(session, *, period_id: int) -> None:
    """Test data only: a scheduled period, no unit asked yet."""
    for report in session.exec(select(UnitReport).where(UnitReport.period_id == period_id)):
        session.delete(report)
    session.commit()


def test_an_officer_opens_a_period_now_and_closes_it(engine, session, settings):
    from models.statuses import PeriodStatus
    from models.tables.follow_up import ReportPeriod

    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    links = Links(base_url=settings.base_url, secret=settings.secret_key)
    made = site.run(
        open_period,
        directive_id=did,
        units=site.world.units[:3],
        links=links,
        now=MARCH_10,
        status=PeriodStatus.SCHEDULED,
    )
    site.run(_without_reports, period_id=made.period_id)
    site.set_now(MARCH_10)
    url = f"/directives/{did}/follow-up/periods/{made.period_id}"
    hoa = site.client("hoa")
    assert "Mở kỳ báo cáo ngay" in hoa.get(url).text
    assert post(site.client("lanh"), f"{url}/open").status_code == 403
    opened = post(hoa, f"{url}/open")
    assert opened.status_code == 303, opened.text
    reports = site.all(select(UnitReport).where(UnitReport.period_id == made.period_id))
    assert sorted(r.unit_id for r in reports) == sorted(id_of(u) for u in site.world.units[:3])
    asked = site.all(select(OutboxMessage).where(OutboxMessage.template == "report_request"))
    assert len(asked) == 3
    again = post(hoa, f"{url}/open")
    assert again.status_code in (409, 422) and "đã mở hoặc đã kết thúc" in again.text
    assert len(site.all(select(UnitReport).where(UnitReport.period_id == made.period_id))) == 3

    closed = post(hoa, f"{url}/close")
    assert closed.status_code == 303
    assert site.get(ReportPeriod, made.period_id).status == PeriodStatus.CLOSED
    assert "Mở kỳ báo cáo ngay" not in hoa.get(url).text
