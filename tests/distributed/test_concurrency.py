"""Several web workers hit the same rows at the same instant: the database keeps it straight.

Each thread has its own session (as each uvicorn worker has its own connection); a barrier
releases them together. Run on PostgreSQL (row locks, optimistic lock_version) and SQLite
(BEGIN IMMEDIATE) through the `engine` fixture.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from models.commands.answers import answer_no_comments, answer_submit, comment_save
from models.commands.directives import directive_finalise, directive_issue, directive_submit
from models.commands.drafts import draft_add, draft_set_final
from models.commands.rounds import round_close, round_open
from models.commands.units import unit_create
from models.errors import DomainError
from models.ids import id_of
from models.tables import AuditEvent, Comment, Directive, DraftVersion, Invitation, OutboxMessage
from models.tables import Round as RoundRow
from tests.conftest import T0
from tests.factories import directive_with_draft, sign_22, world

DAY = timedelta(days=1)


def race(session: Session, n: int, action: Callable[[Session, int], Any]) -> list[Any]:
    """Run `action(session, i)` in n threads released together; results or exceptions.

    The test's own session ends its transaction first: on SQLite it would hold the lock."""
    session.commit()
    engine = session.get_bind()
    barrier = threading.Barrier(n, timeout=30)

    def one(i: int) -> Any:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                return action(session, i)
            except DomainError as exc:
                session.rollback()
                return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def count(session: Session, model: type, *where: Any) -> int:
    """Counted in a session of its own, so the test's session holds no lock afterwards."""
    with Session(session.get_bind()) as fresh:
        return fresh.exec(select(func.count()).select_from(model).where(*where)).one()


def reread(session: Session, model: type, ident: int) -> Any:
    with Session(session.get_bind(), expire_on_commit=False) as fresh:
        return fresh.get(model, ident)


def open_round(session: Session, links, units: list[int], did: int) -> Any:
    return round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=units,
        letter_number="490-CV/BDVTU",
        letter_date=date(2023, 7, 12),
        by="canbo",
        now=T0 + 8 * DAY,
        links=links,
    )


def signed_directive(session: Session, links) -> int:
    """A directive through one round with no comments, finalised, submitted and signed."""
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    opened = open_round(session, links, [id_of(u) for u in w.units[:2]], did)
    for unit in w.units[:2]:
        answer_no_comments(session, raw_token=opened.tokens[unit.id], now=T0 + 9 * DAY)
    round_close(session, round_id=opened.round.id, by="canbo", now=T0 + 25 * DAY)
    v2, _ = draft_add(session, directive_id=did, text="I. NỘI DUNG\nBản hoàn chỉnh.", by="canbo",
                      now=T0 + 26 * DAY)  # fmt: skip
    directive_finalise(session, directive_id=did, by="canbo", now=T0 + 27 * DAY)
    draft_set_final(session, directive_id=did, version_id=id_of(v2), by="canbo", now=T0 + 27 * DAY)
    directive_submit(session, directive_id=did, by="canbo", now=T0 + 28 * DAY)
    sign_22(session, w, did, T0 + 100 * DAY)
    return did


@pytest.mark.parametrize("idempotent", [False, True])
def test_two_officers_close_the_same_round_once(engine, session, links, idempotent):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    rid = open_round(session, links, [id_of(u) for u in w.units], did).round.id
    team = count(session, OutboxMessage, OutboxMessage.template == "round_closed")

    results = race(
        session,
        2,
        lambda s, i: round_close(
            s, round_id=rid, by=f"canbo{i}", now=T0 + 25 * DAY, idempotent=idempotent
        ),
    )

    closed_now = [r for r in results if isinstance(r, tuple) and r[1]]
    assert len(closed_now) == 1, results
    other = next(r for r in results if r is not closed_now[0])
    if idempotent:
        assert other[1] == []  # the flow's retry: done already, nothing more
    else:
        assert isinstance(other, DomainError) and "đã kết thúc" in other.message
    assert count(session, AuditEvent, AuditEvent.action == "round.close") == 1
    assert count(session, AuditEvent, AuditEvent.action == "stage.close_round") == 1
    sent = count(session, OutboxMessage, OutboxMessage.template == "round_closed")
    assert sent - team == 1  # the one officer of the drafting team, told once
    assert count(session, Invitation, Invitation.status == "overdue") == len(w.units)


def test_two_officers_finalise_at_once(engine, session, links):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    rid = open_round(session, links, [id_of(w.units[0])], did).round.id
    round_close(session, round_id=rid, by="canbo", now=T0 + 25 * DAY)

    results = race(
        session, 2, lambda s, i: directive_finalise(s, directive_id=did, by=f"cb{i}", now=T0)
    )

    assert sum(isinstance(r, tuple) for r in results) == 1, results
    refused = next(r for r in results if isinstance(r, DomainError))
    assert refused.message  # a Vietnamese reason, not a crash
    assert count(session, AuditEvent, AuditEvent.action == "stage.finalise") == 1
    assert reread(session, Directive, did).stage == "finalising"
    versions = count(session, DraftVersion, DraftVersion.directive_id == did)
    assert versions == 1


@pytest.mark.parametrize("idempotent", [False, True])
def test_two_clerks_issue_once(engine, session, links, idempotent):
    did = signed_directive(session, links)
    before = count(session, OutboxMessage, OutboxMessage.template == "issuance")

    results = race(
        session,
        2,
        lambda s, i: directive_issue(
            s, directive_id=did, by=f"vanthu{i}", now=T0 + 101 * DAY, idempotent=idempotent
        ),
    )

    done = [r for r in results if not isinstance(r, DomainError)]
    assert len(done) == (2 if idempotent else 1), results
    assert count(session, AuditEvent, AuditEvent.action == "stage.issue") == 1
    issued = count(session, OutboxMessage, OutboxMessage.template == "issuance")
    assert before == 0 and issued == 5 + 1  # every recipient and the drafting officer, once


def test_fifty_units_submit_at_once(engine, session, links):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    units = [
        unit_create(
            session,
            name=f"Đảng ủy xã số {i}",
            category="xa",
            email=f"xa{i}@binhphuoc.test",
            by="test",
            now=T0,
        )
        for i in range(50)
    ]
    opened = open_round(session, links, [id_of(u) for u in units], did)
    tokens = [opened.tokens[u.id] for u in units]

    def submit(s: Session, i: int) -> int:
        when = T0 + 9 * DAY
        comment_save(
            s,
            raw_token=tokens[i],
            position="agree_with_comments",
            text=f"Ý kiến số {i}: bổ sung nhiệm vụ của cấp xã.",
            now=when,
        )
        answer_submit(s, raw_token=tokens[i], reply_number=f"{i + 1}-CV/ĐU", now=when)
        return i

    results = race(session, 50, submit)

    assert results == list(range(50)), [r for r in results if isinstance(r, Exception)]
    rid = opened.round.id
    assert count(session, Comment, Comment.round_id == rid, Comment.draft == False) == 50  # noqa: E712
    with Session(session.get_bind()) as fresh:
        texts = set(fresh.exec(select(Comment.text).where(Comment.round_id == rid)).all())
    assert texts == {f"Ý kiến số {i}: bổ sung nhiệm vụ của cấp xã." for i in range(50)}
    answered = count(
        session, Invitation, Invitation.round_id == rid, Invitation.status == "answered"
    )
    assert answered == 50
    assert count(session, AuditEvent, AuditEvent.action == "answer.submit") == 50
    assert reread(session, RoundRow, rid).status == "open"
