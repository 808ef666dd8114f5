"""The daily digest: an officer who chose it gets one email a day gathering their notices.

Idempotent per (recipient, day): the digest row's key is digest:{user}:{date}, and the rows
it gathers are marked sent in the same transaction. Rows that arrive after today's digest
wait for tomorrow's.
"""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, true, update
from sqlmodel import Session, select

from models.clock import local_date
from models.db import table_of
from models.outbox import enqueue
from models.settings import Settings
from models.statuses import OutboxStatus
from models.tables import OutboxMessage, User
from models.text import short_date
from notifications.message import domain_of, message_id_for
from notifications.render import render, without_footer

T = table_of(OutboxMessage)


def gather_digests(session: Session, settings: Settings, *, now: datetime) -> int:
    """Queue today's digest for every recipient with held rows; returns digests queued."""
    held = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.READY, T.c.digest == true())
        .order_by(T.c.id)
    ).all()
    by_address: dict[str, list[OutboxMessage]] = defaultdict(list)
    for row in held:
        by_address[row.to_email.strip().lower()].append(row)
    day = local_date(now)
    queued = 0
    for address, rows in by_address.items():
        user = session.exec(select(User).where(func.lower(User.email) == address)).first()
        who = f"user{user.id}" if user else address
        name = user.full_name if user else rows[0].to_name
        items = []
        for row in rows:
            r = render(row.template, row.context, base_url=settings.base_url, to_name=row.to_name)
            items.append(
                {"template": row.template, "subject": r.subject, "text": without_footer(r.text)}
            )
        key = f"digest:{who}:{day.isoformat()}"
        if not enqueue(
            session,
            key=key,
            template="digest",
            to_email=rows[0].to_email,
            to_name=name,
            now=now,
            context={"recipient": name, "day": short_date(day), "items": items},
        ):
            continue  # today's digest already went: these rows wait for tomorrow's
        digest_row = session.exec(select(OutboxMessage).where(OutboxMessage.key == key)).one()
        mid = message_id_for(digest_row, domain_of(settings.mail_from))
        session.execute(
            update(T)
            .where(
                T.c.id.in_([r.id for r in rows]),
                T.c.status == OutboxStatus.READY,
                T.c.digest == true(),
            )
            .values(status=OutboxStatus.SENT, sent_at=now, message_id=mid)
        )
        queued += 1
    session.commit()
    return queued
