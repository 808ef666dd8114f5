"""Delivering the outbox: claim a batch, send it over a few reused connections, record.

Only one batch is in flight per deliverer, so a crash re-sends at most that batch (with the
same Message-IDs); rows left in 'sending' are claimed again once they are stale.
"""

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from models.db import session_scope
from models.settings import Settings
from notifications.attachments import AttachmentProvider
from notifications.claim import claim
from notifications.message import BadAddress, Outgoing, build_message, wire
from notifications.outcome import DEFERRED, FAILED, RETRY, SENT, Outcome, record
from notifications.render import render
from notifications.sender import CONNECTION, PERMANENT, Sender, SendError, SmtpSender

SenderFactory = Callable[[Settings], Sender]


@dataclass
class DeliveryReport:
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


def worker_name(prefix: str = "deliver") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _prepare(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime,
    worker: str,
    attachments: AttachmentProvider | None,
) -> list[Job]:
    """Claim one batch and build its messages (in a thread: the DB layer is synchronous)."""
    jobs = []
    with session_scope(engine) as session:
        rows = claim(
            session,
            now=now,
            worker=worker,
            limit=settings.mail_batch_size,
            stale=timedelta(seconds=settings.mail_stale_seconds),
        )
        for row in rows:
            job = Job(row_id=row.id)  # type: ignore[arg-type]
            try:
                rendered = render(
                    row.template, row.context, base_url=settings.base_url, to_name=row.to_name
                )
                job.subject = rendered.subject
                files = attachments(session, row) if attachments else []
                job.out = wire(build_message(row, settings, attachments=files, rendered=rendered))
            except BadAddress as exc:
                job.error = SendError(PERMANENT, str(exc))
            except Exception as exc:  # a template or a document that cannot be made yet
                job.error = SendError("transient", f"{type(exc).__name__}: {exc}")
            jobs.append(job)
    return jobs


def _outcome(job: Job, err: SendError | None) -> Outcome:
    if err is None:
        assert job.out is not None
        return Outcome(job.row_id, SENT, message_id=job.out.message_id, subject=job.subject)
    kind = {PERMANENT: FAILED, CONNECTION: DEFERRED}.get(err.kind, RETRY)
    return Outcome(job.row_id, kind, answer=err.answer, subject=job.subject)


async def _send_all(
    jobs: list[Job], settings: Settings, make_sender: SenderFactory
) -> list[Outcome]:
    """Bounded concurrency: a few connections, each reused for its share of the batch."""
    queue: asyncio.Queue[Job] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    outcomes: list[Outcome] = []
    down: list[SendError] = []

    async def run() -> None:
        sender = make_sender(settings)
        try:
            while not queue.empty():
                job = queue.get_nowait()
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
        finally:
            await sender.close()

    workers = max(1, min(settings.mail_concurrency, len(jobs)))
    await asyncio.gather(*(run() for _ in range(workers)))
    return outcomes


async def deliver_ready(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime,
    worker: str,
    attachments: AttachmentProvider | None = None,
    sender: SenderFactory = SmtpSender,
    max_batches: int | None = None,
) -> DeliveryReport:
    """Send every due row (digest rows wait for the digest); safe to run twice at once."""
    report = DeliveryReport()
    while max_batches is None or report.batches < max_batches:
        jobs = await asyncio.to_thread(
            _prepare, engine, settings, now=now, worker=worker, attachments=attachments
        )
        if not jobs:
            break
        report.batches += 1
        report.claimed += len(jobs)
        outcomes = await _send_all(jobs, settings, sender)
        report.notices += await asyncio.to_thread(_record, engine, outcomes, settings, now, worker)
        report.add(outcomes)
        if any(o.kind == DEFERRED for o in outcomes):
            break  # the server is down: the next run tries again
    return report


def _record(
    engine: Engine, outcomes: list[Outcome], settings: Settings, now: datetime, worker: str
) -> int:
    with session_scope(engine) as session:
        return record(session, outcomes, settings=settings, now=now, worker=worker)
