"""The officers' daily digest, and invitees told when the conference moves or is cancelled."""

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from models.clock import at_local, local
from models.commands.conference import conference_update
from models.commands.mail import conference_notify
from models.commands.rounds import round_close
from models.errors import DomainError
from models.ids import id_of
from models.outbox import enqueue
from models.tables import OutboxMessage
from notifications.delivery import deliver_ready
from notifications.digest import gather_digests
from tests.conftest import T0
from tests.factories import directive_with_draft, world
from tests.notifications.scenario import CONFERENCE_AT, conference_round, written_round
from tests.notifications.test_delivery import rows

CLOSED_AT = at_local(date(2023, 7, 28), 9)


async def test_digest_gathers_the_day_once(engine, session, links, mail_settings, sink):
    case = written_round(session, links)
    officer = case.world.officer
    assert officer is not None
    officer.digest = True
    session.add(officer)
    session.commit()
    officer_email, officer_id = officer.email, officer.id
    round_close(session, round_id=id_of(case.written.round), by="canbo", now=CLOSED_AT)
    session.rollback()

    await deliver_ready(engine, mail_settings, now=CLOSED_AT, worker="a")
    assert officer_email not in {r for m in sink.messages for r in m.rcpt_tos}  # held
    held = next(r for r in rows(session) if r.template == "round_closed")
    assert (held.status, held.digest) == ("ready", True)

    evening = at_local(date(2023, 7, 28), 17)
    assert gather_digests(session, mail_settings, now=evening) == 1
    assert gather_digests(session, mail_settings, now=evening + timedelta(hours=1)) == 0
    enqueue(  # a notice after today's digest went: it waits for tomorrow's
        session,
        key="late-notice",
        template="round_closed",
        to_email=officer_email,
        to_name="Nguyễn Thị Hoa",
        now=evening,
        digest=True,
        context={**held.context, "round_ordinal": 9},
    )
    session.commit()
    assert gather_digests(session, mail_settings, now=evening + timedelta(hours=2)) == 0
    session.rollback()
    before = len(sink.messages)
    await deliver_ready(engine, mail_settings, now=evening, worker="b")
    digests = [m for m in sink.messages[before:] if m.message["X-Duthao-Template"] == "digest"]
    assert len(digests) == 1 and digests[0].rcpt_tos == [officer_email]
    digest = digests[0]
    assert digest.subject == "Tổng hợp thông báo ngày 28/7/2023: 1 thông báo"
    gathered = next(r for r in rows(session) if r.id == held.id)
    assert gathered.status == "sent" and gathered.message_id == digest.message_id
    assert "Kết thúc đợt 1 (Lấy ý kiến bằng văn bản)" in digest.text
    assert "Ban Tổ chức Tỉnh ủy" in digest.text and "Thư này được gửi tự động" in digest.text
    assert digest.text.count("Thư này được gửi tự động") == 1  # one footer, not one per item
    assert "Kết thúc đợt 1" in digest.part("html")

    assert gather_digests(session, mail_settings, now=at_local(date(2023, 7, 29), 17)) == 1
    late = session.exec(
        select(OutboxMessage).where(OutboxMessage.key == f"digest:user{officer_id}:2023-07-29")
    ).one()
    assert [i["subject"] for i in late.context["items"]][0].startswith("Kết thúc đợt 9")


def _ics(received) -> Calendar:
    (part,) = [
        p for p in received.message.iter_attachments() if p.get_content_subtype() == "calendar"
    ]
    return Calendar.from_ical(part.get_content())


async def test_conference_moved_then_cancelled(engine, session, links, mail_settings, sink):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    opened = conference_round(session, w, did, links, at_local(date(2023, 7, 31), 9))
    round_id, invited = id_of(opened.round), len(w.units)
    session.rollback()
    await deliver_ready(engine, mail_settings, now=at_local(date(2023, 7, 31), 9), worker="a")
    first = [_ics(m) for m in sink.messages]
    assert len(first) == invited
    uid = str(first[0].walk("VEVENT")[0]["uid"])

    moved_to = CONFERENCE_AT + timedelta(days=1, hours=6)  # 14:00 on 05/8/2023
    now = at_local(date(2023, 8, 1), 10)
    conference_update(
        session, round_id=round_id, held_at=moved_to, place="Hội trường B", by="canbo", now=now
    )
    assert conference_notify(session, round_id=round_id, by="canbo", now=now) == invited
    assert conference_notify(session, round_id=round_id, by="canbo", now=now) == 0
    session.rollback()
    await deliver_ready(engine, mail_settings, now=now, worker="b")
    moved = sink.messages[invited:]
    assert len(moved) == invited
    for m in moved:
        assert m.subject.startswith("Thay đổi thời gian, địa điểm hội nghị góp ý")
        assert "14:00 05/8/2023" in m.text and "Hội trường B" in m.text
        event = _ics(m).walk("VEVENT")[0]
        assert (str(event["uid"]), event.decoded("sequence")) == (uid, 1)
        assert local(event.decoded("dtstart")).strftime("%H:%M %d/%m") == "14:00 05/08"
        assert str(event["location"]) == "Hội trường B"

    assert (
        conference_notify(session, round_id=round_id, by="canbo", now=now, cancel=True) == invited
    )
    assert conference_notify(session, round_id=round_id, by="canbo", now=now, cancel=True) == 0
    session.rollback()
    await deliver_ready(engine, mail_settings, now=now, worker="c")
    cancelled = sink.messages[2 * invited :]
    assert len(cancelled) == invited
    for m in cancelled:
        assert m.subject.startswith("Hủy hội nghị góp ý")
        cal = _ics(m)
        event = cal.walk("VEVENT")[0]
        assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
        assert (str(event["uid"]), event.decoded("sequence")) == (uid, 2)


def test_conference_notice_refused_for_a_written_round(engine, session, links):
    case = written_round(session, links)
    before = session.exec(select(OutboxMessage.id)).all()
    with pytest.raises(DomainError, match="không phải hội nghị"):
        conference_notify(session, round_id=id_of(case.written.round), by="canbo", now=T0)
    session.rollback()
    assert session.exec(select(OutboxMessage.id)).all() == before
