"""A directive from assignment to issuance through the commands, on both databases."""

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from models.commands.answers import answer_no_comments, answer_submit, comment_save
from models.commands.directives import directive_finalise, directive_issue, directive_submit
from models.commands.dispositions import disposition_set
from models.commands.drafts import draft_add, draft_set_final
from models.commands.rounds import round_close, round_open
from models.errors import DomainError
from models.ids import id_of
from models.tables import AuditEvent, Comment, Directive, Invitation, OutboxMessage, Section
from notifications.links import link_for
from tests.conftest import T0
from tests.factories import directive_with_draft, sign_22, world


def test_written_round_to_issuance(session, links):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units],
        letter_number="490-CV/BDVTU",
        letter_date=date(2023, 7, 12),
        by="canbo",
        now=T0 + timedelta(days=8),
        links=links,
    )
    assert opened.round.letter_number == "490-CV/BDVTU"
    assert opened.round.deadline == date(2023, 7, 27)
    invites = session.exec(
        select(OutboxMessage).where(OutboxMessage.template == "invitation")
    ).all()
    assert sorted(m.to_email for m in invites) == sorted(u.email for u in w.units)
    assert not any("link" in m.context for m in invites)  # built at send time, never stored
    by_unit = {m.to_email: link_for(session, m, links) for m in invites}
    for unit in w.units:
        inv = session.exec(select(Invitation).where(Invitation.unit_id == unit.id)).one()
        assert by_unit[unit.email] == links.invitation_url(inv.token_nonce)
        assert by_unit[unit.email].endswith(opened.tokens[id_of(unit)])

    tok = opened.tokens[id_of(w.units[0])]
    section = session.exec(select(Section).where(Section.key == "II.1")).one()
    comment_save(
        session,
        raw_token=tok,
        position="agree_with_comments",
        text="Đề nghị bổ sung vai trò của Mặt trận.",
        section_id=section.id,
        now=T0 + timedelta(days=9),
    )
    answer_submit(session, raw_token=tok, reply_number="125-CV/BTGTU", now=T0 + timedelta(days=9))
    answer_no_comments(
        session, raw_token=opened.tokens[id_of(w.units[1])], now=T0 + timedelta(days=10)
    )

    with pytest.raises(DomainError, match="không có nội dung mới"):
        answer_submit(session, raw_token=tok, now=T0 + timedelta(days=10))

    round_close(session, round_id=id_of(opened.round), by="canbo", now=T0 + timedelta(days=25))
    statuses = sorted(session.exec(select(Invitation.status)).all())
    assert statuses == ["answered", "answered", "overdue", "overdue", "overdue"]

    draft_add(
        session,
        directive_id=did,
        text="I. TÌNH HÌNH\nNội dung đã chỉnh.",
        by="canbo",
        now=T0 + timedelta(days=26),
    )
    directive_finalise(session, directive_id=did, by="canbo", now=T0 + timedelta(days=27))
    directive = session.get(Directive, did)
    with pytest.raises(DomainError, match="Chưa chọn bản dự thảo hoàn chỉnh"):
        directive_submit(session, directive_id=did, by="canbo", now=T0 + timedelta(days=28))
    version2 = 2
    from models.tables import DraftVersion

    v2 = session.exec(select(DraftVersion).where(DraftVersion.number == version2)).one()
    draft_set_final(
        session, directive_id=did, version_id=v2.id, by="canbo", now=T0 + timedelta(days=28)
    )
    with pytest.raises(DomainError, match="chưa có hướng tiếp thu"):
        directive_submit(session, directive_id=did, by="canbo", now=T0 + timedelta(days=28))
    comment = session.exec(select(Comment)).one()
    disposition_set(
        session,
        comment_id=comment.id,
        decision="accept",
        response="Tiếp thu, bổ sung vào dự thảo",
        taken_in_version_id=v2.id,
        by="canbo",
        now=T0 + timedelta(days=28),
    )
    directive_submit(session, directive_id=did, by="canbo", now=T0 + timedelta(days=29))
    sign_22(session, w, did, T0 + timedelta(days=100))
    directive_issue(session, directive_id=did, by="vanthu", now=T0 + timedelta(days=100))
    session.refresh(directive)
    assert (directive.stage, directive.number) == ("issued", "22-CT/TU")
    issued = session.exec(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.template == "issuance")
    ).one()
    assert issued == len(w.units) + 1  # every recipient and the drafting officer
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.directive_id == did)).all()
    assert "stage.sign" in actions and "stage.issue" in actions and "answer.submit" in actions
