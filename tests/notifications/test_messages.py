"""What arrives at a real SMTP server: decoded Vietnamese headers, both parts, links, .ics."""

from datetime import datetime
from email.utils import parseaddr

from icalendar import Calendar
from sqlmodel import col, select

from models.clock import local
from models.tables import Invitation, OutboxMessage
from notifications.delivery import deliver_ready
from notifications.links import links_for
from notifications.message import build_message
from notifications.render import TEMPLATES, render
from tests.conftest import T0
from tests.notifications.scenario import CONFERENCE_AT, whole_directive

LATER = datetime(2024, 1, 1, tzinfo=T0.tzinfo)


def ics_of(received) -> Calendar:
    parts = [
        p for p in received.message.iter_attachments() if p.get_content_type() == "text/calendar"
    ]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_content())


async def test_every_message_the_commands_write(engine, session, links, mail_settings, sink):
    case = whole_directive(session, links)
    rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    written = {r.template for r in rows}
    # Not in this path: bounce notices, digests, a unit's email changed mid-round
    # (tests/web/test_unit_owner.py renders that one strictly), the follow-up's report mails
    # after issuance (tests/notifications/test_follow_up_mail.py and the follow-up tests).
    follow_up = {t for t in TEMPLATES if t.startswith("report_")}
    assert written == set(TEMPLATES) - {"undeliverable", "digest", "unit_email_changed"} - follow_up
    unit_links = links_for(session, rows, links)  # built at send time, never stored
    assert {r.template for r in rows if r.id in unit_links} == {
        "invitation",
        "reminder",
        "overdue",
        "conference_invitation",
        "grassroots_request",
        "issuance",  # the recipients' link to the issued directive
    }
    for row in rows:  # every key a template uses is in the context the command wrote
        link = unit_links.get(row.id, "")
        render(row.template, row.context, base_url=mail_settings.base_url, strict=True, link=link)
        build_message(row, mail_settings, link=link)
    session.rollback()  # SQLite: a reading session holds the write lock (BEGIN IMMEDIATE)

    report = await deliver_ready(engine, mail_settings, now=LATER, worker="t")
    assert (report.sent, report.failed, report.deferred) == (len(rows), 0, 0)
    got = {m.message_id: m for m in sink.messages}
    assert len(got) == len(rows) == len(sink.messages)
    session.expire_all()
    by_id = {r.message_id: r for r in session.exec(select(OutboxMessage)).all()}
    assert set(by_id) == set(got) and all(r.status == "sent" for r in by_id.values())

    title = "Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới"
    for mid, received in got.items():
        row = by_id[mid]
        msg = received.message
        assert received.rcpt_tos == [row.to_email]
        name, addr = parseaddr(str(msg["To"]))
        assert (name, addr) == (row.to_name, row.to_email)  # decoded from RFC 2047
        assert parseaddr(str(msg["From"]))[0] == "Ban Dân vận Tỉnh ủy Bình Phước"
        assert b"Ban D\xc3\xa2n" not in received.data.split(b"\r\n\r\n", 1)[0]  # headers encoded
        text, html = received.part("plain"), received.part("html")
        assert text and html
        if row.template != "issuance":
            assert title in received.subject or title in text
        if row.id in unit_links:
            assert unit_links[row.id] in text
            assert f'href="{unit_links[row.id]}"' in html
        assert "{{" not in text + html and "None" not in text

    invitation = next(m for m in got.values() if m.message["X-Duthao-Template"] == "invitation")
    assert (
        invitation.subject == f"Công văn số 490-CV/BDVTU: đề nghị góp ý dự thảo Chỉ thị “{title}”"
    )
    assert "Hạn gửi ý kiến: 27/7/2023." in invitation.text
    tokens = {inv.token_nonce for inv in session.exec(select(Invitation)).all()}
    assert tokens

    closed = [m for m in got.values() if m.message["X-Duthao-Template"] == "round_closed"]
    first = next(m for m in closed if "Kết thúc đợt 1" in m.subject)
    assert first.subject.startswith("Kết thúc đợt 1 (Lấy ý kiến bằng văn bản): 1/5 đơn vị")
    assert "Ban Tổ chức Tỉnh ủy" in first.text  # listed among those who did not answer
    assert f"/directives/{case.directive_id}" in first.text

    issuance = [m for m in got.values() if m.message["X-Duthao-Template"] == "issuance"]
    assert issuance[0].subject == f"Ban hành Chỉ thị số 22-CT/TU: {title}"
    assert "ngày 12/10/2023" in issuance[0].text

    conference = [
        m for m in got.values() if m.message["X-Duthao-Template"] == "conference_invitation"
    ]
    assert len(conference) == len(case.world.units)
    for m in conference:
        # Numbered from the register like every letter: the first GM of the term.
        assert m.subject.startswith("Giấy mời số 01-GM/BDVTU dự hội nghị góp ý")
        assert "(Giấy mời số 01-GM/BDVTU, ngày " in m.text
        assert "08:00 04/8/2023" in m.text and "Hội trường Tỉnh ủy Bình Phước" in m.text
        cal = ics_of(m)
        assert str(cal["method"]) == "REQUEST"
        event = cal.walk("VEVENT")[0]
        start = event.decoded("dtstart")
        assert start == CONFERENCE_AT and (local(start).hour, local(start).minute) == (8, 0)
        assert event.decoded("sequence") == 0
        assert str(event["attendee"]) == f"mailto:{m.rcpt_tos[0]}"
    assert len({str(ics_of(m).walk("VEVENT")[0]["uid"]) for m in conference}) == 1
