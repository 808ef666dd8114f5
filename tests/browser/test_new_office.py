"""In Chromium, on an empty database: a second office that is not the demo's goes from the
first run to an issued directive through the pages alone. A bloc Party committee (Đảng ủy
Khối, symbol ĐUK) whose department drafts for it and writes under its symbol, consulting
its grassroots units, which answer by the link in the mail they receive (a local SMTP sink).
Every reaction runs in process (documents written, mail sent), as in `make run`."""

import re
import time
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from docx import Document as open_docx
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from duthao.wiring import flow_extras
from flows.drainer import run_in_process
from models.clock import local_date, utcnow
from models.db import create_all, make_engine
from models.settings import Settings
from notifications.sink import MailSink
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, serve
from web.app import create_app

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-khoi-tay-ninh-2026"
PROVINCE_LINE = "ĐẢNG BỘ TỈNH TÂY NINH"
COMMITTEE = "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh"
DEPARTMENT = "Ban Tuyên giáo và Dân vận Đảng ủy Khối"
UNITS = [  # (name, category, email)
    ("Đảng ủy Sở Y tế", "dang-uy-co-so", "dangbo.syt@tayninh.test"),
    ("Đảng ủy Công ty Điện lực Tây Ninh", "dang-uy-co-so", "dangbo.pctn@tayninh.test"),
    ("Chi bộ Sở Tư pháp", "chi-bo", "chibo.stp@tayninh.test"),
    ("Chi bộ Sở Ngoại vụ", "chi-bo", "chibo.sngv@tayninh.test"),
    ("Đảng ủy Ngân hàng Nông nghiệp tỉnh", "dang-uy-co-so", "dangbo.agribank@tayninh.test"),
]
GROUP = "Các chi ủy, đảng ủy cơ sở trực thuộc"
TITLE = "Về tăng cường công tác dân vận trong các cơ quan và doanh nghiệp"
DRAFT = """I. TÌNH HÌNH
Thời gian qua, công tác dân vận trong Khối có chuyển biến tích cực.
II. NHIỆM VỤ, GIẢI PHÁP
1. Nâng cao nhận thức của cấp ủy, người đứng đầu về công tác dân vận.
2. Xây dựng quy chế dân chủ ở cơ sở trong từng cơ quan, doanh nghiệp.
III. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo và Dân vận Đảng ủy Khối theo dõi, đôn đốc việc thực hiện.
"""


def _signed_in(browser: Browser, base: str, username: str) -> Page:
    """A fresh browser context (its own cookies) signed in as `username`."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Đăng nhập')")
    expect(page.locator("h1")).not_to_have_text("Đăng nhập")
    return page


def _pick(select: Locator, text: str) -> None:
    """Choose the first option whose label holds `text` (tree pickers indent with "— ")."""
    labels = select.locator("option").all_inner_texts()
    select.select_option(label=next(label for label in labels if text in label))


def _no_error(page: Page) -> None:
    expect(page.locator(".field-error")).to_have_count(0)


def _add_unit(page: Page, base: str, name: str, parent: str = "", **fields: str) -> None:
    page.goto(f"{base}/admin/units")
    form = page.locator("form[action='/admin/units']")
    form.locator("input[name=name]").fill(name)
    if parent:
        _pick(form.locator("select[name=parent_id]"), parent)
    for key, value in fields.items():
        form.locator(f"[name={key}]").fill(value)
    form.locator("button[type=submit]").click()
    _no_error(page)
    expect(page.locator("h1")).to_contain_text(name)  # its own page, to edit it further


def _add_user(page: Page, base: str, username: str, full_name: str, role: str, unit: str = ""):
    page.goto(f"{base}/admin/users")
    form = page.locator("#user-new")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=full_name]").fill(full_name)
    form.locator("input[name=email]").fill(f"{username}@tayninh.test")
    form.locator("select[name=role]").select_option(role)
    if unit:
        _pick(form.locator("select[name=unit_id]"), unit)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    _no_error(page)
    expect(page.locator("table")).to_contain_text(username)


def _mail_to(sink: MailSink, email: str, holding: str) -> Any:
    """The first message to `email` whose text holds `holding`, once the sender sent it."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for message in sink.messages:
            if email in message.to and holding in message.text:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail to {email}: {[m.subject for m in sink.messages]}")


def test_new_office_from_an_empty_install(tmp_path, prefect_harness):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    sink = MailSink("127.0.0.1", free_port()).start()
    settings = Settings(
        data_dir=tmp_path / "data",
        secret_key="office-secret",
        base_url=base,
        smtp_port=sink.port,
        smtp_timeout=5.0,
        react_poll_seconds=0.2,
    )
    engine = make_engine(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    create_all(engine)  # an empty install: tables, no row
    app = create_app(
        settings,
        engine=engine,
        runner=run_in_process,
        run_sweep=False,
        flow_extras=flow_extras(settings),
    )
    today = local_date(utcnow())
    deadline = (today + timedelta(days=10)).strftime("%d/%m/%Y")

    try:
        with serve(app, port), sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")

            # 1. The first run: the setup page creates the administrator, once.
            page.goto(f"{base}/")
            expect(page.locator("h1")).to_have_text("Cài đặt lần đầu")
            page.fill("input[name=username]", "quantri")
            page.fill("input[name=full_name]", "Nguyễn Văn Quản")
            page.fill("input[name=password]", PASSWORD)
            page.fill("input[name=confirm_password]", PASSWORD)
            page.click("button:has-text('Tạo tài khoản quản trị')")
            _no_error(page)
            page = _signed_in(browser, base, "quantri")

            # 2. The body tree, a term, the people.
            _add_unit(
                page,
                base,
                COMMITTEE,
                superior=PROVINCE_LINE,
                place="Tây Ninh",
                symbol="ĐUK",
                category="dang-uy-khoi",
            )
            _add_unit(page, base, DEPARTMENT, COMMITTEE, place="Tây Ninh", category="ban")
            for name, category, email in UNITS:
                _add_unit(page, base, name, COMMITTEE, category=category, email=email)
            page.goto(f"{base}/admin/terms")
            page.fill("form[action='/admin/terms'] input[name=name]", "2025 - 2030")
            page.fill("input[name=starts_on]", "01/10/2025")
            page.fill("input[name=ends_on]", "30/9/2030")
            page.click("form[action='/admin/terms'] button[type=submit]")
            _no_error(page)
            _add_user(page, base, "thuy", "Trần Thị Thủy", "officer", DEPARTMENT)
            _add_user(page, base, "binh", "Lê Văn Bình", "leader")
            _add_user(page, base, "vanthu", "Phạm Thị Lan", "clerk")

            # 3. The officer: the committee's signer on record, a group of its units.
            officer = _signed_in(browser, base, "thuy")
            officer.goto(f"{base}/units")
            committee_row = officer.locator("#units-table tr", has_text=COMMITTEE).first
            committee_row.locator("a:has-text('Người ký, nhóm')").click()
            expect(officer.locator("h1")).to_contain_text(COMMITTEE)
            new_signer = officer.locator(
                "form", has=officer.locator("h3:has-text('Thêm người ký')")
            )
            new_signer.locator("select[name=form]").select_option("T/M")
            new_signer.locator("input[name=on_behalf_of]").fill("BAN THƯỜNG VỤ")
            new_signer.locator("input[name=title]").fill("PHÓ BÍ THƯ")
            new_signer.locator("input[name=full_name]").fill("Nguyễn Thị Hạnh")
            new_signer.locator("button[type=submit]").click()
            _no_error(officer)
            expect(officer.locator("body")).to_contain_text("Nguyễn Thị Hạnh")
            officer.goto(f"{base}/units")
            officer.locator("#units-table tr", has_text=DEPARTMENT).first.locator(
                "a:has-text('Người ký, nhóm')"
            ).click()
            new_group = officer.locator("form", has=officer.locator("h3:has-text('Thêm nhóm')"))
            new_group.locator("input[name=name]").fill(GROUP)
            for name, _, _ in UNITS:
                new_group.locator("label", has_text=name).locator("input").check()
            new_group.locator("button[type=submit]").click()
            _no_error(officer)
            expect(officer.locator("body")).to_contain_text(GROUP)

            # 4. A directive issued by the committee, drafted by the department.
            officer.goto(f"{base}/directives/new")
            officer.fill("input[name=title]", TITLE)
            _pick(officer.locator("select[name=issuer_id]"), f"{COMMITTEE} (ĐUK)")
            drafting = officer.locator("select[name=drafting_unit_id]")
            if drafting.count():
                _pick(drafting, DEPARTMENT)
            officer.click("button:has-text('Tạo hồ sơ')")
            _no_error(officer)
            expect(officer.locator("h1")).to_contain_text("tăng cường công tác dân vận")
            directive_url = officer.url.split("#")[0]
            officer.goto(f"{directive_url}/drafts/new")
            officer.fill("textarea[name=text]", DRAFT)
            officer.click("button:has-text('Lưu bản dự thảo')")
            _no_error(officer)
            expect(officer.locator("#draft-sections")).to_contain_text("NHIỆM VỤ, GIẢI PHÁP")

            # 5. A written round under the committee's symbol, to the group, by the signer.
            officer.click("a.button:has-text('Lấy ý kiến bằng văn bản')")
            _pick(officer.locator("select[name=issuer_id]"), COMMITTEE)
            officer.fill("input[name=deadline]", deadline)
            signer = officer.locator("select[name=signer_id]")
            signer.select_option(
                label=next(t for t in signer.locator("option").all_inner_texts() if "Hạnh" in t)
            )
            officer.locator("label", has_text=GROUP).locator("input").check()
            officer.click("button:has-text('Xác nhận mở đợt')")
            _no_error(officer)
            expect(officer.locator("#invitations-table")).to_contain_text(
                f"Đã trả lời 0/{len(UNITS)}"
            )
            round_url = officer.url.split("#")[0]

            # 6. A unit answers through the link in the mail it received.
            name, _, email = UNITS[2]
            invite = _mail_to(sink, email, "/u/")
            link = re.search(rf"{re.escape(base)}/u/[\w.-]+", invite.text)
            assert link, invite.text
            unit = browser.new_page(viewport={"width": 1100, "height": 900}, locale="vi-VN")
            unit.goto(link.group(0))
            form = unit.locator("#comment-form")
            _pick(form.locator("select[name=section_id]"), "II.2")
            form.locator("input[name=position][value=agree_with_comments]").check()
            form.locator("textarea[name=text]").fill(
                "Đề nghị bổ sung việc đối thoại định kỳ giữa người đứng đầu và người lao động."
            )
            form.locator("button[type=submit]").click()
            expect(unit.locator("#answer")).to_contain_text("đối thoại định kỳ")
            unit.locator("#submit-form button[type=submit]").click()
            expect(unit.locator("body")).to_contain_text("Đã gửi")

            # 7. The officer closes the round, disposes the comment, finalises, submits.
            officer.goto(round_url)
            expect(officer.locator("#invitations-table")).to_contain_text(
                f"Đã trả lời 1/{len(UNITS)}"
            )
            officer.click("a.button:has-text('Kết thúc đợt')")
            officer.click("button:has-text('Xác nhận kết thúc')")
            expect(officer.locator("body")).to_contain_text("Đã kết thúc đợt lấy ý kiến lần 1")
            row = officer.locator("#comments-table tr[id^=comment-]").first
            row.locator("textarea[name=response]").fill("Tiếp thu, bổ sung vào khoản 2 Mục II.")
            row.locator("select[name=decision]").select_option("accept")
            row.locator("button:has-text('Lưu')").click()
            expect(officer.locator("#comments-table tr[id^=comment-]").first).to_contain_text(
                "Đã lưu"
            )
            officer.goto(directive_url)
            officer.click("a.button[href$='/act/finalise']")
            officer.click("button:has-text('Xác nhận')")
            _no_error(officer)
            officer.click("button:has-text('Chọn làm bản hoàn chỉnh')")
            expect(officer.locator("#versions")).to_contain_text("Bản hoàn chỉnh")
            officer.click("a.button[href$='/act/submit']")
            officer.click("button:has-text('Xác nhận')")
            _no_error(officer)

            # 8. The leader signs; the clerk issues.
            leader = _signed_in(browser, base, "binh")
            leader.goto(directive_url)
            leader.click("a.button[href$='/sign']")
            # The committee's signer on record is offered first: nothing to retype.
            expect(leader.locator("select[name=signer_id] option:checked")).to_contain_text(
                "Nguyễn Thị Hạnh"
            )
            leader.fill("input[name=signed_on]", today.strftime("%d/%m/%Y"))
            leader.click("button:has-text('Ghi nhận ký')")
            expect(leader.locator("body")).to_contain_text("Đã ghi nhận ký.")
            clerk = _signed_in(browser, base, "vanthu")
            clerk.goto(directive_url)
            clerk.click("a.button[href$='/act/issue']")
            clerk.click("button:has-text('Xác nhận')")
            _no_error(clerk)

            # 9. The round's letter as written, and the dossier.
            clerk.goto(directive_url)
            docs = clerk.locator("#documents a").all_inner_texts()
            letter_name = next(n for n in docs if n.endswith(".docx") and "cong-van" in n)
            with clerk.expect_download() as got:
                clerk.click(f"#documents a:has-text('{letter_name}')")
            letter = open_docx(str(got.value.path()))
            text = "\n".join(p.text for p in letter.paragraphs) + "\n".join(
                cell.text for t in letter.tables for r in t.rows for cell in r.cells
            )
            assert PROVINCE_LINE in text
            assert "01-CV/ĐUK" in text
            assert f"Kính gửi: {GROUP}." in text or f"- {GROUP}." in text, text
            assert "T/M BAN THƯỜNG VỤ" in text and "PHÓ BÍ THƯ" in text
            assert "Nguyễn Thị Hạnh" in text
            assert "K/T TRƯỞNG BAN" not in text
            with clerk.expect_download() as got:
                clerk.click("#dossier")
            dossier = zipfile.ZipFile(got.value.path())
            manifest_name = next(n for n in dossier.namelist() if "manifest" in n)
            manifest = dossier.read(manifest_name).decode()
            assert "ĐUK" in manifest and "Nguyễn Thị Hạnh" in manifest, manifest
            browser.close()
    finally:
        sink.stop()
        engine.dispose()
