"""The number register: next number, per term, by hand, and 50 requests at once."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlmodel import Session, func, select

from models.commands.register import register_manual, register_next
from models.errors import Conflict, Invalid, NotFound
from models.ids import id_of
from models.numbers import parse_number
from models.queries.register import term_for
from models.tables import AuditEvent, RegisterCounter, RegisterEntry, Term
from tests.conftest import T0
from tests.factories import world

JULY = date(2023, 7, 12)


def _next(session, w, kind="CV", on=JULY):
    return register_next(
        session,
        issuer_id=w.drafting.id,
        kind=kind,
        doc_date=on,
        abstract="V/v góp ý",
        by="vanthu",
        now=T0,
    )


def test_next_numbers_follow_each_other_per_kind(session):
    w = world(session, T0)
    first, second = _next(session, w), _next(session, w)
    report = _next(session, w, kind="BC")
    session.commit()
    assert [first.number, second.number, report.number] == [
        "01-CV/BDVTU",
        "02-CV/BDVTU",
        "01-BC/BDVTU",
    ]
    assert parse_number(second.number).seq == first.seq + 1


def test_numbers_restart_each_term(session):
    w = world(session, T0)
    session.add(Term(name="2025 - 2030", starts_on=date(2025, 10, 1), ends_on=date(2030, 9, 30)))
    session.commit()
    old = [_next(session, w).number for _ in range(3)]
    new = _next(session, w, on=date(2025, 10, 20))
    session.commit()
    assert old[-1] == "03-CV/BDVTU"
    assert new.number == "01-CV/BDVTU"
    assert new.term_id != term_for(session, JULY).id


def test_a_date_outside_every_term_is_refused(session):
    w = world(session, T0)
    with pytest.raises(NotFound, match="Chưa khai báo nhiệm kỳ nào chứa ngày 01/01/2019"):
        _next(session, w, on=date(2019, 1, 1))


def test_unknown_kind_is_refused(session):
    w = world(session, T0)
    with pytest.raises(Invalid, match="Loại văn bản “XYZ” không có"):
        _next(session, w, kind="XYZ")


def test_manual_number_is_kept_and_the_counter_moves_past_it(session):
    w = world(session, T0)
    entry = register_manual(
        session,
        issuer_id=id_of(w.drafting),
        number="Số 490 - CV/BDVTU",
        doc_date=JULY,
        abstract="V/v góp ý dự thảo Chỉ thị",
        by="vanthu",
        now=T0,
    )
    after = _next(session, w)
    session.commit()
    assert (entry.number, entry.manual) == ("490-CV/BDVTU", True)
    assert after.number == "491-CV/BDVTU"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("490-CV/BDVTU", "Số 490-CV/BDVTU đã dùng cho: Công văn"),
        ("12-CV/HU", "không thuộc cơ quan Ban Dân vận Tỉnh ủy"),
        ("CV 490", "không đúng dạng"),
    ],
)
def test_bad_manual_number_is_refused_and_nothing_is_written(engine, number, message):
    with Session(engine, expire_on_commit=False) as session:
        w = world(session, T0)
        register_manual(
            session,
            issuer_id=id_of(w.drafting),
            number="490-CV/BDVTU",
            doc_date=JULY,
            abstract="V/v góp ý dự thảo Chỉ thị",
            by="vanthu",
            now=T0,
        )
        session.commit()
        entries = session.exec(select(func.count()).select_from(RegisterEntry)).one()
        audits = session.exec(select(func.count()).select_from(AuditEvent)).one()
        with pytest.raises((Conflict, Invalid), match=message):
            register_manual(
                session,
                issuer_id=id_of(w.drafting),
                number=number,
                doc_date=JULY,
                abstract="khác",
                by="vanthu",
                now=T0,
            )
        session.rollback()
    with Session(engine) as fresh:
        assert fresh.exec(select(func.count()).select_from(RegisterEntry)).one() == entries
        assert fresh.exec(select(func.count()).select_from(AuditEvent)).one() == audits
        assert fresh.exec(select(RegisterCounter.last_seq)).one() == 490


def test_fifty_concurrent_requests_get_fifty_numbers_without_gap(engine):
    with Session(engine, expire_on_commit=False) as session:
        w = world(session, T0)
        drafting_id = id_of(w.drafting)

    def one(_: int) -> str:
        with Session(engine) as s:
            entry = register_next(
                s, issuer_id=drafting_id, kind="CV", doc_date=JULY, by="vanthu", now=T0
            )
            number = entry.number
            s.commit()
            return number

    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            numbers = list(pool.map(one, range(50)))
    finally:
        # Give the 50 connections back to the server: PostgreSQL's 100 are shared by both
        # test workers, and the pool would otherwise keep them idle for the session.
        engine.dispose()
    seqs = sorted(parse_number(n).seq for n in numbers)
    assert seqs == list(range(1, 51))
    with Session(engine) as s:
        stored = s.exec(select(RegisterEntry.number)).all()
        assert sorted(stored) == sorted(numbers)
        assert s.exec(select(RegisterCounter.last_seq)).one() == 50
