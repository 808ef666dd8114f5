"""In Chromium: the follow-up overview loads its cards from the routes of the parts that own
them and shows nothing for one that answers 404 (no error in the message area); the plan
form's unit search narrows the list, accents aside."""

import pytest
from fastapi import HTTPException
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session

from models.db import create_all, make_engine
from models.settings import Settings
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, serve
from tests.web.follow_up_office import PASSWORD, directive_issued, make_office

pytestmark = pytest.mark.browser
CARDS = "/directives/{directive_id:id}/follow-up/cards/"


def _missing(directive_id: int) -> HTMLResponse:
    raise HTTPException(404)


def test_cards_load_and_a_missing_one_shows_nothing(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(data_dir=tmp_path / "data", secret_key="browser-secret", base_url=base)
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.sqlite3'}")
    create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        office = make_office(engine, session, settings)
        did = directive_issued(session, office)
    # The cards come from the parts that serve them; the roll-up's answers 404 here (a stand-in
    # matched before the real route), as a part that is away or refuses would.
    app = office.app
    app.router.routes.insert(0, APIRoute(CARDS + "rollup", _missing, include_in_schema=False))

    with serve(app, port), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(f"{base}/")
        page.fill("input[name=username]", "mai")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:has-text('Đăng nhập')")
        page.goto(f"{base}/directives/{did}")
        page.click("#stage-follow-up a")
        expect(page.locator("h1")).to_have_text("Theo dõi thực hiện")
        expect(page.locator("#follow-up-periods #card-periods")).to_contain_text(
            "Chưa có kỳ báo cáo nào"
        )
        expect(page.locator("#follow-up-briefings #card-briefings")).to_be_visible()
        expect(page.locator("#follow-up-rollup")).to_have_count(0)
        expect(page.locator("#messages")).not_to_contain_text("Không tìm thấy")

        page.click("a.button:has-text('Lập kế hoạch theo dõi')")
        units = page.locator("#reporting-units label")
        expect(units.filter(has_text="Huyện ủy Bảo Lạc")).to_be_visible()
        page.fill("input[data-filter-list=reporting-units]", "bao lac")
        expect(units.filter(has_text="Huyện ủy Bảo Lạc")).to_be_visible()
        expect(units.filter(has_text="Thành ủy Cao Bằng")).to_be_hidden()
        page.fill("input[data-filter-list=reporting-units]", "")
        expect(units.filter(has_text="Thành ủy Cao Bằng")).to_be_visible()
        page.click("#plan-form > p > button[type=submit]")
        expect(page.locator("#messages")).to_contain_text("phiên bản 1")
        browser.close()
    engine.dispose()
