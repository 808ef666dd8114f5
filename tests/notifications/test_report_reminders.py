"""The follow-up's reminders as they arrive at a real SMTP server on loopback: one before
the due date, one after it, in Vietnamese, to the address the request went to; every key
the templates use is in the context the command wrote (rendered strictly)."""

from datetime import date

from sqlmodel import col, select

from models.clock import at_local
from models.commands.follow_up_reminders import remind_period
from models.tables import OutboxMessage
from notifications.delivery import deliver_ready
from notifications.render import render
from tests.don_doc_kit import DAYS_OFF, follow_up_case, submit


async def test_reminder_then_overdue_notice_reach_the_unit(engine, session, mail_settings, sink):
    case = follow_up_case(session)
    for name in ("Đảng ủy xã Bù", "Đảng ủy xã Long", "Đảng ủy xã Phước", "Chi bộ"):
        submit(session, case.report(name), at_local(date(2024, 4, 10)))
    case.report("Đảng ủy xã Phú").sent_to = "vanthu.phurieng@phurieng.test"  # as requested
    session.commit()
    for day in (date(2024, 4, 26), date(2024, 5, 3)):
        remind_period(session, case.period, now=at_local(day), days_off=DAYS_OFF)
    rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    assert [r.template for r in rows] == ["report_reminder", "report_overdue"]
    for row in rows:
        render(row.template, row.context, base_url="http://duthao.test", strict=True)
    session.rollback()

    sent = await deliver_ready(engine, mail_settings, now=at_local(date(2024, 5, 3), 9), worker="t")
    assert (sent.sent, sent.failed) == (2, 0)
    before, after = sink.messages
    assert [m.rcpt_tos for m in sink.messages] == [["vanthu.phurieng@phurieng.test"]] * 2
    assert before.subject == (
        "Nhắc hạn báo cáo Quý I năm 2024 thực hiện Chỉ thị số 07-CT/HU (hạn 02/5/2024)"
    )
    assert after.subject == "Đã quá hạn báo cáo Quý I năm 2024 thực hiện Chỉ thị số 07-CT/HU"
    text = before.part("plain")
    assert "Kính gửi: Đảng ủy xã Phú Riềng" in text
    assert "hạn gửi báo cáo Quý I năm 2024 về Ban Dân vận Huyện ủy là ngày 02/5/2024" in text
    assert "(còn 6 ngày)" in text  # 26/4 to 2/5
    assert "Đến nay đã quá hạn 1 ngày" in after.part("plain")
    for m in sink.messages:
        assert "{{" not in m.part("plain") + m.part("html") and "None" not in m.part("plain")
