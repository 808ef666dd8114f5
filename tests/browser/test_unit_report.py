"""In Chromium: a unit opens its report link, fills the figures and the narrative, saves a
draft, submits and gets its receipt; the officer then sees the report on the period page.
Screenshots as in test_officer_round.py."""

from datetime import date

import pytest
from playwright.sync_api import FilePayload, expect, sync_playwright
from sqlmodel import Session

from models.clock import at_local
from models.db import create_all, make_engine
from models.ids import id_of
from models.settings import Settings
from models.tokens import Links
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, serve
from tests.browser.test_officer_round import _shot, _watch_csp
from tests.factories import directive_with_draft
from tests.follow_up_factories import open_period
from tests.web.officer_kit import NOW, PASSWORD, make_site

pytestmark = pytest.mark.browser
MARCH_12 = at_local(date(2024, 3, 12), 9)


def test_unit_submits_its_report_and_the_officer_sees_it(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(data_dir=tmp_path / "data", secret_key="browser-secret", base_url=base)
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.sqlite3'}")
    create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        site = make_site(engine, session, settings)
    links = Links(base_url=base, secret="browser-secret")
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    units = site.world.units[3:5]  # Huyện ủy Bù Đăng, Thành ủy Đồng Xoài
    made = site.run(open_period, directive_id=did, units=units, links=links, now=MARCH_12)
    site.set_now(MARCH_12)
    unit = units[0]
    link = f"{base}/r/{made.tokens[id_of(unit)]}"

    with serve(site.app, port), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        violations: list[str] = []
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        _watch_csp(page, violations)
        page.goto(link)
        expect(page.locator("h1")).to_have_text("Báo cáo Quý I năm 2024")
        expect(page.locator("#state")).to_have_text("Đang mở")
        expect(page.locator("table.figures")).to_contain_text("lượt người")
        page.fill("input[name=number]", "45-BC/HU")
        page.fill("input[name=report_date]", "12/03/2024")
        page.fill("#f-so_buoi_doi_thoai", "-2")
        page.fill("#f-so_nguoi_tham_du", "1.350")
        page.fill("#n-1", "Huyện ủy đã quán triệt Chỉ thị tới 100% chi bộ.")
        page.fill("#n-2", "Tổ chức đối thoại tại các xã có đồng bào dân tộc thiểu số.")
        page.click("button:has-text('Lưu bản nháp')")
        # A negative figure: the message at the field, what was typed kept.
        expect(page.locator("#error-figures-so_buoi_doi_thoai")).to_have_text(
            "Số liệu không được âm."
        )
        expect(page.locator("#f-so_nguoi_tham_du")).to_have_value("1.350")
        page.fill("#f-so_buoi_doi_thoai", "9")
        page.click("button:has-text('Lưu bản nháp')")
        expect(page.locator("#report")).to_contain_text("Đã lưu bản nháp.")
        expect(page.locator("#f-so_nguoi_tham_du")).to_have_value("1.350")
        scan: FilePayload = {
            "name": "bao-cao-45.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        }
        page.set_input_files("input[name=file]", files=[scan])
        page.click("button:has-text('Đính kèm')")
        expect(page.locator("#files")).to_contain_text("bao-cao-45.pdf")
        page.click("button:has-text('Gửi báo cáo')")
        expect(page.locator("#receipt")).to_contain_text("sửa đến hạn 21/3/2024")
        expect(page.locator("#state")).to_have_text("Đã nộp đúng hạn")
        _shot(page, "unit-report-submitted")

        officer = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        _watch_csp(officer, violations)
        officer.goto(f"{base}/login")
        officer.fill("input[name=username]", "hoa")
        officer.fill("input[name=password]", PASSWORD)
        officer.click("button:has-text('Đăng nhập')")
        officer.goto(f"{base}/directives/{did}/follow-up/periods/{made.period_id}")
        row = officer.locator(f"#report-{made.reports[id_of(unit)]}")
        expect(row).to_contain_text("Đã nộp đúng hạn")
        expect(row).to_contain_text("45-BC/HU")
        expect(row).to_contain_text("1.350")
        expect(row).to_contain_text("bao-cao-45.pdf")
        other = officer.locator(f"#report-{made.reports[id_of(units[1])]}")
        expect(other).to_contain_text("Đang mở")
        _shot(officer, "period-page")

        # The roll-up: the unit's state and figure in its row, the on-time chart drawn.
        officer.goto(f"{base}/directives/{did}/follow-up/rollup")
        expect(officer.locator("h1")).to_have_text("Tổng hợp báo cáo thực hiện")
        unit_row = officer.locator(f"#rollup-table #unit-{id_of(unit)}")
        expect(unit_row).to_contain_text("45-BC/HU")
        expect(unit_row).to_contain_text("1.350")
        expect(officer.locator("svg").first).to_be_visible()
        expect(officer.locator("#rate-table")).to_contain_text("Quý I năm 2024")
        _shot(officer, "rollup")
        browser.close()
    assert violations == []
