"""A period's report requests over real SMTP (aiosmtpd): each unit gets its own /r/ link,
built at send time; a revoked report's mail is never sent with a stale link."""

from datetime import date

from sqlmodel import col, select

from models.commands.follow_up import open_period, plan_save
from models.ids import id_of
from models.queries.follow_up import period_reports, periods_of, report_by_token
from models.tables import OutboxMessage
from notifications.delivery import deliver_ready
from notifications.render import render
from tests.follow_up_kit import SAVED_AT, at, issued_directive, office, plan_in


async def test_report_requests_carry_each_units_own_link(
    engine, session, links, mail_settings, sink
):
    o = office(session)
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    q1 = next(p for p in periods_of(session, did) if p.key == "2024-quy-1")
    open_period(session, id_of(q1), now=at(date(2024, 3, 7)), links=links)
    reports = {r.id: (r, u) for r, u in period_reports(session, id_of(q1))}
    revoked, _ = next(iter(reports.values()))
    revoked.revoked_at = at(date(2024, 3, 7), 9)
    session.add(revoked)
    session.commit()
    rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    for row in rows:  # every key the template uses is in the context the command wrote
        render(row.template, row.context, base_url=mail_settings.base_url, strict=True, link="x")
    session.rollback()

    report = await deliver_ready(engine, mail_settings, now=at(date(2024, 3, 7), 10), worker="t")
    assert (report.sent, report.failed) == (len(reports) - 1, 1)
    got = {m.rcpt_tos[0]: m for m in sink.messages}
    assert len(got) == len(reports) - 1
    for rid, (_, unit) in reports.items():
        if rid == revoked.id:
            assert unit.email not in got
            continue
        m = got[unit.email]
        assert m.subject == "Đề nghị báo cáo Quý I năm 2024 thực hiện Chỉ thị số 05-CT/TU"
        text, html = m.part("plain"), m.part("html")
        assert f"Kính gửi: {unit.name}" in text
        assert "Số liệu tính từ ngày 15/12/2023 đến ngày 14/3/2024." in text
        assert "Hạn gửi báo cáo: 21/3/2024." in text
        assert "- Số buổi đối thoại với Nhân dân (buổi)" in text
        link = next(line for line in text.splitlines() if "/r/" in line).strip()
        assert link.startswith("http://duthao.test/r/") and f'href="{link}"' in html
        found = report_by_token(session, link.rsplit("/", 1)[1])
        assert found is not None and found.id == rid
    failed = session.exec(select(OutboxMessage).where(OutboxMessage.status == "failed")).one()
    assert failed.context["report_id"] == revoked.id
    assert f"Không còn báo cáo #{revoked.id}" in failed.last_error
