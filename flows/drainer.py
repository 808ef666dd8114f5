"""The drainer: claims stored events (models/event_log.py), starts the reactions each calls
for (flows/reactions.py), records each reaction run once and marks the event reacted.

Claims work as the outbox's do, through the same models/claims.claim_ids; a claim older
than `stale` is a dead drainer's and is taken over. A reaction that failed is retried at
the next drain (attempts, last_error); a DomainError would refuse again, so its event stops
being retried at once.

How a reaction starts is the runner's business: in this process (embedded, the CLI, the
demo, tests) or as a Prefect deployment run with the reaction's idempotency key
(distributed), so a reaction started twice by two drainers runs once.
"""

import asyncio
import logging
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from flows.reactions import Reaction, reactions_for
from flows.registry import FLOWS
from models.claims import claim_ids
from models.clock import utcnow
from models.db import session_scope, table_of
from models.errors import DomainError
from models.event_log import event_of
from models.events import Event
from models.ids import id_of
from models.tables import ReactionRun, StoredEvent

log = logging.getLogger("duthao.drainer")
T = table_of(StoredEvent)
MAX_ATTEMPTS = 5
STALE = timedelta(minutes=5)

Runner = Callable[[Reaction], Awaitable[None]]


async def run_in_process(reaction: Reaction) -> None:
    await FLOWS[reaction.flow](**reaction.params)


async def run_as_deployment(reaction: Reaction) -> None:
    """Distributed: a worker runs it; the key makes a second start of it a no-op."""
    from prefect.deployments import arun_deployment

    name = reaction.flow
    await arun_deployment(
        f"{name}/{name}", parameters=reaction.params, idempotency_key=reaction.key, timeout=0
    )


def runner_for(topology: str) -> Runner:
    return run_as_deployment if topology == "distributed" else run_in_process


def _pending(now: datetime, stale: timedelta) -> ColumnElement[bool]:
    return and_(
        T.c.reacted_at.is_(None),
        T.c.attempts < MAX_ATTEMPTS,
        or_(T.c.claimed_by == "", T.c.claimed_at < now - stale),
    )


def claim(
    session: Session, *, now: datetime, worker: str, limit: int, stale: timedelta, skip: set[int]
) -> list[tuple[int, Event]]:
    """Claim up to `limit` pending events for `worker` (not those in `skip`), commit, and
    return them oldest first."""
    due = _pending(now, stale)
    ids = claim_ids(
        session, T, due=due, values={"claimed_at": now}, worker=worker, limit=limit, skip=skip
    )
    if not ids:
        return []
    rows = session.execute(
        select(StoredEvent).where(T.c.id.in_(ids), T.c.claimed_by == worker).order_by(T.c.id)
    ).scalars()
    return [(id_of(row), event_of(row)) for row in rows]


def pending_count(engine: Engine) -> int:
    with session_scope(engine, read_only=True) as s:
        return len(s.execute(select(T.c.id).where(_pending(utcnow(), STALE))).all())


class Drainer:
    """Drains the events table with one runner; safe to run in several processes at once."""

    def __init__(
        self,
        engine: Engine,
        runner: Runner,
        *,
        worker: str | None = None,
        batch: int = 20,
        stale: timedelta = STALE,
    ) -> None:
        self.engine, self.runner, self.batch, self.stale = engine, runner, batch, stale
        self.worker = worker or f"react-{socket.gethostname()}-{uuid.uuid4().hex[:8]}"

    def _claim(self, skip: set[int]) -> list[tuple[int, Event]]:
        with session_scope(self.engine) as s:
            return claim(
                s, now=utcnow(), worker=self.worker, limit=self.batch, stale=self.stale, skip=skip
            )

    def _done(self, event_id: int) -> set[str]:
        with session_scope(self.engine, read_only=True) as s:
            rows = s.execute(
                select(col(ReactionRun.flow)).where(col(ReactionRun.event_id) == event_id)
            )
            return {r[0] for r in rows.all()}

    def _ran(self, event_id: int, reaction: Reaction) -> None:
        try:
            with session_scope(self.engine) as s:
                s.add(
                    ReactionRun(
                        event_id=event_id,
                        flow=reaction.flow,
                        key=reaction.key,
                        ran_at=utcnow(),
                        by=self.worker,
                    )
                )
                s.commit()
        except IntegrityError:  # a drainer that took over our claim recorded it first
            pass

    def _finish(self, event_id: int, error: BaseException | None) -> None:
        with session_scope(self.engine) as s:
            row = s.get(StoredEvent, event_id)
            if row is None:
                return
            if error is None:
                row.reacted_at = utcnow()
            else:
                row.attempts = MAX_ATTEMPTS if isinstance(error, DomainError) else row.attempts + 1
                row.last_error = f"{type(error).__name__}: {error}"[:2000]
            row.claimed_by, row.claimed_at = "", None
            s.add(row)
            s.commit()

    async def react(self, event_id: int, event: Event) -> BaseException | None:
        """Every reaction of one claimed event not yet recorded, in order; the first
        failure stops the event (its other reactions run at the retry)."""
        done = await asyncio.to_thread(self._done, event_id)
        error: BaseException | None = None
        for reaction in reactions_for(event_id, event):
            if reaction.flow in done:
                continue
            try:
                await self.runner(reaction)
            except Exception as exc:  # recorded on the event and retried; never kills a loop
                log.exception("reaction %s to event #%s failed", reaction.flow, event_id)
                error = exc
                break
            await asyncio.to_thread(self._ran, event_id, reaction)
        await asyncio.to_thread(self._finish, event_id, error)
        return error

    async def drain(self) -> int:
        """React to everything pending until nothing is left; an event that fails is left
        for a later drain. Returns how many events were reacted to."""
        tried: set[int] = set()
        reacted = 0
        while True:
            claimed = await asyncio.to_thread(self._claim, tried)
            if not claimed:
                return reacted
            for event_id, event in claimed:
                tried.add(event_id)
                if await self.react(event_id, event) is None:
                    reacted += 1


class Reactor:
    """The embedded drainer: an asyncio task in the app that drains when woken (after a
    request that recorded events, see web/deps.py) and every `poll_seconds` (events from the
    CLI, another process, or one that died before draining)."""

    def __init__(self, drainer: Drainer, *, poll_seconds: float = 5.0) -> None:
        self.drainer, self.poll_seconds = drainer, poll_seconds
        self._wakeup: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._lock: asyncio.Lock | None = None

    def wake(self) -> None:
        """Called on the app's loop; a no-op while the loop task is not running (tests
        that drain by hand)."""
        if self._wakeup is not None:
            self._wakeup.set()

    async def drain(self) -> int:
        """Drain now; on the app's loop, after any drain the task has under way, so a
        caller (a test, shutdown) sees every reaction of what was recorded before."""
        if self._lock is None:
            return await self.drainer.drain()
        async with self._lock:
            return await self.drainer.drain()

    async def _loop(self) -> None:
        assert self._wakeup is not None
        while True:
            try:
                await self.drain()
            except Exception:  # the database away for a moment: try again at the next tick
                log.exception("drain failed")
            try:
                await asyncio.wait_for(self._wakeup.wait(), self.poll_seconds)
            except TimeoutError:
                pass
            self._wakeup.clear()

    def start(self) -> None:
        """At start-up: the first drain takes what a dead process left pending."""
        self._wakeup, self._lock = asyncio.Event(), asyncio.Lock()
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._task, self._wakeup, self._lock = None, None, None
        await self.drain()  # what the last requests recorded, before the process ends
