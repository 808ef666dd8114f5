"""Preparing a review round: the đề cương (default outline, editable) and the Kế hoạch
numbered from the drafting body's register; refused at the field, and once the units are
asked."""

from datetime import timedelta

import pytest
from sqlmodel import select

from models.commands.reviews import review_prepare
from models.errors import Conflict, Invalid
from models.follow_up.review import DEFAULT_OUTLINE_TITLES
from models.ids import id_of
from models.statuses import PeriodStatus
from models.tables import RegisterEntry, ReportPeriod
from models.tokens import Links
from tests.review_kit import NOW, office

LINKS = Links(base_url="http://duthao.test", secret="test-secret")


def _prepare(session, o, **kw):
    args = {"outline": list(DEFAULT_OUTLINE_TITLES), "open_now": False, "by": "dung", "now": NOW}
    return review_prepare(
        session, o.directive_id, id_of(o.periods["so-ket"]), links=LINKS, **{**args, **kw}
    )


def test_default_outline_and_next_plan_number(session):
    o = office(session)
    done = _prepare(session, o)
    assert [s["title"] for s in done.period.outline] == list(DEFAULT_OUTLINE_TITLES)
    assert [s["key"] for s in done.period.outline] == ["1", "2", "3", "4", "5", "6"]
    assert done.period.plan_number == "01-KH/BDVTU"
    assert done.period.plan_date == NOW.date()
    entry = session.exec(select(RegisterEntry)).one()
    assert (entry.issuer_id, entry.kind) == (id_of(o.drafting), "KH")
    # Edited again before opening: the outline changes, the plan keeps its number.
    again = _prepare(session, o, outline=["Kết quả", "  Tồn tại,   hạn chế "])
    assert [s["title"] for s in again.period.outline] == ["Kết quả", "Tồn tại, hạn chế"]
    assert again.period.plan_number == "01-KH/BDVTU"
    assert len(session.exec(select(RegisterEntry)).all()) == 1


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"outline": []}, "outline"),
        ({"outline": ["Kết quả", "kết quả"]}, "outline"),
        ({"outline": ["x" * 301]}, "outline"),
        ({"plan_number": "12-BC/BDVTU"}, "plan_number"),
        ({"plan_number": "12-KH/TU"}, "plan_number"),
        ({"plan_date": NOW.date() + timedelta(days=2)}, "plan_date"),
    ],
)
def test_bad_input_refused_at_the_field(session, kw, field):
    o = office(session)
    with pytest.raises(Invalid) as exc:
        _prepare(session, o, **kw)
    assert exc.value.field == field
    session.rollback()
    period = session.get(ReportPeriod, id_of(o.periods["so-ket"]))
    session.refresh(period)
    assert period.outline == [] and period.plan_number == ""
    assert session.exec(select(RegisterEntry)).all() == []


def test_typed_plan_number_and_no_change_once_open(session):
    o = office(session)
    done = _prepare(session, o, plan_number="15-KH/BDVTU")
    assert done.period.plan_number == "15-KH/BDVTU"
    p = done.period
    p.status = PeriodStatus.OPEN
    session.add(p)
    session.commit()
    with pytest.raises(Conflict) as exc:
        _prepare(session, o, outline=["Khác"])
    assert exc.value.field == "outline"


def test_prepared_then_opened_through_core(session, links):
    """The units are asked by core's open_period: a report and a mail each, the plan's
    number in the mail; each unit's form follows the round's outline."""
    from models.commands.unit_reports import report_access
    from models.tables import OutboxMessage, UnitReport

    o = office(session)
    done = review_prepare(
        session,
        o.directive_id,
        id_of(o.periods["so-ket"]),
        outline=["Kết quả đạt được", "Kiến nghị, đề xuất"],
        by="dung",
        now=NOW,
        links=links,
    )
    assert [e.type for e in done.events] == ["period.opened"]
    session.expire_all()
    period = session.get(ReportPeriod, id_of(o.periods["so-ket"]))
    assert period.status == PeriodStatus.OPEN and period.plan_number == "01-KH/BDVTU"
    reports = session.exec(select(UnitReport).where(UnitReport.period_id == period.id)).all()
    assert sorted(r.unit_id for r in reports) == sorted(id_of(u) for u in o.units)
    mails = session.exec(
        select(OutboxMessage).where(OutboxMessage.template == "report_request")
    ).all()
    assert len(mails) == 3 and {m.context["plan_number"] for m in mails} == {"01-KH/BDVTU"}
    # A unit's link (the raw token is only in the mail: rebuild it from the nonce).
    raw = links.report_token(reports[0].token_nonce)
    acc = report_access(session, raw, now=NOW)
    assert [s["title"] for s in acc.sections] == ["Kết quả đạt được", "Kiến nghị, đề xuất"]
    with pytest.raises(Conflict):
        _prepare(session, o)
