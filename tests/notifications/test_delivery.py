"""Delivery against a real SMTP server: nothing lost, nothing sent twice, failures recorded."""

import asyncio
import socket
from datetime import timedelta

import pytest
from sqlmodel import col, select

from models.commands.mail import outbox_resend
from models.errors import DomainError, Invalid
from models.ids import id_of
from models.tables import Invitation, OutboxMessage, Unit
from notifications.delivery import deliver_ready
from notifications.sink import MailSink
from tests.conftest import T0
from tests.notifications.conftest import BAD
from tests.notifications.scenario import fan_out, written_round

NOW = T0 + timedelta(days=8, minutes=5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def within_a_second(moment, expected) -> bool:
    """A run's clock moves on by its own duration (a few milliseconds here)."""
    return expected <= moment < expected + timedelta(seconds=1)


def rows(session) -> list[OutboxMessage]:
    session.expire_all()
    found = list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())
    # Detached snapshots, and no open transaction: on SQLite a reading session holds the
    # write lock (BEGIN IMMEDIATE), and touching an expired row would begin one again.
    session.expunge_all()
    session.rollback()
    return found


async def test_server_down_keeps_rows_ready_until_it_returns(engine, session, links, settings):
    written_round(session, links)
    session.rollback()
    port = free_port()
    down = settings.model_copy(update={"smtp_port": port, "smtp_timeout": 5.0})
    counts = await deliver_ready(engine, down, now=NOW, worker="a")
    assert (counts.sent, counts.deferred, counts.failed) == (0, 5, 0)
    assert counts.errors and "111" in counts.errors[0] or "refused" in counts.errors[0].lower()
    assert {(r.status, r.attempts) for r in rows(session)} == {("ready", 0)}

    async with MailSink(port=port) as sink:  # the server is back, on the same port
        counts = await deliver_ready(engine, down, now=NOW, worker="b")
        again = await deliver_ready(engine, down, now=NOW + timedelta(hours=1), worker="c")
    assert (counts.sent, again.claimed) == (5, 0)
    sent = rows(session)
    assert {r.status for r in sent} == {"sent"}
    assert sorted(m.message_id for m in sink.messages) == sorted(r.message_id for r in sent)


async def test_rejected_recipient_fails_others_sent_team_told(
    engine, session, links, mail_settings, sink
):
    case = written_round(session, links)
    officer = case.world.officer.email
    wrong = case.world.units[3]  # Huyện ủy Bù Đăng, with a mistyped address
    wrong.email = BAD
    session.add(wrong)
    row = session.exec(select(OutboxMessage).where(OutboxMessage.to_name == wrong.name)).one()
    row.to_email = BAD
    session.add(row)
    session.commit()
    wrong_id = wrong.id

    counts = await deliver_ready(engine, mail_settings, now=NOW, worker="a")
    assert (counts.sent, counts.failed, counts.notices) == (5, 1, 1)  # 4 units + the notice
    failed = next(r for r in rows(session) if r.status == "failed")
    assert failed.id == row.id and failed.attempts == 1
    assert failed.last_error.startswith("550 5.1.1") and "rejected" in failed.last_error
    notice = next(m for m in sink.messages if m.message["X-Duthao-Template"] == "undeliverable")
    assert notice.rcpt_tos == [officer]
    assert notice.subject == "Không gửi được thư tới Huyện ủy Bù Đăng"
    assert failed.last_error in notice.text and BAD in notice.text
    assert f"/directives/{case.directive_id}" in notice.text
    assert BAD not in {r for m in sink.messages for r in m.rcpt_tos}

    before = [(r.status, r.to_email) for r in rows(session)]
    with pytest.raises(Invalid, match="không hợp lệ"):
        outbox_resend(session, message_id=row.id, to_email="budang@", by="canbo", now=NOW)
    session.rollback()
    assert [(r.status, r.to_email) for r in rows(session)] == before
    sent_one = next(r for r in rows(session) if r.status == "sent")
    with pytest.raises(DomainError, match="đã được gửi"):
        outbox_resend(session, message_id=id_of(sent_one), by="canbo", now=NOW)
    session.rollback()

    fixed = "hu.budang@binhphuoc.test"
    outbox_resend(session, message_id=row.id, to_email=f"  {fixed} ", by="canbo", now=NOW)
    # An officer does not edit a shared unit (models/policy.py): the correction goes on this
    # directive's invitation, whose later messages follow it; the unit is the admins' to fix.
    assert session.get(Unit, wrong_id).email == BAD
    pinned = session.exec(select(Invitation.sent_to).where(Invitation.unit_id == wrong_id)).one()
    assert pinned == fixed
    session.rollback()
    counts = await deliver_ready(engine, mail_settings, now=NOW, worker="b")
    assert (counts.sent, counts.failed) == (1, 0)
    resent = next(r for r in rows(session) if r.id == row.id)
    assert (resent.status, resent.to_email) == ("sent", fixed)
    assert sink.messages[-1].rcpt_tos == [fixed]
    assert sink.messages[-1].message_id == resent.message_id


async def test_transient_answer_retried_with_backoff_then_failed(engine, session, settings):
    fan_out(session, 3, T0)
    greylisted = "xa0001@binhphuoc.test"
    answers = {greylisted: "451 4.7.1 Greylisted, please try again later"}
    async with MailSink(answers=answers) as sink:
        s = settings.model_copy(update={"smtp_port": sink.port, "mail_max_attempts": 3})
        counts = await deliver_ready(engine, s, now=T0, worker="a")
        assert (counts.sent, counts.retried) == (2, 1)
        row = next(r for r in rows(session) if r.to_email == greylisted)
        assert (row.status, row.attempts) == ("ready", 1)
        assert within_a_second(row.next_attempt_at, T0 + timedelta(seconds=60))
        assert row.last_error.startswith("451 4.7.1")
        early = await deliver_ready(engine, s, now=T0 + timedelta(seconds=59), worker="b")
        assert early.claimed == 0  # not before its time
        second = await deliver_ready(engine, s, now=T0 + timedelta(seconds=61), worker="c")
        assert second.retried == 1
        row = next(r for r in rows(session) if r.to_email == greylisted)
        assert within_a_second(row.next_attempt_at, T0 + timedelta(seconds=61 + 120))  # doubled
        third = await deliver_ready(engine, s, now=T0 + timedelta(hours=1), worker="d")
        assert (third.failed, third.notices) == (1, 0)  # no directive, no admin: no notice
        row = next(r for r in rows(session) if r.to_email == greylisted)
        assert (row.status, row.attempts) == ("failed", 3)
        assert greylisted not in {r for m in sink.messages for r in m.rcpt_tos}


async def test_two_deliverers_at_once_send_each_message_once(engine, session, mail_settings, sink):
    keys = fan_out(session, 120, T0)
    s = mail_settings.model_copy(update={"mail_batch_size": 10, "mail_concurrency": 3})
    one, two = await asyncio.gather(
        deliver_ready(engine, s, now=T0, worker="one"),
        deliver_ready(engine, s, now=T0, worker="two"),
    )
    assert one.claimed + two.claimed == len(keys) and one.sent + two.sent == len(keys)
    ids = [m.message_id for m in sink.messages]
    assert len(ids) == len(set(ids)) == len(keys)
    done = rows(session)
    assert {r.status for r in done} == {"sent"}
    assert {r.claimed_by for r in done} <= {"one", "two"}
    assert sorted(ids) == sorted(r.message_id for r in done)
