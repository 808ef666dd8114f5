"""A reorganisation while a follow-up period is open (issue 12, item 7): refused until
confirmed, the open period keeps its reports under the old names, the next period asks the
successor once."""

from datetime import date

import pytest
from sqlmodel import select

from models.commands.follow_up import open_period, plan_save
from models.commands.reorganise import NewUnit, reorganise
from models.errors import Conflict, Invalid, NotFound
from models.ids import id_of
from models.policy import Role
from models.queries.follow_up import period_reports, periods_of
from models.tables import AuditEvent, Unit, User
from tests.follow_up_kit import SAVED_AT, at, issued_directive, office, plan_in

ON = date(2024, 5, 1)


def _officer(session, unit_id: int | None, name: str = "canbo") -> User:
    user = User(username=name, role=Role.OFFICER, unit_id=unit_id, created_at=SAVED_AT)
    session.add(user)
    session.commit()
    return user


def test_reorganising_during_an_open_period(session, links):
    o = office(session)
    did = issued_directive(session, o)
    plan_save(session, did, plan_in(o), by="canbo", now=SAVED_AT)
    q1 = next(p for p in periods_of(session, did) if p.key == "2024-quy-1")
    open_period(session, id_of(q1), now=at(date(2024, 3, 7)), links=links)
    # The districts belong to the drafting body: its officer reorganises them.
    for u in o.units[:2]:
        u.owner_id = o.drafting.id
        session.add(u)
    session.commit()
    canbo = _officer(session, o.drafting.id)
    ductrong, lamha = (id_of(u) for u in o.units[:2])
    heir = NewUnit(name="Đảng ủy khu vực Đức Trọng – Lâm Hà", email="dukv@lamdong.test")
    now = at(date(2024, 4, 20))

    with pytest.raises(Conflict) as caught:
        reorganise(session, [ductrong, lamha], successor=heir, on=ON, by=canbo, now=now)
    assert caught.value.field == "confirm_open"
    assert "Còn 2 liên kết đang mở" in caught.value.message
    assert "Huyện ủy Đức Trọng: báo cáo Quý I năm 2024" in caught.value.message
    session.rollback()
    assert session.exec(select(Unit).where(Unit.name == heir.name)).first() is None

    # Another body's officer: its units answer as missing ones, before anything is written.
    other = _officer(session, id_of(o.units[3]), "khac")
    with pytest.raises(NotFound, match=f"Không tìm thấy đơn vị #{ductrong}."):
        reorganise(session, [ductrong], successor=heir, on=ON, by=other, now=now)
    session.rollback()
    # The successor may not be one of the units that cease.
    with pytest.raises(Invalid) as bad:
        reorganise(session, [ductrong, lamha], successor=lamha, on=ON, by=canbo, now=now)
    assert bad.value.field == "successor_id"
    session.rollback()

    done = reorganise(
        session, [ductrong, lamha], successor=heir, on=ON, by=canbo, now=now, confirm_open=True
    )
    assert done.created and len(done.open_links) == 2
    assert done.successor.valid_from == ON and done.successor.owner_id == o.drafting.id
    entry = session.exec(select(AuditEvent).where(AuditEvent.action == "unit.reorganise")).one()
    assert entry.after["abolished_ids"] == [ductrong, lamha] and entry.after["open_links_kept"] == 2

    # Quý I keeps its reports under the old names; 6 tháng (cut-off 14/6) asks the successor.
    assert [u.name for _, u in period_reports(session, id_of(q1))] == [
        "Huyện ủy Đức Trọng",
        "Huyện ủy Lâm Hà",
        "Thành ủy Đà Lạt",
        "Ban Tuyên giáo Tỉnh ủy Lâm Đồng",
    ]
    h1 = next(p for p in periods_of(session, did) if p.key == "2024-6-thang")
    open_period(session, id_of(h1), now=at(date(2024, 6, 7)), links=links)
    assert [u.name for _, u in period_reports(session, id_of(h1))] == [
        "Đảng ủy khu vực Đức Trọng – Lâm Hà",
        "Thành ủy Đà Lạt",
        "Ban Tuyên giáo Tỉnh ủy Lâm Đồng",
    ]
