"""Every form in form: attributes escaped once, no demo data in placeholders, reminders read
as separate days, section labels never "II.1. 1. …", the giấy mời numbered from the register
(form, round page, conference closing mail that counts opinions and speakers)."""

import re
from pathlib import Path

from sqlmodel import select

from models.tables import OutboxMessage, RegisterEntry, Round
from notifications.render import render
from tests.expect import group
from tests.factories import directive_with_draft
from tests.links import unit_token
from tests.web.officer_kit import hx_post, make_site, post
from web.templating import TEMPLATES_DIR

# What the demo's case wrote into forms as hints: another office must never see it.
DEMO_PLACEHOLDER = re.compile(r"\d+\s*-\s*[A-ZĐ]+/[A-ZĐ]+|Tỉnh ủy|Hội trường|BDVTU", re.I)


def test_no_placeholder_shows_a_documents_number_or_the_demos_bodies():
    found = []
    for path in Path(TEMPLATES_DIR).rglob("*.html"):
        for hint in re.findall(r'placeholder=("[^"]*"|\'[^\']*\')', path.read_text("utf-8")):
            if DEMO_PLACEHOLDER.search(hint):
                found.append(f"{path.name}: {hint}")
    assert found == []


def test_login_attributes_are_escaped_once(engine, session, settings):
    site = make_site(engine, session, settings)
    page = site.client(None).get("/login").text
    assert 'autocomplete="username" autofocus="autofocus"' in page
    assert 'autocomplete="current-password"' in page and "&#34;" not in page


def _open(hoa, did, kind, data):
    form = hoa.get(f"/directives/{did}/rounds/new?kind={kind}")
    key = group(r'name="request_key" value="([0-9a-f]+)"', form.text)
    return form, post(
        hoa, f"/directives/{did}/rounds/new", {"kind": kind, "request_key": key, **data}
    )


def test_round_forms_and_the_numbered_giay_moi(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=site.clock[0])
    hoa = site.client("hoa")
    written = hoa.get(f"/directives/{did}/rounds/new?kind=written").text
    assert "Nhắc hạn trước 3 ngày và 1 ngày;" in written and "3,1 ngày" not in written
    units = site.world.units
    form, r = _open(
        hoa,
        did,
        "conference",
        {
            "held_at": "04/8/2023",
            "held_time": "08:00",
            "place": "Phòng họp số 2",
            "unit_ids": [str(u.id) for u in units],
        },
    )
    assert "Cấp số giấy mời <strong>01-GM/BDVTU</strong>" in form.text
    assert 'name="letter_number"' in form.text and "Nhắc hạn" not in form.text
    assert r.status_code == 303
    rid, number = site.one(select(Round.id, Round.letter_number))
    assert number == "01-GM/BDVTU"
    entry = site.one(select(RegisterEntry).where(RegisterEntry.kind == "GM"))
    assert (entry.number, entry.directive_id) == ("01-GM/BDVTU", did)
    assert "Giấy mời số <strong>01-GM/BDVTU</strong>" in hoa.get(f"/rounds/{rid}").text

    page = hoa.get(f"/rounds/{rid}/conference").text
    assert ">II.1. Tăng cường sự lãnh đạo" in page and "II.1. 1." not in page
    assert ">I. TÌNH HÌNH, KẾT QUẢ<" in page and "I — I." not in page
    for speaker, text in [
        ("Nguyễn Văn Bình", "Đề nghị làm rõ trách nhiệm."),
        ("Nguyễn Văn Bình", "Đề nghị bổ sung giao ban."),
        ("Trần Thị Mai", "Tán thành."),
    ]:
        hx_post(hoa, f"/rounds/{rid}/opinions", {"speaker": speaker, "text": text})
    closed = post(
        hoa, f"/rounds/{rid}/conference/close", {"attendees": "62", "ended_time": "11:30"}
    )
    assert closed.status_code == 303
    mail = site.all(select(OutboxMessage).where(OutboxMessage.template == "round_closed"))
    assert mail
    told = render("round_closed", mail[0].context, base_url=settings.base_url, strict=True)
    assert told.subject.startswith("Kết thúc hội nghị (đợt 1): 3 ý kiến của 2 người phát biểu")
    assert "Số ý kiến phát biểu: 3" in told.text and "Số người phát biểu: 2" in told.text
    assert "Đại biểu dự hội nghị: 62" in told.text and "Giấy mời số 01-GM/BDVTU" in told.text
    assert "đã trả lời" not in told.subject + told.text


def test_a_units_section_list_names_each_part_once(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=site.clock[0])
    hoa = site.client("hoa")
    _, r = _open(
        hoa,
        did,
        "written",
        {"deadline": "27/7/2023", "unit_ids": [str(site.world.units[0].id)]},
    )
    assert r.status_code == 303
    row = site.one(select(OutboxMessage).where(OutboxMessage.template == "invitation"))
    page = site.client(None).get(f"/u/{unit_token(engine, row, settings)}").text
    assert ">II.2.a. Tổ chức hội nghị giao ban" in page and "II.2.a. a)" not in page
