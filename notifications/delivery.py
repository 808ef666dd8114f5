"""Delivering the outbox: claim a batch, send it over a few reused connections, record.

Only one batch is on the wire per deliverer, so a crash re-sends at most that batch (with
the same Message-IDs). While it runs, a deliverer renews its claims (a heartbeat every
mail_heartbeat_seconds), so rows a dead one left in 'sending' are claimed again once its last
heartbeat is mail_stale_seconds old, and a slow live one keeps its rows.

A unit's link is built here, from the claimed row's invitation (notifications/links.py).

The DB work runs in a thread (the DB layer is synchronous); messages are built on the event
loop one at a time, between the sends, so a long build never holds the sockets waiting.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from models.db import session_scope
from models.ids import id_of
from models.settings import Settings
from models.tables import OutboxMessage
from models.tokens import Links
from notifications.attachments import Attachment, AttachmentProvider
from notifications.claim import claim, renew
from notifications.links import invitation_of, links_for, report_of
from notifications.message import BadAddress, Outgoing, build_message, wire
from notifications.outcome import DEFERRED, FAILED, RETRY, SENT, Outcome, record
from notifications.render import render
from notifications.sender import CONNECTION, PERMANENT, TRANSIENT, Sender, SendError, SmtpSender

SenderFactory = Callable[[Settings], Sender]
log = logging.getLogger("duthao.delivery")


@dataclass
class DeliveryCounts:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0  # the server could not be reached; the rows stay ready
    notices: int = 0  # undeliverable notices queued for the drafting team
    batches: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, outcomes: list[Outcome]) -> None:
        for o in outcomes:
            if o.kind == SENT:
                self.sent += 1
            elif o.kind == RETRY:
                self.retried += 1
            elif o.kind == FAILED:
                self.failed += 1
            else:
                self.deferred += 1
            if o.answer and o.answer not in self.errors and len(self.errors) < 10:
                self.errors.append(o.answer)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Job:
    row_id: int
    subject: str = ""
    out: Outgoing | None = None
    error: SendError | None = None  # could not even be built


@dataclass
class Claimed:
    """A claimed row with its attachments (or the error the attachment provider raised) and
    the unit's link when the message is about an invitation."""

    row: OutboxMessage
    files: list[Attachment] | Exception
    link: str = ""


def worker_name(prefix: str = "deliver") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _claim(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime,
    worker: str,
    attachments: AttachmentProvider | None,
) -> list[Claimed]:
    """Claim one batch, with each row's attachments (the provider needs the session) and
    unit links."""
    claimed: list[Claimed] = []
    with session_scope(engine) as session:
        rows = claim(
            session,
            now=now,
            worker=worker,
            limit=settings.mail_batch_size,
            stale=timedelta(seconds=settings.mail_stale_seconds),
        )
        found = links_for(
            session, rows, Links(base_url=settings.base_url, secret=settings.secret_key)
        )
        for row in rows:
            files: list[Attachment] | Exception = []
            try:
                files = attachments(session, row) if attachments else []
            except Exception as exc:  # a document that cannot be made yet: retried later
                files = exc
            claimed.append(Claimed(row, files, found.get(id_of(row), "")))
        session.expunge_all()  # keep the loaded rows usable once the session is gone
    return claimed


def _build(item: Claimed, settings: Settings) -> Job:
    row, files = item.row, item.files
    job = Job(row_id=id_of(row))
    invitation = invitation_of(row)
    if invitation is not None and not item.link:  # never sent without the unit's link
        job.error = SendError(PERMANENT, f"Không còn lời mời #{invitation} để lập đường liên kết.")
        return job
    report = report_of(row)
    if report is not None and not item.link:  # a revoked or deleted report: no stale link
        job.error = SendError(PERMANENT, f"Không còn báo cáo #{report} để lập đường liên kết.")
        return job
    try:
        if isinstance(files, Exception):
            raise files
        rendered = render(
            row.template,
            row.context,
            base_url=settings.base_url,
            to_name=row.to_name,
            link=item.link,
        )
        job.subject = rendered.subject
        job.out = wire(
            build_message(row, settings, attachments=files, rendered=rendered, link=item.link)
        )
    except BadAddress as exc:
        job.error = SendError(PERMANENT, str(exc))
    except Exception as exc:  # a broken template or document: retried, then reported
        job.error = SendError(TRANSIENT, f"{type(exc).__name__}: {exc}")
    return job


def _outcome(job: Job, err: SendError | None) -> Outcome:
    if err is None:
        assert job.out is not None
        return Outcome(job.row_id, SENT, message_id=job.out.message_id, subject=job.subject)
    kind = {PERMANENT: FAILED, CONNECTION: DEFERRED}.get(err.kind, RETRY)
    return Outcome(job.row_id, kind, answer=err.answer, subject=job.subject)


async def _send_batch(
    claimed: list[Claimed], settings: Settings, senders: list[Sender]
) -> list[Outcome]:
    """One producer builds the messages, one consumer per connection sends them."""
    queue: asyncio.Queue[Job | None] = asyncio.Queue(maxsize=2 * len(senders))
    outcomes: list[Outcome] = []
    down: list[SendError] = []

    async def produce() -> None:
        for item in claimed:
            await queue.put(_build(item, settings))
            await asyncio.sleep(0)  # let the connections answer between two builds
        for _ in senders:
            await queue.put(None)

    async def consume(sender: Sender) -> None:
        while (job := await queue.get()) is not None:
            err = job.error or (down[0] if down else None)
            if err is None:
                assert job.out is not None
                try:
                    await sender.send(job.out)
                except SendError as exc:
                    err = exc
                    if exc.kind == CONNECTION:
                        down.append(exc)
            outcomes.append(_outcome(job, err))

    await asyncio.gather(produce(), *(consume(s) for s in senders))
    return outcomes


def _all_deferred(claimed: list[Claimed], answer: str) -> list[Outcome]:
    return [Outcome(id_of(c.row), DEFERRED, answer=answer) for c in claimed]


async def deliver_ready(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime,
    worker: str,
    attachments: AttachmentProvider | None = None,
    sender: SenderFactory = SmtpSender,
    max_batches: int | None = None,
) -> DeliveryCounts:
    """Send every due row (digest rows wait for the digest); safe to run twice at once.

    The next batch is claimed while the current one is on the wire; a heartbeat renews the
    claims until the run ends.
    """
    counts = DeliveryCounts()
    senders = [sender(settings) for _ in range(max(1, settings.mail_concurrency))]
    started = time.monotonic()

    def clock() -> datetime:
        """`now` moved on by the run's own duration: a claim made late in a long run must
        not look stale to a deliverer starting then."""
        return now + timedelta(seconds=time.monotonic() - started)

    def claim_next() -> "asyncio.Task[list[Claimed]]":
        return asyncio.create_task(
            asyncio.to_thread(
                _claim, engine, settings, now=clock(), worker=worker, attachments=attachments
            )
        )

    async def finish(outcomes: list[Outcome]) -> None:
        counts.notices += await asyncio.to_thread(
            _record, engine, outcomes, settings, clock(), worker
        )
        counts.add(outcomes)

    async def heartbeat() -> None:
        while True:
            await asyncio.sleep(settings.mail_heartbeat_seconds)
            try:
                await asyncio.to_thread(_renew, engine, worker, clock())
            except Exception:  # a missed beat is covered: the stale time is >= 3 heartbeats
                log.warning("outbox heartbeat of %s failed", worker, exc_info=True)

    beating = asyncio.create_task(heartbeat())
    upcoming: asyncio.Task[list[Claimed]] | None = claim_next()
    notices_seen = 0  # notices queued before the upcoming claim began
    try:
        while upcoming is not None:
            claimed = await upcoming
            upcoming = None
            if not claimed:
                if counts.notices > notices_seen:  # failure notices queued since: send them
                    notices_seen = counts.notices
                    upcoming = claim_next()
                    continue
                break
            counts.batches += 1
            counts.claimed += len(claimed)
            if max_batches is None or counts.batches < max_batches:
                notices_seen = counts.notices
                upcoming = claim_next()
            outcomes = await _send_batch(claimed, settings, senders)
            await finish(outcomes)
            deferred = next((o for o in outcomes if o.kind == DEFERRED), None)
            if deferred is not None and upcoming is not None:
                # The server is down: give the batch claimed meanwhile back, untouched.
                waiting = await upcoming
                upcoming = None
                released = _all_deferred(waiting, deferred.answer)
                await asyncio.to_thread(_record, engine, released, settings, clock(), worker)
                # That claim may have run after this batch went back to ready, taking the
                # same rows again: released all the same, counted once.
                fresh = [o for o in released if o.row_id not in {x.row_id for x in outcomes}]
                counts.claimed += len(fresh)
                counts.add(fresh)
    finally:
        if upcoming is not None:  # cancelled mid-run: its claim turns stale and is retaken
            upcoming.cancel()
        beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beating
        await asyncio.gather(*(s.close() for s in senders), return_exceptions=True)
    return counts


def _renew(engine: Engine, worker: str, now: datetime) -> int:
    with session_scope(engine) as session:
        return renew(session, worker=worker, now=now)


def _record(
    engine: Engine, outcomes: list[Outcome], settings: Settings, now: datetime, worker: str
) -> int:
    with session_scope(engine) as session:
        return record(session, outcomes, settings=settings, now=now, worker=worker)
