"""Outbox delivery as flows: `deliver-outbox` sends what is due, `send-digests` the digests.

The sending itself is the notifications layer's, wired in by the composition root as the
runtime's `deliver_ready` and `gather_digests` providers (duthao/wiring.py): flows import
the models only. Reactions start `deliver-outbox` after every command that queued mail;
the periodic sweep's run picks up retries and rows a crashed deliverer left behind.
"""

from datetime import datetime
from typing import Any

from prefect import flow

from flows.runtime import current
from flows.tasks import in_session, when
from models.clock import local


async def _deliver(moment: datetime) -> dict[str, Any]:
    """Send at the later of the real clock and `moment` (the event's clock): claims and
    heartbeats stay on one clock, so a run for an event recorded a while ago never finds a
    live run's claims stale and sends them a second time; a moved clock (a test, the
    replay) still sends what it just queued."""
    rt = current()
    now = max(moment, when(None))
    counts = await rt.extras["deliver_ready"](rt.engine, rt.settings, now=now)
    result: dict[str, Any] = counts.as_dict()
    return result


async def _digests(moment: datetime) -> int:
    rt = current()
    gather = rt.extras["gather_digests"]
    count: int = await in_session(lambda s: gather(s, rt.settings, now=moment))
    return count


async def _due(moment: datetime) -> dict[str, Any]:
    digests = 0
    if local(moment).hour >= current().settings.mail_digest_hour:
        digests = await _digests(moment)  # once a day: the digest key holds the day
    return {**await _deliver(moment), "digests": digests}


@flow(name="deliver-outbox")
async def deliver_outbox_flow(now: str | None = None) -> dict[str, Any]:
    """Send every due message; after the digest hour (of the event's clock), first gather
    that day's digests."""
    return await _due(when(now))


@flow(name="send-digests")
async def send_digests_flow(now: str | None = None) -> dict[str, Any]:
    """Gather today's digest for each officer who chose one (whatever the hour), and send."""
    moment = when(now)
    digests = await _digests(moment)
    return {**await _deliver(moment), "digests": digests}
