"""The conference closes with its minutes in one command; closing twice changes nothing."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from models.commands.conference import conference_close
from models.commands.rounds import ConferencePlan, round_open
from models.commands.sweep import sweep_round
from models.errors import DomainError
from models.ids import id_of
from models.tables import AuditEvent, Conference, Directive, Round
from tests.conftest import T0
from tests.factories import directive_with_draft, world


def test_close_with_minutes_once(session, links):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    plan = ConferencePlan(held_at=datetime(2023, 8, 4, 1, 0, tzinfo=UTC), place="Hội trường")
    rnd = round_open(
        session,
        directive_id=did,
        kind="conference",
        unit_ids=[id_of(w.units[0])],
        by="canbo",
        now=T0,
        links=links,
        conference=plan,
    ).round
    at = T0 + timedelta(days=31)
    with pytest.raises(DomainError, match="Số đại biểu"):
        conference_close(session, round_id=id_of(rnd), attendees=-5, by="canbo", now=at)
    session.rollback()
    assert session.get(Round, rnd.id).status == "open"  # nothing half-written

    conference_close(
        session,
        round_id=id_of(rnd),
        attendees=62,
        conclusion="Thống nhất tiếp thu.",
        by="canbo",
        now=at,
    )
    _, events = conference_close(
        session, round_id=id_of(rnd), attendees=1, by="flow", now=at, idempotent=True
    )
    assert events == []
    session.expire_all()
    conf = session.exec(select(Conference)).one()
    assert (conf.attendees, conf.conclusion) == (62, "Thống nhất tiếp thu.")
    assert session.get(Directive, did).stage == "drafting"
    closes = session.exec(select(AuditEvent).where(AuditEvent.action == "round.close")).all()
    assert len(closes) == 1


def test_a_conference_never_takes_a_reply_deadline(session, links):
    """The API accepts `deadline` with any kind: a conference given one must not become a
    round the sweep reminds about, marks overdue and closes before it is held."""
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    plan = ConferencePlan(held_at=T0 + timedelta(days=10), place="Hội trường")
    rnd = round_open(
        session,
        directive_id=did,
        kind="conference",
        unit_ids=[id_of(w.units[0])],
        by="canbo",
        now=T0,
        links=links,
        deadline=(T0 + timedelta(days=2)).date(),
        conference=plan,
    ).round
    assert rnd.deadline is None
    assert sweep_round(session, rnd, now=T0 + timedelta(days=5)).closed == []
    session.expire_all()
    assert session.get(Round, rnd.id).status == "open"


def test_a_giay_moi_takes_a_gm_number_and_refuses_a_cong_vans(session, links):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    plan = ConferencePlan(held_at=datetime(2023, 8, 4, 1, 0, tzinfo=UTC), place="Phòng họp")
    opening: dict[str, Any] = {"directive_id": did, "kind": "conference"}
    opening["unit_ids"] = [id_of(w.units[0])]
    with pytest.raises(DomainError, match="không phải số giấy mời"):
        round_open(
            session,
            **opening,
            letter_number="491-CV/BDVTU",
            by="canbo",
            now=T0,
            links=links,
            conference=plan,
        )
    session.rollback()
    assert session.exec(select(Round)).all() == []  # nothing taken, the number still free
    rnd = round_open(
        session,
        **opening,
        letter_number="07-GM/BDVTU",
        by="canbo",
        now=T0,
        links=links,
        conference=plan,
    ).round
    assert rnd.letter_number == "07-GM/BDVTU"
