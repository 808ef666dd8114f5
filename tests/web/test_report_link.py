"""A unit's periodic report by its personal link (issue 12, item 2): draft, submit, correct
until the due date, locked after it; a late first submission; forged, revoked and closed
links refused; hostile input and files refused at the field with nothing changed; the API
twin."""

import re
from datetime import UTC, datetime

from sqlmodel import select

from models.clock import at_local
from models.ids import id_of
from models.statuses import PeriodStatus
from models.tables import OutboxMessage
from models.tables.event import StoredEvent
from models.tables.follow_up import ReportFigure, ReportFile, ReportPeriod, UnitReport
from models.tokens import Links
from notifications.render import render
from tests.factories import directive_with_draft
from tests.follow_up_factories import open_period
from tests.web.officer_kit import NOW, make_site

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARCH_10 = at_local(datetime(2024, 3, 10).date(), 9)
MARCH_25 = at_local(datetime(2024, 3, 25).date(), 9)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _setup(engine, session, settings, units: int = 3):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    links = Links(base_url=settings.base_url, secret=settings.secret_key)
    made = site.run(
        open_period, directive_id=did, units=site.world.units[:units], links=links, now=MARCH_10
    )
    site.set_now(MARCH_10)
    return site, made


def _csrf(client, url: str) -> str:
    found = _CSRF.search(client.get(url).text)
    assert found
    return found.group(1)


def _form(token: str, **fields: str) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "number": "15-BC/HU",
        "report_date": "12/3/2024",
        "figures.so_buoi_doi_thoai": "12",
        "figures.so_nguoi_tham_du": "1.250",
        "narrative.1": "Ban Thường vụ Huyện ủy đã quán triệt Chỉ thị tới 100% chi bộ.",
        "narrative.2": "Tổ chức 12 buổi đối thoại tại các xã vùng đồng bào dân tộc.",
    }
    return data | fields


def _report(site, rid: int) -> UnitReport:
    return site.get(UnitReport, rid)


def _figures(site, rid: int) -> dict[str, float]:
    rows = site.all(select(ReportFigure).where(ReportFigure.report_id == rid))
    return {r.code: r.value for r in rows}


def test_draft_submit_correct_then_locked(engine, session, settings):
    site, made = _setup(engine, session, settings)
    unit = site.world.units[3 - 3]
    uid, rid = id_of(unit), made.reports[id_of(unit)]
    url = f"/r/{made.tokens[uid]}"
    client = site.client(None)
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    for text in ["Báo cáo Quý I năm 2024", unit.name, "Số buổi đối thoại với Nhân dân", "buổi"]:
        assert text in page.text
    assert "lượt người" in page.text and "Đổi mới phương pháp nắm tình hình" in page.text
    assert _report(site, rid).opened_at == MARCH_10
    token = _csrf(client, url)

    # A draft: saved, nothing sent, the drafting body sees "đang mở".
    r = client.post(url, data=_form(token, action="save", **{"figures.so_nguoi_tham_du": ""}))
    assert r.status_code == 303
    rep = _report(site, rid)
    assert (rep.status, rep.submitted_at, rep.number) == ("draft", None, "15-BC/HU")
    assert _figures(site, rid) == {"so_buoi_doi_thoai": 12.0}
    # Submitting needs every figure.
    r = client.post(url, data=_form(token, action="submit", **{"figures.so_nguoi_tham_du": ""}))
    assert r.status_code == 422 and "Vui lòng nhập số liệu này trước khi gửi." in r.text
    assert _report(site, rid).status == "draft"

    r = client.post(url, data=_form(token, action="submit"))
    assert r.status_code == 303 and "done=submitted" in r.headers["location"]
    got = client.get(r.headers["location"])
    assert "Biên nhận:" in got.text and "sửa đến hạn 21/3/2024" in got.text
    assert "Đã nộp đúng hạn" in got.text
    rep = _report(site, rid)
    assert rep.status == "submitted" and rep.first_submitted_at == MARCH_10
    assert _figures(site, rid) == {"so_buoi_doi_thoai": 12.0, "so_nguoi_tham_du": 1250.0}
    (mail,) = site.all(select(OutboxMessage).where(OutboxMessage.template == "report_receipt"))
    assert mail.to_email == unit.email and mail.context["report_id"] == rid
    told = render("report_receipt", mail.context, base_url=settings.base_url, strict=True, link=url)
    assert "Quý I năm 2024" in told.text and "21/3/2024" in told.text
    events = site.all(select(StoredEvent).where(StoredEvent.type == "report.submitted"))
    assert [e.payload["report_id"] for e in events] == [rid]

    # A correction before the due date: submitted again, the first submission kept.
    later = at_local(datetime(2024, 3, 20).date(), 16)
    site.set_now(later)
    r = client.post(url, data=_form(token, action="submit", **{"figures.so_buoi_doi_thoai": "14"}))
    assert r.status_code == 303
    rep = _report(site, rid)
    assert (rep.first_submitted_at, rep.submitted_at) == (MARCH_10, later)
    assert _figures(site, rid)["so_buoi_doi_thoai"] == 14.0
    # A submitted report is not taken back to a draft.
    r = client.post(url, data=_form(token, action="save"))
    assert r.status_code == 422 and "Gửi bản sửa" in r.text

    # After the due date: locked, read-only, a correction refused with nothing changed.
    site.set_now(MARCH_25)
    page = client.get(url)
    assert page.status_code == 200 and "đã quá hạn sửa (21/3/2024)" in page.text
    r = client.post(url, data=_form(token, action="submit", **{"figures.so_buoi_doi_thoai": "99"}))
    assert r.status_code == 400 or r.status_code == 422
    assert "đã quá hạn sửa" in r.text
    assert _figures(site, rid)["so_buoi_doi_thoai"] == 14.0
    assert _report(site, rid).submitted_at == later


def test_late_first_submission_is_late(engine, session, settings):
    site, made = _setup(engine, session, settings, units=2)
    unit = site.world.units[1]
    url = f"/r/{made.tokens[id_of(unit)]}"
    site.set_now(MARCH_25)
    client = site.client(None)
    page = client.get(url)
    assert "Quá hạn" in page.text  # not yet submitted, past due: still open for it
    r = client.post(url, data=_form(_csrf(client, url), action="submit"))
    assert r.status_code == 303
    assert "Nộp muộn" in client.get(url).text
    officer = site.client("hoa").get(
        f"/directives/{made.directive_id}/follow-up/periods/{made.period_id}"
    )
    assert officer.status_code == 200
    row = re.search(rf'<tr id="report-{made.reports[id_of(unit)]}">(.*?)</tr>', officer.text, re.S)
    assert row and "Nộp muộn" in row.group(1) and "15-BC/HU" in row.group(1)


def test_forged_revoked_closed_and_other_links_refused(engine, session, settings):
    site, made = _setup(engine, session, settings, units=2)
    a, b = (id_of(u) for u in site.world.units[:2])
    client = site.client(None)
    for path in ["/r/forged-token", "/r/" + "x" * 300, "/api/v1/r/forged-token"]:
        r = client.get(path)
        assert r.status_code in (404, 422) and "Số buổi" not in r.text, path
    # Unit A's file is not reachable with unit B's link.
    url_a = f"/r/{made.tokens[a]}"
    r = client.post(
        f"{url_a}/files", data={"csrf_token": _csrf(client, url_a)}, files={"file": ("bc.pdf", PDF)}
    )
    assert r.status_code == 303
    (f,) = site.all(select(ReportFile))
    assert client.get(f"{url_a}/files/{f.id}").content == PDF
    assert client.get(f"/r/{made.tokens[b]}/files/{f.id}").status_code == 404
    # Without the CSRF token a post is refused.
    assert client.post(url_a, data={"action": "save"}).status_code == 403
    # A re-issued link replaces the old one.
    hoa = site.client("hoa")
    token = hoa.csrf
    r = hoa.post(
        f"/directives/{made.directive_id}/follow-up/reports/{made.reports[b]}/reissue",
        data={"csrf_token": token},
    )
    assert r.status_code == 303
    assert client.get(f"/r/{made.tokens[b]}").status_code == 404
    reissued = site.all(select(OutboxMessage).where(OutboxMessage.template == "report_request"))
    assert [m.context["report_id"] for m in reissued] == [made.reports[b]]
    # Another body's officer: 404 on the period page and on the actions.
    khac = site.client("khac")
    page = khac.get(f"/directives/{made.directive_id}/follow-up/periods/{made.period_id}")
    assert page.status_code == 404 and site.world.units[0].name not in page.text
    r = khac.post(
        f"/directives/{made.directive_id}/follow-up/reports/{made.reports[a]}/exempt",
        data={"csrf_token": khac.csrf, "reason": "x"},
    )
    assert r.status_code == 404 and _report(site, made.reports[a]).status == "pending"
    # The period closed: every link refused.
    with_period = site.get(ReportPeriod, made.period_id)
    with_period.status = PeriodStatus.CLOSED
    with_period.closed_at = datetime(2024, 4, 20, tzinfo=UTC)
    site.run(lambda s: (s.add(with_period), s.commit()))
    assert client.get(url_a).status_code == 404
    assert client.get(f"/api/v1{url_a}").status_code == 404


def test_bad_input_is_refused_at_the_field(engine, session, settings):
    site, made = _setup(engine, session, settings, units=1)
    rid = made.reports[id_of(site.world.units[0])]
    url = f"/r/{made.tokens[id_of(site.world.units[0])]}"
    client = site.client(None)
    token = _csrf(client, url)
    # A blank date is no date (the API fuzzer found it answered 500).
    assert client.post(url, data=_form(token, action="save", report_date="")).status_code == 303
    assert site.client(None).put(f"/api/v1{url}", json={"report_date": None}).status_code == 200
    assert client.post(url, data=_form(token, action="save")).status_code == 303
    before = (_figures(site, rid), _report(site, rid).number)
    cases = [
        (
            {"figures.so_buoi_doi_thoai": "-3"},
            "figures.so_buoi_doi_thoai",
            "Số liệu không được âm.",
        ),
        (
            {"figures.so_nguoi_tham_du": "khoảng 50"},
            "figures.so_nguoi_tham_du",
            "không phải là một số",
        ),
        ({"number": "1" * 31}, "number", "Quá dài (tối đa 30 ký tự)."),
        ({"report_date": "31/02/2024"}, "report_date", "Ngày không hợp lệ"),
    ]
    for typed, field, message in cases:
        r = client.post(url, data=_form(token, action="submit", **typed))
        assert r.status_code == 422, typed
        error = re.search(rf'id="error-{field.replace(".", "-")}">([^<]*)<', r.text)
        assert error and message in error.group(1), (typed, r.text[:200])
        value = next(iter(typed.values()))
        assert f'value="{value}"' in r.text  # what was typed stays
        assert (_figures(site, rid), _report(site, rid).number) == before
        assert _report(site, rid).status == "draft"
    # The API twin refuses the same with the same Vietnamese message.
    api = site.client(None)
    bad = api.put(f"/api/v1{url}", json={"figures": {"so_buoi_doi_thoai": -1}})
    assert bad.status_code == 422 and "Số liệu không được âm." in bad.text
    bad = api.put(f"/api/v1{url}", json={"figures": {"ma_la": 1}})
    assert bad.status_code == 422 and "không có trong kế hoạch" in bad.text
    assert _figures(site, rid) == before[0]


def test_hostile_files_refused(engine, session, settings):
    site, made = _setup(engine, session, settings, units=1)
    url = f"/r/{made.tokens[id_of(site.world.units[0])]}"
    client = site.client(None)
    token = _csrf(client, url)
    settings.upload_max_mb = 1
    for name, data, message in [
        ("bao-cao.pdf", b"<html><script>alert(1)</script></html>", "Chỉ nhận"),
        ("bao-cao.exe", b"MZ\x90\x00" + b"\0" * 100, "Chỉ nhận"),
        ("to.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), "MB"),
        ("trong.pdf", b"", "Tệp rỗng"),
    ]:
        r = client.post(f"{url}/files", data={"csrf_token": token}, files={"file": (name, data)})
        assert r.status_code in (413, 422) and message in r.text, (
            name,
            r.status_code,
            r.text[:300],
        )
    assert site.all(select(ReportFile)) == []
    root = settings.data_dir / "replies"
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_api_twin_get_save_submit_file(engine, session, settings):
    site, made = _setup(engine, session, settings, units=1)
    rid = made.reports[id_of(site.world.units[0])]
    base = f"/api/v1/r/{made.tokens[id_of(site.world.units[0])]}"
    api = site.client(None)
    got = api.get(base)
    assert got.status_code == 200 and got.headers["cache-control"] == "no-store"
    body = got.json()
    assert body["state_label"] == "Đang mở" and body["due_on"] == "2024-03-21"
    assert [i["measure"] for i in body["indicators"]] == ["buổi", "lượt người"]
    draft = {"figures": {"so_buoi_doi_thoai": 4}, "narrative": {"1": "Đã quán triệt."}}
    r = api.put(base, json=draft)
    assert r.status_code == 200 and r.json()["status"] == "draft"
    r = api.post(f"{base}/submit", json=draft | {"number": "7-BC/DU", "report_date": "2024-03-12"})
    assert r.status_code == 422 and "so_nguoi_tham_du" in r.text
    full = draft | {"figures": {"so_buoi_doi_thoai": 4, "so_nguoi_tham_du": "2.004"}}
    r = api.post(f"{base}/submit", json=full | {"number": "7-BC/DU", "report_date": "12/3/2024"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["status"], out["state_label"], out["figures"]["so_nguoi_tham_du"]) == (
        "submitted",
        "Đã nộp đúng hạn",
        2004.0,
    )
    r = api.post(f"{base}/files", files={"file": ("bc.png", b"\x89PNG\r\n\x1a\n....")})
    assert r.status_code == 201 and r.json()["mime"] == "image/png"
    assert api.get(f"{base}/files/{r.json()['id']}").content.startswith(b"\x89PNG")
    assert _report(site, rid).number == "7-BC/DU"
