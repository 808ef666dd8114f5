"""In Chromium (issue 13, "Done means"): an officer opens the page of similar comments,
confirms a suggested group and gives it one decision; every member gets it."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session, select

from models.commands.answers import answer_submit, comment_save
from models.commands.grouping import groups_recompute
from models.commands.rounds import round_open
from models.db import create_all, make_engine
from models.settings import Settings
from models.tables import CommentGroup, Disposition
from models.tokens import Links
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, serve
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, PASSWORD, make_site

pytestmark = pytest.mark.browser

SIMILAR = [
    "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong nắm tình hình Nhân dân.",
    "Bổ sung vai trò của Mặt trận Tổ quốc các cấp trong nắm tình hình Nhân dân cho phù hợp.",
]
OTHER = "Cần bố trí kinh phí cho công tác nắm tình hình Nhân dân."
ANSWER = "Tiếp thu, bổ sung vào mục II.1"


def _commented(site, links: Links) -> int:
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    opened = site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[u.id for u in site.world.units],
        by="hoa",
        now=NOW,
        links=links,
    )
    at = NOW + timedelta(hours=1)
    for unit, text in zip(site.world.units, [*SIMILAR, OTHER], strict=False):
        token = opened.tokens[unit.id]
        site.run(comment_save, raw_token=token, position="agree_with_comments", text=text, now=at)
        site.run(answer_submit, raw_token=token, now=at)
    site.run(groups_recompute, directive_id=did, now=at)
    return did


def test_an_officer_confirms_a_group_and_disposes_it_in_chromium(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(data_dir=tmp_path / "data", secret_key="browser-secret", base_url=base)
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.sqlite3'}")
    create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        site = make_site(engine, session, settings)
    did = _commented(site, Links(base_url=base, secret="browser-secret"))
    pair = next(g for g in site.all(select(CommentGroup)) if g.label == SIMILAR[0])

    with serve(site.app, port), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(f"{base}/")
        page.fill("input[name=username]", "hoa")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:has-text('Đăng nhập')")
        page.goto(f"{base}/directives/{did}/groups")
        expect(page.locator("h1")).to_have_text("Nhóm ý kiến tương tự")
        card = page.locator(f"#nhom-{pair.id}")
        expect(card).to_contain_text("2 ý kiến")
        expect(card.locator("mark").first).to_be_visible()  # the wordings' differences

        card.locator("summary").click()
        card.locator("button:has-text('Xác nhận nhóm')").click()
        card = page.locator(f"#nhom-{pair.id}")
        expect(card).to_contain_text("Đã xác nhận")

        card.locator("select[name=decision]").select_option("accept")
        card.locator("textarea[name=response]").fill(ANSWER)
        card.locator("button:has-text('Lưu cho 2 ý kiến')").click()
        expect(page.locator("body")).to_contain_text("Nhóm ý kiến tương tự")
        browser.close()

    got = site.all(select(Disposition))
    assert len(got) == 2 and {(d.decision, d.response) for d in got} == {("accept", ANSWER)}
    assert site.get(CommentGroup, pair.id).confirmed
