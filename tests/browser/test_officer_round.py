"""In Chromium: an officer opens a round, a unit answers by its link, the officer sees the
comment arrive, dispositions it and closes the round. Screenshots go to docs/screenshots/
with DUTHAO_SCREENSHOTS=1, else to test-artifacts/screenshots/."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session, col, select

from models.commands.conference import conference_update, opinion_record
from models.commands.drafts import draft_add
from models.commands.grassroots import report_submit
from models.commands.rounds import ConferencePlan, round_close, round_open
from models.db import create_all, make_engine
from models.settings import Settings
from models.tables import Directive, DraftVersion, OutboxMessage, Round, Section
from models.tokens import Links
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, serve
from tests.factories import DRAFT_TEXT, directive_with_draft
from tests.links import unit_link
from tests.web.officer_kit import NOW, PASSWORD, make_site

pytestmark = pytest.mark.browser
# docs/screenshots/ (shown in the README) is refreshed on request; ordinary runs write to
# test-artifacts/ so a test run leaves the work tree clean.
_ROOT = Path(__file__).resolve().parents[2]
SHOTS = (
    _ROOT / "docs" / "screenshots"
    if os.environ.get("DUTHAO_SCREENSHOTS") == "1"
    else _ROOT / "test-artifacts" / "screenshots"
)


def _watch_csp(page, violations: list[str]) -> None:
    """Chromium reports each thing the Content-Security-Policy blocked on the console."""

    def seen(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", seen)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _later_rounds(site, did: int, links: Links) -> tuple[int, int]:
    """A revised draft, a conference with opinions, and a grassroots round with reports,
    entered through the commands, so their pages can be looked at."""
    site.run(
        draft_add,
        directive_id=did,
        text=DRAFT_TEXT.replace("Đổi mới phương pháp", "Đổi mới mạnh mẽ phương pháp")
        + "\n2. Mặt trận Tổ quốc và các đoàn thể phối hợp thực hiện.",
        note="Tiếp thu ý kiến đợt 1",
        by="hoa",
        now=NOW + timedelta(days=20),
    )
    units = site.world.units
    conf = site.run(
        round_open,
        directive_id=did,
        kind="conference",
        unit_ids=[u.id for u in units],
        by="hoa",
        now=NOW + timedelta(days=23),
        links=links,
        conference=ConferencePlan(
            held_at=NOW + timedelta(days=23), place="Hội trường Tỉnh ủy", chair="Huỳnh Thị Hằng"
        ),
    ).round
    section = site.one(
        select(Section).where(Section.version_id == conf.draft_version_id, Section.key == "II.2")
    )
    for speaker, unit, text in [
        ("Nguyễn Văn Bình", units[2], "Đề nghị bổ sung vai trò giám sát của Mặt trận."),
        ("Trần Thị Mai", units[3], "Cần quy định rõ thời gian giao ban ở cấp huyện."),
    ]:
        site.run(
            opinion_record,
            round_id=conf.id,
            speaker=speaker,
            speaker_title="Phó Trưởng ban",
            unit_id=unit.id,
            section_id=section.id,
            text=text,
            by="hoa",
            now=NOW + timedelta(days=23),
        )
    site.run(
        conference_update, round_id=conf.id, attendees=86, by="hoa", now=NOW + timedelta(days=23)
    )
    return conf.id, section.id


def _grassroots(site, did: int, links: Links) -> int:
    districts = [u for u in site.world.units if u.category == "huyen-uy"]
    opened = site.run(
        round_open,
        directive_id=did,
        kind="grassroots",
        unit_ids=[u.id for u in districts],
        by="hoa",
        now=NOW + timedelta(days=27),
        links=links,
    )
    for (u, n), (thon, xa) in zip(
        [(districts[0], 4321), (districts[1], 2004)], [(112, 15), (90, 11)], strict=True
    ):
        site.run(
            report_submit,
            raw_token=opened.tokens[u.id],
            meetings={"Thôn, ấp, khu phố": thon, "Xã, phường, thị trấn": xa},
            delegates=n,
            summary="Cán bộ, đảng viên và Nhân dân đồng tình với dự thảo.",
            now=NOW + timedelta(days=28),
        )
    return opened.round.id


def _overdue_directive(site, links: Links) -> None:
    """Another directive whose round is past its deadline: the dashboard shows it first."""
    early = NOW - timedelta(days=30)
    did = site.run(directive_with_draft, w=site.world, now=early)
    site.run(
        directive_update_title,
        directive_id=did,
        title="Đẩy mạnh công tác dân vận chính quyền trong tình hình mới",
    )
    site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[u.id for u in site.world.units[:3]],
        by="hoa",
        now=early + timedelta(days=1),
        links=links,
    )


def directive_update_title(session, *, directive_id: int, title: str) -> None:
    """Test data only: a second title for the factory's directive."""
    d = session.get(Directive, directive_id)
    d.title = title
    session.add(d)
    session.commit()


def test_officer_round_in_chromium(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(data_dir=tmp_path / "data", secret_key="browser-secret", base_url=base)
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.sqlite3'}")
    create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        site = make_site(engine, session, settings)
    links = Links(base_url=base, secret="browser-secret")
    _overdue_directive(site, links)
    did = site.run(directive_with_draft, w=site.world, now=NOW)

    with serve(site.app, port), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        officer = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        violations: list[str] = []
        _watch_csp(officer, violations)
        officer.goto(f"{base}/")
        expect(officer.locator("h1")).to_have_text("Đăng nhập")
        officer.fill("input[name=username]", "hoa")
        officer.fill("input[name=password]", PASSWORD)
        officer.click("button:has-text('Đăng nhập')")
        expect(officer.locator("#directives-table")).to_contain_text("Tăng cường nắm tình hình")

        officer.click("text=Tăng cường nắm tình hình")
        expect(officer.locator("#draft-sections")).to_contain_text("NHIỆM VỤ, GIẢI PHÁP")
        officer.click("a.button:has-text('Lấy ý kiến bằng văn bản')")
        expect(officer.locator(".explain")).to_contain_text("02-CV/BDVTU")
        # Nothing is ticked by default (issue 11): the officer picks the five units.
        boxes = officer.locator("input[name=unit_ids]")
        expect(boxes).to_have_count(5)
        for i in range(5):
            boxes.nth(i).check()
        officer.click("button:has-text('Xác nhận mở đợt')")
        expect(officer.locator("#invitations-table")).to_contain_text("Đã trả lời 0/5")
        round_url = officer.url

        # The unit follows the link from its invitation email.
        unit = site.world.units[0]
        invite = site.one(
            select(OutboxMessage).where(
                OutboxMessage.template == "invitation",
                OutboxMessage.to_email == unit.email,
                OutboxMessage.directive_id == did,
            )
        )
        link = unit_link(site.app.state.engine, invite, settings)  # as the sender builds it
        answerer = browser.new_page(viewport={"width": 1100, "height": 900}, locale="vi-VN")
        _watch_csp(answerer, violations)
        answerer.goto(link)
        form = answerer.locator("#comment-form")
        section_id = site.one(
            select(Section.id)
            .join(DraftVersion, col(DraftVersion.id) == Section.version_id)
            .where(DraftVersion.directive_id == did, Section.key == "II.1")
        )
        form.locator("select[name=section_id]").select_option(str(section_id))
        form.locator("input[name=position][value=disagree]").check()
        form.locator("textarea[name=text]").fill(
            "Đề nghị bổ sung vai trò của Mặt trận <b>ngay</b>."
        )
        form.locator("button[type=submit]").click()
        expect(answerer.locator("#answer")).to_contain_text("vai trò của Mặt trận <b>ngay</b>")
        answerer.locator("#submit-form button[type=submit]").click()
        expect(answerer.locator("body")).to_contain_text("Đã gửi")

        # The officer's invitation table updates itself (HTMX polling every 5 s).
        expect(officer.locator("#invitations-table")).to_contain_text(
            "Đã trả lời 1/5", timeout=12_000
        )
        officer.reload()
        row = officer.locator("#comments-table tr[id^=comment-]").first
        expect(row).to_contain_text("vai trò của Mặt trận <b>ngay</b>")
        row.locator("textarea[name=response]").fill("Tiếp thu, bổ sung vào khoản 1 Mục II.")
        row.locator("select[name=decision]").select_option("accept")
        row.locator("button:has-text('Lưu')").click()  # saved on the explicit action only
        expect(officer.locator("#comments-table tr[id^=comment-]").first).to_contain_text("Đã lưu")
        _shot(officer, "round")

        officer.click("a.button:has-text('Kết thúc đợt')")
        expect(officer.locator("h1")).to_contain_text("Kết thúc đợt lấy ý kiến lần 1")
        officer.click("button:has-text('Xác nhận kết thúc')")
        expect(officer.locator("body")).to_contain_text("Đã kết thúc đợt lấy ý kiến lần 1")
        assert site.one(select(Round.status).where(Round.directive_id == did)) == "closed"
        assert officer.url.split("#")[0] == round_url

        # The later rounds of the reference case, for the remaining pages.
        conf_id, _ = _later_rounds(site, did, links)
        officer.goto(f"{base}/rounds/{conf_id}/conference")
        officer.fill("#opinion-form input[name=speaker]", "Lê Văn Hùng")
        officer.fill("#opinion-form textarea[name=text]", "Thống nhất cao với bố cục dự thảo.")
        officer.locator("#opinion-form select[name=position]").select_option("agree")
        officer.click("#opinion-form button[type=submit]")
        expect(officer.locator("#opinions-body tr")).to_have_count(3)
        expect(officer.locator("#opinion-form textarea[name=text]")).to_have_value("")
        _shot(officer, "conference")
        site.run(round_close, round_id=conf_id, by="hoa", now=NOW + timedelta(days=24))

        gr_id = _grassroots(site, did, links)
        officer.goto(f"{base}/rounds/{gr_id}/grassroots")
        expect(officer.locator("#grassroots-table tfoot")).to_contain_text("6.325")
        _shot(officer, "grassroots")

        officer.goto(f"{base}/directives/{did}/diff?a=1&b=2")
        expect(officer.locator("#diff-table ins").first).to_be_visible()
        _shot(officer, "diff")
        officer.goto(f"{base}/directives/{did}")
        expect(officer.locator("#s-II\\.1")).to_contain_text("Ban Tuyên giáo Tỉnh ủy")
        _shot(officer, "directive")
        officer.goto(f"{base}/")
        expect(officer.locator("#directives-table")).to_contain_text("2/2 (100%)")
        _shot(officer, "dashboard")

        # The pages that had inline styles or script, and Swagger UI, under the same CSP.
        officer.goto(f"{base}/units")
        expect(officer.locator("#units-table td.depth-1").first).to_be_visible()
        officer.goto(f"{base}/directives/{did}/drafts/99")
        officer.click("a[data-back]")  # app.js: back to the previous page
        expect(officer.locator("#units-table")).to_be_visible()
        officer.goto(f"{base}/api/docs")
        expect(officer.locator(".swagger-ui .info .title")).to_contain_text("duthao")
        expect(officer.locator(".opblock-tag").first).to_be_visible()
        assert violations == []
        browser.close()
    engine.dispose()
