"""Outbox delivery as flows: `deliver-outbox` sends what is due, `send-digests` the digests.

The transition flows call `deliver_now` as their `deliver` side effect (wired by the
composition root), so an opened round's invitations leave at once; the periodic sweep's call
picks up retries and rows a crashed deliverer left behind.
"""

from datetime import datetime
from typing import Any

from prefect import flow

from flows.runtime import current
from flows.tasks import in_session, when
from models.clock import local
from notifications.delivery import deliver_ready, worker_name
from notifications.digest import gather_digests


async def _deliver(moment: datetime) -> dict[str, Any]:
    rt = current()
    report = await deliver_ready(
        rt.engine,
        rt.settings,
        now=moment,
        worker=worker_name(),
        attachments=rt.extras.get("attachments"),
    )
    return report.as_dict()


async def _digests(moment: datetime) -> int:
    settings = current().settings
    return await in_session(lambda s: gather_digests(s, settings, now=moment))


async def _due(moment: datetime) -> dict[str, Any]:
    digests = 0
    if local(moment).hour >= current().settings.mail_digest_hour:
        digests = await _digests(moment)  # once a day: the digest key holds the day
    return {**await _deliver(moment), "digests": digests}


@flow(name="deliver-outbox")
async def deliver_outbox_flow(now: str | None = None) -> dict[str, Any]:
    """Send every due message; after the digest hour, first gather today's digests."""
    return await _due(when(now))


@flow(name="send-digests")
async def send_digests_flow(now: str | None = None) -> dict[str, Any]:
    """Gather today's digest for each officer who chose one (whatever the hour), and send."""
    moment = when(now)
    digests = await _digests(moment)
    return {**await _deliver(moment), "digests": digests}


async def deliver_now(now: str | None = None) -> dict[str, Any]:
    """The `deliver` side effect (flows pass their clock, see flows.transitions.side_effects);
    no Prefect run of its own, it is already inside a flow."""
    return await _due(when(now))
